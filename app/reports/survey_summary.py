"""One survey's results for a period as a PDF, and the survey section of the semi-annual report.

The context is plain, formatted data (no ORM objects reach the templates) and always in
Vietnamese, the language of the record. When the responses include a probability sample,
only the sample is counted unless the manager chooses otherwise (see `streams.py`). Staff
surveys are a census of named colleagues, so their summaries break responses down by unit
only, and never list written answers: managers never see what one person answered. Listing
the written answers of other surveys is an export of responses, and is recorded in the
audit log.
"""

from dataclasses import replace

from flask import current_app, has_request_context, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _

from app.audit.services import record
from app.common.text import vietnamese_sort_key
from app.db import utcnow
from app.extensions import db
from app.indicators import formatting
from app.indicators.periods import Period, label
from app.reports import distributions as counts
from app.reports.distributions import GroupCount, Scope, SummaryFilters
from app.reports.pdf import render_pdf
from app.reports.question_blocks import (
    CHOICE_KINDS,
    TEXT_TYPES,
    Settings,
    Tallies,
    blocks,
    catalogue,
    count_cell,
    pairs,
    secondary,
)
from app.reports.streams import ALL, choose, chosen_text, stream_mode_table, stream_totals
from app.responses.answers import OTHER
from app.surveys.models import Survey
from app.surveys.queries import list_surveys
from app.surveys.types import NUMBER_TYPES

STAFF = "staff"


def survey_title(survey) -> str:
    """The Vietnamese title of the newest published version, else of the draft."""
    version = survey.latest_version
    titles = (version.definition if version else survey.draft or {}).get("title", {})
    return titles.get("vi") or survey.slug


def tallies(scope: Scope, questions) -> Tallies:
    """Every count a summary shows, in a handful of GROUP BY statements."""
    result = Tallies()
    for code, item, option, n in counts.option_counts(scope):
        result.options[(code, item)][option] = n
    result.answered = {(code, item): n for code, item, n in counts.answered_counts(scope)}
    if any(q.type in NUMBER_TYPES for q in questions):
        result.numbers = counts.number_stats(scope)
    communes = {q.code for q in questions if q.type == "commune"}
    codes = {o for (code, _item), opts in result.options.items() if code in communes for o in opts}
    result.communes = counts.unit_names(codes) if codes else {}
    return result


def _group_rows(groups: list[GroupCount], unnamed: str, minimum: int) -> list:
    """A breakdown's rows in Vietnamese alphabetical order; small counts suppressed."""
    rows = [count_cell(g.label or unnamed, g.n, None, minimum) for g in groups]
    rows = secondary(rows, [g.n for g in groups], minimum)
    return sorted(rows, key=lambda c: vietnamese_sort_key(c.label))


def _link_rows(groups: list[GroupCount], minimum: int) -> list:
    def name(group: GroupCount) -> str:
        if group.kind is None:
            return _("Không qua đường dẫn")
        if group.kind == "invitation":
            return _("Thư mời (mỗi thư một phiếu)")
        return group.label or _("Không nhãn")

    return _group_rows([GroupCount(g.key, name(g), g.n) for g in groups], "", minimum)


def _breakdowns(scope: Scope, staff: bool, minimum: int) -> dict:
    """Responses by unit; for other audiences by link and by commune as well."""
    units = counts.responses_by_place(scope, "unit_id")
    result = {"by_unit": _group_rows(units, _("Chưa rõ đơn vị"), minimum)}
    if not staff:
        # Two groups to a table row: a hundred links or communes take half the pages.
        result["by_link"] = pairs(_link_rows(counts.responses_by_link(scope), minimum))
        communes = counts.responses_by_place(scope, "commune_id")
        result["by_commune"] = pairs(_group_rows(communes, _("Chưa rõ xã, phường"), minimum))
    if all(g.key is None for g in units):
        result["by_unit"] = []  # nobody gave a unit: a one-row table says nothing
    return result


def _texts(scope: Scope, questions, numbered: list[dict]) -> list[dict]:
    """Written answers by question: text questions and the "other" texts of choices."""
    numbers = {b["code"]: b["number"] for b in numbered}
    names = {q.code: q for q in questions}
    grouped: dict[str, list[str]] = {}
    for code, option, text in counts.text_answers(scope):
        question = names.get(code)
        if question is not None and (question.type in TEXT_TYPES or option == OTHER):
            grouped.setdefault(code, []).append(text)
    return [
        {
            "number": numbers.get(code),
            "text": names[code].text,
            "answers": answers,
            "other": names[code].type not in TEXT_TYPES,
        }
        for code, answers in sorted(grouped.items(), key=lambda kv: numbers.get(kv[0], 0))
    ]


def _filter_texts(commune, unit, link, version, stream: str = "") -> list[str]:
    texts = [stream] if stream else []
    if commune is not None:
        texts.append(_("Xã, phường: %(name)s", name=commune.name))
    if unit is not None:
        texts.append(_("Đơn vị: %(name)s", name=unit.name))
    if link is not None:
        place = link.name or _("Không nhãn")
        texts.append(_("Đường dẫn khảo sát: %(name)s", name=place))
    if version is not None:
        texts.append(_("Phiên bản %(n)s", n=version.number))
    return texts


def min_cell() -> int:
    """Counts below this print as "< N" (the SUMMARY_MIN_CELL setting, 10 by default)."""
    return current_app.config["SUMMARY_MIN_CELL"]


