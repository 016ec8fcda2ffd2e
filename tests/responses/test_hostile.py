"""Odd and hostile input on the respondent's side: clear answers, nothing stored wrongly."""

import re

import pytest
import sqlalchemy as sa

from app.responses.links import create_link
from app.responses.models import Response
from tests.responses.test_flow import one_page_survey


@pytest.mark.parametrize("path", ["/s/%00", "/s/{token}/%00/p_about", "/s/{token}/%00/thanks",
                                  "/s/{token}/x%00y/saved"])  # fmt: skip
def test_nul_bytes_in_links_are_not_found(client, db, citizen_link, path):
    assert client.get(path.format(token=citizen_link.token)).status_code == 404


def test_a_number_too_large_to_store_is_a_field_error(client, db, seeded):
    link = create_link(one_page_survey(db))
    db.session.commit()
    response = client.post(f"/s/{link.token}", data={"q_n": "9" * 15})
    assert "Nhập một số nguyên, ví dụ 12" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0


def test_error_summary_links_point_to_fields_on_the_page(client, db, citizen_link):
    from tests.responses.test_flow import NO_PATH, walk

    page = walk(client, f"/s/{citizen_link.token}", NO_PATH[:1])
    html = client.post(page.headers["Location"], data={}).get_data(as_text=True)
    targets = re.findall(r'<li><a href="#([^"]+)">', html)
    assert len(targets) == 3
    for target in targets:
        assert f'id="{target}"' in html


def test_enter_in_a_field_continues_rather_than_switching_language(client, db, citizen_link):
    html = client.get(f"/s/{citizen_link.token}").get_data(as_text=True)
    first_submit = re.search(r"<button[^>]*>", html.split('<form method="post"', 1)[1]).group(0)
    assert 'name="lang"' not in first_submit


def test_posts_without_a_device_cookie_share_their_address_limit(app, db, seeded):
    app.config["ANSWER_RATE_LIMIT_DEVICE"] = "3 per minute"
    try:
        link = create_link(one_page_survey(db))
        db.session.commit()
        statuses = []
        for i in range(5):
            fresh = app.test_client()  # a script that drops its cookie every time
            statuses.append(fresh.post(f"/s/{link.token}", data={"q_n": str(i)}).status_code)
    finally:
        app.config["ANSWER_RATE_LIMIT_DEVICE"] = "60 per minute"
    assert statuses[:3] == [303, 303, 303]
    assert statuses[3:] == [429, 429]


def test_the_mail_merge_file_does_not_carry_formulas(client, db, seeded, login):
    from app.enterprises.models import Enterprise
    from app.enterprises.services import create_invitations
    from app.surveys.files import seed_builtin_surveys
    from app.surveys.queries import get_survey_by_slug
    from tests.factories import make_user

    seed_builtin_surveys()
    enterprise = Enterprise(tax_code="4300123456", name='=HYPERLINK("http://x")', kind="private")
    db.session.add(enterprise)
    survey = get_survey_by_slug("doanh-nghiep-nq57")
    create_invitations(survey, [enterprise], actor=None)
    login(make_user("manager"))
    db.session.commit()
    text = client.get(f"/manage/enterprises/invitations/{survey.id}.csv").get_data(as_text=True)
    assert "\n'=HYPERLINK" in text.replace('"', "")
