"""The floor for bench/consolidate.py: one hand-written SQL query per indicator, over the raw
responses and answers (survey indicators) or the registers, for the period and the one before.

A survey indicator's query returns (group, current period?, outcome, responses), grouped by
what its figure needs and nothing more: the commune for citizens (the weighting needs it), the
unit for staff (a census per unit), nothing for enterprises. It is written two ways: a join
with the relevant answers aggregated per response, and EXISTS per response (what the tallies'
outcome expression does); on SQLite each also through the survey's index rather than the
submission time's ("join+", "exists+"). The benchmark keeps the fastest per indicator.
"""

# ruff: noqa: S608 - SQL text built from the seeded indicator definitions, in a scratch database
import sqlalchemy as sa

from app.db import UTCDateTime

GROUPS = {"citizen": "r.commune_id", "staff": "r.unit_id"}
VARIANTS = ("join", "exists")
SQLITE_VARIANTS = ("join", "exists", "join+", "exists+")  # +: through the survey's index


def _in(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def _survey_parts(indicator, survey_ids, by_survey: bool):
    yes = f"a.question_code = '{indicator.question_code}' AND a.option_code IN " \
          f"({_in(indicator.count_options)})"  # fmt: skip
    invalid = [(q, opts) for q, opts in sorted((indicator.invalid_answers or {}).items()) if opts]
    invalid_sql = " OR ".join(
        f"(a.question_code = '{q}' AND a.option_code IN ({_in(opts)}))" for q, opts in invalid
    )
    questions = sorted({indicator.question_code, *(q for q, _ in invalid)})
    # SQLite's "+column" keeps the planner off that column's index (here: onto the survey's)
    when = "+r.submitted_at" if by_survey else "r.submitted_at"
    where = (
        f"r.survey_id IN ({', '.join(str(int(i)) for i in survey_ids) or 'NULL'})"
        f" AND r.status = 'complete' AND {when} >= :previous_start AND {when} < :end"
    )
    group = GROUPS.get(indicator.audience, "0")
    return yes, invalid_sql, questions, where, group


def survey_floor(indicator, variant: str, survey_ids: list[int]) -> sa.TextClause:
    """``survey_ids``: the surveys of the indicator's audience, written into the query as a
    person writing it would (so the planner sees which survey, and its index serves)."""
    yes, invalid, questions, where, group = _survey_parts(
        indicator, survey_ids, variant.endswith("+")
    )
    current = "CASE WHEN r.submitted_at >= :start THEN 1 ELSE 0 END"
    if variant.startswith("join"):
        invalid_col = f"MAX(CASE WHEN {invalid} THEN 1 ELSE 0 END)" if invalid else "0"
        sql = f"""
SELECT {group} AS grp, {current} AS cur,
       CASE WHEN r.is_excluded THEN 'excluded' WHEN a.yes = 1 THEN 'yes'
            WHEN a.invalid = 1 THEN 'invalid' ELSE 'no' END AS outcome,
       COUNT(*) AS n
FROM responses r
LEFT JOIN (SELECT a.response_id, MAX(CASE WHEN {yes} THEN 1 ELSE 0 END) AS yes,
                  {invalid_col} AS invalid
           FROM answers a WHERE a.question_code IN ({_in(questions)})
           GROUP BY a.response_id) a ON a.response_id = r.id
WHERE {where}
GROUP BY 1, 2, 3"""
    else:
        invalid_case = (
            f" WHEN EXISTS (SELECT 1 FROM answers a WHERE a.response_id = r.id AND ({invalid}))"
            " THEN 'invalid'"
            if invalid
            else ""
        )
        sql = f"""
SELECT grp, cur, outcome, COUNT(*) AS n FROM (
  SELECT {group} AS grp, {current} AS cur,
         CASE WHEN r.is_excluded THEN 'excluded'
              WHEN EXISTS (SELECT 1 FROM answers a WHERE a.response_id = r.id AND {yes})
              THEN 'yes'{invalid_case} ELSE 'no' END AS outcome
  FROM responses r
  WHERE {where}) t
GROUP BY grp, cur, outcome"""
    return sa.text(sql).bindparams(
        sa.bindparam("previous_start", type_=UTCDateTime),
        sa.bindparam("start", type_=UTCDateTime),
        sa.bindparam("end", type_=UTCDateTime),
    )


def _dates(sql: str) -> sa.TextClause:
    """Typed day parameters (SQLite compares dates as text); the caller passes every
    parameter (:start_day, :end_day, :first_year, :last_year) and each query uses some."""
    names = [n for n in ("start_day", "end_day") if f":{n}" in sql]
    return sa.text(sql).bindparams(*(sa.bindparam(n, type_=sa.Date) for n in names))


def register_floor(indicator) -> sa.TextClause:
    """One query per register indicator, run once per period (registers are small)."""
    params = indicator.register_params or {}
    kind, register = indicator.kind, indicator.register
    if kind == "milestone" and register == "documents":
        return _dates(f"""
SELECT (SELECT MIN(issued_on) FROM documents WHERE kind = '{params.get("kind", "plan")}'
        AND issued_on <= :end_day),
       (SELECT COUNT(*) FROM documents WHERE kind = 'report'
        AND issued_on >= :start_day AND issued_on <= :end_day)""")
    if kind == "milestone" and register == "comm_channels":
        channel = params.get("channel_kind", "portal_column")
        return _dates(f"""
SELECT (SELECT COUNT(*) FROM comm_products p JOIN comm_channels c ON c.id = p.channel_id
        WHERE c.kind = '{channel}' AND p.published_on >= :start_day
        AND p.published_on <= :end_day),
       (SELECT COUNT(*) FROM comm_channels WHERE kind = '{channel}' AND opened_on <= :end_day
        AND (closed_on IS NULL OR closed_on > :end_day))""")
    if kind == "milestone" and register == "network_members":
        return _dates("""
SELECT COUNT(*) FROM network_members WHERE joined_on <= :end_day
AND (left_on IS NULL OR left_on > :end_day)""")
    if kind == "milestone" and register == "award_entries":
        return _dates("""
SELECT COUNT(*) FROM award_entries WHERE year >= :first_year AND year <= :last_year""")
    if register == "st_tasks":
        return _dates("""
SELECT t.unit_id,
       SUM(CASE WHEN t.year <= :last_year AND NOT t.is_secret THEN 1 ELSE 0 END),
       SUM(CASE WHEN t.year <= :last_year AND NOT t.is_secret AND EXISTS (
             SELECT 1 FROM task_communications c WHERE c.task_id = t.id
             AND c.published_on <= :end_day) THEN 1 ELSE 0 END)
FROM st_tasks t GROUP BY t.unit_id""")
    if kind == "register_proportion" and register == "comm_channels":
        return _dates("""
SELECT u.id,
       EXISTS (SELECT 1 FROM comm_channels c WHERE c.unit_id = u.id AND c.opened_on <= :end_day
               AND (c.closed_on IS NULL OR c.closed_on >= :start_day)),
       EXISTS (SELECT 1 FROM comm_channels c JOIN comm_products p ON p.channel_id = c.id
               WHERE c.unit_id = u.id AND c.opened_on <= :end_day
               AND (c.closed_on IS NULL OR c.closed_on >= :start_day)
               AND p.published_on >= :start_day AND p.published_on <= :end_day)
FROM units u WHERE u.has_comm_duty AND u.is_active""")
    if register == "trainings":
        topics = params.get("topics") or ["digital_comm", "st_content", "both"]
        return _dates(f"""
SELECT unit_id, COUNT(DISTINCT lower(person)) FROM trainings
WHERE completed_on <= :end_day AND hours >= {int(params.get("min_hours", 40))}
AND topic IN ({_in(topics)}) GROUP BY unit_id""")
    if register == "comm_products":
        language = " AND p.language <> 'vi'" if params.get("minority_languages") else ""
        return _dates(f"""
SELECT c.unit_id, p.kind, COUNT(*) FROM comm_products p
JOIN comm_channels c ON c.id = p.channel_id
WHERE p.published_on >= :start_day AND p.published_on <= :end_day{language}
GROUP BY c.unit_id, p.kind""")
    raise SystemExit(f"bench: no floor query for {indicator.code} ({kind}, {register})")
