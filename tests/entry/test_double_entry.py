"""Double entry: two clerks key the same paper form; it counts when both agree or a
supervisor has resolved the differences."""

import re
import threading

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.entry.models import PaperEntry, PaperForm
from app.responses.models import Response
from tests.conftest import PASSWORD
from tests.entry.conftest import ANSWERS


def url(survey, rest: str = "") -> str:
    return f"/manage/surveys/{survey.id}/entry{rest}"


def text(response) -> str:
    return response.get_data(as_text=True)


def responses(db) -> list[Response]:
    return db.session.scalars(sa.select(Response)).all()


def key(client, sign_in, clerk, survey, answers, serial="P-000123"):
    """One pass by ``clerk``; returns the banner shown after saving."""
    sign_in(clerk)
    saved = client.post(url(survey, f"/{serial}?hai_lan=1"), data=answers)
    assert saved.status_code == 303
    return text(client.get(saved.location))


def test_the_first_pass_stores_the_entry_only(client, db, survey, clerks, sign_in):
    banner = key(client, sign_in, clerks[0], survey, ANSWERS)
    assert "Đã lưu phiếu P-000123 (lần nhập 1)" in banner
    assert "Phiếu chờ một cán bộ khác nhập lần 2." in banner
    assert responses(db) == []
    paper = db.session.scalar(sa.select(PaperForm))
    assert (paper.status, paper.is_double_entry, paper.response_id) == ("awaiting_second", True,
                                                                         None)  # fmt: skip
    (entry,) = paper.entries
    assert (entry.pass_number, entry.clerk_id) == (1, clerks[0].id)
    assert entry.answers["q_age"] == ["34"]
    assert entry.answers["q_channels"] == ["loa", "zalo"]


def test_two_equal_passes_create_one_response(client, db, survey, clerks, sign_in):
    key(client, sign_in, clerks[0], survey, ANSWERS)
    # the same answers typed a little differently are still equal
    banner = key(client, sign_in, clerks[1], survey, {**ANSWERS, "q_age": " 34 ",
                                                    "q_commune": "21 211"})  # fmt: skip
    assert "Đã lưu phiếu P-000123 (lần nhập 2)" in banner
    assert "Hai lần nhập khớp nhau; phiếu đã được tiếp nhận." in banner
    (response,) = responses(db)
    assert (response.status, response.mode, response.stream) == ("complete", "paper", "open")
    assert response.answer_map["age"] == "34"
    paper = db.session.scalar(sa.select(PaperForm))
    assert (paper.status, paper.response_id) == ("accepted", response.id)


def test_different_passes_create_no_response_and_are_listed(client, db, survey, clerks, sign_in):
    key(client, sign_in, clerks[0], survey, ANSWERS)
    banner = key(client, sign_in, clerks[1], survey, {**ANSWERS, "q_age": "43",
                                                    "q_channels": ["loa"]})  # fmt: skip
    assert "Hai lần nhập khác nhau ở 2 câu; phiếu chờ người giám sát đối chiếu." in banner
    assert responses(db) == []
    assert db.session.scalar(sa.select(PaperForm.status)) == "differences"

    sign_in(clerks[2])
    page = text(client.get(url(survey, "/differences")))
    assert 'Phiếu <span class="nowrap" translate="no">P-000123</span></h2>' in page
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert (
        '<td class="num">2</td><th scope="row">Ông/Bà bao nhiêu tuổi?</th><td>34</td><td>43</td>'
        in rows
    )
    assert ("<td>1. Loa truyền thanh; 2. Zalo của xã</td><td>1. Loa truyền thanh</td>"
            in rows)  # fmt: skip
    assert rows.count("<tr>") == 2
    # a form with differences cannot be keyed a third time
    again = client.get(url(survey, "?serial=P-000123"))
    assert "đang chờ người giám sát đối chiếu" in text(again)


