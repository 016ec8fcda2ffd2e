"""Reading an XLSForm (.xlsx), the spreadsheet format of ODK and KoboToolbox, as a survey.

Only what a survey definition can hold is read; a row or column the service could not honour
is reported, never dropped, so an imported survey asks what its designer meant. Every problem
in the file is listed with its sheet and row (row 1 is the header) before the definition
itself is checked by ``check_document``.
"""

import io
import re
import zipfile
from collections.abc import Iterable

from flask_babel import gettext as _
from openpyxl import load_workbook

from app.common.text import clean_text, parse_bool
from app.surveys import xlsform_rules as rules
from app.surveys.definition import CODE_RE, LANGUAGE_RE, DefinitionError, DefinitionInvalidError
from app.surveys.files import FORMAT, check_document
from app.surveys.models import AUDIENCES, SLUG_PATTERN
from app.surveys.types import OPTION_CODE_RE

MAX_ROWS = 5000  # per sheet; a long survey has a few hundred rows
MAX_COLUMNS = 200  # bounds the work on a sheet whose size says it spans all 16384 columns
SHEETS = ("survey", "choices", "settings")
TEXT_COLUMNS = ("label", "hint")
SLUG_RE = re.compile(SLUG_PATTERN)

Rows = list[tuple[int, list[str]]]


def read_xlsform(data: bytes, *, slug: str | None = None, audience: str | None = None) -> dict:
    """The checked survey document an XLSForm describes, or DefinitionInvalidError listing all."""
    reader = _Reader(_load_sheets(data))
    document = reader.document(slug, audience)
    if reader.errors:
        raise DefinitionInvalidError(reader.errors)
    return check_document(document)


MAX_UNPACKED = 20 * 1024 * 1024


def _file_error(message: str) -> DefinitionInvalidError:
    """An error about the whole file, which stops the reading."""
    return DefinitionInvalidError([DefinitionError(None, None, message)])


