"""Every route's permission boundary, by role. A new route fails here until it is listed."""

import pytest

from app.permissions import can_administer, can_manage, has_role
from tests.factories import make_unit, make_user

LOGIN = "login"
REGISTER = "<any(tasks, channels, trainings, members, awards, documents):register>"
PARENT_REGISTER = "<any(tasks, channels):register>"
ANY_REGISTER = (
    "<any(tasks, communications, channels, products, trainings, members, awards, documents)"
    ":register>"
)
PLAN_TASK = "<any(III.1, III.2, III.3, III.4):task>"
# rule -> expected status for (anonymous, staff, manager, admin); LOGIN = redirect to sign-in.
MATRIX = {
    "/": (302, 302, 302, 302),
    "/login": (200, 302, 302, 302),
    "/logout": (405, 405, 405, 405),
    "/account/password": (LOGIN, 200, 200, 200),
    "/language/<code>": (302, 302, 302, 302),
    "/me": (LOGIN, 200, 200, 200),
    "/healthz": (200, 200, 200, 200),
    "/manage/": (LOGIN, 403, 200, 200),
    "/admin/": (LOGIN, 403, 403, 200),
    "/admin/users": (LOGIN, 403, 403, 200),
    "/admin/users/new": (LOGIN, 403, 403, 200),
    "/admin/users/import": (LOGIN, 403, 403, 200),
    "/admin/users/<int:user_id>/edit": (LOGIN, 403, 403, 200),
    "/admin/users/<int:user_id>/<any(deactivate, reactivate, reset_password):action>": (
        LOGIN,
        403,
        403,
        200,
    ),
    "/admin/units": (LOGIN, 403, 403, 200),
    "/admin/units/import": (LOGIN, 403, 403, 200),
    "/admin/units/<int:unit_id>/edit": (LOGIN, 403, 403, 200),
    "/admin/audit": (LOGIN, 403, 403, 200),
    "/manage/surveys/": (LOGIN, 403, 200, 200),
    "/manage/surveys/new": (LOGIN, 403, 200, 200),
    "/manage/surveys/import": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>/settings": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>/export": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>/preview": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>/clone": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>/translations/<lang>": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>/pages/new": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>/pages/<code>/edit": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>/pages/<page_code>/questions/new": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>/questions/<code>/edit": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>/<any(page, question):kind>/<code>/move": (405, 405, 405, 405),
    "/manage/surveys/<int:survey_id>/<any(page, question):kind>/<code>/remove": (
        LOGIN,
        403,
        200,
        200,
    ),
    "/manage/surveys/<int:survey_id>/<any(publish, close, reopen, archive):action>": (
        LOGIN,
        403,
        200,
        200,
    ),
    # Interviews: any signed-in user sees their (here empty) assignments; a survey and commune
    # not assigned to them does not exist for them.
    "/interview/": (LOGIN, 200, 200, 200),
    "/interview/<int:survey_id>/<int:commune_id>": (LOGIN, 404, 404, 404),
    "/interview/<int:survey_id>/<int:commune_id>/outcome": (405, 405, 405, 405),  # POST only
    "/interview/sync": (405, 405, 405, 405),
    "/interview/sw.js": (200, 200, 200, 200),
    "/manage/surveys/<int:survey_id>/enumerators": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>/enumerators/<int:assignment_id>/remove": (
        405,
        405,
        405,
        405,
    ),
    "/s/<token>": (404, 404, 404, 404),
    "/s/<token>/<sid>/<page_code>": (404, 404, 404, 404),
    "/s/<token>/<sid>/thanks": (404, 404, 404, 404),
    "/s/<token>/<sid>/saved": (404, 404, 404, 404),
    # The test survey is for citizens, so the staff pages do not exist for it.
    "/me/surveys/<int:survey_id>": (LOGIN, 404, 404, 404),
    "/me/surveys/<int:survey_id>/<page_code>": (LOGIN, 404, 404, 404),
    "/me/surveys/<int:survey_id>/thanks": (LOGIN, 404, 404, 404),
    "/manage/surveys/<int:survey_id>/links": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>/links/<int:link_id>/qr.<any(svg, png):fmt>": (
        LOGIN,
        403,
        404,
        404,
    ),
    "/manage/surveys/<int:survey_id>/links/<int:link_id>/revoke": (LOGIN, 403, 404, 404),
    # No public link exists yet: the manager is sent back to the list with a message.
    "/manage/surveys/<int:survey_id>/posters.pdf": (LOGIN, 403, 303, 303),
    "/manage/surveys/<int:survey_id>/responses": (LOGIN, 403, 200, 200),
    # No published version yet: the manager is sent back to the survey with a message.
    "/manage/surveys/<int:survey_id>/paper": (LOGIN, 403, 303, 303),
    "/manage/surveys/<int:survey_id>/activity": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>/responses/<int:response_id>": (LOGIN, 403, 404, 404),
    "/manage/surveys/<int:survey_id>/responses/export": (405, 405, 405, 405),  # POST only
    "/xoa-phieu-tra-loi": (200, 200, 200, 200),
    "/admin/deletions": (LOGIN, 403, 403, 200),
    "/admin/deletions/<int:request_id>": (LOGIN, 403, 403, 404),
    "/manage/enterprises/": (LOGIN, 403, 200, 200),
    "/manage/enterprises/invite/<int:survey_id>": (LOGIN, 403, 200, 200),
    "/manage/enterprises/invitations/<int:survey_id>.csv": (LOGIN, 403, 200, 200),
    # Registers: one rule per page, the register named in the URL ("tasks" below).
    "/manage/registers/": (LOGIN, 403, 200, 200),
    f"/manage/registers/{REGISTER}/": (LOGIN, 403, 200, 200),
    f"/manage/registers/{REGISTER}/new": (LOGIN, 403, 200, 200),
    f"/manage/registers/{REGISTER}/<int:row_id>/edit": (LOGIN, 403, 404, 404),
    f"/manage/registers/{PARENT_REGISTER}/<int:row_id>": (LOGIN, 403, 404, 404),
    f"/manage/registers/{ANY_REGISTER}/<int:row_id>/delete": (LOGIN, 403, 404, 404),
    f"/manage/registers/{ANY_REGISTER}/import": (LOGIN, 403, 200, 200),
    f"/manage/registers/{ANY_REGISTER}/export.csv": (LOGIN, 403, 200, 200),
    # Indicators: no indicator is seeded here, so "<code>" ("en") names none.
    "/manage/indicators/": (LOGIN, 403, 200, 200),
    "/manage/indicators/<code>": (LOGIN, 403, 404, 404),
    "/manage/indicators/<code>/edit": (LOGIN, 403, 404, 404),
    # POST only; a GET reaches the detail page of an indicator coded "freeze", which is none.
    "/manage/indicators/freeze": (LOGIN, 403, 404, 404),
    "/manage/indicators/export.xlsx": (LOGIN, 403, 200, 200),
    "/manage/indicators/export.csv": (LOGIN, 403, 200, 200),
    "/manage/indicators/export.json": (LOGIN, 403, 200, 200),
    "/manage/indicators/snapshots": (LOGIN, 403, 200, 200),
    "/manage/indicators/snapshots/<int:snapshot_id>": (LOGIN, 403, 404, 404),
    "/api/v1/": (200, 200, 200, 200),
    "/api/v1/communes": (200, 200, 200, 200),
    "/manage/reports/settings": (LOGIN, 403, 200, 200),
    "/manage/reports/": (LOGIN, 403, 200, 200),
    "/manage/reports/issued/<int:report_id>.pdf": (LOGIN, 403, 404, 404),
    "/manage/reports/semiannual": (LOGIN, 403, 200, 200),
    "/manage/reports/semiannual.docx": (405, 405, 405, 405),  # POST only
    "/manage/reports/survey": (LOGIN, 403, 200, 200),
    "/api/v1/indicators": (200, 200, 200, 200),
    "/api/v1/indicators/<code>": (404, 404, 404, 404),
    "/manage/sampling/": (LOGIN, 403, 200, 200),
    "/manage/sampling/new": (LOGIN, 403, 200, 200),
    "/manage/sampling/<int:design_id>": (LOGIN, 403, 404, 404),
    "/manage/sampling/<int:design_id>/codes": (405, 405, 405, 405),  # POST only
    "/manage/sampling/<int:design_id>/sheets.pdf": (LOGIN, 403, 404, 404),
    # Fieldwork quality: contact outcomes of a design's codes (no design 999), back-checks.
    "/manage/sampling/<int:design_id>/outcomes": (LOGIN, 403, 404, 404),
    "/manage/sampling/<int:design_id>/outcomes/<int:link_id>": (405, 405, 405, 405),  # POST only
    "/manage/sampling/<int:design_id>/outcomes/<int:link_id>/clear": (405, 405, 405, 405),
    "/manage/surveys/<int:survey_id>/backchecks": (LOGIN, 403, 200, 200),
    "/manage/surveys/<int:survey_id>/backchecks/draw": (405, 405, 405, 405),  # POST only
    "/manage/surveys/<int:survey_id>/backchecks/<int:check_id>": (LOGIN, 403, 404, 404),
    "/manage/surveys/<int:survey_id>/backchecks/discrepancies": (LOGIN, 403, 200, 200),
    # Paper entry: the test survey has no published version, so managers are sent back to it.
    "/manage/surveys/<int:survey_id>/entry": (LOGIN, 403, 303, 303),
    "/manage/surveys/<int:survey_id>/entry/<serial>": (LOGIN, 403, 303, 303),
    "/manage/surveys/<int:survey_id>/entry/differences": (LOGIN, 403, 303, 303),
    "/manage/surveys/<int:survey_id>/entry/differences/<int:form_id>": (LOGIN, 403, 303, 303),
    # Question bank: the list, and adding items to a draft survey (POST only).
    "/manage/bank/": (LOGIN, 403, 200, 200),
    "/manage/bank/add": (405, 405, 405, 405),
    # The department report's sections: the lead unit's staff and administrators only (the test
    # users belong to no unit); there is no period 999.
    "/reports/sections/<int:period_id>": (LOGIN, 403, 403, 404),
    f"/reports/sections/<int:period_id>/{PLAN_TASK}": (405, 405, 405, 405),  # POST only
    f"/reports/sections/<int:period_id>/{PLAN_TASK}/regenerate": (LOGIN, 403, 403, 404),
    # Unit reports: staff see their unit's reports (the test staff has no unit), managers all;
    # no period 999 exists; the signed-in users have no unit, so "mine" sends them back.
    "/reports/units/": (LOGIN, 200, 200, 200),
    "/reports/units/mine": (LOGIN, 302, 302, 302),
    "/reports/units/periods": (405, 405, 405, 405),  # POST only
    "/reports/units/periods/<int:period_id>/edit": (LOGIN, 403, 404, 404),
    "/reports/units/<int:period_id>/": (LOGIN, 404, 404, 404),
    "/reports/units/<int:period_id>/<unit_code>": (LOGIN, 404, 404, 404),
    "/reports/units/<int:period_id>/<unit_code>/return": (405, 405, 405, 405),  # POST only
    "/reports/units/<int:period_id>/<unit_code>/accept": (LOGIN, 404, 404, 404),
}
ROLES = (None, "staff", "manager", "admin")


