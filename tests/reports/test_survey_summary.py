"""One survey's summary PDF and the survey section of the semi-annual report.

The fixture: twelve complete responses to the research-organisation survey in August 2026,
plus one in June, one excluded after review and one draft that must never be counted.
Hand-computed: "has a communication plan" 10 yes (83,3%) and 2 no (suppressed below 10, so
the 10 is hidden too: 12 − 10 would give the 2 away); channels: press 12 (100%), events 10
(83,3%), social networks 3 (suppressed; a multiple choice has no total to subtract from);
events held 1..12: mean 6,5, median 6,5; two written answers and one "other" text.
"""

import subprocess
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
import sqlalchemy as sa
from freezegun import freeze_time
from pypdf import PdfReader

from app.audit.models import AuditEntry
from app.common.timezones import local_day
from app.db import utcnow
from app.extensions import db as _db
from app.indicators.periods import current_half, parse_period
from app.indicators.services import freeze_period, snapshot_consolidation
from app.reports.semiannual import get_settings, report_figures, semiannual_pdf
from app.reports.survey_summary import (
    export_survey_summary,
    summary_pdf,
    survey_sections,
    survey_summary,
)
from app.responses.answers import OTHER, PageAnswers
from app.responses.models import Link
from app.responses.services import save_page, start_response, submit_response
from app.surveys.queries import get_survey_by_slug
from app.units.queries import list_department_units
from tests.factories import make_user, seed_plan

H2 = parse_period("2026H2")
AUGUST = datetime(2026, 8, 10, 3, 0, tzinfo=UTC)
JUNE = datetime(2026, 6, 10, 3, 0, tzinfo=UTC)
RESEARCH = "to-chuc-khcn-nq57"
PRIVATE = "Ông Nguyễn Văn An, điện thoại 0905 123 456"
USEFUL = "Cần hỗ trợ quay video ngắn giới thiệu kết quả"
OTHER_TEXT = "Hợp tác xã Đức Phổ"


def respond(survey, answers, *, other=None, link=None, user=None, at=AUGUST, submit=True):
    """A response through the real services, with "other" texts (the factory has none)."""
    response = start_response(survey, link=link, user=user)
    pages = survey.latest_version.definition["pages"]
    questions = [q for page in pages for q in page["questions"] if q["code"] in answers]
    save_page(response, questions, PageAnswers(values=dict(answers), other=dict(other or {})))
    if submit:
        with freeze_time(at):
            submit_response(response)
    _db.session.flush()
    return response


def research_answers(i: int) -> dict:
    channels = ["press"] + (["events"] if i < 10 else []) + (["social_network"] if i < 3 else [])
    return {
        "consent": True,
        "org_type": OTHER if i == 0 else "university",
        "has_comm_plan": "yes" if i < 10 else "no",
        "channels": channels,
        "events_held": i + 1,
    }


@pytest.fixture
def research(db, seeded):
    seed_plan()
    survey = get_survey_by_slug(RESEARCH)
    for i in range(12):
        answers = research_answers(i)
        written = {0: PRIVATE, 1: USEFUL}.get(i)
        if written:
            answers["support_needed"] = written
        respond(survey, answers, other={"org_type": OTHER_TEXT} if i == 0 else None)
    respond(survey, research_answers(1), at=JUNE)  # the first half: another period
    excluded = respond(survey, research_answers(2))
    excluded.is_excluded = True
    respond(survey, research_answers(3), submit=False)  # a draft
    db.session.commit()
    return survey


def text_exports(db) -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(AuditEntry.action == "reports.survey_text")
    return list(db.session.scalars(query))


def block(context, code):
    return next(b for b in context["questions"] if b["code"] == code)


def rows(cells):
    return [(c.label, c.count, c.percent) for c in cells]


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())  # lines broken anywhere by the layout, joined again