def _load_sheets(data: bytes) -> dict[str, Rows]:
    """The non-empty rows of the XLSForm sheets, as (row number, cell texts)."""
    not_xlsx = _("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")
    try:
        unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, ValueError):
        raise _file_error(not_xlsx) from None
    if unpacked > MAX_UNPACKED:  # a small upload must not unpack into hundreds of megabytes
        raise _file_error(_("Bảng tính quá lớn sau khi giải nén (tối đa 20 MB)."))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged upload fails with zip, XML or key errors alike
        raise _file_error(not_xlsx) from None
    try:  # a read-only workbook parses lazily and holds the archive open until closed
        sheets = {}
        for sheet in book.worksheets:
            name = clean_text(sheet.title).lower()
            if name in SHEETS and name not in sheets:
                _check_header_width(name, sheet)
                sheets[name] = _rows(name, sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
        return sheets
    except DefinitionInvalidError:
        raise
    except Exception:
        raise _file_error(not_xlsx) from None
    finally:
        book.close()


def _check_header_width(name: str, sheet) -> None:
    """Refuse a named column past MAX_COLUMNS rather than drop it silently."""
    header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    beyond = [str(v) for v in header[MAX_COLUMNS:] if v not in (None, "")]
    if beyond:
        message = _(
            "%(sheet)s: có cột sau cột thứ %(n)s (%(names)s); hãy bỏ các cột trống xen giữa",
            sheet=name, n=MAX_COLUMNS, names=", ".join(beyond[:3]),
        )  # fmt: skip
        raise _file_error(message)


def _rows(name: str, values: Iterable[tuple]) -> Rows:
    """The rows with content (and the header), each cell as text."""
    rows = []
    for number, row in enumerate(values, start=1):
        if number > MAX_ROWS:
            raise _file_error(_("%(sheet)s: quá %(n)s dòng", sheet=name, n=MAX_ROWS))
        cells = [rules.cell_text(v) for v in row]
        if any(cells) or number == 1:
            rows.append((number, cells))
    return rows


class _Reader:
    """Walks the sheets, collecting located errors and building the survey document."""

    def __init__(self, sheets: dict[str, Rows]):
        self.sheets = sheets
        self.errors: list[DefinitionError] = []
        self.languages: dict[str, None] = {"vi": None}  # ordered set, Vietnamese first

    def fail(self, sheet: str, row: int | None, message: str) -> None:
        """Record a problem at a row of a sheet (or at the sheet, row None)."""
        where = sheet if row is None else f"{sheet}, " + _("dòng %(line)s", line=row)
        self.errors.append(DefinitionError(None, None, f"{where}: {message}"))

    def document(self, slug: str | None, audience: str | None) -> dict:
        """The survey document, unchecked; problems so far are in ``errors``."""
        if not self.sheets.get("survey"):
            raise _file_error(_("Tệp XLSForm cần có sheet `survey`."))
        at, settings = self.settings()
        default = self.language("settings", at, settings.get("default_language", "")) or "vi"
        survey = self.columns("survey", default, ("type", "name"))
        choices = self.columns("choices", default, ("list_name", "name"))
        if survey is None:
            raise DefinitionInvalidError(self.errors)
        if slug is None:
            slug = self.slug(at, settings.get("form_id", ""))
        title = settings.get("form_title") or settings.get("form_id") or clean_text(slug)
        if not title:
            self.fail("settings", at, _("cần form_title (tên khảo sát)"))
        try:
            anonymous = parse_bool(settings["anonymous"]) if settings.get("anonymous") else True
        except ValueError:
            self.fail("settings", at, _("anonymous phải là yes hoặc no"))
            anonymous = True
        lists = self.choices(choices) if choices else {}
        if choices is None and self.sheets.get("choices"):
            lists = None  # its header was reported: the lists are unknown, not missing
        pages = self.pages(survey, lists, {"vi": title})
        definition = {"languages": list(self.languages), "title": {"vi": title}, "pages": pages}
        audience = settings.get("audience", "").lower() or audience or "citizen"
        if settings.get("audience") and audience not in AUDIENCES:
            self.fail("settings", at, _("audience phải là một trong: %(values)s",
                                        values=", ".join(AUDIENCES)))  # fmt: skip
        return {
            "format": FORMAT, "slug": clean_text(slug), "audience": audience,
            "anonymous": anonymous, "definition": definition,
        }  # fmt: skip

    def settings(self) -> tuple[int | None, dict[str, str]]:
        """The settings row (the first after the header) as column name -> value."""
        rows = self.sheets.get("settings", [])
        if len(rows) < 2:
            return None, {}
        header, (number, cells) = rows[0][1], rows[1]
        names = [h.strip().lower() for h in header]
        return number, {n: c for n, c in zip(names, cells, strict=False) if n and c}

    def language(self, sheet: str, row: int | None, written: str) -> str | None:
        """The code of "Tiếng Việt (vi)" (or of a bare "vi"); None if there is none."""
        if not written.strip():
            return None
        code = rules.language_code(written)
        if not LANGUAGE_RE.match(code):
            message = _("ngôn ngữ `%(lang)s` cần mã trong ngoặc, ví dụ English (en)", lang=written)
            self.fail(sheet, row, message)
            return None
        return code

    def columns(self, sheet: str, default: str, required: tuple[str, ...]) -> rules.Columns | None:
        """The sheet's columns; None when it is absent or lacks a required column."""
        rows = self.sheets.get(sheet)
        if not rows:
            return None
        columns = rules.Columns(rows[0][1])
        for index, written in enumerate(columns.header):
            base, marker, lang = written.partition("::")
            base = base.strip().lower().replace("list name", "list_name")
            if base in TEXT_COLUMNS:
                code = self.language(sheet, 1, lang) if marker else default
                if code is not None and (base, code) in columns.texts:
                    message = _("cột `%(col)s` lặp ngôn ngữ `%(lang)s`", col=written, lang=code)
                    self.fail(sheet, 1, message)
                elif code is not None:
                    columns.texts[(base, code)] = index
                    self.languages.setdefault(code)
            elif base in rules.UNSUPPORTED_COLUMNS:
                columns.unsupported.append((index, written))
            elif base:
                columns.plain.setdefault(base, index)
        missing = [c for c in required if c not in columns.plain]
        if ("label", "vi") not in columns.texts:
            missing.append(_("label (tiếng Việt)"))
        if missing:
            self.fail(sheet, 1, _("thiếu cột: %(cols)s", cols=", ".join(missing)))
            return None
        return columns

    def slug(self, row: int | None, form_id: str) -> str:
        """The survey's slug made from form_id (``nguoi_dan_2026`` -> ``nguoi-dan-2026``)."""
        slug = form_id.lower().replace("_", "-")
        if not form_id:
            self.fail("settings", row, _("cần form_id để đặt đường dẫn rút gọn"))
        elif not SLUG_RE.match(slug):
            message = _("form_id `%(value)s` không dùng được làm đường dẫn rút gọn "
                        "(3-64 ký tự a-z, 0-9, _ và -)", value=form_id)  # fmt: skip
            self.fail("settings", row, message)
        return slug

    def unsupported(self, sheet: str, row: int, columns: rules.Columns, cells: list[str]) -> None:
        """Report each filled column that a survey here cannot express."""
        for index, written in columns.unsupported:
            if index < len(cells) and cells[index]:
                self.fail(sheet, row, _("cột `%(col)s` không được hỗ trợ", col=written))

    def label(self, sheet: str, row: int, columns: rules.Columns, cells: list[str],
              *, required: bool = True) -> dict[str, str]:  # fmt: skip
        """The row's label by language; the definition needs it in Vietnamese."""
        label = columns.text(cells, "label", list(self.languages))
        if (label or required) and "vi" not in label:
            self.fail(sheet, row, _("thiếu nhãn tiếng Việt"))
        return label

    def choices(self, columns: rules.Columns) -> dict[str, list[dict]]:
        """Choice list name -> its options, as the definition writes them."""
        lists: dict[str, list[dict]] = {}
        for row, cells in self.sheets["choices"][1:]:
            self.unsupported("choices", row, columns, cells)
            list_name, code = columns.get(cells, "list_name"), columns.get(cells, "name")
            if not list_name:
                self.fail("choices", row, _("thiếu list_name"))
                continue
            options = lists.setdefault(list_name, [])
            if not OPTION_CODE_RE.match(code):
                message = _("mã lựa chọn `%(code)s` chỉ gồm a-z (chữ thường), 0-9 và _", code=code)
                self.fail("choices", row, message)
            elif any(o["code"] == code for o in options):
                self.fail("choices", row, _("mã lựa chọn `%(code)s` bị lặp", code=code))
            options.append({"code": code, "label": self.label("choices", row, columns, cells)})
        return lists

    def pages(self, columns: rules.Columns, lists: dict | None, title: dict) -> list[dict]:
        """Groups become pages; each question outside a group gets a page of its own."""
        pages: list[dict] = []
        page, depth, opened = None, 0, 0
        for row, cells in self.sheets["survey"][1:]:
            head = rules.type_words(columns.get(cells, "type"))[0]
            if head in rules.METADATA_TYPES or head == "end_repeat":  # begin_repeat was reported
                continue
            if head == "begin_group":
                depth += 1
                if depth > 1:
                    self.fail("survey", row, _("nhóm lồng trong nhóm không được hỗ trợ"))
                    continue
                page, opened = self.group(row, columns, cells, title), row
                pages.append(page)
            elif head == "end_group":
                if depth == 0:
                    self.fail("survey", row, _("end_group không có begin_group tương ứng"))
                depth = max(depth - 1, 0)
                page = page if depth else None
            elif question := self.question(row, columns, cells, lists):
                if page is None:
                    # Like ODK, which shows an ungrouped question on a screen of its own; so a
                    # relevant on the question before works as a condition on an earlier page.
                    pages.append(
                        {"code": f"page_{len(pages) + 1}", "title": title, "questions": [question]}
                    )
                    continue
                page["questions"].append(question)
        if depth:
            self.fail("survey", opened, _("nhóm chưa có end_group"))
        return pages

    def group(self, row: int, columns: rules.Columns, cells: list[str], title: dict) -> dict:
        """The page a begin_group row opens."""
        self.unsupported("survey", row, columns, cells)
        page = {"code": self.name(row, columns, cells)}
        page["title"] = self.label("survey", row, columns, cells, required=False) or title
        if relevant := columns.get(cells, "relevant"):
            page["show_if"] = self.show_if(row, relevant)
        page["questions"] = []
        return page

    def name(self, row: int, columns: rules.Columns, cells: list[str]) -> str:
        """The row's name as a code, reported here so the row number comes with it."""
        code = columns.get(cells, "name")
        if not CODE_RE.match(code):
            message = _("tên `%(code)s` phải bắt đầu bằng chữ thường, chỉ gồm a-z, 0-9 và _",
                        code=code)  # fmt: skip
            self.fail("survey", row, message)
        return code

    def show_if(self, row: int, relevant: str) -> dict:
        """The show_if of a relevant expression, or an error."""
        condition = rules.parse_relevant(relevant)
        if condition is None:
            self.fail("survey", row, _("relevant không được hỗ trợ: `%(expr)s`", expr=relevant))
        return condition or {}

    def question(self, row: int, columns: rules.Columns, cells: list[str],
                 lists: dict | None) -> dict | None:  # fmt: skip
        """The question a survey row asks, or None (reported) if it cannot be one."""
        written = " ".join(columns.get(cells, "type").split())
        words = rules.type_words(written)
        kind, options = rules.SIMPLE_TYPES.get(words[0]), None
        other = words[2:] == ["or_other"]
        if words[0] in rules.SELECT_TYPES and len(words) in (2, 3) and (len(words) == 2 or other):
            kind, options = rules.SELECT_TYPES[words[0]], (lists or {}).get(words[1])
            if options is None and lists is not None:
                message = _("không có danh sách lựa chọn `%(name)s` trong sheet choices",
                            name=words[1])  # fmt: skip
                self.fail("survey", row, message)
            elif kind == "single_choice" and not other and rules.is_yes_no(options or []):
                kind, options = "yes_no", sorted(options, key=lambda o: o["code"] != "yes")
        elif kind is None or len(words) > 1:
            message = _("loại câu hỏi `%(type)s` không được hỗ trợ", type=written)
            self.fail("survey", row, message if written else _("thiếu loại câu hỏi (cột type)"))
            return None
        if kind == "short_text" and "multiline" in columns.get(cells, "appearance").split():
            kind = "long_text"  # XLSForm's multi-line text box is this service's long text
        self.unsupported("survey", row, columns, cells)
        question = {"code": self.name(row, columns, cells), "type": kind}
        question["text"] = self.label("survey", row, columns, cells)
        if hint := columns.text(cells, "hint", list(self.languages)):
            question["help"] = hint
        required = rules.parse_flag(columns.get(cells, "required"))
        if required is None:
            self.fail("survey", row, _("required phải là yes hoặc no"))
        question["required"] = bool(required)
        if options is not None:
            question["options"] = options
        if other:
            question["other"] = True
        if constraint := columns.get(cells, "constraint"):
            bounds = rules.parse_constraint(constraint, kind)
            if bounds is None:
                message = _("constraint không được hỗ trợ: `%(expr)s`", expr=constraint)
                self.fail("survey", row, message)
            question.update(bounds or {})
        if relevant := columns.get(cells, "relevant"):
            question["show_if"] = self.show_if(row, relevant)
        return question
