"""The managers' sample designer pages: permissions, validation that keeps the input, a draw."""

import re
from html import unescape

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.sampling.models import SampleAssignment, SampleDesign, SampleStratum
from app.sampling.services import DesignParameters, create_design
from tests.factories import make_user
from tests.sampling.conftest import SEED, make_survey

INDEX, NEW = "/manage/sampling/", "/manage/sampling/new"


@pytest.fixture
def manager(db, login, survey):
    user = make_user("manager", full_name="Trần Thị Quản Lý")
    db.session.commit()
    assert login(user).status_code == 303
    return user


def form_data(survey, **changes) -> dict:
    data = {"survey_id": str(survey.id), "name": "Mẫu người dân 6 tháng cuối năm 2026",
            "proportion": "50", "margin": "5", "confidence": "95", "design_effect": "1,5",
            "nonresponse": "20", "stratification": "province_kind", "allocation": "proportional",
            "min_communes": "2", "respondents_per_commune": "10", "reserve_share": "20",
            "seed": str(SEED)}  # fmt: skip
    data.update(changes)
    return data


def text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def words(response) -> str:
    """The page's text without tags, as a reader hears it."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def count(db, model) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("url", [INDEX, NEW, "/manage/sampling/1"])
def test_staff_get_403_and_anonymous_visitors_the_login_page(client, db, login, survey, url):
    assert client.get(url).headers["Location"].startswith("/login?next=")
    login(make_user("staff"))
    db.session.commit()

    assert client.get(url).status_code == 403


def test_staff_cannot_draw_a_sample(client, db, login, survey):
    login(make_user("staff"))
    db.session.commit()

    assert client.post(NEW, data=form_data(survey)).status_code == 403
    assert count(db, SampleDesign) == 0


def test_the_form_offers_citizen_surveys_with_sensible_defaults(client, db, manager, survey):
    make_survey(db, slug="can-bo-thu", audience="staff")
    db.session.commit()

    page = client.get(NEW).get_data(as_text=True)

    select = re.search(r'<select[^>]*id="survey_id"[^>]*>(.*?)</select>', page, re.S).group(1)
    options = re.findall(r'<option[^>]*value="(\d+)"', select)
    assert options == [str(survey.id)]  # the staff survey is not offered
    for name, value in [("proportion", "50"), ("margin", "5"), ("design_effect", "1,5"),
                        ("nonresponse", "20"), ("min_communes", "2"),
                        ("respondents_per_commune", "10"), ("reserve_share", "20")]:  # fmt: skip
        assert re.search(rf'name="{name}"[^>]*value="{value}"', page), name
    assert re.search(r'<option selected value="95">95%</option>', page)
    assert 'inputmode="decimal"' in page
    assert "novalidate" in page


def test_invalid_input_is_shown_with_every_value_kept(client, db, manager, survey):
    data = form_data(survey, margin="năm", proportion="150", seed="12.345")

    response = client.post(NEW, data=data)

    page = text(response)
    assert response.status_code == 200
    assert "<title>Lỗi: Tạo thiết kế mẫu" in page
    assert "Có lỗi cần sửa" in page
    # every problem at once: the one typed wrongly and the one out of range
    assert '<a href="#margin">Nhập một số, ví dụ 10 hoặc 2,5</a>' in page
    assert '<a href="#proportion">Tỷ lệ dự kiến phải lớn hơn 0% và nhỏ hơn 100%.</a>' in page
    for typed in ("năm", "150", "12.345"):
        assert f'value="{typed}"' in page
    assert 'value="Mẫu người dân 6 tháng cuối năm 2026"' in page
    assert count(db, SampleDesign) == 0


def test_a_parameter_out_of_range_gets_its_message_next_to_the_field(client, db, manager, survey):
    response = client.post(NEW, data=form_data(survey, proportion="150", nonresponse="95",
                                                design_effect="0,8", reserve_share="120",
                                                min_communes="0"))  # fmt: skip

    page = text(response)
    for field, message in [
        ("proportion", "Tỷ lệ dự kiến phải lớn hơn 0% và nhỏ hơn 100%."),
        ("design_effect", "Hiệu ứng thiết kế phải từ 1 trở lên."),
        ("nonresponse", "Tỷ lệ không trả lời dự kiến phải từ 0% đến dưới 90%."),
        ("min_communes", "Số xã, phường tối thiểu mỗi tầng phải từ 1 trở lên."),
        ("reserve_share", "Tỷ lệ dự phòng phải từ 0% đến 100%."),
    ]:
        assert f'<a href="#{field}">{message}</a>' in page
        assert f'id="{field}-error"' in page
    assert 'value="150"' in page
    assert 'value="95"' in page
    assert count(db, SampleDesign) == 0


def test_a_minimum_the_sample_cannot_meet_is_explained(client, db, manager, survey):
    response = client.post(NEW, data=form_data(survey, margin="20", min_communes="5"))

    page = text(response)
    # ±20 points: n = ⌈1.96² × 0.25 / 0.04 × 1.5 / 0.8⌉ = ⌈45.02⌉ = 46 < 4 × 5 × 10
    assert ('<a href="#min_communes">Cỡ mẫu 46 người chưa đủ cho 4 tầng × 5 xã, phường × 10 '
            "người = 200 người.") in page  # fmt: skip
    assert count(db, SampleDesign) == 0


def test_missing_values_are_asked_for(client, db, manager, survey):
    response = client.post(NEW, data=form_data(survey, name="", respondents_per_commune=""))

    page = text(response)
    assert '<a href="#name">Nhập tên thiết kế mẫu</a>' in page
    assert '<a href="#respondents_per_commune">Nhập số người trả lời mỗi xã, phường</a>' in page


def test_creating_a_design_stores_the_draw_and_audits_it(client, db, manager, survey):
    response = client.post(NEW, data=form_data(survey))

    assert response.status_code == 303
    db.session.rollback()
    design = db.session.scalar(sa.select(SampleDesign))
    assert response.headers["Location"] == f"/manage/sampling/{design.id}"
    assert (design.sample_size, design.seed, design.created_by_id) == (721, SEED, manager.id)
    assert (design.proportion, design.margin, design.design_effect) == (0.5, 0.05, 1.5)
    assert (design.nonresponse, design.reserve_share) == (0.2, 0.2)
    assert count(db, SampleStratum) == 4
    assert count(db, SampleAssignment) == 67
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "sampling.draw"))
    assert (entry.actor_id, entry.target_id, entry.details["seed"]) == (
        manager.id, str(design.id), SEED)  # fmt: skip

    page = text(client.get(response.headers["Location"]))
    assert "Đã chọn mẫu. Số khởi tạo ngẫu nhiên 20260601 được lưu cùng thiết kế." in page


def test_the_design_page_shows_the_arithmetic_strata_and_communes(client, db, manager, survey):
    design = create_design(survey, DesignParameters(), name="Mẫu thử", actor=manager, seed=SEED)
    db.session.commit()

    response = client.get(f"/manage/sampling/{design.id}")
    page, heard = text(response), words(response)

    assert '<h1 class="heading-l">Mẫu thử</h1>' in page
    assert "Cỡ mẫu 721 người tại 67 xã, phường" in page
    assert "bởi Trần Thị Quản Lý" in page
    assert "Giá trị z ứng với độ tin cậy 95%: z = Φ⁻¹(1 − (1 − 0,95) / 2) = 1,95996" in heard
    assert "n₀ = z² × p × (1 − p) / e² = 1,95996² × 0,5 × 0,5 / 0,05² = 384,15" in heard
    assert (
        "n₁ = n₀ / (1 + (n₀ − 1) / N) = 384,15 / (1 + (384,15 − 1) / 2.175.008) = 384,08" in heard
    )
    assert "n₂ = n₁ × deff = 384,08 × 1,5 = 576,12" in heard
    assert "n₃ = n₂ / (1 − r) = 576,12 / (1 − 0,2) = 720,15" in heard
    assert "n = ⌈n₃⌉ = ⌈720,15⌉ = 721" in heard
    assert '<dd class="code-cell">20260601</dd>' in page
    # the strata table: label, population, communes, allocated, drawn, respondents, reserve
    assert re.search(r'<th scope="row">Kon Tum \(cũ\) – Phường</th><td class="num">131\.616</td>'
                     r'<td class="num">3</td> <td class="num">43</td><td class="num">3</td>'
                     r'<td class="num">43</td>', page)  # fmt: skip
    assert re.search(r'<th scope="row">Quảng Ngãi \(cũ\) – Xã, đặc khu</th><td class="num">'
                     r"1\.229\.735</td><td class=\"num\">50</td> <td class=\"num\">408</td>"
                     r'<td class="num">41</td>', page)  # fmt: skip
    assert '<caption id="strata-caption" class="visually-hidden">Phân bổ theo tầng:' in page
    assert '<th scope="rowgroup" colspan="6">Kon Tum (cũ) – Phường</th>' in page
    assert '<th scope="col" class="num">Xác suất chọn</th>' in page
    assert page.count("chắc chắn</span>") >= 3  # the three phường of former Kon Tum at least


def test_the_list_shows_each_design(client, db, manager, survey):
    create_design(survey, DesignParameters(), name="Mẫu A", actor=manager, seed=1)
    create_design(survey, DesignParameters(respondents_per_commune=20), name="Mẫu B",
                  actor=None, seed=2)  # fmt: skip
    db.session.commit()

    page = text(client.get(INDEX))

    assert "2 thiết kế mẫu, mới nhất trước" in page
    assert page.index("Mẫu B") < page.index("Mẫu A")
    row_a = (r'Mẫu A</a><br><span class="hint">Khảo sát người dân thử</span></td> '
             r'<td class="num">721</td><td class="num">67</td> <td><span class="nowrap">'
             r'[0-9/: ]+</span><br><span class="hint">Trần Thị Quản Lý</span>')  # fmt: skip
    assert re.search(row_a, page)
    assert "Hệ thống" in page


def test_an_empty_list_says_so(client, db, manager):
    assert "Chưa có thiết kế mẫu nào." in text(client.get(INDEX))


@pytest.fixture
def csrf_on(app, monkeypatch):
    """CSRF protection on, as in production (the test configuration turns it off)."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def test_a_post_without_a_csrf_token_draws_nothing(client, db, manager, survey, csrf_on):
    response = client.post(NEW, data=form_data(survey))

    assert response.status_code == 400
    assert count(db, SampleDesign) == 0