def staff_limits(survey, period: Period, **filters) -> dict[str, str]:
    """Why this summary of a staff survey may not be made, by field (empty when it may).

    Managers never see one person's answers: a staff summary is for a half-year or a year,
    by unit at most. Two summaries a day apart, or of one link, could otherwise differ by one
    person, whose answers would be the difference.
    """
    if survey.audience != STAFF:
        return {}
    errors = {}
    if period.kind == "range":
        errors["period"] = _("Khảo sát cán bộ chỉ tổng hợp theo 6 tháng hoặc cả năm, "
                             "ví dụ 2026H2 hoặc 2026.")  # fmt: skip
    for name in ("commune", "link", "version", "stream"):
        if filters.get(name) not in (None, ALL):
            errors[name] = _("Khảo sát cán bộ chỉ lọc được theo đơn vị.")
    return errors


def survey_summary(
    survey,
    period: Period,
    *,
    commune=None,
    unit=None,
    link=None,
    version=None,
    stream: str | None = None,
    with_text: bool = False,
    minimum: int | None = None,
) -> dict:
    """The summary's context: counts, each question's answers, and written answers if asked
    (never for a staff survey); ``minimum`` defaults to the SUMMARY_MIN_CELL setting.

    :param stream: a stream, ``streams.ALL``, or None for the default: the probability
        sample when the responses in scope include any, else every stream.
    """
    minimum = minimum or min_cell()
    filters = SummaryFilters(
        link_id=getattr(link, "id", None),
        commune_id=getattr(commune, "id", None),
        unit_id=getattr(unit, "id", None),
        version_id=getattr(version, "id", None),
    )
    staff = survey.audience == STAFF
    with force_locale("vi"):
        # Every stream in scope, counted once: the default and the table both need them.
        by_stream_mode = counts.responses_by_stream_mode(Scope(survey.id, period, filters))
        choice = choose(stream_totals(by_stream_mode), stream, staff=staff)
        scope = Scope(survey.id, period, replace(filters, stream=choice.counted))
        questions = catalogue([v.definition for v in survey.versions])
        numbered = blocks(questions, tallies(scope, questions), Settings(minimum))
        list_texts = with_text and not staff
        stream_text = chosen_text(stream, choice.counted)
        return {
            "title": survey_title(survey),
            "slug": survey.slug,
            "staff": staff,
            "period_label": label(period, "vi"),
            "period": period,
            "filters": _filter_texts(commune, unit, link, version, stream_text),
            "generated_at": utcnow(),
            "total": choice.total,
            "stream_note": choice.note,
            "stream_table": stream_mode_table(by_stream_mode, choice.counted, minimum),
            "non_probability": choice.non_probability,
            "non_probability_label": str(formatting.NON_PROBABILITY),
            "minimum": minimum,
            **_breakdowns(scope, staff, minimum),
            "questions": numbered,
            "with_text": list_texts,
            "text_refused": with_text and staff,
            "texts": _texts(scope, questions, numbered) if list_texts else [],
        }


def summary_pdf(context: dict) -> bytes:
    """The summary as A4 PDF bytes, in Vietnamese."""
    with force_locale("vi"):
        html = render_template("reports/pdf/survey.html", **context)
    base = request.url_root if has_request_context() else "http://localhost/"
    return render_pdf(html, base_url=base)


def export_survey_summary(survey, period: Period, *, actor, with_text: bool, **filters) -> bytes:
    """Render a survey's summary; listing written answers is recorded in the audit log."""
    context = survey_summary(survey, period, with_text=with_text, **filters)
    if context["with_text"]:
        record(
            actor,
            "reports.survey_text",
            survey,
            period=period.code,
            filters=context["filters"],
            answers=sum(len(t["answers"]) for t in context["texts"]),
        )
    return summary_pdf(context)


def _section_tables(numbered: list[dict]) -> tuple[list[dict], int]:
    """The option tables worth printing, one per choice question (or matrix statement), and
    how many were left out because every cell of theirs is suppressed."""
    tables, omitted = [], 0
    for block in (b for b in numbered if b["kind"] in CHOICE_KINDS and b["n"]):
        matrix = block["kind"] == "matrix"
        parts = [p for p in (block["items"] if matrix else [block]) if p["n"]]
        shown = [p for p in parts if any(not c.suppressed for c in p["cells"])]
        omitted += not shown  # a question counts once, however many statements it has
        for part in shown:
            title = f"{block['text']} – {part['label']}" if matrix else block["text"]
            tables.append({"number": block["number"], "title": title,
                           "n_text": part["n_text"], "cells": part["cells"]})  # fmt: skip
    return tables, omitted


def survey_sections(period: Period, *, until=None, minimum: int | None = None) -> list:
    """Section IV of the semi-annual report: each survey with responses in the period, its
    count and its choice questions' tables; never written answers, never charts. As in a
    survey's summary by default, a survey with sample responses counts the sample only."""
    minimum = minimum or min_cell()
    found: dict[int, dict[str, int]] = {}
    for survey_id, stream, n in counts.surveys_with_responses(period, until):
        found.setdefault(survey_id, {})[stream] = n
    if not found:
        return []
    surveys = db.session.scalars(list_surveys().where(Survey.id.in_(found)))
    sections = []
    with force_locale("vi"):
        for survey in sorted(surveys, key=lambda s: s.id):
            choice = choose(found[survey.id], None, staff=survey.audience == STAFF)
            questions = catalogue([v.definition for v in survey.versions])
            scope = Scope(survey.id, period, SummaryFilters(stream=choice.counted), until=until)
            settings = Settings(minimum, charts=False)
            numbered = blocks(questions, tallies(scope, questions), settings)
            tables, omitted = _section_tables(numbered)
            sections.append(
                {
                    "title": survey_title(survey),
                    "total": choice.total,
                    "stream_note": choice.note,
                    "non_probability": choice.non_probability,
                    "tables": tables,
                    "omitted": omitted,
                }
            )
    return sections