def test_choice_questions_are_counted_with_percentages_and_small_cells_suppressed(app, research):
    context = survey_summary(research, H2)

    assert context["total"] == 12  # not June's, not the excluded one, not the draft
    plan = block(context, "has_comm_plan")
    assert plan["n"] == 12
    assert rows(plan["cells"]) == [("Có", "…", ""), ("Không", "< 10", "")]
    channels = block(context, "channels")
    assert channels["multiple"] is True
    assert rows(channels["cells"])[:2] == [
        ("Báo chí, truyền hình, phát thanh", "12", "100%"),
        ("Hệ thống thông tin cơ sở (đài truyền thanh, bảng tin xã, phường)", "< 10", ""),
    ]
    assert ("Hội nghị, hội thảo, tọa đàm, diễn đàn", "10", "83,3%") in rows(channels["cells"])
    assert ("Mạng xã hội (Facebook, YouTube, Zalo…)", "< 10", "") in rows(channels["cells"])
    org = block(context, "org_type")
    # One answer hidden among three "< 10" cells (two of them zero): nothing to subtract.
    assert ("Trường đại học", "11", "91,7%") in rows(org["cells"])
    assert rows(org["cells"])[-1] == ("Khác", "< 10", "")


def test_a_lower_minimum_publishes_the_small_cells(app, research):
    plan = block(survey_summary(research, H2, minimum=2), "has_comm_plan")

    assert rows(plan["cells"]) == [("Có", "10", "83,3%"), ("Không", "2", "16,7%")]


def test_number_questions_get_n_mean_and_median_never_one_persons_extreme(app, research):
    events = block(survey_summary(research, H2), "events_held")

    assert events["kind"] == "numbers"
    assert events["n"] == 12
    assert events["rows"] == [
        ("Trung bình", "6,5"),
        ("Trung vị", "6,5"),
    ]
    # The whole year adds June's response (2 events): thirteen values, the median is the 7th.
    year = block(survey_summary(research, parse_period("2026")), "events_held")
    assert year["n"] == 13
    assert year["rows"] == [
        ("Trung bình", "6,15"),
        ("Trung vị", "6"),
    ]


def test_text_questions_are_counted_and_listed_only_when_asked(app, research, tmp_path):
    quiet = survey_summary(research, H2)
    assert block(quiet, "support_needed")["kind"] == "count"
    assert block(quiet, "support_needed")["n_text"] == "< 10"  # two answers, suppressed
    assert quiet["with_text"] is False
    assert quiet["texts"] == []
    text = pdf_text(summary_pdf(quiet), tmp_path)
    assert PRIVATE not in text
    assert USEFUL not in text
    assert OTHER_TEXT not in text
    assert "Nội dung không in trong bản này." in text

    listed = survey_summary(research, H2, with_text=True)
    assert [(t["text"][:28], t["answers"]) for t in listed["texts"]] == [
        ("Tổ chức của Ông/Bà thuộc loạ", [OTHER_TEXT]),
        ("Tổ chức của Ông/Bà cần Sở hỗ", sorted([PRIVATE, USEFUL])),
    ]
    text = pdf_text(summary_pdf(listed), tmp_path)
    assert PRIVATE in text
    assert USEFUL in text
    assert OTHER_TEXT in text
    assert "Cảnh báo về dữ liệu cá nhân" in text
    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in text
    assert "CÓ DỮ LIỆU CÁ NHÂN – KHÔNG PHÁT TÁN" in text
    # The warning comes before the first written answer.
    assert text.index("Cảnh báo về dữ liệu cá nhân") < text.index(OTHER_TEXT)


def test_a_staff_survey_never_lists_written_answers_and_breaks_down_by_unit_only(
    app, db, research, tmp_path
):
    staff_survey = get_survey_by_slug("can-bo-nq57")
    unit = list_department_units()[0]
    for n in range(3):
        respond(
            staff_survey,
            {"informed": "yes", "informed_forms": [OTHER]},
            other={"informed_forms": f"Nhóm Zalo của phòng {n}"},
            user=make_user(unit_id=unit.id),
        )
    manager = make_user("manager")
    db.session.commit()

    context = survey_summary(staff_survey, H2, with_text=True)
    pdf = export_survey_summary(staff_survey, H2, actor=manager, with_text=True)

    assert context["with_text"] is False
    assert context["text_refused"] is True
    assert context["texts"] == []
    assert "by_link" not in context
    assert "by_commune" not in context
    assert rows(context["by_unit"]) == [(unit.name, "< 10", "")]
    text = pdf_text(pdf, tmp_path)
    assert "Nhóm Zalo của phòng" not in text
    assert "nội dung câu trả lời dạng văn bản không bao giờ được in" in text
    assert text_exports(db) == []


