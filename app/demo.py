"""Demo accounts, figures and responses for a newcomer's first look (never run in production).

Besides accounts and headcounts, the demo gives every built-in survey its distribution links
and synthetic responses, answered through the same service a respondent's form uses
(app.demo_answers), spread over communes, units, channels and the last ten months. A seeded
random generator makes every run on an empty database give the same answers.
"""

import json
import random
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from operator import itemgetter

import sqlalchemy as sa

from app.auth.models import User
from app.auth.services import create_user
from app.common.timezones import local_day
from app.db import utcnow
from app.demo_answers import PROFILES, Respondent, answer_response
from app.demo_registers import add_register_demo
from app.extensions import db
from app.indicators.tallies import rebuild_all_tallies
from app.responses.answers import OTHER
from app.responses.links import EVENTS, create_commune_links, create_link
from app.responses.models import Link, Response
from app.responses.services import apply_counts, start_response
from app.surveys.files import BUILTIN_DIR
from app.surveys.models import Survey
from app.surveys.queries import get_survey_by_slug
from app.units.models import DEPARTMENT_UNIT_KINDS, Unit
from app.units.queries import get_unit_by_code, list_communes

DEMO_DOMAIN = "demo.nq57.local"
DEMO_PASSWORD_ENV = "DEMO_PASSWORD"  # noqa: S105 - the variable's name
DEFAULT_DEMO_PASSWORD = "demo-nq57-2026"  # noqa: S105 - documented demo login, refused in production
# Illustrative headcounts (staff, communication staff), set only where a unit has none.
DEMO_HEADCOUNTS = {"QLKH_DMST": (12, 3), "BCVT_CDS": (15, 5), "TT_CDS_DMST": (22, 8), "VP": (18, 2)}
DEMO_NAMES = ["Nguyễn Thị Hoa", "Trần Văn Minh", "Lê Thị Thu", "Phạm Quốc Bảo", "Huỳnh Thị Mai",
              "Võ Văn Tùng", "Đặng Thị Lan", "Bùi Văn Đức"]  # fmt: skip
SEED = 2026
CITIZEN_RESPONSES = 1200  # at scale 1; keeps a first `make run` well within two minutes
WINDOW_DAYS = 300  # responses are spread over the last ten months: two half-year periods
ENTERPRISES = (40, 30, 3)  # invitations, answered, left half-way
RESEARCH_ORGS = (10, 6, 1)
# Citizens' ways in besides their commune's poster: (channel, label, share of responses).
PROVINCE_LINKS = [("portal", "Cổng thông tin điện tử Sở KH&CN", 0.08),
                  ("zalo", "Zalo Sở KH&CN", 0.12), ("event", "Sự kiện", 0.05)]  # fmt: skip
ENTERPRISE_FORMS = [("Công ty TNHH", "private", 40), ("Công ty Cổ phần", "private", 22),
                    ("Doanh nghiệp tư nhân", "private", 8), ("Hộ kinh doanh", "household", 16),
                    ("Hợp tác xã", OTHER, 6), ("Công ty TNHH MTV", "state_owned", 3)]  # fmt: skip
TRADES = ["Thủy sản", "Nông sản", "Cơ khí", "Phần mềm", "Chế biến gỗ", "Du lịch", "Xây dựng",
          "Thương mại", "Công nghệ", "Cà phê", "Dược liệu", "Vận tải", "Năng lượng", "In ấn",
          "Thực phẩm", "May mặc", "Nội thất", "Dịch vụ số"]  # fmt: skip
PLACES = ["Sa Huỳnh", "Ba Tơ", "Dung Quất", "Thiên Ấn", "Tịnh Phong", "Lý Sơn", "Trà Khúc",
          "Sông Vệ", "Măng Đen", "Đăk Hà", "Ngọc Linh", "Mộ Đức", "Đức Phổ", "Nghĩa Hành",
          "Kon Tum", "Sa Kỳ", "Bình Sơn", "Sơn Tịnh", "Kon Plông", "Ngọc Hồi"]  # fmt: skip
RESEARCH_FORMS = [("Trường Đại học", "university"), ("Viện Nghiên cứu", "public_institute"),
                  ("Trung tâm Nghiên cứu và Ứng dụng", "public_institute"),
                  ("Phòng R&D Công ty Cổ phần", "enterprise_rnd")]  # fmt: skip