def test_every_route_is_in_the_matrix(app):
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint != "static"}
    assert rules - set(MATRIX) == set(), "add new routes to MATRIX"
    assert set(MATRIX) - rules == set(), "remove routes that no longer exist"


def concrete(rule: str, user_id: int, unit_id: int, survey_id: int) -> str:
    return (
        rule.replace("<int:user_id>", str(user_id))
        .replace("<int:unit_id>", str(unit_id))
        .replace("<int:survey_id>", str(survey_id))
        .replace("<int:link_id>", "999")
        .replace("<int:response_id>", "999")
        .replace("<int:request_id>", "999")
        .replace("<int:row_id>", "999")
        .replace("<int:snapshot_id>", "999")
        .replace("<int:report_id>", "999")
        .replace("<int:design_id>", "999")
        .replace("<int:form_id>", "999")
        .replace("<int:check_id>", "999")
        .replace("<int:commune_id>", "999")
        .replace("<int:assignment_id>", "999")
        .replace("<int:period_id>", "999")
        .replace("<unit_code>", "U1")
        .replace(PLAN_TASK, "III.1")
        .replace(REGISTER, "tasks")
        .replace(PARENT_REGISTER, "tasks")
        .replace(ANY_REGISTER, "tasks")
        .replace("<any(svg, png):fmt>", "png")
        .replace("<any(deactivate, reactivate, reset_password):action>", "deactivate")
        .replace("<any(publish, close, reopen, archive):action>", "publish")
        .replace("<any(page, question):kind>/<code>", "question/q1")
        .replace("pages/<code>", "pages/p1")
        .replace("<page_code>", "p1")
        .replace("questions/<code>", "questions/q1")
        .replace("<lang>", "en")
        .replace("<token>", "no-such-token")
        .replace("<sid>", "no-such-response")
        .replace("<code>", "en")
    )


