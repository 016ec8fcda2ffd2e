"""The department report's sections, one per plan task (III.1-III.4): assembled from the
accepted versions of the units' reports, then edited by the lead unit before issuing.

Only an accepted version counts: a draft, a submitted report awaiting review or a returned
one contributes nothing, so the department never reports what it has not accepted. The
items are counted here, in Python, because they live in the versions' JSON content, which
SQL cannot aggregate portably (SQLite and PostgreSQL); the rows are fetched in one query.

The text is the department's own document, so it is always written in Vietnamese, whatever
the language of the person who asks for it.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.common.text import clean_text, format_number
from app.db import utcnow
from app.extensions import db
from app.i18n import SURVEY_LANGUAGE_NAMES
from app.permissions import can_administer, has_role
from app.registers.models import OUTLET_KINDS, PRODUCT_KINDS, CommChannel, StTask
from app.unit_reports.calendar import LEAD_UNIT_CODE, find_period
from app.unit_reports.content import OCCASIONS
from app.unit_reports.models import PLAN_TASKS, ReportingPeriod, ReportSection
from app.unit_reports.queries import AcceptedReport, accepted_reports
from app.units.models import Unit

# The days the plan names; an event on another occasion ("other") is listed without one.
NAMED_OCCASIONS = {code: label for code, label in OCCASIONS.items() if code != "other"}


def can_edit_sections(user) -> bool:
    """Staff and above of the lead unit edit the sections; administrators too."""
    if can_administer(user):
        return True
    unit = getattr(user, "unit", None)
    return has_role(user, "staff") and unit is not None and unit.code == LEAD_UNIT_CODE


def reporting_period_for(period) -> ReportingPeriod | None:
    """The reporting period of an indicator half-year (``Period``), matched by year and half."""
    if getattr(period, "kind", None) != "half":
        return None
    return find_period(period.start.year, 1 if period.start.month == 1 else 2)


@dataclass(frozen=True)
class Names:
    """Names the items refer to by id or code: units' short names, channels, and the S&T
    tasks that may be told (a state-secret task never is)."""

    units: dict[int, str]
    channels: dict[int, str]
    tasks: dict[str, str]
    secret: frozenset[str]


def _names(contents: list[AcceptedReport]) -> Names:
    """One query per table for every unit, channel and task the versions name."""
    channel_ids = {_int(p.get("channel_id")) for c in contents for p in _items(c, "products")}
    codes = {_text(t.get("task_code")) for c in contents for t in _items(c, "task_communications")}
    units = sa.select(Unit.id, Unit.short_name).where(Unit.id.in_({c.unit_id for c in contents}))
    channels = sa.select(CommChannel.id, CommChannel.name).where(CommChannel.id.in_(channel_ids))
    tasks = db.session.execute(
        sa.select(StTask.code, StTask.title, StTask.is_secret).where(StTask.code.in_(codes))
    ).all()
    return Names(
        units=dict(db.session.execute(units).all()),
        channels=dict(db.session.execute(channels).all()),
        tasks={code: title for code, title, secret in tasks if not secret},
        secret=frozenset(code for code, _title, secret in tasks if secret),
    )


def _items(content: AcceptedReport, key: str, task: str | None = None) -> list[dict]:
    items = content.content.get(key)
    if not isinstance(items, list):  # missing keys mean empty
        return []
    return [i for i in items if isinstance(i, dict) and (task is None or i.get("task") == task)]


def _int(value) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


def _text(value) -> str:
    return clean_text(str(value)) if value is not None else ""


def _day(value) -> str:
    """ "ngày 18/05/2026", or "" for a missing or impossible date."""
    try:
        return _("ngày %(day)s", day=date.fromisoformat(str(value)).strftime("%d/%m/%Y"))
    except ValueError:
        return ""


def _quoted(title) -> str:
    """A title in quotation marks, unless it already holds some."""
    title = _text(title)
    return title if "“" in title or '"' in title else f"“{title}”"


def _item(*parts: str, unit: str, url=None) -> str:
    """ "part, part (unit)", then ": url" when there is one."""
    text = f"{', '.join(p for p in parts if p)} ({unit})"
    url = _text(url)
    return f"{text}: {url}" if url else text


def _list(intro: str, items: list[str]) -> list[str]:
    """An introducing line ending in ":", then "- " items: ";" between them, "." at the end."""
    if not items:
        return []
    return [intro] + [
        f"- {item}{';' if i < len(items) else '.'}" for i, item in enumerate(items, 1)
    ]


def _tagged(contents: list[AcceptedReport], key: str, task: str, names: Names):
    """(unit short name, item) for each item of the list ``key`` tagged with ``task``."""
    for c in contents:
        for item in _items(c, key, task):
            yield names.units.get(c.unit_id, c.unit_name), item


def _summaries(task: str, contents: list[AcceptedReport], names: Names) -> list[str]:
    """Each unit's own account of the task, its first line after the unit's name."""
    lines = []
    for c in contents:
        summary = _text(((c.content.get("tasks") or {}).get(task) or {}).get("summary"))
        parts = [p.strip() for p in summary.splitlines() if p.strip()]
        if parts:
            lines.append(f"{c.unit_name}: {parts[0]}")
            lines.extend(parts[1:])
    return lines


def _products(task: str, contents: list[AcceptedReport], names: Names) -> list[str]:
    items = []
    for unit, p in _tagged(contents, "products", task, names):
        kind = str(PRODUCT_KINDS.get(p.get("kind"), _("Sản phẩm")))
        channel = names.channels.get(_int(p.get("channel_id")))
        where = _("trên %(channel)s", channel=channel) if channel else ""
        title = f"{kind} {_quoted(p.get('title'))} {where}".strip()
        items.append(_item(title, _day(p.get("published_on")), unit=unit, url=p.get("url")))
    count = format_number(len(items))
    return _list(_("Đăng tải, phát hành %(n)s tin, bài, sản phẩm truyền thông:", n=count), items)


def _events(task: str, contents: list[AcceptedReport], names: Names) -> list[str]:
    items, people, by_occasion = [], 0, dict.fromkeys(NAMED_OCCASIONS, 0)
    for unit, e in _tagged(contents, "events", task, names):
        occasion, n = e.get("occasion"), _int(e.get("participants"))
        named = NAMED_OCCASIONS.get(occasion)
        if named:
            by_occasion[occasion] += 1
        people += n
        items.append(_item(_text(e.get("name")), _day(e.get("held_on")),
                           _("nhân %(occasion)s", occasion=named) if named else "",
                           _("%(n)s người tham dự", n=format_number(n)), unit=unit))  # fmt: skip
    intro = _("Tổ chức %(n)s sự kiện với %(people)s lượt người tham dự",
              n=format_number(len(items)), people=format_number(people))  # fmt: skip
    occasions = [
        _("%(n)s sự kiện nhân %(occasion)s", n=format_number(by_occasion[o]), occasion=label)
        for o, label in NAMED_OCCASIONS.items()
        if by_occasion[o]
    ]
    if occasions:
        intro += _(", trong đó: %(list)s", list="; ".join(occasions))
    return _list(intro + ":", items)


def _trainings(task: str, contents: list[AcceptedReport], names: Names) -> list[str]:
    items, people = [], 0
    for unit, t in _tagged(contents, "trainings", task, names):
        n = _int(t.get("participants"))
        people += n
        items.append(_item(_text(t.get("course")), _day(t.get("held_on")),
                           _("%(n)s người tham gia", n=format_number(n)), unit=unit))  # fmt: skip
    intro = _("Tổ chức %(n)s lớp tập huấn, bồi dưỡng với %(people)s lượt người tham gia:",
              n=format_number(len(items)), people=format_number(people))  # fmt: skip
    return _list(intro, items)


def _materials(task: str, contents: list[AcceptedReport], names: Names) -> list[str]:
    items = []
    for unit, m in _tagged(contents, "minority_materials", task, names):
        code = _text(m.get("language"))
        language = _("bằng tiếng %(name)s", name=SURVEY_LANGUAGE_NAMES.get(code, code))
        items.append(_item(f"{_quoted(m.get('title'))} {language}", unit=unit, url=m.get("url")))
    intro = _("Biên soạn, phát hành %(n)s tài liệu bằng tiếng dân tộc thiểu số:",
              n=format_number(len(items)))  # fmt: skip
    return _list(intro, items)


def _communications(task: str, contents: list[AcceptedReport], names: Names) -> list[str]:
    """State-secret tasks are never told, whatever a unit wrote."""
    items, codes = [], set()
    for unit, t in _tagged(contents, "task_communications", task, names):
        code = _text(t.get("task_code"))
        if code in names.secret:
            continue
        codes.add(code)
        name = _("Nhiệm vụ %(code)s", code=code)
        if names.tasks.get(code):
            name += f" {_quoted(names.tasks[code])}"
        kind = str(OUTLET_KINDS.get(t.get("outlet_kind"), "")).lower()
        outlet = _("đăng trên %(outlet)s", outlet=_text(t.get("outlet")))
        outlet += f" ({kind})" if kind else ""
        items.append(_item(name, outlet, _day(t.get("published_on")), unit=unit, url=t.get("url")))
    intro = _("Truyền thông %(tasks)s nhiệm vụ khoa học và công nghệ với %(n)s lượt tin, bài:",
              tasks=format_number(len(codes)), n=format_number(len(items)))  # fmt: skip
    return _list(intro, items)


def _enterprises(task: str, contents: list[AcceptedReport], names: Names) -> list[str]:
    """Enterprises reached: a figure of the whole report, told under III.3 (enterprises)."""
    reached = [(names.units.get(c.unit_id, c.unit_name), _int(c.content.get("enterprises_reached")))
               for c in contents]  # fmt: skip
    reached = [(name, n) for name, n in reached if n]
    if task != "III.3" or not reached:
        return []
    total = format_number(sum(n for _name, n in reached))
    detail = "; ".join(f"{name}: {format_number(n)}" for name, n in reached)
    return [
        _("Tiếp cận, truyền thông đến %(n)s doanh nghiệp (%(detail)s).", n=total, detail=detail)
    ]


PARTS = (_summaries, _products, _events, _trainings, _materials, _communications, _enterprises)


def assemble_task(task: str, contents: list[AcceptedReport], names: Names) -> str:
    """One section's text: each unit's summary, then the items tagged with the task."""
    lines = [line for part in PARTS for line in part(task, contents, names)]
    if lines:
        return "\n".join(lines)
    if contents:
        return _("Các báo cáo đã tiếp nhận không có nội dung về nhiệm vụ này.")
    return _("Chưa có báo cáo của đơn vị nào được tiếp nhận trong kỳ.")


def assemble(period: ReportingPeriod | None) -> dict[str, str]:
    """Every section's text from the period's accepted unit reports (none without a period)."""
    contents = accepted_reports(period.id) if period is not None else []
    with force_locale("vi"):
        names = _names(contents)
        return {task: assemble_task(task, contents, names) for task in PLAN_TASKS}


def get_sections(period_id: int) -> dict[str, ReportSection]:
    """The stored sections of a period by task, with who edited them last."""
    query = (
        sa.select(ReportSection)
        .options(sa.orm.joinedload(ReportSection.edited_by))
        .where(ReportSection.period_id == period_id)
    )
    return {s.task: s for s in db.session.scalars(query)}


def _store(period: ReportingPeriod, task: str, body: str, actor) -> ReportSection:
    """Two first saves of a section at once make one row: the unique (period, task) pair
    refuses the second insert, which then writes over the first (the last save wins)."""
    section = get_sections(period.id).get(task)
    if section is None:
        try:
            with db.session.begin_nested():
                section = ReportSection(period_id=period.id, task=task, body=body)
                db.session.add(section)
        except IntegrityError:
            section = get_sections(period.id)[task]
    section.body, section.edited_by_id = body, getattr(actor, "id", None)
    section.edited_at = utcnow()
    db.session.flush()
    return section


def save_section(period: ReportingPeriod, task: str, body: str, *, actor) -> ReportSection:
    """Store the lead unit's text of one section, NFC-normalised (flushed; audited)."""
    body = clean_text(body)
    section = _store(period, task, body, actor)
    record(actor, "report_sections.edit", section, period_id=period.id, task=task, chars=len(body))
    return section