def test_the_pdf_is_a4_in_vietnamese_with_counts_tables_and_charts(app, research, tmp_path):
    context = survey_summary(research, H2)
    pdf = summary_pdf(context)

    reader = PdfReader(BytesIO(pdf))
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
            595,
            842,
        )
    text = pdf_text(pdf, tmp_path)
    for expected in (
        "TÓM TẮT KẾT QUẢ KHẢO SÁT",
        "Khảo sát tổ chức khoa học và công nghệ về truyền thông kết quả nghiên cứu",
        "Kỳ báo cáo 6 tháng cuối năm 2026 (từ 01/07/2026 đến 31/12/2026)",
        "Tổng số phiếu trả lời: 12.",
        "Số phiếu trả lời theo đường dẫn khảo sát",
        "Không qua đường dẫn",
        "Tổ chức của Ông/Bà có kế hoạch truyền thông về kết quả nghiên cứu không?",
        "Trường đại học 11 91,7%",
        "Có … –",
        "Không < 10 –",
        "Báo chí, truyền hình, phát thanh 12 100%",
        "Trung bình Trung vị 12 6,5 6,5",
        "Ô có dưới 10 phiếu ghi “< 10”",
    ):
        assert expected in text, expected
    assert block(context, "has_comm_plan")["chart"] == ""  # nothing published to draw
    chart = block(context, "channels")["chart"]
    assert 'role="img"' in chart
    assert '<title id="q-channels-title">' in chart
    assert "Báo chí, truyền hình, phát thanh: 12 (100%);" in chart  # the <desc>, in words
    assert 'font-family="' in chart


def test_filters_narrow_the_responses_and_are_named_in_the_report(app, db, research, tmp_path):
    link = Link(survey_id=research.id, kind="public", label="Hội chợ công nghệ Techfest")
    db.session.add(link)
    db.session.flush()
    for i in range(2):
        respond(research, research_answers(i), link=link)
    db.session.commit()

    everything = survey_summary(research, H2)
    only_link = survey_summary(research, H2, link=link, minimum=1)

    assert everything["total"] == 14
    # Total 14 is printed, so the other group is hidden too: 14 − 12 would give the 2 away.
    assert [rows(pair) for pair in everything["by_link"]] == [
        [("Hội chợ công nghệ Techfest", "< 10", ""), ("Không qua đường dẫn", "…", "")]
    ]
    assert only_link["total"] == 2
    assert only_link["filters"] == ["Đường dẫn khảo sát: Hội chợ công nghệ Techfest"]
    assert rows(block(only_link, "has_comm_plan")["cells"]) == [
        ("Có", "2", "100%"),
        ("Không", "0", "0%"),
    ]


def test_the_counting_does_not_grow_with_the_responses(app, db, research, count_queries):
    with count_queries() as before:
        survey_summary(research, H2, with_text=True)
    for i in range(5):
        respond(research, research_answers(i))
    db.session.commit()
    with count_queries() as after:
        survey_summary(research, H2, with_text=True)

    assert len(after) == len(before) <= 14


def test_a_manager_downloads_the_summary_as_pdf(client, db, login, research):
    manager = make_user("manager")
    db.session.commit()
    login(manager)

    form = client.get("/manage/reports/survey")
    pdf = client.get(
        "/manage/reports/survey", query_string={"survey": RESEARCH, "period": "2026H2"}
    )

    assert form.status_code == 200
    page = form.get_data(as_text=True)
    assert f'value="{current_half(local_day(utcnow())).code}"' in page  # the current half
    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in page  # next to the checkbox
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    disposition = pdf.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="tom-tat-to-chuc-khcn-nq57-2026H2.pdf"'
    assert text_exports(db) == []
    assert "/manage/reports/survey" in client.get("/manage/reports/").get_data(as_text=True)


def test_listing_written_answers_is_recorded_in_the_audit_log(client, db, login, research):
    manager = make_user("manager")
    db.session.commit()
    login(manager)

    response = client.get(
        "/manage/reports/survey",
        query_string={"survey": RESEARCH, "period": "2026H2", "with_text": "y"},
    )

    assert response.status_code == 200
    [entry] = text_exports(db)
    assert (entry.action, entry.actor_id, entry.target_id) == (
        "reports.survey_text",
        manager.id,
        str(research.id),
    )
    assert entry.details == {"period": "2026H2", "filters": [], "answers": 3}


