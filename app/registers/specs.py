"""What each register holds: one small spec per register drives its pages, form and CSV files.

A register's columns are its CSV columns, in order, so an export re-imports. The same column
gives the form field (label, required message), the list's table header and the CSV reader.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from app.i18n import SURVEY_LANGUAGE_NAMES
from app.registers.models import (
    CHANNEL_KINDS,
    DOCUMENT_KINDS,
    ENTRY_RESULTS,
    MEMBER_KINDS,
    OUTLET_KINDS,
    PRODUCT_KINDS,
    TASK_LEVELS,
    TASK_STATUSES,
    TRAINING_TOPICS,
    AwardEntry,
    CommChannel,
    CommProduct,
    Document,
    NetworkMember,
    StTask,
    TaskCommunication,
    Training,
)

# Kinds that point at another row; the CSV names it by its business key.
ATTRIBUTES = {"unit": "unit_id", "task": "task_id", "channel": "channel_id", "channel_unit": None}
EXPORT_PATHS = {"unit": "unit.code", "task": "task.code", "channel": "channel.name",
                "channel_unit": "channel.unit.code"}  # fmt: skip
PARENT_KINDS = ("task", "channel", "channel_unit")


@dataclass(frozen=True)
class Column:
    """One value of a row: CSV column ``name``, form field ``name``, model attribute ``attr``.

    :param kind: text, url, choice, year, count, date, bool, unit, task, channel_unit, channel.
    :param missing: the message when a required value is missing; None makes it optional.
    :param default: the value a blank CSV cell or a new form starts with.
    """

    name: str
    kind: str
    label: Any
    missing: Any = None
    limit: int = 0
    choices: Mapping | None = None
    low: int = 0
    high: int = 0
    default: Any = None
    hint: Any = None

    @property
    def attr(self) -> str | None:
        return ATTRIBUTES.get(self.kind, self.name)

    @property
    def path(self) -> str:
        """Where an export reads the value: an attribute, or the code of the row pointed at."""
        return EXPORT_PATHS.get(self.kind, self.name)

    @property
    def required(self) -> bool:
        return self.missing is not None


@dataclass(frozen=True, eq=False)
class RegisterSpec:
    """A register: its model, columns, list page and business key.

    :param shown: the columns the list shows; ``search``: those ``q`` looks in.
    :param key: columns naming one row; an import updates the row with the same key.
    :param period: (start, end) date columns; the end may not come before the start.
    :param parent: for a child register, the register whose detail page lists its rows.
    """

    name: str
    model: type
    title: Any
    noun: Any
    description: Any
    columns: tuple[Column, ...]
    heading: str  # the column that names a row on its pages
    shown: tuple[str, ...]
    search: tuple[str, ...]
    order: tuple[str, ...]
    filters: tuple[str, ...] = ()
    loads: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    key_message: Any = None
    period: tuple[str, str] | None = None
    period_message: Any = None
    parent: str | None = None
    child: str | None = None

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def form_columns(self) -> tuple[Column, ...]:
        """The columns a form edits: a child's parent comes from the page, not the form."""
        return tuple(c for c in self.columns if c.kind not in PARENT_KINDS)

    @property
    def parent_attr(self) -> str | None:
        return next((c.attr for c in self.columns if c.kind in ("task", "channel")), None)


def _choice(name, label, choices, missing=None, default=None) -> Column:
    return Column(name, "choice", label, missing, choices=choices, default=default)


def _url() -> Column:
    hint = _l("Ví dụ: https://skhcn.quangngai.gov.vn/tin-tuc/123")
    return Column("url", "url", _l("Đường dẫn"), limit=500, hint=hint)


def _year(label) -> Column:
    return Column("year", "year", label, _l("Nhập năm, ví dụ 2026"), low=2000, high=2100)


_UNIT = Column("unit", "unit", _l("Đơn vị"), _l("Chọn đơn vị"))
_UNIT_OPTIONAL = Column("unit", "unit", _l("Đơn vị"))

TASKS = RegisterSpec(
    name="tasks", model=StTask, title=_l("Sổ theo dõi nhiệm vụ KH&CN"), noun=_l("nhiệm vụ"),
    description=_l("Nhiệm vụ khoa học và công nghệ sử dụng ngân sách nhà nước và việc truyền "
                   "thông kết quả của từng nhiệm vụ."),
    columns=(
        Column("code", "text", _l("Mã nhiệm vụ"), _l("Nhập mã nhiệm vụ"), limit=40),
        Column("title", "text", _l("Tên nhiệm vụ"), _l("Nhập tên nhiệm vụ"), limit=500),
        _choice("level", _l("Cấp quản lý"), TASK_LEVELS, _l("Chọn cấp quản lý")),
        _year(_l("Năm bắt đầu")),
        _choice("status", _l("Tình trạng"), TASK_STATUSES, _l("Chọn tình trạng"), "ongoing"),
        Column("is_secret", "bool", _l("Thuộc bí mật nhà nước"), default=False,
               hint=_l("Nhiệm vụ thuộc bí mật nhà nước không được truyền thông và không tính "
                       "vào chỉ tiêu.")),
        Column("unit", "unit", _l("Đơn vị quản lý")),
    ),
    heading="title",
    shown=("code", "title", "level", "year", "status", "unit"), search=("code", "title"),
    order=("-year", "code"), filters=("year", "status"), loads=("unit",), key=("code",),
    key_message=_l("Đã có nhiệm vụ mang mã này"), child="communications",
)  # fmt: skip