def regenerate_section(period: ReportingPeriod, task: str, *, actor) -> ReportSection:
    """Replace one section's text, edited or not, with a fresh assembly from the accepted
    reports (flushed; audited)."""
    section = _store(period, task, assemble(period)[task], actor)
    record(actor, "report_sections.regenerate", section, period_id=period.id, task=task)
    return section


def report_sections(period) -> list[dict]:
    """The sections of the semi-annual report of an indicator half-year: the stored text of
    each task, or, where the lead unit has stored none, the text assembled now."""
    reporting = reporting_period_for(period)
    stored = get_sections(reporting.id) if reporting is not None else {}
    assembled = assemble(reporting) if set(PLAN_TASKS) - set(stored) else {}
    with force_locale("vi"):
        return [
            {
                "number": number,
                "task": task,
                "title": str(title),
                "paragraphs": paragraphs(stored[task].body if task in stored else assembled[task]),
            }
            for number, (task, title) in enumerate(PLAN_TASKS.items(), 1)
        ]


def paragraphs(body: str) -> list[str]:
    """A section's text as the report prints it: one paragraph per non-empty line."""
    return [line.strip() for line in (body or "").splitlines() if line.strip()]


@dataclass(frozen=True)
class SectionState:
    """One section as the editing page shows it: stored text, or the assembly not yet saved."""

    number: int
    task: str
    title: str
    body: str
    stored: bool
    edited_by: str | None
    edited_at: datetime | None


def sections_overview(period: ReportingPeriod) -> tuple[list[str], list[SectionState]]:
    """The units whose accepted reports feed the sections, and the four sections."""
    stored = get_sections(period.id)
    assembled = assemble(period) if set(PLAN_TASKS) - set(stored) else {}
    units = [c.unit_name for c in accepted_reports(period.id)]
    states = []
    for number, (task, title) in enumerate(PLAN_TASKS.items(), 1):
        section = stored.get(task)
        editor = section.edited_by.full_name if section and section.edited_by else None
        states.append(SectionState(number, task, str(title),
                                   section.body if section else assembled[task],
                                   section is not None, editor,
                                   section.edited_at if section else None))  # fmt: skip
    return units, states
