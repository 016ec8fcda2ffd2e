"""Submissions per hour and surges: the rule on counts, the SQL buckets in Vietnam's hours,
and the page."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.responses.activity import flag_surges, survey_activity, window
from app.responses.links import create_link
from app.responses.models import Response
from tests.factories import make_user
from tests.responses.test_flow import one_page_survey

NOW = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)  # 14:30 in Vietnam


def test_an_hour_is_a_surge_at_twenty_and_five_times_the_other_hours():
    assert flag_surges([0, 4, 0, 20, 4]) == [False, False, False, True, False]  # 20 ≥ 5 × 4
    assert flag_surges([0, 4, 0, 19, 4]) == [False] * 5  # under the minimum of 20
    assert flag_surges([30, 30, 30, 30]) == [False] * 4  # a busy event, steady
    assert flag_surges([100]) == [True]  # one hour, nothing else: against a baseline of 1
    assert flag_surges([6, 25, 5]) == [False, False, False]  # 25 < 5 × 5.5


def test_the_window_ends_with_the_current_local_hour():
    start, hours = window(NOW, 1)
    assert (start.isoformat(), hours) == ("2026-11-25T15:00:00", 24)  # local, naive


def test_responses_are_counted_by_local_hour_and_link(app, db):
    survey = one_page_survey(db)
    poster = create_link(survey, label="Bảng tin chợ")
    zalo = create_link(survey, label="Nhóm Zalo")
    db.session.commit()
    client = app.test_client()
    for _ in range(3):
        client.post(f"/s/{poster.token}", data={"q_n": "1"})
    for _ in range(25):
        client.post(f"/s/{zalo.token}", data={"q_n": "2"})
    ids = db.session.scalars(sa.select(Response.id).order_by(Response.id)).all()
    # Poster: one at 08:10 and two at 09:40 Vietnam time; Zalo: 25 at 13:05 (UTC + 7).
    day = datetime(2026, 11, 26, tzinfo=UTC)
    times = ([day + timedelta(hours=1, minutes=10)] + [day + timedelta(hours=2, minutes=40)] * 2
             + [day + timedelta(hours=6, minutes=5)] * 25)  # fmt: skip
    for response_id, when in zip(ids, times, strict=True):
        db.session.execute(sa.update(Response).where(Response.id == response_id)
                           .values(submitted_at=when))  # fmt: skip
    db.session.commit()

    result = survey_activity(survey.id, NOW, 1, "Không qua đường dẫn")

    busy = {h.start.hour: h.n for h in result.hours if h.n}
    assert busy == {8: 1, 9: 2, 13: 25}
    assert [h.start.hour for h in result.surges] == [13]  # 25 ≥ 20 and ≥ 5 × 1.5
    first, second = result.links
    assert (first.label, first.total, [h.start.hour for h in first.surges]) == (
        "Nhóm Zalo",
        25,
        [13],
    )
    assert (second.label, second.total, second.peak.start.hour, second.peak.n) == (
        "Bảng tin chợ",
        3,
        9,
        2,
    )
    assert survey_activity(survey.id, NOW + timedelta(days=2), 1, "").total == 0


def test_the_page_shows_the_chart_the_surge_and_the_links(app, client, db, login):
    survey = one_page_survey(db)
    link = create_link(survey, label="Loa phường")
    db.session.commit()
    for _ in range(21):
        app.test_client().post(f"/s/{link.token}", data={"q_n": "3"})
    login(make_user("manager"))
    db.session.commit()

    page = client.get(f"/manage/surveys/{survey.id}/activity?days=3")

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "21 phiếu trong 3 ngày" in html
    assert 'role="img"' in html
    assert "Giờ tăng đột biến:" in html  # in the chart's description, not only in colour
    assert "Có giờ tăng đột biến:" in html
    assert "Loa phường" in html
    assert client.get(f"/manage/surveys/{survey.id}/activity?days=abc").status_code == 200