FIELDS = ["Nông nghiệp Công nghệ cao", "Dược liệu", "Khoa học Biển", "Tự động hóa",
          "Công nghệ Thông tin", "Công nghệ Sinh học", "Môi trường", "Vật liệu mới"]  # fmt: skip


def has_demo_data() -> bool:
    """True when demo accounts were added before."""
    query = sa.select(sa.func.count(User.id)).where(User.email.like(f"%@{DEMO_DOMAIN}"))
    return bool(db.session.scalar(query))


def add_demo_data(password: str | None, *, scale: float = 1.0) -> str:
    """Demo accounts, headcounts, links and responses; returns a summary to print.

    ``scale`` sizes the citizen responses (2,000 at 1). A survey that already has a link or
    a response is left alone, so running the demo again adds no responses. Everything is
    only flushed and the caller commits once: answered responses leave the session as they
    are garbage-collected, so the full demo stays near 120 MB without commits in between.
    """
    password = password or DEFAULT_DEMO_PASSWORD
    created = _add_accounts(password)
    rng, now = random.Random(SEED), utcnow()  # noqa: S311 - reproducible, not secret
    clock = _Clock(rng, now - timedelta(days=WINDOW_DAYS), now)
    surveys = _unused_builtin_surveys()
    counts, links = {}, []
    if "citizen" in surveys:
        counts["citizen"] = _citizens(surveys["citizen"], rng, clock, links, scale)
    if "staff" in surveys:
        counts["staff"] = _staff(surveys["staff"], rng, clock)
    if "enterprise" in surveys:
        names = _names(rng, ENTERPRISES[0], ENTERPRISE_FORMS, TRADES, PLACES)
        counts["enterprise"] = _invitations(surveys["enterprise"], rng, clock, links, names,
                                            ENTERPRISES, "ent_type")  # fmt: skip
    if "research" in surveys:
        names = _names(rng, RESEARCH_ORGS[0], [(*f, 1) for f in RESEARCH_FORMS], FIELDS, PLACES)
        counts["research"] = _invitations(surveys["research"], rng, clock, links, names,
                                          RESEARCH_ORGS, "org_type")  # fmt: skip
    _count_visits(links, rng)
    registers = add_register_demo(local_day(now))
    db.session.flush()
    # The responses were dated in the past after submission: count them again on those days.
    rebuild_all_tallies()
    summary = (
        f"Demo: {created} accounts created (password: {password}). "
        f"Manager: quanly@{DEMO_DOMAIN}; enumerator: dieutravien@{DEMO_DOMAIN}; "
        f"staff: canbo1.<unit>@{DEMO_DOMAIN}."
    )
    if registers:
        summary += f"\nDemo: {registers} register rows (tasks, channels, products, trainings)."
    if counts:
        parts = ", ".join(f"{k} {v}" for k, v in counts.items())
        summary += (
            f"\nDemo: {sum(counts.values())} responses submitted ({parts}), {len(links)} links."
        )
    return summary


def _add_accounts(password: str) -> int:
    """The demo manager and two staff per department unit; headcounts where a unit has none."""
    units = db.session.scalars(
        sa.select(Unit).where(Unit.kind.in_(DEPARTMENT_UNIT_KINDS)).order_by(Unit.code)
    ).all()
    for unit in units:
        if unit.staff_headcount is None and unit.code in DEMO_HEADCOUNTS:
            unit.staff_headcount, unit.comm_staff_headcount = DEMO_HEADCOUNTS[unit.code]
    accounts = [
        (f"quanly@{DEMO_DOMAIN}", "Quản lý (demo)", "manager", units[0] if units else None),
        (f"dieutravien@{DEMO_DOMAIN}", "Điều tra viên (demo)", "enumerator", None),
    ]
    names = iter(DEMO_NAMES)
    for unit in units:
        for n in (1, 2):
            email = f"canbo{n}.{unit.code.lower()}@{DEMO_DOMAIN}"
            accounts.append((email, f"{next(names, 'Cán bộ')} (demo)", "staff", unit))
    created = 0
    for email, name, role, unit in accounts:
        if db.session.scalar(sa.select(User.id).where(User.email == email)) is None:
            create_user(email, name, role=role, unit=unit, password=password)
            created += 1
    db.session.flush()
    return created


