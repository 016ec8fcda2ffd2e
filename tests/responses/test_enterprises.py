"""The enterprise register, invitations for a survey, and saving an answer to finish later."""

from io import BytesIO

import pytest
import sqlalchemy as sa

from app.common.csv_import import ImportFileError
from app.enterprises.models import Enterprise
from app.enterprises.services import import_enterprises_csv
from app.responses.models import Link, Response
from app.surveys.queries import get_survey_by_slug
from tests.factories import make_user

REGISTER = (
    "name,tax_code,type,commune,email\n"
    "Công ty TNHH Cơ khí Dung Quất,4300123456,private,21211,lienhe@cokhidq.vn\n"
    "Hợp tác xã Nông nghiệp Tịnh Khê,4300654321,cooperative,21211,\n"
    "Chi nhánh Công ty Cổ phần Phần mềm Sông Trà,4300111222-001,private,,\n"
).encode()


@pytest.fixture
def manager(db, seeded, login):
    from app.surveys.files import seed_builtin_surveys

    seed_builtin_surveys()
    user = make_user("manager")
    db.session.commit()
    login(user)
    return user


def test_a_register_file_creates_enterprises(client, db, manager):
    response = client.post("/manage/enterprises/", data={"file": (BytesIO(REGISTER), "dn.csv")},
                           content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 303
    names = db.session.scalars(sa.select(Enterprise.tax_code).order_by(Enterprise.tax_code)).all()
    assert names == ["4300111222-001", "4300123456", "4300654321"]
    page = client.get("/manage/enterprises/").get_data(as_text=True)
    assert "Hợp tác xã Nông nghiệp Tịnh Khê" in page


def test_a_register_with_errors_names_every_row_and_writes_nothing(db, manager):
    bad = REGISTER + "Không mã,12,private,99999,not-mail\nTrùng,4300123456,corp,,\n".encode()
    with pytest.raises(ImportFileError) as caught:
        import_enterprises_csv(bad, actor=manager)
    located = [(e.line, e.column) for e in caught.value.errors]
    assert located == [(5, "tax_code"), (5, "commune"), (5, "email"), (6, "type")]
    assert db.session.scalar(sa.select(sa.func.count(Enterprise.id))) == 0


def test_invitations_one_per_enterprise_and_a_mail_merge_file(client, db, manager):
    import_enterprises_csv(REGISTER, actor=manager)
    db.session.commit()
    survey = get_survey_by_slug("doanh-nghiep-nq57")
    assert client.post(f"/manage/enterprises/invite/{survey.id}").status_code == 303
    assert client.post(f"/manage/enterprises/invite/{survey.id}").status_code == 303  # no dupes
    links = db.session.scalars(sa.select(Link).where(Link.survey_id == survey.id)).all()
    assert len(links) == 3
    assert {link.kind for link in links} == {"invitation"}
    merge = client.get(f"/manage/enterprises/invitations/{survey.id}.csv")
    text = merge.get_data(as_text=True)
    assert text.startswith("\ufeffname,tax_code,email,url,answered")
    assert "Công ty TNHH Cơ khí Dung Quất,4300123456,lienhe@cokhidq.vn,http" in text


def test_an_enterprise_saves_to_finish_later_and_resumes(app, client, db, manager):
    import_enterprises_csv(REGISTER, actor=manager)
    db.session.commit()
    survey = get_survey_by_slug("doanh-nghiep-nq57")
    client.post(f"/manage/enterprises/invite/{survey.id}")
    link = db.session.scalars(sa.select(Link).order_by(Link.id)).first()
    respondent = app.test_client()
    refused = respondent.post(f"/s/{link.token}", data={"save_later": "1"})
    assert "Tôi đồng ý tham gia khảo sát" in refused.get_data(as_text=True)  # consent first
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0
    saved = respondent.post(f"/s/{link.token}", data={"q_consent": "yes", "save_later": "1"})
    assert saved.status_code == 303
    assert "Đã lưu câu trả lời" in respondent.get(saved.headers["Location"]).get_data(as_text=True)
    (draft,) = db.session.scalars(sa.select(Response)).all()
    assert draft.status == "draft"
    resumed = respondent.get(f"/s/{link.token}")
    assert resumed.status_code == 302
    assert resumed.headers["Location"].endswith(f"/{draft.submission_id}/p_enterprise")
    another_phone = app.test_client().get(f"/s/{link.token}")
    assert another_phone.status_code == 302  # the invitation is the key, not the device
