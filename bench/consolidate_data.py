"""Data for bench/consolidate.py: links, enterprises, small registers, and N synthetic
submitted responses with their answers, loaded with COPY (PostgreSQL) or executemany (SQLite).

Answers are drawn from each built-in survey's own questions and options (its published
version), weighted by the demo's profiles (app.demo_answers.PROFILES), with the demo's
correlations for citizens: a commune's reach decides "heard", age decides online channels
and assisted filling, a poster link makes the notice board likelier. Show-if conditions are
followed, so a citizen who has not heard answers 9 questions and one who has about 15.
"""

import base64
import hashlib
import json
import random
import time
from bisect import bisect
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import NamedTuple

import sqlalchemy as sa

from app.demo import DEMO_HEADCOUNTS, PROVINCE_LINKS
from app.demo_answers import OTHER_TEXTS, PROFILES
from app.enterprises.models import Enterprise
from app.extensions import db
from app.registers.models import (
    AwardEntry,
    CommChannel,
    CommProduct,
    Document,
    NetworkMember,
    StTask,
    TaskCommunication,
    Training,
)
from app.responses.answer_map import build_answer_map, question_types
from app.responses.answers import OTHER
from app.responses.links import create_commune_links, create_link
from app.responses.models import Link
from app.surveys.models import Survey
from app.units.models import COMMUNE_KINDS, DEPARTMENT_UNIT_KINDS, Unit

RESPONSE_COLUMNS = (
    "id", "survey_id", "version_id", "link_id", "invitation_link_id", "submission_id",
    "receipt_code", "status", "language", "mode", "stream", "consent_at", "consent_notice",
    "commune_id", "unit_id", "device_hash", "address_hash", "flags", "is_excluded",
    "excluded_reason", "started_at", "submitted_at", "answer_map",
)  # fmt: skip
ANSWER_COLUMNS = ("id", "response_id", "question_code", "option_code", "text")
TIMESTAMP_COLUMNS = tuple(RESPONSE_COLUMNS.index(c) for c in ("consent_at", "started_at",
                                                              "submitted_at"))  # fmt: skip
EXCLUDED_INDEX = RESPONSE_COLUMNS.index("is_excluded")
VIETNAM = timedelta(hours=7)
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_SPACE = len(RECEIPT_ALPHABET) ** 8
RECEIPT_STEP = 1_000_003  # prime, coprime with 31**8: id -> code is a bijection, codes unique
# The enterprise register: ownership kinds and their shares, and how an enterprise of each
# kind answers the survey's ent_type question (kinds the question does not list: "other").
ENTERPRISE_KINDS = {"private": 68, "household": 15, "foreign_invested": 5, "cooperative": 6,
                    "state_owned": 2, "other": 4}  # fmt: skip
OTHER_KIND_TEXT = {"cooperative": "Hợp tác xã", "other": "Hội kinh doanh"}
LONG_TEXTS = {"problems_for_scientists": 0.35}
EMPTY = frozenset()
EXCLUDED_REASONS = ("Trùng thiết bị, đã rà soát", "Trả lời thử", "Phiếu không hợp lệ")


# -- drawing answers ----------------------------------------------------------------------


class Single:
    """One option out of several, by relative weight."""

    __slots__ = ("codes", "cum", "total")

    def __init__(self, codes, weights):
        self.codes = list(codes)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def draw(self, rnd) -> list[str]:
        return [self.codes[bisect(self.cum, rnd() * self.total)]]


class Multi:
    """Several options, each with its chance; an exclusive option ("none") comes alone."""

    __slots__ = ("exclusive", "fallback", "plain")

    def __init__(self, exclusive, plain):
        self.exclusive = exclusive  # [(code, chance)]
        self.plain = plain  # [(code, chance)]
        usable = [(c, p) for c, p in plain if c != OTHER and p > 0] or plain
        self.fallback = Single([c for c, _ in usable], [p or 1 for _, p in usable])

    def draw(self, rnd) -> list[str]:
        for code, chance in self.exclusive:
            if rnd() < chance:
                return [code]
        chosen = [code for code, chance in self.plain if rnd() < chance]
        return chosen or self.fallback.draw(rnd)


@dataclass
class Question:
    code: str
    kind: str  # fixed | choice | text
    drawer: object = None
    show_if: tuple | None = None  # (question code, frozenset of option codes)
    text_chance: float = 1.0


