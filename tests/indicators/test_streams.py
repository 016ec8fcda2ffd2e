"""Estimates use the probability stream only; open links are shown beside them, for reference.

Citizens' access (CITIZEN_ACCESS), unweighted by the ``plan`` fixture, in 2026H2:
- probability sample (respondent codes of a drawn design): 2 yes, 6 no, 1 "don't know";
- open links: 5 yes, 2 no, 1 "don't know".
Mixed, the estimate would be 7 / 15 = 46,7%; the sample alone gives 2 / 8 = 25%, Wilson
interval (z = 1.959964, z² = 3.841459): centre (0.25 + 0.2400912) / 1.4801824 = 0.3311018,
half 1.959964 · √(0.0234375 + 0.0150057) / 1.4801824 = 0.2596226, so 7,1% – 59,1%. The open
stream's reference is 5 / 7 = 71,4% with n = 7 (no interval, no weights). In 2026H1 only open
links answered (3 yes, 1 no): the figure is theirs, 75%, labelled non-probability.
"""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from app.indicators import formatting
from app.indicators.figures import Figure
from app.indicators.periods import parse_period
from app.indicators.queries import Filters, get_indicator_by_code
from app.indicators.services import compute, consolidate, freeze_period, snapshot_consolidation
from app.responses.models import Response
from app.surveys.queries import get_survey_by_slug
from app.units.queries import get_unit_by_code
from tests.factories import make_response
from tests.indicators.test_views import INDEX, cards, manager, plan, text  # noqa: F401

H1, H2 = parse_period("2026H1"), parse_period("2026H2")
AUGUST = datetime(2026, 8, 3, 2, 0, tzinfo=UTC)
MARCH = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
TINH_KHE = "21211"
LOW, HIGH = 0.07147921, 0.59072457  # Wilson 95% for 2 of 8, worked out above
REFERENCE = "Kênh mở (tham khảo): 71,4% · n = 7 — kết quả tham khảo, mẫu không ngẫu nhiên"
NOTE = "Lưu ý: kết quả tham khảo, mẫu không ngẫu nhiên"


def citizen(heard="yes", channels=("loudspeaker",), *, link=None, at=AUGUST):
    """A citizen's response: through a respondent code (sample) or a public link (open)."""
    answers = {"heard": heard}
    if link is None:
        answers["commune"] = TINH_KHE
    if heard == "yes":
        answers["channels_grassroots"] = list(channels)
    return make_response(get_survey_by_slug("nguoi-dan-nq57"), answers, link=link,
                         submitted_at=at)  # fmt: skip


def sample_codes(count: int) -> list:
    """``count`` respondent codes of a design drawn for the citizen survey, outside the
    commune the open responses name."""
    from app.sampling.codes import create_codes
    from app.sampling.services import DesignParameters, create_design

    survey = get_survey_by_slug("nguoi-dan-nq57")
    params = DesignParameters(margin=0.2, min_communes=1, respondents_per_commune=2)
    design = create_design(survey, params, name="Mẫu", actor=None, seed=7)
    elsewhere = get_unit_by_code(TINH_KHE).id  # where the open responses come from
    codes = [link for link in create_codes(design, actor=None)
             if not link.is_reserve and link.commune_id != elsewhere]  # fmt: skip
    assert len(codes) >= count
    return codes[:count]


def sample_responses() -> None:
    codes = iter(sample_codes(9))
    for channels in (["loudspeaker"], ["meeting"]) + (["none"],) * 6:
        citizen(channels=channels, link=next(codes))
    citizen(heard="dont_know", link=next(codes))


def open_responses(at=AUGUST) -> None:
    for channels in (["notice_board"],) * 5 + (["none"],) * 2:
        citizen(channels=channels, at=at)
    citizen(heard="dont_know", at=at)


@pytest.fixture
def streams(db, plan):  # noqa: F811 - the fixture imported above
    sample_responses()
    open_responses()
    for yes in (True, True, True, False):  # 2026H1: open links only
        citizen(channels=["meeting"] if yes else ["none"], at=MARCH)
    db.session.commit()
    streams = sa.select(Response.stream, sa.func.count()).group_by(Response.stream)
    assert dict(db.session.execute(streams).all()) == {"sample": 9, "open": 12}


