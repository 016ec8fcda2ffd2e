"""Contact outcomes of respondent codes: only for sample codes without a response, once, undone
by clearing; audited; and the coordinators' page that records them from paper sheets."""

import re
from html import unescape

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.fieldwork.errors import FieldworkError
from app.fieldwork.models import ContactOutcome
from app.fieldwork.outcomes import clear_outcome, list_commune_codes, record_outcome
from app.responses.links import create_link
from app.responses.models import Link
from app.responses.services import start_response
from app.sampling.codes import create_codes, format_code
from app.sampling.models import SampleAssignment
from app.sampling.services import DesignParameters, create_design
from app.surveys.queries import get_survey_by_slug
from app.units.queries import get_unit_by_code
from tests.factories import make_response, make_user, seed_plan

SEED = 20260601
# ±20 points in two strata: five communes, 56 codes; Phường Kon Tum (23293) has 10 + 2.
SMALL = DesignParameters(margin=0.2, stratification="province", min_communes=2)


def make_small_design(db):
    seed_plan()
    design = create_design(get_survey_by_slug("nguoi-dan-nq57"), SMALL, name="Mẫu nhỏ",
                           actor=None, seed=SEED)  # fmt: skip
    create_codes(design, actor=None)
    db.session.commit()
    return design


def commune_codes(db, design, code: str = "23293") -> list[Link]:
    """The codes of a drawn commune by number (respondents first, then reserve)."""
    return db.session.scalars(
        sa.select(Link)
        .join(SampleAssignment, SampleAssignment.id == Link.sample_assignment_id)
        .where(
            SampleAssignment.design_id == design.id,
            SampleAssignment.commune_id == get_unit_by_code(code).id,
        )
        .order_by(Link.sample_number)
    ).all()


@pytest.fixture
def design(db, seeded):
    return make_small_design(db)


@pytest.fixture
def manager(db, login):
    user = make_user("manager", full_name="Trần Điều Phối")
    db.session.commit()
    login(user)
    return user


def text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


# --- services ----------------------------------------------------------------------------------


def test_record_outcome_stores_the_outcome_and_audits_without_the_note(db, design):
    user = make_user("manager")
    link = commune_codes(db, design)[0]

    row = record_outcome(link, "refused", note="  Không muốn trả lời  ", user=user)

    assert (row.link_id, row.outcome, row.note, row.recorded_by_id) == (
        link.id, "refused", "Không muốn trả lời", user.id)  # fmt: skip
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "fieldwork.outcome"))
    assert (entry.actor_id, entry.target_type, entry.target_id) == (user.id, "links", str(link.id))
    assert entry.details == {"code": link.code, "outcome": "refused", "has_note": True}


def test_record_outcome_refuses_a_link_that_is_not_a_sample_code(db, design):
    invitation = create_link(design.survey, kind="invitation")

    with pytest.raises(FieldworkError) as error:
        record_outcome(invitation, "refused", note=None, user=None)

    assert str(error.value) == "Chỉ ghi kết quả liên hệ cho mã người trả lời của mẫu."
    assert db.session.scalar(sa.select(sa.func.count(ContactOutcome.id))) == 0


@pytest.mark.parametrize("submitted", [False, True], ids=["draft", "complete"])
def test_record_outcome_refuses_a_code_with_a_response_in_any_status(db, design, submitted):
    link = commune_codes(db, design)[0]
    if submitted:
        make_response(design.survey, {"heard": "yes"}, link=link)
    else:
        start_response(design.survey, link=link)

    with pytest.raises(FieldworkError) as error:
        record_outcome(link, "noncontact", note=None, user=None)

    assert f"Mã {format_code(link.code)} đã có phiếu trả lời" in str(error.value)


def test_record_outcome_refuses_a_second_outcome_and_bad_input(db, design):
    link = commune_codes(db, design)[0]
    record_outcome(link, "noncontact", note=None, user=None)

    with pytest.raises(FieldworkError, match="đã có kết quả liên hệ"):
        record_outcome(link, "refused", note=None, user=None)
    other = commune_codes(db, design)[1]
    with pytest.raises(FieldworkError, match="Chọn kết quả liên hệ trong danh sách"):
        record_outcome(other, "moved", note=None, user=None)
    with pytest.raises(FieldworkError, match="tối đa 500 ký tự"):
        record_outcome(other, "refused", note="x" * 501, user=None)
    assert db.session.scalar(sa.select(sa.func.count(ContactOutcome.id))) == 1


def test_clear_outcome_undoes_a_mistake_only_while_the_code_has_no_response(db, design):
    user = make_user("manager")
    first, second = commune_codes(db, design)[:2]
    record_outcome(first, "ineligible", note=None, user=user)

    assert clear_outcome(first, user) == "ineligible"
    assert db.session.scalar(sa.select(sa.func.count(ContactOutcome.id))) == 0
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "fieldwork.outcome_cleared")
    )
    assert entry.details == {"code": first.code, "outcome": "ineligible"}
    with pytest.raises(FieldworkError, match="chưa có kết quả liên hệ để xóa"):
        clear_outcome(first, user)
    # an outcome that a later response overtook stays as recorded: the response counts
    record_outcome(second, "noncontact", note=None, user=user)
    start_response(design.survey, link=second)
    with pytest.raises(FieldworkError, match="đã có phiếu trả lời; không xóa"):
        clear_outcome(second, user)