def test_wrong_input_is_explained_and_kept(client, db, login, research):
    other_survey_link = Link(survey_id=get_survey_by_slug("nguoi-dan-nq57").id, label="Poster")
    db.session.add(other_survey_link)
    manager = make_user("manager")
    db.session.commit()
    login(manager)

    bad_period = client.get(
        "/manage/reports/survey", query_string={"survey": RESEARCH, "period": "2026H3"}
    )
    wrong_link = client.get(
        "/manage/reports/survey",
        query_string={"survey": RESEARCH, "period": "2026H2", "link": other_survey_link.id},
    )
    no_survey = client.get("/manage/reports/survey", query_string={"period": "2026H2"})

    assert bad_period.status_code == 400
    page = bad_period.get_data(as_text=True)
    assert "Có lỗi cần sửa" in page
    assert "Không hiểu kỳ “2026H3”" in page
    assert 'value="2026H3"' in page
    assert f'<option selected value="{RESEARCH}">' in page
    assert wrong_link.status_code == 400
    assert "Đường dẫn này không thuộc khảo sát đã chọn." in wrong_link.get_data(as_text=True)
    assert no_survey.status_code == 400
    assert '<a href="#survey">Chọn khảo sát</a>' in no_survey.get_data(as_text=True)


def test_staff_and_visitors_cannot_reach_the_summary(client, db, login, research):
    url = f"/manage/reports/survey?survey={RESEARCH}&period=2026H2&with_text=y"
    anonymous = client.get(url)
    login(make_user("staff"))
    db.session.commit()
    staff = client.get(url)

    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/login?next=")
    assert staff.status_code == 403
    assert text_exports(db) == []


def test_the_cli_writes_the_pdf_and_refuses_unknown_surveys_and_periods(runner, research, tmp_path):
    output = tmp_path / "summary.pdf"

    done = runner.invoke(args=["report", "survey", RESEARCH, "--period", "2026H2", "-o", output])
    missing = output.with_suffix(".x")
    unknown = runner.invoke(args=["report", "survey", "no-such-survey", "-o", missing])
    bad = runner.invoke(args=["report", "survey", RESEARCH, "--period", "2026H3", "-o", missing])

    assert done.exit_code == 0, done.output
    assert output.read_bytes().startswith(b"%PDF")
    assert unknown.exit_code == 1
    assert "No survey with slug 'no-such-survey'" in unknown.output
    assert not missing.exists()
    assert bad.exit_code == 1
    assert "Bad period" in bad.output


def test_the_semiannual_report_summarises_each_survey_in_section_iv(app, research, tmp_path):
    result = report_figures(H2)
    pdf = semiannual_pdf(
        result, get_settings(), number="", issued_on=date(2026, 12, 18), draft=True
    )
    text = pdf_text(pdf, tmp_path)

    section = text[text.index("IV. KẾT QUẢ CÁC CUỘC KHẢO SÁT") : text.index("V. KHÓ KHĂN")]
    assert "1. Khảo sát tổ chức khoa học và công nghệ về truyền thông kết quả nghiên cứu" in section
    assert "Số phiếu trả lời: 12." in section
    assert "Báo chí, truyền hình, phát thanh 12 100%" in section
    assert "Hội nghị, hội thảo, tọa đàm, diễn đàn 10 83,3%" in section
    assert "Hệ thống thông tin cơ sở" in section  # a suppressed option, still named
    for private in (PRIVATE, USEFUL, OTHER_TEXT):
        assert private not in text
    assert "V. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT" in text


def test_a_report_from_a_snapshot_counts_only_responses_received_before_the_freeze(
    app, db, research
):
    with freeze_time(datetime(2026, 9, 1, 3, 0, tzinfo=UTC)):
        snapshot = freeze_period(H2, actor=None)
    respond(research, research_answers(4), at=datetime(2026, 10, 1, 3, 0, tzinfo=UTC))
    db.session.commit()

    frozen = survey_sections(H2, until=snapshot_consolidation(snapshot).computed_at)
    live = survey_sections(H2)

    assert [(s["title"][:27], s["total"]) for s in frozen] == [("Khảo sát tổ chức khoa học v", 12)]
    assert [s["total"] for s in live] == [13]
    assert frozen[0]["tables"][0]["title"].startswith("Tổ chức của Ông/Bà thuộc loại nào")
    assert frozen[0]["omitted"] == 1  # "has a plan": 10 and 2, both hidden


