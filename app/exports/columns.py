"""The columns of a response export, from every published version of the survey.

One row per response; one column per question, per option of a multiple choice, per item of
a matrix, and for the text typed under "Khác". Column names are stable codes
(``channels.loudspeaker``); headers and cell labels are in the chosen language, or the codes
themselves when ``language`` is None. Questions of the newest version come first, then any
that only older versions asked.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.common.csv_export import neutralise
from app.i18n import interface_locale
from app.responses.answers import OTHER
from app.responses.labels import MODE_LABELS, STREAM_LABELS
from app.surveys.types import QUESTION_TYPES

# The question types whose stored values are option codes, shown as their labels.
OPTION_TYPES = {"single_choice", "yes_no", "likert5"}
SKIPPED_TYPES = {"note"}
META = "response"
OTHER_SUFFIX = "_other"  # option codes start with a letter or digit, so this cannot clash


@dataclass(frozen=True)
class Column:
    """One column: its stable name, header, and what it reads."""

    name: str
    header: str
    kind: str  # meta, option, chosen, item, other, number, text, date, commune, flag
    question: str | None = None
    option: str | None = None  # chosen: the option this column flags
    item: str | None = None  # item: the matrix item
    labels: dict = field(default_factory=dict)  # code -> label (empty: codes)
    question_type: str | None = None


@dataclass(frozen=True)
class Codebook:
    """A row of the codebook: what a value in a column means."""

    column: str
    header: str
    question: str
    question_type: str
    value: str
    label: str


def meta_columns(language: str | None) -> list[Column]:
    """The columns every export starts with, describing the response itself."""
    with interface_locale(language):
        names = {
            "id": _("Số phiếu"),
            "submitted_at": _("Gửi lúc (giờ Việt Nam)"),
            "status": _("Trạng thái"),
            "version": _("Phiên bản"),
            "language": _("Ngôn ngữ"),
            "mode": _("Cách trả lời"),
            "stream": _("Nguồn phiếu"),
            "collector": _("Mã người thu thập"),
            "link": _("Đường dẫn"),
            "commune": _("Xã, phường"),
            "unit": _("Đơn vị"),
            "excluded": _("Loại khỏi chỉ tiêu"),
            "excluded_reason": _("Lý do loại"),
        }
        labels = {
            "status": {"complete": _("Đã gửi"), "draft": _("Đang làm")},
            "mode": {code: str(text) for code, text in MODE_LABELS.items()},
            "stream": {code: str(text) for code, text in STREAM_LABELS.items()},
            "excluded": {"1": _("Có"), "0": _("Không")},
        }  # fmt: skip
    # "response.commune" cannot clash with a question's code, which has no dot.
    return [
        Column(f"{META}.{name}", f"{META}.{name}" if language is None else header, "meta",
               labels={} if language is None else labels.get(name, {}))
        for name, header in names.items()
    ]  # fmt: skip


def survey_columns(versions: list, language: str | None) -> list[Column]:
    """The answer columns of a survey, from its versions (oldest first)."""
    questions: dict[str, dict] = {}
    for version in reversed(versions):  # the newest wording wins; older-only codes follow
        for page in version.definition["pages"]:
            for question in page["questions"]:
                if question["type"] not in SKIPPED_TYPES:
                    questions.setdefault(question["code"], _merged(question, versions))
    columns: list[Column] = []
    for question in questions.values():
        columns.extend(_question_columns(question, language))
    return columns


def _merged(question: dict, versions: list) -> dict:
    """The question with the options and items of every version, the newest first."""
    merged = {**question, "options": list(question.get("options", [])),
              "items": list(question.get("items", []))}  # fmt: skip
    for version in reversed(versions):
        for page in version.definition["pages"]:
            for other in page["questions"]:
                if other["code"] != question["code"]:
                    continue
                for key in ("options", "items"):
                    known = {o["code"] for o in merged[key]}
                    merged[key] += [o for o in other.get(key, []) if o["code"] not in known]
                merged["other"] = merged.get("other") or other.get("other", False)
    return merged


def _text(labels: dict, language: str | None) -> str:
    return labels.get(language) or labels.get("vi") or next(iter(labels.values()), "")


def _question_columns(question: dict, language: str | None) -> list[Column]:
    code, kind = question["code"], question["type"]
    text = _text(question.get("text", {}), language)

    def header(suffix: str = "", name: str = code) -> str:
        if language is None:
            return name
        return neutralise(f"{text}: {suffix}" if suffix else text)

    def label(option: dict) -> str:
        return neutralise(_text(option.get("label", {}), language))

    def column(name: str, kind_: str, suffix: str = "", **kwargs) -> Column:
        return Column(name, header(suffix, name), kind_, code, question_type=kind, **kwargs)

    other_label = _other_label(language)
    options = {o["code"]: label(o) for o in question.get("options", [])}
    if question.get("other"):
        options[OTHER] = other_label
    other_text = []
    if question.get("other"):
        other_text = [column(f"{code}.{OTHER_SUFFIX}", "other", _other_label(language, typed=True))]
    if kind in OPTION_TYPES:
        return [column(code, "option", labels={} if language is None else options), *other_text]
    if kind == "multiple_choice":
        flags = [column(f"{code}.{option_code}", "chosen", option_label, option=option_code)
                 for option_code, option_label in options.items()]  # fmt: skip
        return flags + other_text
    if kind == "likert_matrix":
        return [
            column(f"{code}.{item['code']}", "item", label(item), item=item["code"],
                   labels={} if language is None else options)
            for item in question.get("items", [])
        ]  # fmt: skip
    if kind in {"integer", "decimal", "rating10"}:
        return [column(code, "number")]
    if kind == "date":
        return [column(code, "date")]
    if kind == "commune":
        return [column(code, "commune")]
    if kind == "consent":  # its text is the whole privacy notice: the type names it
        with interface_locale(language):
            short = str(QUESTION_TYPES["consent"].label)
        return [Column(code, code if language is None else short, "flag", code, question_type=kind)]
    return [column(code, "text")]


def _other_label(language: str | None, *, typed: bool = False) -> str:
    """ "Khác" for the option, "Khác, ghi rõ" for the text typed with it."""
    with interface_locale(language):
        return _("Khác, ghi rõ") if typed else _("Khác")


def codebook(columns: list[Column], versions: list, language: str | None) -> list[Codebook]:
    """What each column holds and what each of its codes means, in ``language`` (or vi)."""
    label_language = language or "vi"
    labelled = survey_columns(versions, label_language) if versions else []
    by_name = {c.name: c for c in labelled}
    meta = {c.name: c for c in meta_columns(label_language)}
    rows: list[Codebook] = []
    for column in columns:
        full = by_name.get(column.name) or meta[column.name]
        question = column.question or ""
        qtype = column.question_type or ""
        if column.kind in {"option", "item"} or (column.kind == "meta" and full.labels):
            rows += [Codebook(column.name, full.header, question, qtype, code, text)
                     for code, text in full.labels.items()]  # fmt: skip
        elif column.kind in {"chosen", "flag"}:
            with interface_locale(label_language):
                rows.append(Codebook(column.name, full.header, question, qtype, "1", _("Có chọn")))
                if column.kind == "chosen":
                    rows.append(Codebook(column.name, full.header, question, qtype, "0",
                                         _("Trả lời câu hỏi nhưng không chọn")))  # fmt: skip
        else:
            note = _meta_notes(label_language).get(column.name, "")
            rows.append(Codebook(column.name, full.header, question, qtype, "", note))
    return rows


def _meta_notes(language: str) -> dict[str, str]:
    """What a meta column without coded values holds, where its header alone cannot say."""
    with interface_locale(language):
        return {
            f"{META}.collector": _("Mã bí danh của điều tra viên (phỏng vấn có hỗ trợ) hoặc cán "
                                   "bộ nhập liệu (phiếu giấy); để trống khi người trả lời tự "
                                   "điền. Mã không cho biết họ tên."),
        }  # fmt: skip