def _unused_builtin_surveys() -> dict[str, Survey]:
    """The open built-in surveys by audience that have neither a link nor a response yet."""
    found = {}
    for path in sorted(BUILTIN_DIR.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        survey = get_survey_by_slug(document["slug"])
        if survey is None or survey.status != "open" or survey.latest_version is None:
            continue
        links = sa.exists().where(Link.survey_id == survey.id)
        responses = sa.exists().where(Response.survey_id == survey.id)
        if db.session.scalar(sa.select(links | responses)):
            continue
        found[document["audience"]] = survey
    return found


class _Clock:
    """Submission times within the window: more of them lately, as a campaign grows, and in
    Vietnamese waking hours (UTC+7)."""

    def __init__(self, rng: random.Random, start: datetime, now: datetime):
        self.rng, self.start, self.now = rng, start, now

    def day(self) -> date:
        return (self.start + (self.now - self.start) * self.rng.random() ** 0.8).date()

    def at(self, day: date) -> datetime:
        hour = self.rng.triangular(6, 22, 20) - 7
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour)
        return min(max(moment, self.start), self.now - timedelta(minutes=5))

    def last_event(self) -> tuple[str, date]:
        """The most recent 18/5, 1/10 or 10/10 event day in the window (one always is)."""
        today, days = self.now.date(), []
        for code in EVENTS:
            day, month = (int(part) for part in code.split("-"))
            for year in (today.year, today.year - 1):
                if date(year, month, day) < today:
                    days.append((date(year, month, day), code))
                    break
        when, code = max(days)
        return code, when


def _stamp(response: Response, when: datetime, rng: random.Random) -> None:
    """Date the response in the past (submit_response stamps the present)."""
    response.started_at = when - timedelta(minutes=rng.uniform(2, 15))
    if response.status == "complete":
        response.submitted_at = when


def _options(survey: Survey, code: str) -> list[str]:
    """The option codes of a question of the survey's published version."""
    for page in survey.latest_version.definition["pages"]:
        for question in page["questions"]:
            if question["code"] == code:
                return [o["code"] for o in question.get("options", [])]
    return []


