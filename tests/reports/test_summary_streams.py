"""Response streams in the survey summary and in section IV of the semi-annual report.

The fixture: the citizen survey in August 2026 with 30 probability-sample responses (20 heard
of the resolution, 10 did not; 22 by interview, 8 on paper) and 25 open-link ones answered
alone (10 heard, 15 did not). Hand-computed:
- the sample, the default: "heard" yes 20 of 30 (66,7%), no 10 (33,3%);
- the open stream: yes 10 of 25 (40%), no 15 (60%);
- every stream mixed: yes 30 of 55 (54,5%), no 25 (45,5%).
"""

import subprocess
from datetime import UTC, date, datetime

import pytest

from app.indicators.periods import parse_period
from app.reports.semiannual import get_settings, report_figures, semiannual_pdf
from app.reports.streams import ALL
from app.reports.survey_summary import summary_pdf, survey_sections, survey_summary
from app.surveys.queries import get_survey_by_slug
from tests.factories import make_response, make_user, seed_plan

H2 = parse_period("2026H2")
AUGUST = datetime(2026, 8, 10, 3, 0, tzinfo=UTC)
CITIZEN = "nguoi-dan-nq57"
DONT_KNOW = ("Không biết", "< 10", "")  # nobody: a zero, shown like any small cell
LEFT_OUT_NOTE = (
    "Chỉ tính các phiếu thuộc mẫu xác suất; 25 phiếu từ đường dẫn mở (ý kiến tự nguyện) "
    "không được tính vào các bảng dưới đây."
)


def answer(survey, heard: str, *, stream: str, mode: str):
    response = make_response(
        survey,
        {"consent": True, "commune": "21211", "age_band": "25_34", "heard": heard},
        submitted_at=AUGUST,
    )
    # Sample responses come through respondent codes; the summary reads only the columns.
    response.stream, response.mode = stream, mode
    return response


def add(survey, *, stream: str, yes: int, no: int, modes: list[str]) -> None:
    for i, heard in enumerate(["yes"] * yes + ["no"] * no):
        answer(survey, heard, stream=stream, mode=modes[i % len(modes)])


@pytest.fixture
def citizen(db, seeded):
    seed_plan()
    survey = get_survey_by_slug(CITIZEN)
    # 22 interviews and 8 paper forms, spread over both answers.
    modes = ["assisted"] * 11 + ["paper"] * 4
    add(survey, stream="sample", yes=20, no=10, modes=modes)
    add(survey, stream="open", yes=10, no=15, modes=["self"])
    db.session.commit()
    return survey


def heard(context) -> list[tuple[str, str, str]]:
    block = next(b for b in context["questions"] if b["code"] == "heard")
    return [(c.label, c.count, c.percent) for c in block["cells"]]


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "streams.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())  # lines broken anywhere by the layout, joined again


def test_by_default_only_the_sample_is_counted_and_the_open_responses_left_out_are_named(
    app, citizen
):
    context = survey_summary(citizen, H2)

    assert context["total"] == 30
    assert heard(context) == [("Có", "20", "66,7%"), ("Không", "10", "33,3%"), DONT_KNOW]
    assert context["stream_note"] == LEFT_OUT_NOTE
    assert context["non_probability"] is False  # no open response is counted
    assert context["filters"] == ["Nguồn phiếu: Mẫu xác suất"]
    assert [c.count for c in context["by_commune"][0]] == ["30"]  # breakdowns: the sample too


def test_the_open_stream_alone_gives_the_open_numbers_labelled_non_probability(app, citizen):
    context = survey_summary(citizen, H2, stream="open")

    assert context["total"] == 25
    assert heard(context) == [("Có", "10", "40%"), ("Không", "15", "60%"), DONT_KNOW]
    assert context["non_probability"] is True
    assert context["stream_note"] == (
        "Chỉ tính các phiếu nguồn “Ý kiến tự nguyện” (theo lựa chọn); 30 phiếu thuộc mẫu xác "
        "suất không được tính vào các bảng dưới đây."
    )
    assert context["filters"] == ["Nguồn phiếu: Ý kiến tự nguyện"]


