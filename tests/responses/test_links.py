"""Managers' links: one or a batch per commune, QR codes that decode, posters, revoking."""

import io
import subprocess

import pytest
import sqlalchemy as sa
import zxingcpp
from PIL import Image

from app.responses.links import public_url
from app.responses.models import Link
from app.surveys.queries import get_survey_by_slug
from tests.factories import make_user


@pytest.fixture
def survey(db, seeded, login):
    from app.surveys.files import seed_builtin_surveys

    seed_builtin_surveys()
    login(make_user("manager"))
    db.session.commit()
    return get_survey_by_slug("nguoi-dan-nq57")


def links(db) -> list[Link]:
    return db.session.scalars(sa.select(Link).order_by(Link.id)).all()


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_a_manager_creates_a_link_for_a_commune(client, db, survey):
    from app.units.queries import get_unit_by_code

    commune = get_unit_by_code("21211")
    response = client.post(f"/manage/surveys/{survey.id}/links", data={
        "one-label": "Bảng tin UBND xã", "one-commune_id": str(commune.id),
        "one-channel": "poster", "one-event": "", "one-submit": "Tạo"})  # fmt: skip
    assert response.status_code == 303
    (link,) = links(db)
    assert (link.label, link.commune_id, link.channel, link.kind) == (
        "Bảng tin UBND xã",
        commune.id,
        "poster",
        "public",
    )
    page = client.get(f"/manage/surveys/{survey.id}/links").get_data(as_text=True)
    assert f"/s/{link.token}" in page
    assert len(link.token) >= 22  # 128 random bits


@pytest.mark.parametrize(("scope", "count"), [("all", 96), ("quang_ngai", 56), ("kon_tum", 40)])
def test_a_batch_makes_one_link_per_commune(client, db, survey, scope, count):
    response = client.post(f"/manage/surveys/{survey.id}/links", data={
        "batch-scope": scope, "batch-channel": "poster", "batch-submit": "Tạo"})  # fmt: skip
    assert response.status_code == 303
    made = links(db)
    assert len(made) == count
    assert len({link.commune_id for link in made}) == count


def test_a_batch_with_unknown_codes_is_refused_and_makes_nothing(client, db, survey):
    response = client.post(f"/manage/surveys/{survey.id}/links", data={
        "batch-scope": "codes", "batch-codes": "21211, 99999", "batch-channel": "poster",
        "batch-submit": "Tạo"})  # fmt: skip
    assert "Không có xã, phường mã: 99999" in response.get_data(as_text=True)
    assert links(db) == []


def test_qr_codes_decode_to_the_link(client, db, survey):
    from app.responses.links import create_link

    link = create_link(survey)
    db.session.commit()
    url = f"/manage/surveys/{survey.id}/links/{link.id}/qr"
    png = client.get(f"{url}.png")
    assert png.mimetype == "image/png"
    with client.application.test_request_context():
        expected = public_url(link)
    assert decode(Image.open(io.BytesIO(png.data))) == [expected]
    svg = client.get(f"{url}.svg")
    assert svg.mimetype == "image/svg+xml"
    assert svg.get_data(as_text=True).startswith("<svg")


def test_a_revoked_link_gets_the_withdrawn_page(client, db, survey):
    from app.responses.links import create_link

    link = create_link(survey)
    db.session.commit()
    response = client.post(f"/manage/surveys/{survey.id}/links/{link.id}/revoke")
    assert response.status_code == 303
    gone = client.get(f"/s/{link.token}")
    assert gone.status_code == 410
    assert "đã bị thu hồi" in gone.get_data(as_text=True)


def test_posters_have_one_page_per_link_with_a_qr_code_that_decodes(app, client, db, survey,
                                                                      tmp_path):  # fmt: skip
    client.post(f"/manage/surveys/{survey.id}/links", data={
        "batch-scope": "codes", "batch-codes": "21211\n21034\n21548", "batch-channel": "poster",
        "batch-submit": "Tạo"})  # fmt: skip
    response = client.get(f"/manage/surveys/{survey.id}/posters.pdf")
    assert response.mimetype == "application/pdf"
    pdf = tmp_path / "posters.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert text.count("Quét mã QR bằng điện thoại để tham gia khảo sát") == 3
    for name in ("Xã Tịnh Khê", "Xã An Phú", "Đặc khu Lý Sơn"):
        assert name in text
    subprocess.run(["pdftoppm", "-r", "80", "-f", "3", "-l", "3", "-png", str(pdf),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    (image,) = tmp_path.glob("page-*.png")
    third = links(db)[2]
    with app.test_request_context():
        assert decode(Image.open(image)) == [public_url(third)]


def test_flask_links_and_posters_commands(runner, db, survey, tmp_path):
    created = runner.invoke(args=["links", "create", "nguoi-dan-nq57", "--commune", "21211"])
    assert created.exit_code == 0
    assert "/s/" in created.output
    single = runner.invoke(args=["links", "create", "nguoi-dan-nq57", "--enterprise", "0101"])
    assert single.exit_code == 0
    output = tmp_path / "p.pdf"
    made = runner.invoke(args=["posters", "nguoi-dan-nq57", "--communes", "21211,21034",
                               "-o", str(output)])  # fmt: skip
    assert made.exit_code == 0, made.output
    assert output.read_bytes().startswith(b"%PDF")
    kinds = [(link.kind, link.organisation) for link in links(db)]
    assert kinds == [("public", None), ("invitation", "0101"), ("public", None), ("public", None)]
    bad = runner.invoke(args=["posters", "nguoi-dan-nq57", "--communes", "1", "-o", str(output)])
    assert bad.exit_code == 1


def test_a_batch_per_event_makes_one_link_per_event(client, db, survey):
    response = client.post(f"/manage/surveys/{survey.id}/links", data={
        "batch-scope": "events", "batch-channel": "poster", "batch-submit": "Tạo"})  # fmt: skip
    assert response.status_code == 303
    made = links(db)
    assert [(link.event, link.channel, link.label) for link in made] == [
        ("18-5", "event", "Ngày 18/5"), ("1-10", "event", "Ngày 1/10"),
        ("10-10", "event", "Ngày 10/10")]  # fmt: skip