def _citizens(survey, rng, clock: _Clock, links: list, scale: float) -> int:
    """A poster link per commune, a few province-wide links, and responses through them."""
    communes = list_communes()
    posters = create_commune_links(survey, communes, channel="poster", actor=None)
    event_code, event_day = clock.last_event()
    centre = get_unit_by_code("TT_CDS_DMST")
    ways = []
    for channel, label, _share in PROVINCE_LINKS:
        event = event_code if channel == "event" else None
        label = f"{label} ngày {event.replace('-', '/')}" if event else label
        ways.append(create_link(survey, label=label, channel=channel, event=event, unit=centre))
    for link in posters + ways:
        link.created_at = clock.start - timedelta(days=7)
    db.session.flush()
    posters, ways = [link.id for link in posters], [link.id for link in ways]
    links += posters + ways
    homes = [(c.code, c.population or 10_000) for c in communes]
    # Responses follow population, unevenly: some communes have barely begun, a few not at all.
    weights = [population * rng.lognormvariate(0, 0.5) for _, population in homes]
    quiet = rng.sample(range(len(homes)), len(homes) // 6)
    for n, i in enumerate(quiet):
        weights[i] *= 0.0 if n < len(homes) // 16 else 0.12
    reach = [rng.uniform(0.55, 0.88) for _ in homes]
    ages = _options(survey, "age_band")
    age_weights = [PROFILES["citizen"]["age_band"].get(a, 1) for a in ages]
    shares = [s for *_, s in PROVINCE_LINKS]
    total = round(CITIZEN_RESPONSES * scale)
    plans = []  # (link id, home commune, age band), answered link by link
    for way in rng.choices([None, *ways], weights=[1 - sum(shares), *shares], k=total):
        home = rng.choices(range(len(homes)), weights=weights)[0]
        poster = posters[home if rng.random() < 0.95 else rng.randrange(len(posters))]
        plans.append((way or poster, home, rng.choices(ages, age_weights)[0] if ages else None))
    # One link in the session at a time: loading a link also loads its survey's versions,
    # and every link held makes each counter update slower (SQLAlchemy matches the session's
    # objects against its WHERE clause).
    for link_id, group in groupby(sorted(plans, key=itemgetter(0)), key=itemgetter(0)):
        link = db.session.get(Link, link_id)
        for _, home, age in group:
            fixed = {"commune": homes[home][0], "age_band": age}
            tweaks = _citizen_tweaks(reach[home], age, link.channel)
            language = "en" if rng.random() < 0.01 else "vi"
            response = start_response(survey, link=link, language=language)
            answer_response(response, Respondent(rng, "citizen", fixed=fixed, tweaks=tweaks))
            day = event_day + timedelta(days=rng.choice((0, 0, 0, 1, 2))) if link.event else None
            _stamp(response, clock.at(day or clock.day()), rng)
    return total


def _citizen_tweaks(reach: float, age: str, channel: str | None) -> dict:
    """Answers that go together: a commune's reach, younger people online, older assisted."""
    heard = {"yes": reach * 100, "no": (1 - reach) * 75, "dont_know": (1 - reach) * 25}
    online = {"18_24": 0.85, "25_34": 0.8, "35_44": 0.65, "45_54": 0.5, "55_64": 0.35}.get(age, 0.2)
    other = {"social_network": online, "television": 0.65 - online / 3}
    if channel == "zalo":
        other["social_network"] = max(online, 0.9)
    grassroots = {"notice_board": 0.6} if channel == "poster" else {}
    assisted = {"55_64": 30, "65_plus": 50}.get(age, 12)
    return {"heard": heard, "channels_other": other, "channels_grassroots": grassroots,
            "fill_mode": {"self": 100 - assisted, "assisted": assisted}}  # fmt: skip


def _staff(survey, rng, clock: _Clock) -> int:
    """Most demo staff answer, each as themselves; one in six or so has not yet."""
    users = db.session.scalars(
        sa.select(User)
        .where(User.email.like(f"%@{DEMO_DOMAIN}"), User.role == "staff")
        .order_by(User.email)
    ).all()
    answering = rng.sample(users, len(users) - max(1, len(users) // 6)) if users else []
    for user in answering:
        comm = 55 if user.unit is not None and user.unit.has_comm_duty else 15
        person = Respondent(rng, "staff", tweaks={"comm_role": {"yes": comm, "no": 100 - comm}})
        response = start_response(survey, user=user)
        answer_response(response, person)
        _stamp(response, clock.at(clock.day()), rng)
    return len(answering)


def _names(rng, count: int, forms, subjects, places) -> list[tuple[str, str, str]]:
    """Distinct plausible organisation names, with the type their legal form implies and the
    form itself (the "other" text when the type is "other")."""
    pairs = rng.sample([(s, p) for s in subjects for p in places], count)
    chosen = rng.choices(forms, weights=[f[2] for f in forms], k=count)
    return [(f"{form} {subject} {place}", kind, form) for (form, kind, _), (subject, place)
            in zip(chosen, pairs, strict=True)]  # fmt: skip


def _invitations(survey, rng, clock: _Clock, links: list, names, sizes, type_code) -> int:
    """One invitation per organisation; some answered, a few left half-way, the rest unused."""
    _total, answered, halfway = sizes
    communes = list_communes()
    weights = [(c.population or 10_000) * (3 if c.kind == "phuong" else 1) for c in communes]
    for n, (name, kind, form) in enumerate(names):
        link = create_link(survey, kind="invitation", label=name, organisation=name)
        link.created_at = clock.start + timedelta(days=rng.randint(0, WINDOW_DAYS // 3))
        links.append(link.id)
        if n >= answered + halfway:
            continue
        fixed = {type_code: kind, f"{type_code}__other": form,
                 "commune": rng.choices(communes, weights)[0].code,
                 "contact_name": rng.choice(DEMO_NAMES),
                 "contact_email": f"lienhe{n + 1}@{DEMO_DOMAIN}",
                 "contact_phone": f"0900 000 {n + 1:03d}"}  # fmt: skip
        response = start_response(survey, link=link)
        answer_response(response, Respondent(rng, survey.audience, fixed=fixed),
                        pages=None if n < answered else 2)  # fmt: skip
        when = clock.at(clock.day())
        _stamp(response, max(when, link.created_at + timedelta(hours=2)), rng)
    return answered


def _count_visits(links: list[int], rng: random.Random) -> None:
    """More people open a link than start answering; the counters say so."""
    apply_counts()  # the starts counted so far
    kinds = dict(db.session.execute(sa.select(Link.id, Link.kind).where(Link.id.in_(links))).all())
    for link_id in links:
        extra = rng.randint(0, 1) if kinds[link_id] == "invitation" else rng.randint(3, 40)
        update = sa.update(Link).where(Link.id == link_id).values(visits=Link.starts + extra)
        db.session.execute(update)