def test_all_streams_mix_only_when_asked_and_say_so(app, citizen, tmp_path):
    context = survey_summary(citizen, H2, stream=ALL)

    assert context["total"] == 55
    assert heard(context) == [("Có", "30", "54,5%"), ("Không", "25", "45,5%"), DONT_KNOW]
    assert context["non_probability"] is True
    assert context["stream_note"] == (
        "Theo lựa chọn “Tất cả”, các bảng dưới đây gộp phiếu của nhiều nguồn: 25 phiếu từ "
        "đường dẫn mở (ý kiến tự nguyện), 30 phiếu thuộc mẫu xác suất. Số liệu gộp không phải "
        "ước lượng từ mẫu xác suất, chỉ dùng để tham khảo."
    )
    assert context["filters"] == ["Nguồn phiếu: tất cả (gộp các nguồn)"]
    text = text_of(summary_pdf(context), tmp_path)
    assert "Nguồn phiếu: Theo lựa chọn “Tất cả”, các bảng dưới đây gộp phiếu" in text
    assert "Tổng số phiếu trả lời: 55." in text
    assert "kết quả tham khảo, mẫu không ngẫu nhiên" in text


def test_a_survey_with_only_open_responses_counts_them_all_as_before(app, db, citizen):
    research = get_survey_by_slug("to-chuc-khcn-nq57")
    for i in range(12):
        make_response(research, {"consent": True, "has_comm_plan": "yes" if i < 9 else "no"},
                      submitted_at=AUGUST)  # fmt: skip
    db.session.commit()

    default = survey_summary(research, H2)
    everything = survey_summary(research, H2, stream=ALL)

    assert default["total"] == everything["total"] == 12
    assert default["stream_note"] == everything["stream_note"] == ""  # one stream: no mixing
    assert default["non_probability"] is True  # the label the summary always had
    assert default["filters"] == []
    assert default["stream_table"]["rows"] == [
        {"label": "Ý kiến tự nguyện", "counted": True, "cells": ["12"], "total": "12"}
    ]


def test_the_stream_by_mode_table_counts_every_stream_and_marks_those_left_out(
    app, citizen, tmp_path
):
    exact = survey_summary(citizen, H2, minimum=1)["stream_table"]
    context = survey_summary(citizen, H2)
    table = context["stream_table"]

    assert exact["modes"] == ["Tự trả lời", "Có người hỗ trợ", "Phiếu giấy"]
    assert [(r["label"], r["counted"], r["cells"], r["total"]) for r in exact["rows"]] == [
        ("Ý kiến tự nguyện", False, ["25", "0", "0"], "25"),
        ("Mẫu xác suất", True, ["0", "22", "8"], "30"),
    ]
    assert (exact["totals"], exact["total"]) == (["25", "22", "8"], "55")
    # Below 10: the 8 paper forms are hidden; in the totals row the 22 goes too, or 55 − 25 −
    # 22 would give the 8 away. The zeros are "< 10" like any small cell.
    assert [r["cells"] for r in table["rows"]] == [["25", "< 10", "< 10"], ["< 10", "22", "< 10"]]
    assert [r["total"] for r in table["rows"]] == ["25", "30"]  # the notes print them anyway
    assert (table["totals"], table["total"]) == (["25", "…", "< 10"], "55")
    text = text_of(summary_pdf(context), tmp_path)
    assert f"Nguồn phiếu: {LEFT_OUT_NOTE}" in text
    assert "Số phiếu trả lời theo nguồn phiếu và cách trả lời" in text
    assert "Nguồn phiếu Tự trả lời Có người hỗ trợ Phiếu giấy Cộng" in text
    assert "Ý kiến tự nguyện* 25 < 10 < 10 25" in text
    assert "Mẫu xác suất < 10 22 < 10 30" in text
    assert "Cộng 25 … < 10 55" in text
    assert "* Không tính vào số phiếu và các bảng kết quả của báo cáo này." in text
    assert "Tổng số phiếu trả lời: 30." in text
    assert "Có 20 66,7%" in text
    assert "kết quả tham khảo, mẫu không ngẫu nhiên" not in text