def test_a_commune_s_codes_show_their_states(db, design):
    links = commune_codes(db, design)
    make_response(design.survey, {"heard": "yes"}, link=links[0])
    make_response(design.survey, {"heard": "no"}, link=links[1]).is_excluded = True
    start_response(design.survey, link=links[2])
    record_outcome(links[3], "refused", note="Bận", user=None)
    db.session.flush()

    states = list_commune_codes(links[0].sample_assignment_id)

    assert [s.state for s in states[:5]] == [
        "completed", "excluded", "in_progress", "refused", "unused"]  # fmt: skip
    assert [s.number for s in states] == list(range(1, 13))
    assert (states[3].note, states[3].code, states[11].is_reserve) == (
        "Bận", format_code(links[3].code), True)  # fmt: skip


# --- the coordinators' page --------------------------------------------------------------------


def url(design, *rest) -> str:
    return "/".join([f"/manage/sampling/{design.id}/outcomes", *map(str, rest)])


def test_the_page_lists_a_commune_s_codes_with_forms(client, db, manager, design):
    links = commune_codes(db, design)
    make_response(design.survey, {"heard": "yes"}, link=links[0])
    record_outcome(links[1], "noncontact", note=None, user=None)
    db.session.commit()

    page = text(client.get(url(design) + "?xa=23293"))

    assert '<h1 class="heading-l">Kết quả liên hệ theo mã</h1>' in page
    assert "Phường Kon Tum" in page
    assert "12 mã: 1 đã hoàn thành, 0 đang làm, 0 từ chối, 1 không gặp được" in page
    assert "Tỷ lệ phản hồi: 50%." in page
    assert page.count('<span class="tag tag--done">Đã hoàn thành</span>') == 1
    assert page.count(">Chưa dùng</span>") == 10
    assert page.count("Ghi kết quả<span") == 10  # a form per unused code
    assert page.count("Xóa kết quả ghi nhầm") == 1
    # the commune list is in Vietnamese alphabetical order, the chosen one selected
    assert '<option value="23293" selected>Phường Kon Tum</option>' in page


def test_recording_an_outcome_redirects_to_the_code_with_a_message(client, db, manager, design):
    link = commune_codes(db, design)[4]

    response = client.post(url(design, link.id), data={"outcome": "refused", "note": "Đi vắng"})

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"?xa=23293#ma-{link.id}")
    page = text(client.get(response.headers["Location"]))
    assert f"Đã ghi kết quả “Từ chối trả lời” cho mã {format_code(link.code)}." in page
    row = db.session.scalar(sa.select(ContactOutcome))
    assert (row.link_id, row.outcome, row.note, row.recorded_by_id) == (
        link.id, "refused", "Đi vắng", manager.id)  # fmt: skip


def test_an_outcome_not_chosen_is_shown_at_the_code_with_the_note_kept(client, db, manager, design):
    link = commune_codes(db, design)[4]

    response = client.post(url(design, link.id), data={"outcome": "", "note": "Nhà đóng cửa"})

    assert response.status_code == 400
    page = text(response)
    assert page.startswith("<!doctype html>")
    assert "<title>Lỗi: " in page
    assert f'<a href="#outcome-{link.id}">Chọn kết quả liên hệ của mã này</a>' in page
    assert f'id="note-{link.id}" name="note" value="Nhà đóng cửa"' in page
    assert db.session.scalar(sa.select(sa.func.count(ContactOutcome.id))) == 0


def test_a_refused_record_is_flashed_and_clearing_works(client, db, manager, design):
    links = commune_codes(db, design)
    make_response(design.survey, {"heard": "yes"}, link=links[0])
    db.session.commit()

    taken = client.post(url(design, links[0].id), data={"outcome": "refused"})
    page = text(client.get(taken.headers["Location"]))
    assert "đã có phiếu trả lời nên không ghi kết quả liên hệ" in page

    client.post(url(design, links[1].id), data={"outcome": "ineligible"})
    cleared = client.post(url(design, links[1].id, "clear"))
    assert cleared.status_code == 303
    assert f"Đã xóa kết quả liên hệ của mã {format_code(links[1].code)}." in text(
        client.get(cleared.headers["Location"]))  # fmt: skip
    assert db.session.scalar(sa.select(sa.func.count(ContactOutcome.id))) == 0


def test_a_code_of_another_design_is_not_found(client, db, manager, design):
    stranger = create_link(design.survey, kind="invitation")
    db.session.commit()

    assert client.post(url(design, stranger.id), data={"outcome": "refused"}).status_code == 404
    assert client.post(url(design, stranger.id, "clear")).status_code == 404
    assert client.get(f"/manage/sampling/{design.id + 1}/outcomes").status_code == 404


@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def test_a_post_without_a_csrf_token_records_nothing(client, db, manager, design, csrf_on):
    link = commune_codes(db, design)[0]

    assert client.post(url(design, link.id), data={"outcome": "refused"}).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(ContactOutcome.id))) == 0


def test_enumerators_and_staff_cannot_open_the_page(client, db, login, design):
    for role in ("enumerator", "staff"):
        user = make_user(role)
        db.session.commit()
        login(user)
        assert client.get(url(design)).status_code == 403
        link = commune_codes(db, design)[0]
        assert client.post(url(design, link.id), data={"outcome": "refused"}).status_code == 403
        client.post("/logout")