def make_survey(db):
    from app.surveys.models import Survey

    draft = {
        "languages": ["vi", "en"],
        "title": {"vi": "Khảo sát thử"},
        "pages": [
            {
                "code": "p1",
                "title": {"vi": "Trang 1"},
                "questions": [
                    {"code": "q1", "type": "short_text", "text": {"vi": "Câu 1"}, "required": False}
                ],
            }
        ],
    }
    survey = Survey(slug="khao-sat-thu", series="khao-sat-thu", audience="citizen", draft=draft)
    db.session.add(survey)
    db.session.flush()
    return survey


@pytest.mark.parametrize("role_index", range(4), ids=[r or "anonymous" for r in ROLES])
def test_role_matrix(client, db, login, role_index):
    unit = make_unit()
    survey = make_survey(db)
    target = make_user(email="target@skhcn.test")
    role = ROLES[role_index]
    if role:
        login(make_user(role))
    db.session.commit()
    for rule, expected in MATRIX.items():
        url = concrete(rule, target.id, unit.id, survey.id)
        response = client.get(url)
        want = expected[role_index]
        if want == LOGIN:
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/login?next="), url
        else:
            assert response.status_code == want, (url, role)


# What an enumerator gets where it differs from a staff member: their home is the interviews,
# and they are not in the staff census.
ENUMERATOR = {
    "/me": 302,
    "/me/surveys/<int:survey_id>": 403,
    "/me/surveys/<int:survey_id>/<page_code>": 403,
    "/me/surveys/<int:survey_id>/thanks": 403,
    # Enumerators write no unit report and review none.
    "/reports/units/": 403,
    "/reports/units/mine": 403,
    "/reports/units/<int:period_id>/": 403,
    "/reports/units/<int:period_id>/<unit_code>": 403,
    "/reports/units/<int:period_id>/<unit_code>/accept": 403,
}


def test_enumerator_matrix(client, db, login):
    """Every route, for the enumerator role: as staff, except ENUMERATOR."""
    unit, survey = make_unit(), make_survey(db)
    target = make_user(email="target@skhcn.test")
    login(make_user("enumerator"))
    db.session.commit()
    for rule, expected in MATRIX.items():
        url = concrete(rule, target.id, unit.id, survey.id)
        want = ENUMERATOR.get(rule, expected[1])
        assert client.get(url).status_code == want, url


def test_forbidden_page_is_a_human_page(client, db, login):
    login(make_user("staff"))
    db.session.commit()
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "Ông/Bà không có quyền xem trang này" in response.get_data(as_text=True)


@pytest.mark.parametrize(("role", "manage", "administer"), [
    ("staff", False, False), ("manager", True, False), ("admin", True, True)])  # fmt: skip
def test_predicates_follow_role_rank(db, role, manage, administer):
    user = make_user(role)
    assert can_manage(user) is manage
    assert can_administer(user) is administer
    assert has_role(user, "staff") is True


def test_deactivated_admin_has_no_rights(db):
    user = make_user("admin")
    user.deactivate()
    assert can_administer(user) is False
    assert can_manage(user) is False