def compile_questions(definition: dict, audience: str, overrides=None) -> list[Question]:
    """The survey's questions in order, each with what draws its answer."""
    overrides = overrides or {}
    profile = PROFILES.get(audience, {})
    questions = []
    for page in definition["pages"]:
        for q in page["questions"]:
            cond = q.get("show_if")
            show_if = (cond["question"], frozenset(cond["any_of"])) if cond else None
            kind = q["type"]
            if kind == "note":
                continue
            if kind in ("consent", "commune"):
                questions.append(Question(q["code"], "fixed", show_if=show_if))
            elif kind in ("short_text", "long_text"):
                chance = 1.0 if q.get("required") else LONG_TEXTS.get(q["code"], 0.2)
                questions.append(Question(q["code"], "text", show_if=show_if, text_chance=chance))
            elif kind in ("single_choice", "yes_no", "likert5", "multiple_choice"):
                table = {**profile.get(q["code"], {}), **overrides.get(q["code"], {})}
                questions.append(Question(q["code"], "choice", choice_drawer(q, table), show_if))
            else:
                raise SystemExit(f"bench: question type {kind!r} ({q['code']}) not generated")
    return questions


def choice_drawer(question: dict, table: dict):
    options = list(question.get("options", []))
    if question["type"] != "multiple_choice":
        codes = [o["code"] for o in options]
        return Single(codes, [table.get(c, 1) for c in codes])
    exclusive = [(o["code"], table.get(o["code"], 0.02)) for o in options if o.get("exclusive")]
    plain = [(o["code"], table.get(o["code"], 0.3)) for o in options if not o.get("exclusive")]
    if question.get("other"):
        plain.append((OTHER, table.get(OTHER, 0.0)))
    return Multi(exclusive, plain)


# -- the plan: who answers through which link -----------------------------------------------


@dataclass
class Plan:
    surveys: dict = field(default_factory=dict)  # audience -> (survey id, version id, notice)
    definitions: dict = field(default_factory=dict)  # audience -> definition
    communes: list = field(default_factory=list)  # (id, code, population)
    posters: dict = field(default_factory=dict)  # commune id -> link id
    province_links: list = field(default_factory=list)  # (link id, channel, share)
    invitations: list = field(default_factory=list)  # (link id, enterprise kind, commune idx)
    staff_units: list = field(default_factory=list)  # (unit id, responses)
    link_count: int = 0
    enterprise_count: int = 0


def prepare(rng: random.Random, responses: int, enterprise_share: float) -> Plan:
    """Headcounts, registers, links and enterprises (through the ORM); flushed, not committed."""
    plan = Plan()
    for survey in db.session.scalars(sa.select(Survey).order_by(Survey.id)):
        version = survey.latest_version
        consent = next((q for p in version.definition["pages"] for q in p["questions"]
                        if q["type"] == "consent"), None)  # fmt: skip
        notice = hashlib.sha256(str(consent["text"]).encode()).hexdigest()[:16] if consent else None
        plan.surveys[survey.audience] = (survey.id, version.id, notice)
        plan.definitions[survey.audience] = version.definition
    units = db.session.scalars(
        sa.select(Unit).where(Unit.kind.in_(DEPARTMENT_UNIT_KINDS)).order_by(Unit.code)
    ).all()
    for unit in units:
        if unit.staff_headcount is None:
            unit.staff_headcount, unit.comm_staff_headcount = DEMO_HEADCOUNTS.get(
                unit.code, (10, 2)
            )
        plan.staff_units.append((unit.id, round(unit.staff_headcount * 0.85)))
    _registers(rng, units)
    communes = db.session.scalars(
        sa.select(Unit).where(Unit.kind.in_(COMMUNE_KINDS), Unit.is_active).order_by(Unit.code)
    ).all()
    plan.communes = [(c.id, c.code, c.population or 10_000) for c in communes]
    citizen = db.session.get(Survey, plan.surveys["citizen"][0])
    posters = create_commune_links(citizen, communes, channel="poster", actor=None)
    plan.posters = {link.commune_id: link.id for link in posters}
    centre = db.session.scalar(sa.select(Unit).where(Unit.code == "TT_CDS_DMST"))
    for channel, label, share in PROVINCE_LINKS:
        event = "10-10" if channel == "event" else None
        link = create_link(citizen, label=label, channel=channel, event=event, unit=centre)
        plan.province_links.append((link.id, channel, share))
    answered = round(responses * enterprise_share)
    _enterprises(rng, plan, answered)
    db.session.flush()
    plan.link_count = db.session.scalar(sa.select(sa.func.count(Link.id)))
    return plan