def test_the_same_clerk_cannot_key_both_passes(client, db, survey, clerks, sign_in):
    key(client, sign_in, clerks[0], survey, ANSWERS)
    refused = client.get(url(survey, "?serial=P-000123"))
    assert refused.status_code == 400
    assert "Lần nhập 2 phải do một cán bộ nhập liệu khác thực hiện" in text(refused)
    posted = client.post(url(survey, "/P-000123"), data=ANSWERS)
    assert "Lần nhập 2 phải do một cán bộ nhập liệu khác thực hiện" in text(
        client.get(posted.location))  # fmt: skip
    assert db.session.scalar(sa.select(sa.func.count(PaperEntry.id))) == 1
    assert responses(db) == []


def test_a_known_form_keeps_its_own_way_of_entry(client, db, survey, clerks, sign_in):
    key(client, sign_in, clerks[0], survey, ANSWERS)
    sign_in(clerks[1])
    # the second clerk's start page offers double entry, the team's last choice
    (box,) = re.findall(r'<input[^>]*id="hai_lan"[^>]*>', text(client.get(url(survey))))
    assert " checked" in box
    client.post(url(survey, "/P-000123"), data=ANSWERS)  # no hai_lan: still the second pass
    assert db.session.scalar(sa.select(PaperForm.status)) == "accepted"


def differing_form(client, db, survey, clerks, sign_in):
    key(client, sign_in, clerks[0], survey, ANSWERS)
    key(client, sign_in, clerks[1], survey, {**ANSWERS, "q_age": "43", "q_channels": ["loa"]})
    return db.session.scalar(sa.select(PaperForm))


def test_a_supervisor_resolves_the_differences(client, db, survey, clerks, sign_in):
    paper = differing_form(client, db, survey, clerks, sign_in)
    sign_in(clerks[2])
    resolve = url(survey, f"/differences/{paper.id}")
    page = client.get(resolve)
    assert page.status_code == 200
    assert "Lần nhập 1: 34" in text(page)
    assert "Lần nhập 2: 43" in text(page)

    missing = client.post(resolve, data={"pick_age": "2"})
    assert missing.status_code == 400
    assert "Chọn giá trị đúng cho câu 4" in text(missing)
    assert responses(db) == []

    done = client.post(resolve, data={"pick_age": "2", "pick_channels": "1"})
    assert done.status_code == 303
    assert "Đã đối chiếu phiếu P-000123" in text(client.get(done.location))
    (response,) = responses(db)
    assert response.answer_map["age"] == "43"
    assert response.answer_map["channels"] == 2
    assert (response.mode, response.status) == ("paper", "complete")
    db.session.refresh(paper)
    assert (paper.status, paper.response_id, paper.resolved_by_id) == (
        "resolved", response.id, clerks[2].id)  # fmt: skip
    assert paper.resolved_at is not None
    audit = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "entry.resolve"))
    assert audit.actor_id == clerks[2].id
    assert audit.details["choices"] == {"age": "2", "channels": "1"}
    # resolved: it can be neither resolved nor keyed again
    assert client.post(resolve, data={"pick_age": "1", "pick_channels": "1"}).status_code == 303
    assert len(responses(db)) == 1
    assert "đã được nhập và tiếp nhận" in text(client.get(url(survey, "?serial=P-000123")))


def test_a_supervisor_may_type_the_value_from_the_paper(client, db, survey, clerks, sign_in):
    paper = differing_form(client, db, survey, clerks, sign_in)
    sign_in(clerks[2])
    resolve = url(survey, f"/differences/{paper.id}")
    wrong = client.post(resolve, data={"pick_age": "typed", "q_age": "200", "pick_channels": "2"})
    assert wrong.status_code == 400
    assert "Số phải từ 15 đến 120" in text(wrong)
    client.post(resolve, data={"pick_age": "typed", "q_age": "44", "pick_channels": "2"})
    (response,) = responses(db)
    assert response.answer_map["age"] == "44"
    assert response.answer_map["channels"] == 1