COMMUNICATIONS = RegisterSpec(
    name="communications", model=TaskCommunication,
    title=_l("Sổ theo dõi truyền thông nhiệm vụ KH&CN"), noun=_l("lần truyền thông"),
    description=_l("Nơi và ngày kết quả của nhiệm vụ được công bố trên phương tiện thông tin "
                   "đại chúng, nền tảng số, mạng xã hội."),
    columns=(
        Column("task_code", "task", _l("Mã nhiệm vụ"), _l("Nhập mã nhiệm vụ")),
        Column("outlet", "text", _l("Cơ quan, kênh đăng tải"), _l("Nhập cơ quan, kênh đăng tải"),
               limit=200),
        _choice("outlet_kind", _l("Loại kênh"), OUTLET_KINDS, _l("Chọn loại kênh")),
        _url(),
        Column("published_on", "date", _l("Ngày đăng"), _l("Nhập ngày đăng")),
    ),
    heading="outlet",
    shown=("outlet", "outlet_kind", "url", "published_on"), search=("outlet",),
    order=("-published_on",), loads=("task",), parent="tasks",
)  # fmt: skip

CHANNELS = RegisterSpec(
    name="channels", model=CommChannel, title=_l("Sổ theo dõi kênh truyền thông"),
    noun=_l("kênh"),
    description=_l("Chuyên mục, chuyên trang, trang mạng xã hội, bản tin của các đơn vị về "
                   "Nghị quyết 57 và các sản phẩm đăng trên đó."),
    columns=(
        _UNIT,
        _choice("kind", _l("Loại kênh"), CHANNEL_KINDS, _l("Chọn loại kênh")),
        Column("name", "text", _l("Tên kênh"), _l("Nhập tên kênh"), limit=200),
        _url(),
        Column("opened_on", "date", _l("Ngày mở"), _l("Nhập ngày mở kênh")),
        Column("closed_on", "date", _l("Ngày ngừng")),
    ),
    heading="name",
    shown=("name", "unit", "kind", "opened_on", "closed_on"), search=("name",),
    order=("name",), filters=("unit", "kind"), loads=("unit",), key=("unit", "name"),
    key_message=_l("Đơn vị đã có kênh mang tên này"), period=("opened_on", "closed_on"),
    period_message=_l("Ngày ngừng phải bằng hoặc sau ngày mở"), child="products",
)  # fmt: skip

PRODUCTS = RegisterSpec(
    name="products", model=CommProduct, title=_l("Sổ theo dõi sản phẩm truyền thông"),
    noun=_l("sản phẩm"),
    description=_l("Tin, bài, infographic, video, sự kiện đăng trên các kênh của đơn vị."),
    columns=(
        Column("unit", "channel_unit", _l("Đơn vị"), _l("Nhập mã đơn vị")),
        Column("channel", "channel", _l("Kênh"), _l("Nhập tên kênh")),
        _choice("kind", _l("Loại sản phẩm"), PRODUCT_KINDS, _l("Chọn loại sản phẩm")),
        Column("title", "text", _l("Tiêu đề"), _l("Nhập tiêu đề"), limit=500),
        _url(),
        Column("published_on", "date", _l("Ngày đăng"), _l("Nhập ngày đăng")),
        _choice("language", _l("Ngôn ngữ"), SURVEY_LANGUAGE_NAMES, _l("Chọn ngôn ngữ"), "vi"),
    ),
    heading="title",
    shown=("title", "kind", "published_on", "language"), search=("title",),
    order=("-published_on",), loads=("channel.unit",), parent="channels",
)  # fmt: skip

