"""The unit report's content format ("nq57-unit-report/1"): its lists and their fields, reading
and checking the posted report form into it, and saying a content dict in words.

The shape is shared with the department report and the indicators, so it is spelled out
once here (ITEM_LISTS) and the form is built from it (forms.py). A row left entirely blank is
not an item; a row with anything typed in it must be complete. Dates must fall inside the
period's window, so that an item is counted in one period only.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.common.text import format_number, has_control_chars
from app.i18n import SURVEY_LANGUAGE_NAMES
from app.registers.models import OUTLET_KINDS, PRODUCT_KINDS
from app.unit_reports.models import PLAN_TASKS
from app.unit_reports.queries import find_tasks

FORMAT = "nq57-unit-report/1"
TEXT_LIMIT = 4000  # a task's summary, the difficulties, the proposals
MAX_COUNT = 1_000_000
OCCASIONS = {
    "18/5": _l("Ngày Khoa học và Công nghệ Việt Nam (18/5)"),
    "1/10": _l("Ngày Đổi mới sáng tạo Việt Nam (1/10)"),
    "10/10": _l("Ngày Chuyển đổi số quốc gia (10/10)"),
    "other": _l("Dịp khác"),
}
MINORITY_LANGUAGES = {k: v for k, v in SURVEY_LANGUAGE_NAMES.items() if k not in ("vi", "en")}


@dataclass(frozen=True)
class ItemField:
    """One value of a list item.

    :param kind: text, url, date, count, choice, channel (one of the unit's channels) or task
        (an S&T task code).
    :param missing: the message when the value is missing; None makes it optional.
    """

    name: str
    kind: str
    label: object
    missing: object = None
    limit: int = 0
    choices: dict | None = None
    default: str = ""


@dataclass(frozen=True)
class ItemList:
    """A repeatable list of the report: its key in the content, its title, the word for one
    row ("Sản phẩm 2"), the plan task its rows belong to unless told otherwise."""

    name: str
    title: object
    noun: object
    task: str
    fields: tuple[ItemField, ...]

    def is_optional(self, name: str) -> bool:
        """True for a field a used row may leave empty (the link); the task always has one."""
        return any(f.name == name and f.missing is None for f in self.fields)


_URL = ItemField("url", "url", _l("Đường dẫn"), limit=500)
ITEM_LISTS = (
    ItemList("products", _l("Sản phẩm truyền thông đã đăng"), _l("Sản phẩm"), "III.1", (
        ItemField("channel_id", "channel", _l("Kênh đăng"), _l("Chọn kênh đăng sản phẩm")),
        ItemField("kind", "choice", _l("Loại sản phẩm"), _l("Chọn loại sản phẩm"),
                  choices=PRODUCT_KINDS),
        ItemField("title", "text", _l("Tiêu đề"), _l("Nhập tiêu đề"), limit=500),
        _URL,
        ItemField("published_on", "date", _l("Ngày đăng"), _l("Nhập ngày đăng")),
        ItemField("language", "choice", _l("Ngôn ngữ"), _l("Chọn ngôn ngữ"),
                  choices=SURVEY_LANGUAGE_NAMES, default="vi"),
    )),
    ItemList("minority_materials", _l("Tài liệu bằng tiếng dân tộc thiểu số"), _l("Tài liệu"),
             "III.1", (
        ItemField("title", "text", _l("Tên tài liệu"), _l("Nhập tên tài liệu"), limit=500),
        ItemField("language", "choice", _l("Ngôn ngữ"), _l("Chọn ngôn ngữ"),
                  choices=MINORITY_LANGUAGES),
        _URL,
    )),
    ItemList("events", _l("Sự kiện đã tổ chức"), _l("Sự kiện"), "III.2", (
        ItemField("name", "text", _l("Tên sự kiện"), _l("Nhập tên sự kiện"), limit=300),
        ItemField("occasion", "choice", _l("Dịp tổ chức"), _l("Chọn dịp tổ chức"),
                  choices=OCCASIONS),
        ItemField("held_on", "date", _l("Ngày tổ chức"), _l("Nhập ngày tổ chức")),
        ItemField("participants", "count", _l("Số người tham dự"), _l("Nhập số người tham dự")),
    )),
    ItemList("trainings", _l("Lớp tập huấn, bồi dưỡng"), _l("Lớp"), "III.2", (
        ItemField("course", "text", _l("Tên lớp tập huấn, bồi dưỡng"),
                  _l("Nhập tên lớp tập huấn, bồi dưỡng"), limit=300),
        ItemField("held_on", "date", _l("Ngày tổ chức"), _l("Nhập ngày tổ chức")),
        ItemField("participants", "count", _l("Số người tham gia"), _l("Nhập số người tham gia")),
    )),
    ItemList("task_communications", _l("Nhiệm vụ KH&CN đã truyền thông"), _l("Lần truyền thông"),
             "III.4", (
        ItemField("task_code", "task", _l("Mã nhiệm vụ"), _l("Nhập mã nhiệm vụ"), limit=40),
        ItemField("outlet", "text", _l("Cơ quan, kênh đăng tải"),
                  _l("Nhập cơ quan, kênh đăng tải"), limit=200),
        ItemField("outlet_kind", "choice", _l("Loại kênh"), _l("Chọn loại kênh"),
                  choices=OUTLET_KINDS),
        _URL,
        ItemField("published_on", "date", _l("Ngày đăng"), _l("Nhập ngày đăng")),
    )),
)  # fmt: skip
LISTS_BY_NAME = {spec.name: spec for spec in ITEM_LISTS}
# Where each part of the form sits: the plan task's section holds its lists.
SECTION_LISTS = {
    "III.1": ("products", "minority_materials"),
    "III.2": ("events", "trainings"),
    "III.3": (),
    "III.4": ("task_communications",),
}
TEXTS = ("difficulties", "proposals")


def summary_field(task: str) -> str:
    """The form field of a task's summary: "III.1" -> "summary_1"."""
    return "summary_" + task.rsplit(".", 1)[1]


def _fail(field, message) -> None:
    field.errors.append(str(message))


def _check_text(field, label, limit: int) -> str:
    value = (field.data or "").replace("\r\n", "\n")
    if len(value) > limit:
        _fail(field, _("%(label)s phải có tối đa %(max)s ký tự", label=label,
                       max=format_number(limit)))  # fmt: skip
    elif has_control_chars(value.replace("\n", "")):
        _fail(field, _("Nội dung có ký tự không hợp lệ"))
    return value


def _is_blank(spec: ItemList, row) -> bool:
    """Nothing typed or chosen beyond the defaults a new row starts with."""
    for item in spec.fields:
        field = row[item.name]
        raw = field.raw_data[0] if field.raw_data else field.data
        if not (item.kind == "choice" and item.default) and str(raw or "").strip():
            return False
    return True


def _check_value(item: ItemField, field, window: tuple[date, date]):
    """The field's value for the content, or None (an error was added, or it is empty)."""
    if field.errors:  # could not be read: an impossible date, letters in a number
        return None
    value = field.data
    if value in (None, ""):
        if item.missing is not None:
            _fail(field, item.missing)
        return None
    if item.kind in ("text", "url", "task"):
        value = _check_text(field, item.label, item.limit)
        if item.kind == "url" and not field.errors and not _is_web_address(value):
            _fail(field, _("Nhập đường dẫn đầy đủ, bắt đầu bằng http:// hoặc https://"))
        return None if field.errors else value
    if item.kind == "date":
        start, end = window
        if not start <= value <= end:
            _fail(field, _("%(label)s phải trong kỳ báo cáo, từ %(start)s đến %(end)s",
                           label=item.label, start=start.strftime("%d/%m/%Y"),
                           end=end.strftime("%d/%m/%Y")))  # fmt: skip
            return None
        return value.isoformat()
    if item.kind == "channel":
        return int(value)
    return value


def _is_web_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and " " not in value


def _read_list(spec: ItemList, form, window) -> list[dict]:
    items = []
    for entry in form[spec.name]:
        row = entry.form
        if _is_blank(spec, row):
            continue
        item = {"task": row.task.data}
        for item_field in spec.fields:
            value = _check_value(item_field, row[item_field.name], window)
            if value is not None:
                item[item_field.name] = value
        items.append(item)
    return items


def _check_tasks(form) -> None:
    """Each communicated task must be in the task register and not a state secret."""
    rows = [entry.form for entry in form.task_communications]
    codes = {r.task_code.data for r in rows if r.task_code.data and not r.task_code.errors}
    known = find_tasks(codes)
    for row in rows:
        code = row.task_code.data
        if not code or row.task_code.errors:
            continue
        if code not in known:
            _fail(row.task_code, _("Không có nhiệm vụ mang mã %(code)s trong Sổ theo dõi "
                                   "nhiệm vụ KH&CN", code=code))  # fmt: skip
        elif known[code][1]:
            _fail(row.task_code, _("Nhiệm vụ thuộc bí mật nhà nước không được truyền thông"))


def read_content(form, window: tuple[date, date]) -> dict | None:
    """The report typed into ``form`` in the content format, or None when a field has a
    problem; each problem is added to its field's errors, and every value stays as typed.

    Call after ``form.validate()``, which reads dates, numbers and choices.
    """
    content: dict = {"format": FORMAT, "tasks": {}}
    for task in PLAN_TASKS:
        field = form[summary_field(task)]
        text = _check_text(field, _("Tóm tắt kết quả"), TEXT_LIMIT)
        if text:
            content["tasks"][task] = {"summary": text}
    for spec in ITEM_LISTS:
        content[spec.name] = _read_list(spec, form, window)
    _check_tasks(form)
    content["enterprises_reached"] = form.enterprises_reached.data or 0
    for name in TEXTS:
        content[name] = _check_text(form[name], form[name].label.text, TEXT_LIMIT)
    return None if has_errors(form) else content


def has_errors(form) -> bool:
    """True when any field of the form, or of any row, has an error."""
    return bool(error_items(form))


def error_items(form) -> list[tuple[str, str]]:
    """Every problem as (field id, message) for the error summary; a row's problems name the
    row ("Sản phẩm 2: Nhập tiêu đề")."""
    items = []
    for field in form:
        if field.name in LISTS_BY_NAME:
            noun = LISTS_BY_NAME[field.name].noun
            for number, entry in enumerate(field, start=1):
                for sub in entry.form:
                    for message in sub.errors:
                        said = _("%(row)s %(number)s: %(message)s", row=noun, number=number,
                                 message=message)  # fmt: skip
                        items.append((sub.id, said))
        else:
            items += [(field.id, str(m)) for m in field.errors]
    return items


def is_empty(content: dict | None) -> bool:
    """True when the report says nothing at all: no summary, no item, no figure, no text."""
    content = content or {}
    if any((t or {}).get("summary") for t in (content.get("tasks") or {}).values()):
        return False
    if any(content.get(spec.name) for spec in ITEM_LISTS):
        return False
    return not (content.get("enterprises_reached") or any(content.get(n) for n in TEXTS))


def form_data(content: dict | None) -> dict:
    """A stored content dict as the report form's data (dates as dates), to edit it."""
    content = content or {}
    data = {summary_field(task): ((content.get("tasks") or {}).get(task) or {}).get("summary", "")
            for task in PLAN_TASKS}  # fmt: skip
    for spec in ITEM_LISTS:
        data[spec.name] = [_row_data(spec, item) for item in content.get(spec.name) or []]
    data["enterprises_reached"] = content.get("enterprises_reached") or None
    for name in TEXTS:
        data[name] = content.get(name) or ""
    return data


def _row_data(spec: ItemList, item: dict) -> dict:
    row = {"task": item.get("task", spec.task)}
    for field in spec.fields:
        value = item.get(field.name)
        if field.kind == "date" and value:
            value = date.fromisoformat(value)
        elif field.kind == "channel" and value is not None:
            value = str(value)
        row[field.name] = value
    return row


@dataclass(frozen=True)
class Line:
    """One thing the unit did, in words, with its link if it has one."""

    text: str
    url: str | None = None


@dataclass(frozen=True)
class Section:
    """A plan task's part of the report: the summary and the items filed under it."""

    task: str
    title: str
    summary: str
    lines: list[Line]


def _day(value: str | None) -> str:
    return date.fromisoformat(value).strftime("%d/%m/%Y") if value else "–"


def _say(name: str, item: dict, channels: dict[int, str]) -> str:
    """One item as a sentence; a value the item lacks shows as "–"."""
    get = item.get
    if name == "products":
        text = _(
            "%(kind)s “%(title)s” trên %(channel)s, ngày %(day)s",
            kind=PRODUCT_KINDS.get(get("kind"), "–"),
            title=get("title", "–"),
            channel=channels.get(get("channel_id"), "–"),
            day=_day(get("published_on")),
        )
        if get("language", "vi") != "vi":
            text += ", " + _(
                "tiếng %(language)s",
                language=SURVEY_LANGUAGE_NAMES.get(get("language"), get("language")),
            )
        return text
    if name == "minority_materials":
        return _(
            "Tài liệu “%(title)s” bằng tiếng %(language)s",
            title=get("title", "–"),
            language=SURVEY_LANGUAGE_NAMES.get(get("language"), get("language", "–")),
        )
    if name == "events":
        return _(
            "Sự kiện “%(name)s” (%(occasion)s), ngày %(day)s, %(n)s người tham dự",
            name=get("name", "–"),
            occasion=OCCASIONS.get(get("occasion"), "–"),
            day=_day(get("held_on")),
            n=format_number(get("participants")),
        )
    if name == "trainings":
        return _(
            "Lớp “%(course)s”, ngày %(day)s, %(n)s người tham gia",
            course=get("course", "–"),
            day=_day(get("held_on")),
            n=format_number(get("participants")),
        )
    return _(
        "Nhiệm vụ %(code)s: đăng trên %(outlet)s (%(kind)s), ngày %(day)s",
        code=get("task_code", "–"),
        outlet=get("outlet", "–"),
        kind=OUTLET_KINDS.get(get("outlet_kind"), "–"),
        day=_day(get("published_on")),
    )


def describe(content: dict | None, channels: dict[int, str]) -> list[Section]:
    """A content dict in words, section by plan task, for the report and history pages.

    :param channels: channel names by id, to name where products were published.
    """
    content = content or {}
    tasks = content.get("tasks") or {}
    sections = {task: Section(task, str(label), (tasks.get(task) or {}).get("summary", ""), [])
                for task, label in PLAN_TASKS.items()}  # fmt: skip
    for spec in ITEM_LISTS:
        for item in content.get(spec.name) or []:
            section = sections.get(item.get("task")) or sections[spec.task]
            section.lines.append(Line(_say(spec.name, item, channels), item.get("url")))
    if content.get("enterprises_reached"):
        sections["III.3"].lines.append(Line(_("Số doanh nghiệp được tiếp cận, truyền thông: "
            "%(n)s", n=format_number(content["enterprises_reached"]))))  # fmt: skip
    return list(sections.values())