def citizen_access(period=H2, filters=None) -> Figure:
    return compute(get_indicator_by_code("CITIZEN_ACCESS"), period, filters or Filters())


def test_estimates_use_the_probability_stream_only(streams):
    f = citizen_access()

    assert (f.value, f.numerator, f.denominator, f.n) == (0.25, 2, 8, 8)
    assert (f.low, f.high) == (pytest.approx(LOW), pytest.approx(HIGH))
    assert (f.n_eff, f.deff, f.weighting) == (8.0, 1.0, "none")
    assert (f.invalid, f.respondents) == (1, 9)  # the sample's "don't know" only
    assert f.non_probability is False
    assert f.status == "not_met"  # 59,1% < 80%, judged on the sample's interval alone
    # The open stream, apart: 5 of 7 valid answers, its "don't know" left out.
    assert (f.open_value, f.open_n) == (pytest.approx(5 / 7), 7)


def test_open_responses_do_not_move_a_weighted_sample_estimate(db, plan):  # noqa: F811
    get_indicator_by_code("CITIZEN_ACCESS").weighting = "commune_population"
    sample_responses()
    db.session.commit()
    before = citizen_access()
    open_responses()
    db.session.commit()
    after = citizen_access()

    assert after.weighting == "commune_population"
    for name in ("value", "low", "high", "n", "n_eff", "deff", "numerator", "status"):
        assert getattr(after, name) == getattr(before, name), name
    assert (before.open_value, before.open_n) == (None, None)
    assert (after.open_value, after.open_n) == (pytest.approx(5 / 7), 7)  # never weighted


def test_without_a_sample_the_open_responses_count_and_carry_the_label(streams):
    f = citizen_access(H1)

    assert (f.value, f.numerator, f.n) == (0.75, 3, 4)
    assert f.non_probability is True
    assert (f.open_value, f.open_n) == (None, None)  # the figure is theirs: nothing beside it


def test_the_reference_follows_the_filters(streams):
    # The open responses all name Tịnh Khê; the sample's codes are in other communes.
    commune = get_unit_by_code(TINH_KHE)
    f = citizen_access(filters=Filters(commune_id=commune.id))

    assert (f.value, f.n, f.non_probability) == (5 / 7, 7, True)  # no sample there
    assert f.open_n is None


def test_the_dashboard_shows_the_sample_estimate_and_the_reference_beside_it(
    streams,
    client,
    manager,  # noqa: F811
):
    page = client.get(INDEX + "?period=2026H2")
    assert page.status_code == 200
    card = cards(text(page))["CITIZEN_ACCESS"]

    assert "<strong>25%</strong>" in card
    assert "(khoảng tin cậy 95%: 7,1% – 59,1%)" in card
    assert '<dt>Tử số / mẫu số</dt><dd class="num">2 / 8</dd>' in card
    assert "<dd>8 / 8,0" in card  # n / effective n
    assert "Chưa đạt" in card
    assert f'<p class="hint">{REFERENCE}</p>' in card
    assert NOTE not in card  # the estimate itself is a probability sample
    # The reference is text beside the value: in neither the chart nor the value.
    assert card.count("71,4%") == 1
    assert "46,7%" not in card


def test_the_detail_page_shows_the_same_numbers_and_reference(streams, client, manager):  # noqa: F811
    page = client.get("/manage/indicators/CITIZEN_ACCESS?period=2026H2")
    assert page.status_code == 200
    html = text(page)

    assert "<strong>25%</strong>" in html
    assert "(khoảng tin cậy 95%: 7,1% – 59,1%)" in html
    assert f'<p class="hint">{REFERENCE}</p>' in html
    assert NOTE not in html


