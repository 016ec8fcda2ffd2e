"""Role escalation and guessed ids, with CSRF on and a valid token, so only the permission check
stands between the request and the data: staff posting to managers' routes, managers to
administrators', and ids of another survey, link, response, assignment or unit. Every GET of
every route by role is in tests/test_permissions.py; this adds the POSTs and the ids."""

import pytest
import sqlalchemy as sa

from app.fieldwork.assignments import assign
from app.fieldwork.models import EnumeratorAssignment
from app.responses.links import create_link
from app.responses.models import Response
from app.sampling.codes import create_codes
from app.sampling.services import DesignParameters, create_design
from app.units.queries import get_unit
from tests.entry.conftest import make_entry_survey
from tests.factories import make_user
from tests.security.conftest import csrf_token, nothing_stored, sign_in
from tests.test_permissions import MATRIX, concrete

# Bodies that would change something if the permission check let them through.
BODY = {"title": "Chiếm quyền", "name": "Chiếm quyền", "email": "x@skhcn.test",
        "full_name": "X", "role": "admin", "reason": "x", "outcome": "refused",
        "direction": "up", "period": "2026H1", "year": "2027", "half": "1",
        "format": "csv", "labels": "codes", "kind": "public"}  # fmt: skip
PUBLIC_OR_OWN = ("/s/", "/xoa-phieu-tra-loi", "/login", "/logout", "/account/", "/me/",
                 "/interview/")  # fmt: skip


def forbidden_posts(app, role_index: int) -> list[str]:
    """POST routes a role may not use: its GET is refused (403), or the route is a POST-only
    one of the managers' or administrators' areas above the role."""
    area = "/admin/" if role_index == 2 else ("/manage/", "/admin/")
    rules = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.rule.startswith(PUBLIC_OR_OWN):
            continue
        status = MATRIX[rule.rule][role_index]
        if status == 403 or (status == 405 and rule.rule.startswith(area)):
            rules.append(rule.rule)
    return sorted(rules)


@pytest.mark.parametrize(("role", "index"), [("staff", 1), ("manager", 2)])
def test_a_lower_role_with_a_valid_token_changes_nothing(app, db, hostile, csrf, role, index):
    from app.unit_reports.calendar import ensure_period

    ensure_period(2026, 1)
    db.session.commit()
    client = app.test_client()
    sign_in(client, hostile.staff if role == "staff" else hostile.manager)
    token = csrf_token(client, "/account/password")
    rules = forbidden_posts(app, index)
    assert len(rules) >= (40 if role == "staff" else 8)
    allowed = []
    with nothing_stored(skip=set()):  # not even an audit entry
        for rule in rules:
            url = concrete(rule, hostile.admin.id, hostile.unit.id, hostile.survey.id)
            url = url.replace("/999", "/1").replace("/U1", "/XSS_UNIT")
            response = client.post(url, data={**BODY, "csrf_token": token})
            if response.status_code not in {403, 404}:
                allowed.append((url, response.status_code))
    assert allowed == []
    db.session.refresh(hostile.admin)
    assert (hostile.admin.role, hostile.admin.is_active) == ("admin", True)


def test_staff_cannot_make_themselves_managers(app, db, hostile, csrf):
    client = app.test_client()
    sign_in(client, hostile.staff)
    token = csrf_token(client, "/account/password")
    url = f"/admin/users/{hostile.staff.id}/edit"
    data = {"email": hostile.staff.email, "full_name": "X", "role": "admin", "unit_id": "0",
            "csrf_token": token}  # fmt: skip
    with nothing_stored(skip=set()):
        assert client.post(url, data=data).status_code == 403
        assert client.post("/admin/users/new", data=data).status_code == 403
    db.session.refresh(hostile.staff)
    assert hostile.staff.role == "staff"


# --- guessed ids -------------------------------------------------------------------------------


@pytest.fixture
def other_survey(db, hostile):
    """A second published citizen survey with its own link and response."""
    survey = make_entry_survey("khao-sat-khac")
    link = create_link(survey, label="Khác")
    db.session.commit()
    response = Response(survey_id=survey.id, version_id=survey.latest_version.id, link=link)
    db.session.add(response)
    db.session.commit()
    return survey, link, response


def test_a_managers_ids_of_another_survey_are_not_found(app, db, hostile, other_survey, csrf):
    survey, link, response = other_survey
    client = app.test_client()
    sign_in(client, hostile.manager)
    token = csrf_token(client, f"/manage/surveys/{hostile.survey.id}/links")
    mine = f"/manage/surveys/{hostile.survey.id}"
    gets = [f"{mine}/responses/{response.id}", f"{mine}/links/{link.id}/qr.png",
            f"{mine}/links/{link.id}/qr.svg", f"{mine}/links/{link.id}/revoke",
            f"/manage/surveys/{survey.id}/responses/{hostile.responses[0].id}",
            f"/manage/surveys/{survey.id}/links/{hostile.link.id}/revoke"]  # fmt: skip
    posts = [f"{mine}/responses/{response.id}", f"{mine}/links/{link.id}/revoke",
             f"/manage/surveys/{survey.id}/responses/{hostile.responses[0].id}"]  # fmt: skip
    with nothing_stored(skip=set()):
        for url in gets:
            assert client.get(url).status_code == 404, url
        for url in posts:
            response_ = client.post(url, data={"reason": "Trùng", "csrf_token": token})
            assert response_.status_code == 404, url
    db.session.refresh(link)
    assert link.revoked_at is None
    assert db.session.get(Response, response.id).is_excluded is False


