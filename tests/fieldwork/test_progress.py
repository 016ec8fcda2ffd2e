"""Fieldwork progress with contact outcomes: refusals, non-contacts, ineligibles, replacements
and the response rate, per commune and stratum, against hand-computed numbers."""

import re
from html import unescape

import pytest

from app.fieldwork.models import ContactOutcome
from app.fieldwork.outcomes import record_outcome
from app.responses.services import start_response
from app.sampling.progress import commune_progress, stratum_progress
from tests.factories import make_response, make_user
from tests.fieldwork.test_outcomes import commune_codes, make_small_design


@pytest.fixture
def design(db, seeded):
    return make_small_design(db)


@pytest.fixture
def fieldwork(db, design):
    """Phường Kon Tum (23293): 10 respondents' codes, then 2 reserve codes.

    codes 1-3   completed                       -> completed 3
    code 4      started, not sent               -> in progress
    code 5      sent, excluded on review        -> neither completed nor in the rate
    codes 6, 7  refused                         -> refused 2
    code 8      not met                         -> noncontact 1
    code 9      not eligible                    -> ineligible 1
    code 10     sent, with a stale "refused"    -> completed (a response outranks an outcome)
    code 11     reserve, sent                   -> completed, replaced
    code 12     reserve, refused                -> refused, replaced

    completed 5, refused 3, not met 1, not eligible 1, replaced 2 of 2;
    response rate 5 / (5 + 3 + 1) = 5/9.
    """
    links = commune_codes(db, design)
    survey = design.survey
    for link in [*links[:3], links[9], links[10]]:
        make_response(survey, {"heard": "yes"}, link=link)
    start_response(survey, link=links[3])
    make_response(survey, {"heard": "no"}, link=links[4]).is_excluded = True
    for link, outcome in [(links[5], "refused"), (links[6], "refused"), (links[7], "noncontact"),
                          (links[8], "ineligible"), (links[11], "refused")]:  # fmt: skip
        record_outcome(link, outcome, note=None, user=None)
    # written directly: the service refuses an outcome for a code with a response
    db.session.add(ContactOutcome(link_id=links[9].id, outcome="refused"))
    db.session.commit()
    return design


def test_commune_progress_counts_outcomes_and_the_response_rate(db, fieldwork, count_queries):
    design_id = fieldwork.id

    with count_queries() as statements:
        communes = {c.code: c for c in commune_progress(design_id)}
        strata = {s.stratum: s for s in stratum_progress(design_id)}

    assert len(statements) == 2  # still one GROUP BY per table
    kon_tum = communes["23293"]
    assert (kon_tum.codes, kon_tum.completed, kon_tum.in_progress, kon_tum.refused,
            kon_tum.noncontact, kon_tum.ineligible, kon_tum.replaced) == (
        12, 5, 1, 3, 1, 1, 2)  # fmt: skip
    assert kon_tum.missing == 5
    assert kon_tum.response_rate == pytest.approx(5 / 9)
    # a commune where nothing is settled has no rate yet (not 0%)
    other = next(c for code, c in communes.items() if code != "23293")
    assert (other.completed, other.refused, other.noncontact, other.response_rate) == (
        0, 0, 0, None)  # fmt: skip
    # The "kon_tum" stratum (former province) holds Phường Kon Tum and one more commune.
    stratum = strata["kon_tum"]
    assert (stratum.communes, stratum.completed, stratum.in_progress, stratum.refused,
            stratum.noncontact, stratum.ineligible, stratum.replaced) == (
        2, 5, 1, 3, 1, 1, 2)  # fmt: skip
    assert stratum.response_rate == pytest.approx(5 / 9)
    assert strata["quang_ngai"].response_rate is None


def test_ineligible_codes_leave_the_denominator(db, design):
    links = commune_codes(db, design)
    make_response(design.survey, {"heard": "yes"}, link=links[0])
    record_outcome(links[1], "ineligible", note=None, user=None)
    record_outcome(links[2], "ineligible", note=None, user=None)
    record_outcome(links[3], "noncontact", note=None, user=None)
    db.session.commit()

    row = next(c for c in commune_progress(design.id) if c.code == "23293")

    assert (row.completed, row.ineligible, row.noncontact) == (1, 2, 1)
    assert row.response_rate == pytest.approx(1 / 2)  # 1 / (1 + 0 + 1), the 2 ineligible aside
    assert row.replaced == 0  # no reserve code used


def test_the_design_page_shows_outcomes_and_the_rate_in_words(client, db, login, fieldwork):
    login(make_user("manager"))
    db.session.commit()

    page = unescape(re.sub(r"\s+", " ", client.get(f"/manage/sampling/{fieldwork.id}").text))

    for header in ("Từ chối", "Không gặp được", "Không thuộc đối tượng",
                   "Đã thay thế bằng mã dự phòng", "Tỷ lệ phản hồi"):  # fmt: skip
        assert f'<th scope="col" class="num">{header}</th>' in page
    assert "Tỷ lệ phản hồi = hoàn thành / (hoàn thành + từ chối + không gặp được)" in page
    assert "Người không thuộc đối tượng không tính vào mẫu số" in page
    # Phường Kon Tum: in progress 1, refused 3, not met 1, not eligible 1, 2 of 2 replaced, 55,6%
    assert re.search(r'Phường Kon Tum</a> <span class="hint nowrap" translate="no">23293</span>'
                     r'</th> <td class="num">10</td><td class="num">12</td> '
                     r'<td class="num">5</td><td class="num">5</td> <td class="num">1</td>'
                     r'<td class="num">3</td> <td class="num">1</td><td class="num">1</td> '
                     r'<td class="num">2 / 2</td><td class="num">55,6%</td>', page)  # fmt: skip
    assert f'href="/manage/sampling/{fieldwork.id}/outcomes?xa=23293"' in page
    assert f'href="/manage/surveys/{fieldwork.survey_id}/backchecks"' in page