def test_a_period_without_a_sample_is_labelled_and_has_no_reference(streams, client, manager):  # noqa: F811
    card = cards(text(client.get(INDEX + "?period=2026H1")))["CITIZEN_ACCESS"]

    assert "<strong>75%</strong>" in card
    assert f'<p class="hint">{NOTE}</p>' in card
    assert "Kênh mở (tham khảo)" not in card


def test_the_reference_text_formats_as_the_dashboard_does(app):
    base = {"code": "X", "name_vi": "X", "name_en": "X", "kind": "survey_proportion",
            "percent": True, "is_sample": True, "is_plan_target": True, "definition_version": 1,
            "target": 0.8, "comparison": ">=", "target_year": 2030}  # fmt: skip
    with app.test_request_context(), force_locale("vi"):
        figure = Figure(**base, value=0.25, open_value=250 / 350, open_n=1234)
        assert formatting.open_reference_text(figure) == (
            "Kênh mở (tham khảo): 71,4% · n = 1.234 — kết quả tham khảo, mẫu không ngẫu nhiên"
        )
        assert formatting.open_reference_text(Figure(**base, open_value=0.5, open_n=2)) == (
            "Kênh mở (tham khảo): 50% · n = 2 — kết quả tham khảo, mẫu không ngẫu nhiên"
        )
        assert formatting.open_reference_text(Figure(**base, value=0.25)) == ""


def test_snapshots_keep_the_reference_and_old_ones_still_load(streams, db, client, manager):  # noqa: F811
    snapshot = freeze_period(H2, actor=None)
    db.session.commit()
    frozen = snapshot_consolidation(snapshot).figure("CITIZEN_ACCESS")
    assert (frozen.value, frozen.n) == (0.25, 8)
    assert (frozen.open_value, frozen.open_n) == (pytest.approx(5 / 7), 7)
    page = client.get(f"/manage/indicators/snapshots/{snapshot.id}")
    assert f'<p class="hint">{REFERENCE}</p>' in cards(text(page))["CITIZEN_ACCESS"]

    # A snapshot frozen before the reference existed has neither key.
    old = frozen.to_dict()
    del old["open_value"], old["open_n"]
    assert (Figure.from_dict(old).open_value, Figure.from_dict(old).open_n) == (None, None)


def test_the_semiannual_report_gives_the_reference_as_a_footnote(streams, app):
    from flask import render_template

    from app.reports.semiannual import get_settings, semiannual_context

    with app.test_request_context(), force_locale("vi"):
        result = consolidate(H2)
        context = semiannual_context(result, get_settings(), number="01",
                                     issued_on=date(2026, 12, 18), draft=True)  # fmt: skip
        html = render_template("reports/pdf/semiannual.html", **context)

    (row,) = [r for r in context["plan_rows"] if r["code"] == "CITIZEN_ACCESS"]
    assert (row["value"], row["n"], row["open_reference"]) == ("25%", 8, REFERENCE)
    name = result.figure("CITIZEN_ACCESS").name_vi
    assert f"{name}<sup>**</sup></td>" in html
    assert f'<p class="footnote"><sup>**</sup> {row["index"]}. {name} – {REFERENCE}.</p>' in html
    # Every citizen indicator has the sample this period, so each gets its footnote line.
    referenced = [r for r in context["plan_rows"] + context["monitoring_rows"]
                  if r["open_reference"]]  # fmt: skip
    assert html.count("Kênh mở (tham khảo)") == len(referenced) > 1
    assert html.count("<sup>**</sup></td>") == len(referenced)


def test_the_indicator_workbook_gives_the_reference_as_a_note(streams, app):
    from app.exports.indicators import indicator_workbook

    with app.test_request_context(), force_locale("vi"):
        book = indicator_workbook(consolidate(H2), language="vi", period_label="2026H2",
                                  filters_text="")  # fmt: skip
    header, *rows = book.worksheets[0].iter_rows(values_only=True)
    (access,) = [dict(zip(header, r, strict=True)) for r in rows if r[0] == "CITIZEN_ACCESS"]
    assert (access["Giá trị"], access["n"], access["Ghi chú"]) == (0.25, 8, REFERENCE)