def _enterprises(rng: random.Random, plan: Plan, answered: int) -> None:
    """An enterprise register and one invitation each; two in three of them answer."""
    invited = answered * 3 // 2
    if not invited:
        return
    survey_id = plan.surveys["enterprise"][0]
    kinds = Single(ENTERPRISE_KINDS, ENTERPRISE_KINDS.values())
    homes = Single(range(len(plan.communes)), [c[2] for c in plan.communes])
    base_id = (db.session.scalar(sa.select(sa.func.max(Enterprise.id))) or 0) + 1
    link_id = (db.session.scalar(sa.select(sa.func.max(Link.id))) or 0) + 1
    now = datetime.now(UTC)
    enterprises, links = [], []
    for n in range(invited):
        kind, home = kinds.draw(rng.random)[0], homes.draw(rng.random)[0]
        commune_id = plan.communes[home][0]
        name = f"Công ty Bench {n + 1:06d}"
        enterprises.append({"id": base_id + n, "tax_code": f"{4300000000 + n:010d}",
                            "name": name, "kind": kind, "commune_id": commune_id,
                            "email": f"dn{n + 1}@bench.local", "created_at": now})  # fmt: skip
        done = n < answered
        links.append({"id": link_id + n, "token": _token(rng), "survey_id": survey_id,
                      "kind": "invitation", "label": name, "organisation": name,
                      "commune_id": commune_id, "enterprise_id": base_id + n, "budget": 1,
                      "visits": int(done) + rng.randint(0, 1), "starts": int(done),
                      "completes": int(done), "created_at": now})  # fmt: skip
        if done:
            plan.invitations.append((link_id + n, kind, home))
    db.session.execute(sa.insert(Enterprise), enterprises)
    db.session.execute(sa.insert(Link), links)
    plan.enterprise_count = invited


def _registers(rng: random.Random, units) -> None:
    """Small registers, as a department keeps them: documents, channels and their products,
    S&T tasks and their communication, trainings, the network and award entries."""
    today = (datetime.now(UTC) + VIETNAM).date()
    start = today - timedelta(days=548)
    day = lambda: start + timedelta(days=rng.randrange(548))  # noqa: E731
    db.session.add(Document(kind="plan", number="125/KH-SKHCN", title="Kế hoạch truyền thông",
                            issued_on=start + timedelta(days=20)))  # fmt: skip
    for n in range(6):
        db.session.add(Document(kind="report", number=f"{200 + n}/BC-SKHCN",
                                title="Báo cáo kết quả", issued_on=day()))  # fmt: skip
    channels = []
    for unit in units:
        for kind in ("portal_column", "social_page", "zalo"):
            channel = CommChannel(unit_id=unit.id, kind=kind, name=f"{kind} {unit.code}",
                                  opened_on=start)  # fmt: skip
            db.session.add(channel)
            channels.append(channel)
    db.session.flush()
    kinds = ("article", "article", "article", "infographic", "video", "event", "podcast")
    for n in range(1500):
        db.session.add(CommProduct(channel_id=rng.choice(channels).id, kind=rng.choice(kinds),
                                   title=f"Sản phẩm {n}", published_on=day(),
                                   language="hre" if rng.random() < 0.04 else "vi"))  # fmt: skip
    for n in range(150):
        task = StTask(code=f"NV-{n:04d}", title=f"Nhiệm vụ {n}", level="province",
                      year=rng.randint(2021, today.year), is_secret=rng.random() < 0.03,
                      unit_id=rng.choice(units).id)  # fmt: skip
        db.session.add(task)
        db.session.flush()
        if not task.is_secret and rng.random() < 0.6:
            db.session.add(
                TaskCommunication(
                    task_id=task.id,
                    outlet="Báo Quảng Ngãi",
                    outlet_kind="mass_media",
                    published_on=day(),
                )
            )
    topics = ("digital_comm", "st_content", "both", "other")
    for n in range(120):
        db.session.add(
            Training(
                person=f"CB{n % 40:03d}",
                unit_id=rng.choice(units).id,
                course="Truyền thông số",
                topic=rng.choice(topics),
                completed_on=day(),
                hours=rng.choice((8, 24, 40, 60, 120)),
            )
        )
    for n in range(60):
        db.session.add(NetworkMember(kind=rng.choice(("press", "unit", "commune", "expert")),
                                     name=f"Thành viên {n}", joined_on=day()))  # fmt: skip
    for n in range(12):
        db.session.add(AwardEntry(year=rng.randint(start.year, today.year), award="Giải báo chí",
                                  entry=f"Tác phẩm {n}", result="submitted"))  # fmt: skip