def test_a_response_of_another_survey_is_not_exported_through_this_one(client, db, hostile,
                                                                       other_survey):  # fmt: skip
    _survey, link, _response = other_survey
    sign_in(client, hostile.admin)
    url = f"/manage/surveys/{hostile.survey.id}/responses/export"
    text = client.post(url, data={"format": "csv", "labels": "codes", "link": str(link.id)})
    rows = text.get_data(as_text=True).lstrip("\ufeff").strip().splitlines()
    assert len(rows) == 1  # the header: the other survey's link selects none of these


@pytest.fixture
def fieldwork(db, seeded, hostile):
    """A sample design with codes for a second survey, two enumerators each given one of its
    communes, and an enumerator of the hostile survey."""
    survey = make_entry_survey("khao-sat-mau")
    manager = hostile.manager
    design = create_design(survey, DesignParameters(), name="Mẫu", actor=manager, seed=20260601)
    links = create_codes(design, actor=manager)
    communes = list(dict.fromkeys(get_unit(link.commune_id) for link in links))[:2]
    first, second = make_user("enumerator"), make_user("enumerator")
    assign(survey, first, [communes[0]], actor=manager)
    assign(survey, second, [communes[1]], actor=manager)
    db.session.commit()
    return survey, design, communes, first, second, links


def test_an_enumerator_cannot_reach_another_enumerators_commune(app, db, fieldwork, csrf):
    survey, _design, communes, _first, second, links = fieldwork
    code = next(link.code for link in links if link.commune_id == communes[0].id)
    client = app.test_client()
    sign_in(client, second)
    token = csrf_token(client, f"/interview/{survey.id}/{communes[1].id}")
    theirs = f"/interview/{survey.id}/{communes[0].id}"
    with nothing_stored(skip=set()):
        assert client.get(theirs).status_code == 404
        for url, data in (
            (theirs, {"respondent_code": code, "q_age": "30"}),
            (f"{theirs}/outcome", {"outcome_code": code, "outcome": "refused"}),
        ):
            assert client.post(url, data={**data, "csrf_token": token}).status_code == 404, url
    assert db.session.scalar(sa.select(sa.func.count(Response.id))
                             .where(Response.survey_id == survey.id)) == 0  # fmt: skip


def test_an_assignment_or_code_of_another_survey_or_design_is_not_found(
    app, db, hostile, fieldwork, csrf
):
    survey, design, _communes, first, _second, links = fieldwork
    assignment = db.session.scalar(sa.select(EnumeratorAssignment)
                                   .where(EnumeratorAssignment.user_id == first.id))  # fmt: skip
    other_design = create_design(survey, DesignParameters(), name="Mẫu 2", actor=hostile.manager,
                                 seed=7)  # fmt: skip
    db.session.commit()
    client = app.test_client()
    sign_in(client, hostile.manager)
    token = csrf_token(client, f"/manage/surveys/{survey.id}/enumerators")
    posts = [
        f"/manage/surveys/{hostile.survey.id}/enumerators/{assignment.id}/remove",
        f"/manage/sampling/{other_design.id}/outcomes/{links[0].id}",
        f"/manage/sampling/{other_design.id}/outcomes/{links[0].id}/clear",
        f"/manage/sampling/{design.id}/outcomes/{hostile.link.id}",
    ]
    with nothing_stored(skip=set()):
        for url in posts:
            response = client.post(url, data={"outcome": "refused", "csrf_token": token})
            assert response.status_code == 404, url
    assert db.session.get(EnumeratorAssignment, assignment.id) is not None


def test_staff_of_one_unit_cannot_read_or_write_another_units_report(app, db, hostile, csrf):
    from app.unit_reports.calendar import ensure_period
    from app.units.queries import get_unit_by_code

    period = ensure_period(2026, 1)
    other = get_unit_by_code("BCVT_CDS")
    db.session.commit()
    client = app.test_client()
    sign_in(client, hostile.staff)
    token = csrf_token(client, "/reports/units/")
    theirs = f"/reports/units/{period.id}/{other.code}"
    with nothing_stored(skip=set()):
        assert client.get(theirs).status_code == 403
        for url in (theirs, f"{theirs}/accept", f"{theirs}/return"):
            response = client.post(url, data={"csrf_token": token, "reason": "x"})
            assert response.status_code == 403, url