def _definition(mood_options: dict) -> dict:
    scale = [{"code": str(i), "label": {"vi": f"Mức {i}"}} for i in range(1, 6)]
    questions = [
        {"code": "mood", "type": "single_choice", "text": {"vi": "Ông/Bà thấy thế nào?"},
         "required": True,
         "options": [{"code": c, "label": {"vi": t}} for c, t in mood_options.items()]},
        {"code": "grid", "type": "likert_matrix", "text": {"vi": "Đánh giá trang khảo sát"},
         "required": True, "options": scale,
         "items": [{"code": "easy", "label": {"vi": "Dễ dùng"}},
                   {"code": "fast", "label": {"vi": "Nhanh"}}]},
    ]  # fmt: skip
    return {
        "languages": ["vi"],
        "title": {"vi": "Khảo sát thử nghiệm"},
        "pages": [{"code": "p1", "title": {"vi": "Trang 1"}, "questions": questions}],
    }


def test_labels_come_from_the_newest_version_and_matrices_count_each_statement(app, db, seeded):
    from app.surveys.services import create_survey, publish_survey

    survey = create_survey(slug="thu-nghiem", audience="citizen", title="Khảo sát thử nghiệm",
                           languages=["vi"], is_anonymous=True)  # fmt: skip
    survey.draft = _definition({"glad": "Vui", "sad": "Buồn", "old": "Phương án cũ"})
    first = publish_survey(survey, actor=None)
    for mood in ("old", "old", "glad"):
        respond(survey, {"mood": mood, "grid": {"easy": "4", "fast": "5"}})
    survey.draft = _definition(
        {"glad": "Rất vui", "sad": "Buồn", "old": "Phương án cũ", "calm": "Bình thản"}
    )
    publish_survey(survey, actor=None)
    respond(survey, {"mood": "sad", "grid": {"easy": "2"}})
    db.session.commit()

    context = survey_summary(survey, H2, minimum=1)
    only_first = survey_summary(survey, H2, version=first, minimum=1)

    assert rows(block(context, "mood")["cells"]) == [
        ("Rất vui", "1", "25%"),
        ("Buồn", "1", "25%"),
        ("Phương án cũ", "2", "50%"),
        ("Bình thản", "0", "0%"),  # added by the second version
    ]
    grid = block(context, "grid")
    assert [(item["label"], item["n"]) for item in grid["items"]] == [("Dễ dùng", 4), ("Nhanh", 3)]
    assert rows(grid["items"][0]["cells"])[1:4] == [
        ("Mức 2", "1", "25%"),
        ("Mức 3", "0", "0%"),
        ("Mức 4", "3", "75%"),
    ]
    assert grid["items"][1]["chart"]  # one chart per statement
    assert only_first["total"] == 3
    assert only_first["filters"] == ["Phiên bản 1"]


def test_one_hidden_cell_takes_the_smallest_published_one_with_it():
    from app.reports.question_blocks import count_cell, secondary

    def cells(values):
        made = [count_cell(str(i), n, sum(values), 10) for i, n in enumerate(values)]
        return [c.count for c in secondary(made, values, 10)]

    assert cells([40, 25, 3]) == ["40", "…", "< 10"]  # 68 − 40 − 25 would be the 3
    assert cells([40, 25, 3, 4]) == ["40", "25", "< 10", "< 10"]  # only their sum, 7, shows
    assert cells([40, 25, 0]) == ["40", "25", "< 10"]  # a hidden zero tells about nobody
    assert cells([12, 5]) == ["…", "< 10"]


def test_a_staff_summary_is_for_a_half_or_a_year_by_unit_at_most(
    client, db, login, research, runner, tmp_path
):
    login(make_user("manager"))
    db.session.commit()
    query = {"survey": "can-bo-nq57", "period": "2026-08-10..2026-08-10", "commune": "21034"}

    page = client.get("/manage/reports/survey", query_string=query)

    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "Khảo sát cán bộ chỉ tổng hợp theo 6 tháng hoặc cả năm" in html
    assert "Khảo sát cán bộ chỉ lọc được theo đơn vị." in html
    assert 'value="2026-08-10..2026-08-10"' in html  # what was typed is kept
    args = ["report", "survey", "can-bo-nq57", "--period", "2026-08-01..2026-08-31"]
    result = runner.invoke(args=[*args, "-o", str(tmp_path / "s.pdf")])
    assert result.exit_code == 1
    assert "chỉ tổng hợp theo 6 tháng hoặc cả năm" in result.output
    allowed = client.get("/manage/reports/survey",
                         query_string={"survey": "can-bo-nq57", "period": "2026"})  # fmt: skip
    assert allowed.status_code == 200
    assert allowed.mimetype == "application/pdf"