def _token(rng: random.Random) -> str:
    """Like app.responses.models.new_token (22 URL-safe characters), from the seeded rng."""
    return base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).decode()[:22]


def receipt_code(response_id: int) -> str:
    n, chars = response_id * RECEIPT_STEP % RECEIPT_SPACE, []
    for _ in range(8):
        n, r = divmod(n, 31)
        chars.append(RECEIPT_ALPHABET[r])
    return f"{''.join(chars[:4])}-{''.join(chars[4:])}"


# -- generating responses -------------------------------------------------------------------


class Generator:
    """Yields (response row, [(question, option, text)]) for N submitted responses."""

    def __init__(self, plan: Plan, rng: random.Random, total: int, months: int, excluded: float):
        self.plan, self.rng, self.rnd = plan, rng, rng.random
        self.excluded = excluded
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.days = round(months * 30.44)
        first = (self.now + VIETNAM).date() - timedelta(days=self.days)
        # 00:00 of the first local day, as a UTC timestamp
        self.origin = (
            datetime(first.year, first.month, first.day, tzinfo=UTC).timestamp() - 7 * 3600
        )
        self.latest = self.now.timestamp() - 300
        self.staff = sum(n for _, n in plan.staff_units)
        self.enterprise = len(plan.invitations)
        self.citizen = max(total - self.staff - self.enterprise, 0)
        self.addresses = [f"{rng.getrandbits(128):032x}" for _ in range(50_000)]
        self._citizen_setup()
        self.staff_questions = compile_questions(plan.definitions["staff"], "staff")
        self.staff_units = Single(
            [u for u, _ in plan.staff_units], [n for _, n in plan.staff_units]
        )
        self.enterprise_questions = compile_questions(plan.definitions["enterprise"], "enterprise")

    def _citizen_setup(self) -> None:
        rng, plan = self.rng, self.plan
        definition = plan.definitions["citizen"]
        self.citizen_questions = compile_questions(definition, "citizen")
        self.ages = next(q.drawer for q in self.citizen_questions if q.code == "age_band")
        options = {q["code"]: q for p in definition["pages"] for q in p["questions"]}
        self.homes = Single(range(len(plan.communes)), [c[2] for c in plan.communes])
        self.poster_ids = [plan.posters[c[0]] for c in plan.communes]
        shares = [s for *_, s in plan.province_links]
        self.ways = Single([None, *[w[0] for w in plan.province_links]], [1 - sum(shares), *shares])
        self.zalo = {w[0] for w in plan.province_links if w[1] == "zalo"}
        # Per commune, its reach: the share who heard (demo: 55-88%).
        self.heard = []
        for _ in plan.communes:
            reach = rng.uniform(0.55, 0.88)
            table = {"yes": reach * 100, "no": (1 - reach) * 75, "dont_know": (1 - reach) * 25}
            self.heard.append(choice_drawer(options["heard"], table))
        profile = PROFILES["citizen"]
        ages = [o["code"] for o in options["age_band"]["options"]]
        online = {"18_24": 0.85, "25_34": 0.8, "35_44": 0.65, "45_54": 0.5, "55_64": 0.35}
        self.by_age = {}
        for age in ages:
            share = online.get(age, 0.2)
            other = {**profile["channels_other"], "social_network": share,
                     "television": 0.65 - share / 3}  # fmt: skip
            zalo = {**other, "social_network": max(share, 0.9)}
            assisted = {"55_64": 30, "65_plus": 50}.get(age, 12)
            self.by_age[age] = (
                choice_drawer(options["channels_other"], other),
                choice_drawer(options["channels_other"], zalo),
                choice_drawer(options["fill_mode"], {"self": 100 - assisted, "assisted": assisted}),
            )
        poster = {**profile["channels_grassroots"], "notice_board": 0.6}
        self.grassroots_poster = choice_drawer(options["channels_grassroots"], poster)

    def _when(self) -> tuple[datetime, datetime, datetime]:
        """Submission within the window (more lately, waking hours in Vietnam); started and
        consent a few minutes before."""
        rnd = self.rnd
        day = int(self.days * rnd() ** 0.8)
        hour = self.rng.triangular(6, 22, 20)
        ts = min(self.origin + day * 86400 + hour * 3600, self.latest)
        submitted = datetime.fromtimestamp(round(ts, 3), UTC)
        started = submitted - timedelta(seconds=120 + 780 * rnd())
        return started + timedelta(seconds=20), started, submitted

    def _answer(self, questions, values: dict, custom: dict) -> list:
        """Walk the questions; ``values`` holds fixed answers, ``custom`` other drawers."""
        rnd, rows, given = self.rnd, [], {}
        for q in questions:
            if q.show_if is not None and not given.get(q.show_if[0], EMPTY) & q.show_if[1]:
                continue
            if q.kind == "fixed":
                chosen = [values[q.code]]
            elif q.kind == "text":
                if rnd() >= q.text_chance:
                    continue
                rows.append((q.code, None, values.get(q.code) or "Cần hỗ trợ kỹ thuật."))
                continue
            else:
                chosen = values.get(q.code) or (custom.get(q.code) or q.drawer).draw(rnd)
            given[q.code] = set(chosen)
            for code in chosen:
                text = None
                if code == OTHER:
                    text = values.get(f"{q.code}__other") or self.rng.choice(
                        OTHER_TEXTS.get(q.code, ["Khác"])
                    )
                rows.append((q.code, code, text))
        return rows

    def _response(self, audience, link_id, invitation, stream, commune_id, unit_id):
        survey_id, version_id, notice = self.plan.surveys[audience]
        rng, rnd = self.rng, self.rnd
        consent, started, submitted = self._when()
        excluded = rnd() < self.excluded
        return [
            None, survey_id, version_id, link_id, invitation, _token(rng), None, "complete",
            "en" if rnd() < 0.01 else "vi", "self", stream, consent if notice else None, notice,
            commune_id, unit_id, f"{rng.getrandbits(128):032x}", rng.choice(self.addresses),
            '{"same_device": true}' if excluded else "{}", excluded,
            EXCLUDED_REASONS[int(rnd() * 3)] if excluded else None, started, submitted,
        ]  # fmt: skip

    def citizen_one(self):
        rnd, communes = self.rnd, self.plan.communes
        home = self.homes.draw(rnd)[0]
        way = self.ways.draw(rnd)[0]
        if way is None:  # the commune's poster; a few answer at another commune's poster
            way = self.poster_ids[home if rnd() < 0.95 else int(rnd() * len(communes))]
            custom = {"channels_grassroots": self.grassroots_poster}
        else:
            custom = {}
        age = self.ages.draw(rnd)[0]  # drawn first: it shapes other answers
        other, zalo, fill = self.by_age[age]
        custom["heard"] = self.heard[home]
        custom["channels_other"] = zalo if way in self.zalo else other
        custom["fill_mode"] = fill
        values = {"consent": "yes", "commune": communes[home][1], "age_band": [age]}
        row = self._response("citizen", way, None, "open", communes[home][0], None)
        return row, self._answer(self.citizen_questions, values, custom)

    def staff_one(self):
        unit = self.staff_units.draw(self.rnd)[0]
        row = self._response("staff", None, None, "census", None, unit)
        return row, self._answer(self.staff_questions, {}, {})

    def enterprise_one(self, invitation):
        link_id, kind, home = invitation
        commune_id, code = self.plan.communes[home][:2]
        ent_type = OTHER if kind in OTHER_KIND_TEXT else kind
        values = {"consent": "yes", "commune": code, "ent_type": [ent_type],
                  "ent_type__other": OTHER_KIND_TEXT.get(kind), "contact_name": "Nguyễn Văn A",
                  "contact_email": f"lienhe{link_id}@bench.local",
                  "contact_phone": "0900 000 000"}  # fmt: skip
        row = self._response("enterprise", link_id, link_id, "census", commune_id, None)
        return row, self._answer(self.enterprise_questions, values, {})

    def __iter__(self):
        """Citizens, with enterprise and staff responses spread evenly among them."""
        total = self.citizen + self.enterprise + self.staff
        others = [("e", i) for i in self.plan.invitations] + [("s", None)] * self.staff
        self.rng.shuffle(others)
        every = total / len(others) if others else 0
        nxt, k = every / 2, 0
        for n in range(total):
            if k < len(others) and n >= nxt:
                kind, invitation = others[k]
                k, nxt = k + 1, nxt + every
                yield self.enterprise_one(invitation) if kind == "e" else self.staff_one()
            else:
                yield self.citizen_one()