def test_section_iv_of_the_semiannual_report_counts_the_sample_only(app, citizen, tmp_path):
    [section] = survey_sections(H2)
    pdf = semiannual_pdf(
        report_figures(H2), get_settings(), number="", issued_on=date(2026, 12, 18), draft=True
    )
    text = text_of(pdf, tmp_path)

    assert section["total"] == 30
    assert section["stream_note"] == LEFT_OUT_NOTE
    assert section["non_probability"] is False
    part = text[text.index("IV. KẾT QUẢ CÁC CUỘC KHẢO SÁT") : text.index("V. KHÓ KHĂN")]
    assert f"Số phiếu trả lời: 30. {LEFT_OUT_NOTE}" in part
    assert "Có 20 66,7%" in part
    assert "Không 10 33,3%" in part
    assert "54,5%" not in part  # never the mixed shares
    assert "Kết quả tham khảo, mẫu không ngẫu nhiên" not in part


def test_managers_choose_the_stream_in_the_form_and_wrong_values_are_explained(
    client, db, login, citizen
):
    login(make_user("manager"))
    db.session.commit()
    query = {"survey": CITIZEN, "period": "2026H2"}

    form = client.get("/manage/reports/survey").get_data(as_text=True)
    mixed = client.get("/manage/reports/survey", query_string={**query, "stream": "all"})
    wrong = client.get("/manage/reports/survey", query_string={**query, "stream": "panel"})

    assert '<option selected value="">Mặc định (mẫu xác suất nếu có)</option>' in form
    assert '<option value="all">Tất cả (gộp các nguồn)</option>' in form
    assert '<option value="sample">Mẫu xác suất</option>' in form
    assert "phiếu từ đường dẫn mở không được gộp vào" in form  # the hint
    assert mixed.status_code == 200
    assert mixed.mimetype == "application/pdf"
    assert wrong.status_code == 400
    page = wrong.get_data(as_text=True)
    assert "Chọn một mục trong danh sách" in page
    assert 'value="2026H2"' in page  # the rest is kept


def test_a_staff_summary_cannot_be_narrowed_to_a_stream(
    client, db, login, runner, citizen, tmp_path
):
    login(make_user("manager"))
    db.session.commit()
    query = {"survey": "can-bo-nq57", "period": "2026", "stream": "census"}

    narrowed = client.get("/manage/reports/survey", query_string=query)
    mixed = client.get("/manage/reports/survey", query_string={**query, "stream": "all"})
    cli = runner.invoke(args=["report", "survey", "can-bo-nq57", "--period", "2026",
                              "--stream", "open", "-o", str(tmp_path / "s.pdf")])  # fmt: skip

    assert narrowed.status_code == 400
    assert "Khảo sát cán bộ chỉ lọc được theo đơn vị." in narrowed.get_data(as_text=True)
    assert mixed.status_code == 200  # "all" is every response: no narrower than the default
    assert cli.exit_code == 1
    assert "chỉ lọc được theo đơn vị" in cli.output


def test_the_cli_counts_the_stream_asked_for(runner, citizen, tmp_path):
    output = tmp_path / "open.pdf"

    done = runner.invoke(args=["report", "survey", CITIZEN, "--period", "2026H2",
                               "--stream", "open", "-o", output])  # fmt: skip
    bad = runner.invoke(args=["report", "survey", CITIZEN, "--stream", "panel",
                              "-o", tmp_path / "x.pdf"])  # fmt: skip

    assert done.exit_code == 0, done.output
    text = text_of(output.read_bytes(), tmp_path)
    assert "Tổng số phiếu trả lời: 25." in text
    assert "Có 10 40%" in text
    assert "Chỉ tính các phiếu nguồn “Ý kiến tự nguyện” (theo lựa chọn)" in text
    assert bad.exit_code == 2  # click refuses a stream it does not know
    assert "panel" in bad.output