def test_a_clerk_of_the_form_cannot_resolve_it(client, db, survey, clerks, sign_in):
    paper = differing_form(client, db, survey, clerks, sign_in)
    sign_in(clerks[1])
    resolve = url(survey, f"/differences/{paper.id}")
    assert "cần một người giám sát khác" in text(client.get(resolve))
    refused = client.post(resolve, data={"pick_age": "2", "pick_channels": "2"})
    assert refused.status_code == 303
    assert responses(db) == []
    assert db.session.scalar(sa.select(PaperForm.status)) == "differences"


def post_as(app, clerks, survey, path: str, data: dict) -> list[int]:
    """Each clerk signs in on its own client, then all POST at the same moment."""
    barrier, statuses, failures = threading.Barrier(len(clerks), timeout=30), [], []

    def run(email):
        with app.app_context():
            client = app.test_client()
            try:
                signed_in = client.post("/login", data={"email": email,
                                                        "password": PASSWORD})  # fmt: skip
                assert signed_in.status_code == 303, signed_in.status_code
            except Exception as error:
                failures.append(error)
                barrier.abort()
                return
            barrier.wait()
            statuses.append(client.post(url(survey, path), data=data).status_code)

    # read in this thread: the clerks belong to the test's session, which threads must not use
    emails = [clerk.email for clerk in clerks]
    threads = [threading.Thread(target=run, args=(email,)) for email in emails]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    return statuses


def test_two_second_passes_at_once_create_one_response(app, client, db, survey, clerks, sign_in):
    from tests.factories import make_user

    key(client, sign_in, clerks[0], survey, ANSWERS)
    more = [make_user("manager") for _ in range(3)]
    db.session.commit()
    statuses = post_as(app, [clerks[1], clerks[2], *more], survey, "/P-000123?hai_lan=1", ANSWERS)
    assert statuses == [303] * 5
    db.session.expire_all()
    assert len(responses(db)) == 1
    assert db.session.scalar(sa.select(sa.func.count(PaperEntry.id))) == 2
    assert db.session.scalar(sa.select(PaperForm.status)) == "accepted"


def test_two_single_entries_of_a_new_form_at_once_create_one_response(app, db, survey, clerks):
    statuses = post_as(app, clerks, survey, "/P-000777", ANSWERS)
    assert statuses == [303] * 3
    db.session.expire_all()
    assert len(responses(db)) == 1
    assert db.session.scalar(sa.select(sa.func.count(PaperEntry.id))) == 1


def test_a_commune_is_typed_as_its_code_when_resolving(client, db, survey, clerks, sign_in):
    key(client, sign_in, clerks[0], survey, ANSWERS)
    key(client, sign_in, clerks[1], survey, {**ANSWERS, "q_commune": "21172"})
    paper = db.session.scalar(sa.select(PaperForm))
    sign_in(clerks[2])
    resolve = url(survey, f"/differences/{paper.id}")
    page = text(client.get(resolve))
    assert "Lần nhập 1: 21211 – Xã Tịnh Khê" in page
    assert 'id="q_commune" name="q_commune" inputmode="numeric"' in page
    client.post(resolve, data={"pick_commune": "typed", "q_commune": " 21172 "})
    (response,) = responses(db)
    assert response.answer_map["commune"] == "21172"


def test_a_keyed_response_deleted_on_request_takes_its_paper_passes(client, db, survey, clerks,
                                                                    sign_in):  # fmt: skip
    """A respondent's deletion request removes the answers everywhere they are stored: the
    response and the two clerks' passes of its paper form."""
    from app.responses.review import handle_deletion, request_deletion

    key(client, sign_in, clerks[0], survey, ANSWERS)
    key(client, sign_in, clerks[1], survey, ANSWERS)
    (response,) = responses(db)
    assert response.collector_id == clerks[0].id  # the clerk of the first pass
    deletion = request_deletion(response.receipt_code)
    assert handle_deletion(deletion, actor=clerks[2]) is True
    db.session.commit()
    assert responses(db) == []
    assert db.session.scalar(sa.select(sa.func.count(PaperEntry.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(PaperForm.id))) == 0