# -- loading --------------------------------------------------------------------------------


class _Answer(NamedTuple):
    """An answer row with Answer's attribute names, for build_answer_map."""

    question_code: str
    option_code: str | None
    item_code: str | None
    number: object
    text: str | None
    date_value: object


def _sqlite_ts(value: datetime | None) -> str | None:
    # SQLAlchemy's SQLite DATETIME storage format, UTC without zone (see app.db.UTCDateTime)
    return None if value is None else value.strftime("%Y-%m-%d %H:%M:%S.%f")


def load(engine, generator: Generator, batch: int = 20_000, progress=print) -> dict:
    """Insert every response and answer; returns counts and seconds."""
    raw = engine.raw_connection()
    postgres = engine.dialect.name == "postgresql"
    try:
        cursor = raw.cursor()
        if not postgres:
            cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("SELECT coalesce(max(id), 0) FROM responses")
        response_id = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) FROM answers")
        answer_id = cursor.fetchone()[0]
        raw.commit()
        start, responses, answers = time.perf_counter(), [], []
        counts = {"responses": 0, "answers": 0, "excluded": 0}
        pg = raw.driver_connection if postgres else None
        plan = generator.plan
        types = {survey_id: question_types(plan.definitions[audience])
                 for audience, (survey_id, _version, _notice) in plan.surveys.items()}  # fmt: skip
        for row, rows in generator:
            response_id += 1
            row[0], row[6] = response_id, receipt_code(response_id)
            # The map the app keeps beside the rows (app.responses.answer_map).
            answered = (_Answer(q, option, None, None, text, None) for q, option, text in rows)
            row.append(json.dumps(build_answer_map(types[row[1]], answered), ensure_ascii=False))
            responses.append(row)
            for question, option, text in rows:
                answer_id += 1
                answers.append((answer_id, response_id, question, option, text))
            if len(responses) >= batch:
                _flush(pg, cursor, responses, answers, counts)
                raw.commit()
                seconds = time.perf_counter() - start
                if counts["responses"] % (batch * 10) == 0:
                    progress(f"  {counts['responses']:>9,} responses, {counts['answers']:>10,} "
                             f"answers, {seconds:6.1f} s", flush=True)  # fmt: skip
        _flush(pg, cursor, responses, answers, counts)
        raw.commit()
        counts["seconds"] = time.perf_counter() - start
        if postgres:
            for table in ("responses", "answers", "links", "enterprises"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                               f"(SELECT coalesce(max(id), 1) FROM {table}))")  # fmt: skip
        raw.commit()
        return counts
    finally:
        raw.close()