TRAININGS = RegisterSpec(
    name="trainings", model=Training, title=_l("Sổ theo dõi tập huấn, bồi dưỡng"),
    noun=_l("lượt tập huấn"),
    description=_l("Các khóa tập huấn, bồi dưỡng mà cán bộ làm công tác truyền thông đã hoàn "
                   "thành."),
    columns=(
        Column("person", "text", _l("Cán bộ"), _l("Nhập mã hoặc họ tên cán bộ"), limit=200,
               hint=_l("Mã hoặc họ tên theo hồ sơ của đơn vị; mỗi người chỉ ghi một cách.")),
        _UNIT,
        Column("course", "text", _l("Khóa tập huấn, bồi dưỡng"), _l("Nhập tên khóa"),
               limit=300),
        _choice("topic", _l("Nội dung"), TRAINING_TOPICS, _l("Chọn nội dung")),
        Column("completed_on", "date", _l("Ngày hoàn thành"), _l("Nhập ngày hoàn thành")),
        Column("hours", "count", _l("Số giờ học"), _l("Nhập số giờ học"), low=1, high=2000),
    ),
    heading="person",
    shown=("person", "unit", "course", "topic", "completed_on", "hours"),
    search=("person", "course"), order=("-completed_on", "person"), filters=("unit", "topic"),
    loads=("unit",),
)  # fmt: skip

MEMBERS = RegisterSpec(
    name="members", model=NetworkMember, title=_l("Sổ theo dõi mạng lưới truyền thông"),
    noun=_l("thành viên"),
    description=_l("Thành viên mạng lưới truyền thông về khoa học, công nghệ, đổi mới sáng tạo "
                   "và chuyển đổi số."),
    columns=(
        _choice("kind", _l("Loại thành viên"), MEMBER_KINDS, _l("Chọn loại thành viên")),
        Column("name", "text", _l("Tên thành viên"), _l("Nhập tên thành viên"), limit=300),
        Column("joined_on", "date", _l("Ngày tham gia"), _l("Nhập ngày tham gia")),
        Column("left_on", "date", _l("Ngày rời mạng lưới")),
    ),
    heading="name",
    shown=("name", "kind", "joined_on", "left_on"), search=("name",), order=("name",),
    filters=("kind",), period=("joined_on", "left_on"),
    period_message=_l("Ngày rời mạng lưới phải bằng hoặc sau ngày tham gia"),
)  # fmt: skip

AWARDS = RegisterSpec(
    name="awards", model=AwardEntry, title=_l("Sổ theo dõi giải báo chí, diễn đàn"),
    noun=_l("lượt tham dự"),
    description=_l("Tác phẩm dự giải báo chí và lượt tham dự diễn đàn về khoa học, công nghệ, "
                   "đổi mới sáng tạo và chuyển đổi số."),
    columns=(
        _year(_l("Năm")),
        Column("award", "text", _l("Giải thưởng, diễn đàn"), _l("Nhập tên giải thưởng, diễn đàn"),
               limit=300),
        Column("entry", "text", _l("Tác phẩm, nội dung tham dự"),
               _l("Nhập tác phẩm, nội dung tham dự"), limit=500),
        _choice("result", _l("Kết quả"), ENTRY_RESULTS, _l("Chọn kết quả"), "submitted"),
        _UNIT_OPTIONAL,
    ),
    heading="entry",
    shown=("year", "award", "entry", "result", "unit"), search=("entry", "award"),
    order=("-year", "award"), filters=("year", "result"), loads=("unit",),
)  # fmt: skip

DOCUMENTS = RegisterSpec(
    name="documents", model=Document, title=_l("Sổ theo dõi văn bản"), noun=_l("văn bản"),
    description=_l("Kế hoạch đã ban hành, báo cáo đã gửi và các văn bản khác của kế hoạch."),
    columns=(
        _choice("kind", _l("Loại văn bản"), DOCUMENT_KINDS, _l("Chọn loại văn bản")),
        Column("number", "text", _l("Số, ký hiệu"), _l("Nhập số, ký hiệu văn bản"), limit=60,
               hint=_l("Ví dụ: 123/KH-SKHCN")),
        Column("title", "text", _l("Trích yếu"), _l("Nhập trích yếu văn bản"), limit=500),
        Column("issued_on", "date", _l("Ngày ban hành"), _l("Nhập ngày ban hành")),
        _url(),
    ),
    heading="title",
    shown=("number", "kind", "title", "issued_on"), search=("number", "title"),
    order=("-issued_on", "number"), filters=("kind",), key=("number", "kind"),
    key_message=_l("Đã có văn bản cùng loại mang số, ký hiệu này"),
)  # fmt: skip

SPECS = {spec.name: spec for spec in (TASKS, COMMUNICATIONS, CHANNELS, PRODUCTS, TRAININGS,
                                      MEMBERS, AWARDS, DOCUMENTS)}  # fmt: skip
# Registers with their own list page; the others are kept from their parent's detail page.
TOP_LEVEL = tuple(name for name, spec in SPECS.items() if spec.parent is None)
PARENTS = tuple(name for name, spec in SPECS.items() if spec.child)