def _flush(pg, cursor, responses: list, answers: list, counts: dict) -> None:
    counts["responses"] += len(responses)
    counts["answers"] += len(answers)
    counts["excluded"] += sum(1 for r in responses if r[EXCLUDED_INDEX])
    if pg is not None:
        with pg.cursor() as cur:
            with cur.copy(f"COPY responses ({', '.join(RESPONSE_COLUMNS)}) FROM STDIN") as copy:
                for row in responses:
                    copy.write_row(row)
            with cur.copy(f"COPY answers ({', '.join(ANSWER_COLUMNS)}) FROM STDIN") as copy:
                for row in answers:
                    copy.write_row(row)
    else:  # column names are this module's constants
        for row in responses:
            for i in TIMESTAMP_COLUMNS:
                row[i] = _sqlite_ts(row[i])
            row[EXCLUDED_INDEX] = int(row[EXCLUDED_INDEX])
        marks = ", ".join("?" * len(RESPONSE_COLUMNS))
        cursor.executemany(
            f"INSERT INTO responses ({', '.join(RESPONSE_COLUMNS)}) VALUES ({marks})",  # noqa: S608
            responses,
        )
        marks = ", ".join("?" * len(ANSWER_COLUMNS))
        cursor.executemany(
            f"INSERT INTO answers ({', '.join(ANSWER_COLUMNS)}) VALUES ({marks})",  # noqa: S608
            answers,
        )
    responses.clear()
    answers.clear()


def count_funnel() -> None:
    """Set each citizen link's starts and completes from its responses (enterprise invitation
    counters are set when the links are made)."""
    counts = (
        sa.select(sa.text("link_id"), sa.func.count())
        .select_from(sa.table("responses"))
        .where(sa.text("invitation_link_id IS NULL AND link_id IS NOT NULL"))
        .group_by(sa.text("link_id"))
    )
    for link_id, n in db.session.execute(counts).all():
        db.session.execute(
            sa.update(Link).where(Link.id == link_id).values(starts=n, completes=n, visits=n * 3)
        )
