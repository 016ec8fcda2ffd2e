"""Importing an XLSForm: what maps onto a survey, and every problem located by sheet and row."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from app.surveys.definition import DefinitionInvalidError
from app.surveys.xlsform import read_xlsform
from app.surveys.xlsform_rules import parse_constraint, parse_relevant

TITLE = "Khảo sát người dân về Nghị quyết 57"
HEADER = ["type", "name", "label", "label::English (en)", "hint", "required", "appearance",
          "constraint", "relevant"]  # fmt: skip
CHOICES = [
    ["list_name", "name", "label", "label::English (en)"],
    ["yes_no", "yes", "Có", "Yes"],
    ["yes_no", "no", "Không", "No"],
    ["channels", "tv", "Truyền hình", "Television"],
    ["channels", "zalo", "Zalo", None],
    ["channels", "web", "Cổng thông tin", "Portal"],
    ["level", "low", "Thấp", "Low"],
    ["level", "high", "Cao", "High"],
]


def xlsx(**sheets: list[list]) -> bytes:
    """An .xlsx workbook with one sheet per keyword, rows as given (the first is the header)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def settings(*pairs: tuple[str, str]) -> list[list]:
    return [[k for k, _v in pairs], [v for _k, v in pairs]]


def messages_of(data: bytes, **kwargs) -> list[str]:
    """The messages of the file-level errors reading ``data`` raises (no page or question)."""
    with pytest.raises(DefinitionInvalidError) as caught:
        read_xlsform(data, **kwargs)
    assert all(e.page is None and e.question is None for e in caught.value.errors)
    return [str(e) for e in caught.value.errors]


def option(code: str, vi: str, en: str | None = None) -> dict:
    return {"code": code, "label": {"vi": vi, **({"en": en} if en else {})}}


def test_a_supported_form_becomes_the_expected_survey(app):
    survey = [
        HEADER,
        ["start", "start"],
        ["note", "intro", "Xin chào", "Hello"],
        ["acknowledge", "agree", "Tôi đồng ý tham gia", "I agree to take part"],
        ["begin_group", "about", "Về bạn", "About you"],
        ["integer", "age", "Tuổi", "Age", "Tính theo năm", "yes", None, ". >= 15 and .<=100"],
        ["decimal", "income", "Thu nhập", None, None, "false()", None, ". >= 0"],
        ["select_one yes_no", "heard", "Đã nghe về NQ57?", "Heard of NQ57?", None, "TRUE()"],
        ["date", "visited", "Ngày tham gia", "Date"],
        ["end_group"],
        ["begin group", "media", "Kênh thông tin", None, None, None, "field-list", None,
         "${heard} = 'yes'"],
        ["select_multiple channels or_other", "channels", "Kênh", "Channels", None, 1, None,
         "count-selected(.) >= 1 and count-selected(.) <= 2"],
        ["select_one level", "level", "Mức độ", "Level"],
        ["text", "comment", "Ý kiến", "Comment", None, None, "multiline",
         "string-length( . ) <= 500", "${age} >= 18 and ${age} <= 60"],
        ["text", "job", "Nghề nghiệp", "Occupation"],
        ["end group"],
        ["deviceid", "device"],
        ["select_one level", "satisfied", "Hài lòng?", None, None, None, None, None,
         "${level} = 'high' or selected(${level}, 'low')"],
    ]  # fmt: skip
    data = xlsx(
        survey=survey,
        choices=CHOICES,
        settings=settings(
            ("form_title", TITLE),
            ("form_id", "ignored_id"),
            ("default_language", "Tiếng Việt (vi)"),
        ),
    )

    document = read_xlsform(data, slug="nguoi-dan-2026")

    title = {"vi": TITLE}
    levels = [option("low", "Thấp", "Low"), option("high", "Cao", "High")]
    assert document == {
        "format": "nq57-survey/1",
        "slug": "nguoi-dan-2026",
        "audience": "citizen",
        "anonymous": True,
        "definition": {
            "languages": ["vi", "en"],
            "title": title,
            "pages": [
                {"code": "page_1", "title": title, "questions": [
                    {"code": "intro", "type": "note", "text": {"vi": "Xin chào", "en": "Hello"},
                     "required": False},
                ]},
                {"code": "page_2", "title": title, "questions": [
                    {"code": "agree", "type": "consent", "required": True,
                     "text": {"vi": "Tôi đồng ý tham gia", "en": "I agree to take part"}},
                ]},
                {"code": "about", "title": {"vi": "Về bạn", "en": "About you"}, "questions": [
                    {"code": "age", "type": "integer", "text": {"vi": "Tuổi", "en": "Age"},
                     "help": {"vi": "Tính theo năm"}, "required": True, "min": 15, "max": 100},
                    {"code": "income", "type": "decimal", "text": {"vi": "Thu nhập"},
                     "required": False, "min": 0},
                    {"code": "heard", "type": "yes_no", "required": True,
                     "text": {"vi": "Đã nghe về NQ57?", "en": "Heard of NQ57?"},
                     "options": [option("yes", "Có", "Yes"), option("no", "Không", "No")]},
                    {"code": "visited", "type": "date", "required": False,
                     "text": {"vi": "Ngày tham gia", "en": "Date"}},
                ]},
                {"code": "media", "title": {"vi": "Kênh thông tin"},
                 "show_if": {"question": "heard", "any_of": ["yes"]}, "questions": [
                    {"code": "channels", "type": "multiple_choice", "required": True,
                     "text": {"vi": "Kênh", "en": "Channels"}, "other": True,
                     "options": [option("tv", "Truyền hình", "Television"), option("zalo", "Zalo"),
                                 option("web", "Cổng thông tin", "Portal")],
                     "min_choices": 1, "max_choices": 2},
                    {"code": "level", "type": "single_choice", "required": False,
                     "text": {"vi": "Mức độ", "en": "Level"}, "options": levels},
                    {"code": "comment", "type": "long_text", "required": False,
                     "text": {"vi": "Ý kiến", "en": "Comment"}, "max_length": 500,
                     "show_if": {"question": "age", "min": 18, "max": 60}},
                    {"code": "job", "type": "short_text", "required": False,
                     "text": {"vi": "Nghề nghiệp", "en": "Occupation"}, "max_length": 200},
                ]},
                {"code": "page_5", "title": title, "questions": [
                    {"code": "satisfied", "type": "single_choice", "text": {"vi": "Hài lòng?"},
                     "required": False, "options": levels,
                     "show_if": {"question": "level", "any_of": ["high", "low"]}},
                ]},
            ],
        },
    }  # fmt: skip


def test_every_unsupported_row_is_reported_with_its_sheet_and_row(app):
    survey = [
        ["type", "name", "label", "label::English (en)", "constraint", "relevant", "calculation",
         "default"],
        ["geopoint", "location", "Vị trí"],
        ["begin_repeat", "members", "Thành viên"],
        ["text", "member", "Tên"],
        ["end_repeat"],
        ["calculate", "total", None, None, None, None, "1 + 1"],
        ["integer", "age", "Tuổi", None, None, "${x} = 'a' and ${y} = 'b'"],
        ["integer", "count", "Số người", None, ". > 0"],
        ["begin_group", "outer", "Ngoài"],
        ["begin_group", "inner", "Trong"],
        ["text", "remark", "Ghi chú"],
        ["end_group"],
        ["end_group"],
        ["select_one colours", "colour", "Màu"],
        ["text", "english_only", None, "Only English"],
        ["text", "town", "Xã", None, None, None, None, "Nghĩa Hành"],
    ]  # fmt: skip
    choices = [["list_name", "name", "label"], ["yes_no", "yes", "Có"], ["yes_no", "No", "Không"]]

    errors = messages_of(xlsx(survey=survey, choices=choices), slug="thu-nghiem")

    assert errors == [
        "choices, dòng 3: mã lựa chọn `No` chỉ gồm a-z (chữ thường), 0-9 và _",
        "survey, dòng 2: loại câu hỏi `geopoint` không được hỗ trợ",
        "survey, dòng 3: loại câu hỏi `begin_repeat` không được hỗ trợ",
        "survey, dòng 6: loại câu hỏi `calculate` không được hỗ trợ",
        "survey, dòng 7: relevant không được hỗ trợ: `${x} = 'a' and ${y} = 'b'`",
        "survey, dòng 8: constraint không được hỗ trợ: `. > 0`",
        "survey, dòng 10: nhóm lồng trong nhóm không được hỗ trợ",
        "survey, dòng 14: không có danh sách lựa chọn `colours` trong sheet choices",
        "survey, dòng 15: thiếu nhãn tiếng Việt",
        "survey, dòng 16: cột `default` không được hỗ trợ",
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["text", "a", "Câu", "maybe"], "required phải là yes hoặc no"),
        (["text", "A1", "Câu"], "tên `A1` phải bắt đầu bằng chữ thường, chỉ gồm a-z, 0-9 và _"),
        (["select_one", "a", "Câu"], "loại câu hỏi `select_one` không được hỗ trợ"),
        (["select_one yes_no extra", "a", "Câu"],
         "loại câu hỏi `select_one yes_no extra` không được hỗ trợ"),
        ([None, "a", "Câu"], "thiếu loại câu hỏi (cột type)"),
        (["end_group"], "end_group không có begin_group tương ứng"),
        (["begin_group", "g", "Nhóm"], "nhóm chưa có end_group"),
        (["date", "a", "Câu", None, ". >= 0"], "constraint không được hỗ trợ: `. >= 0`"),
        (["integer", "a", "Câu", None, None, "not(${b} = 'x')"],
         "relevant không được hỗ trợ: `not(${b} = 'x')`"),
    ],
)  # fmt: skip
def test_a_bad_survey_row_is_reported(app, row, message):
    survey = [["type", "name", "label", "required", "constraint", "relevant"], row]
    data = xlsx(survey=survey, choices=[["list_name", "name", "label"]])

    assert messages_of(data, slug="thu-nghiem") == [f"survey, dòng 2: {message}"]


def test_a_select_needs_the_choices_sheet(app):
    data = xlsx(survey=[["type", "name", "label"], ["select_one yn", "q", "Câu"]])

    assert messages_of(data, slug="thu-nghiem") == [
        "survey, dòng 2: không có danh sách lựa chọn `yn` trong sheet choices",
    ]


def test_a_file_that_is_not_xlsx_gives_a_clear_error(app):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("survey.json", "{}")

    for data in (b"type,name,label\n", b"", archive.getvalue()):
        assert messages_of(data) == ["Tệp không phải bảng tính Excel (.xlsx) hợp lệ."]


def test_a_workbook_without_a_survey_sheet_is_refused(app):
    data = xlsx(choices=[["list_name", "name", "label"]])

    assert messages_of(data) == ["Tệp XLSForm cần có sheet `survey`."]


def test_the_header_needs_type_name_and_a_vietnamese_label(app):
    data = xlsx(survey=[["type", "label::English (en)", "hint::English"], ["text", "Name"]])

    assert messages_of(data, slug="thu-nghiem") == [
        "survey, dòng 1: ngôn ngữ `English` cần mã trong ngoặc, ví dụ English (en)",
        "survey, dòng 1: thiếu cột: name, label (tiếng Việt)",
    ]


def test_settings_give_the_slug_audience_and_anonymity_and_metadata_is_ignored(app):
    survey = [["type", "name", "label::Tiếng Việt (vi)"]]
    survey += [
        [kind, kind]
        for kind in (
            "start",
            "end",
            "today",
            "deviceid",
            "username",
            "audit",
            "phonenumber",
            "simserial",
            "subscriberid",
        )
    ]
    survey += [["text", "name", "Họ tên"]]  # fmt: skip
    data = xlsx(
        survey=survey,
        settings=settings(("form_title", "Doanh nghiệp"), ("form_id", "DN_Khao_Sat_2026"),
                          ("audience", "enterprise"), ("anonymous", "no"), ("version", "3")),
    )  # fmt: skip

    document = read_xlsform(data, audience="staff")

    assert (document["slug"], document["audience"], document["anonymous"]) == (
        "dn-khao-sat-2026", "enterprise", False,
    )  # fmt: skip
    assert document["definition"]["pages"] == [
        {"code": "page_1", "title": {"vi": "Doanh nghiệp"}, "questions": [
            {"code": "name", "type": "short_text", "text": {"vi": "Họ tên"}, "required": False,
             "max_length": 200},
        ]},
    ]  # fmt: skip


def test_without_settings_the_arguments_and_defaults_apply(app):
    data = xlsx(survey=[["type", "name", "label"], ["text", "name", "Họ tên"]])

    document = read_xlsform(data, slug="can-bo-2026", audience="staff")

    assert (document["slug"], document["audience"], document["anonymous"]) == (
        "can-bo-2026", "staff", True,
    )  # fmt: skip
    assert document["definition"]["title"] == {"vi": "can-bo-2026"}


def test_without_a_slug_argument_form_id_and_form_title_are_needed(app):
    data = xlsx(survey=[["type", "name", "label"], ["text", "name", "Họ tên"]])

    assert messages_of(data) == [
        "settings: cần form_id để đặt đường dẫn rút gọn",
        "settings: cần form_title (tên khảo sát)",
    ]


def test_bad_settings_are_reported_on_their_row(app):
    data = xlsx(
        survey=[["type", "name", "label"], ["text", "name", "Họ tên"]],
        settings=settings(("form_title", "Khảo sát"), ("form_id", "khảo sát"),
                          ("audience", "martians"), ("anonymous", "maybe")),
    )  # fmt: skip

    assert messages_of(data) == [
        "settings, dòng 2: form_id `khảo sát` không dùng được làm đường dẫn rút gọn "
        "(3-64 ký tự a-z, 0-9, _ và -)",
        "settings, dòng 2: anonymous phải là yes hoặc no",
        "settings, dòng 2: audience phải là một trong: staff, citizen, enterprise, research, event",
    ]


def test_a_plain_label_column_is_the_default_language(app):
    data = xlsx(
        survey=[["type", "name", "label", "label::Tiếng Việt (vi)"], ["text", "q", "Name", "Tên"]],
        settings=settings(("form_title", "Khảo sát"), ("default_language", "English (en)")),
    )

    document = read_xlsform(data, slug="khao-sat")

    assert document["definition"]["languages"] == ["vi", "en"]
    assert document["definition"]["pages"][0]["questions"][0]["text"] == {
        "vi": "Tên", "en": "Name",
    }  # fmt: skip


def test_text_is_nfc_normalised(app):
    decomposed = "Ho\u0323 te\u0302n"  # "Họ tên" with combining marks, as some keyboards type
    data = xlsx(survey=[["type", "name", "label"], ["text", "name", decomposed]])

    document = read_xlsform(data, slug="khao-sat")

    assert document["definition"]["pages"][0]["questions"][0]["text"] == {"vi": "Họ tên"}


def test_a_yes_no_list_in_another_order_is_still_yes_no(app):
    choices = [["list_name", "name", "label"], ["yn", "no", "Không"], ["yn", "yes", "Có"]]
    data = xlsx(survey=[["type", "name", "label"], ["select_one yn", "q", "Câu"]], choices=choices)

    question = read_xlsform(data, slug="khao-sat")["definition"]["pages"][0]["questions"][0]

    assert question["type"] == "yes_no"
    assert [o["code"] for o in question["options"]] == ["yes", "no"]


def test_definition_problems_come_back_with_their_page_and_question(app):
    survey = [
        ["type", "name", "label", "relevant"],
        ["integer", "age", "Tuổi", "${job} = 'x'"],
        ["text", "job", "Nghề"],
    ]

    with pytest.raises(DefinitionInvalidError) as caught:
        read_xlsform(xlsx(survey=survey), slug="khao-sat")

    [error] = caught.value.errors
    assert (error.page, error.question) == (1, "age")
    assert "ở sau" in error.message


def test_a_relevant_on_the_question_before_works_outside_groups(app):
    survey = [
        ["type", "name", "label", "relevant"],
        ["integer", "age", "Tuổi"],
        ["text", "job", "Nghề", "${age} >= 18"],
    ]
    document = read_xlsform(xlsx(survey=survey), slug="khao-sat")
    pages = document["definition"]["pages"]
    assert [[q["code"] for q in p["questions"]] for p in pages] == [["age"], ["job"]]
    assert pages[1]["questions"][0]["show_if"] == {"question": "age", "min": 18}


@pytest.mark.parametrize(
    ("expression", "kind", "expected"),
    [
        (". >= 0", "integer", {"min": 0}),
        (".<=2.5", "decimal", {"max": 2.5}),
        (". <= 100 and . >= -5", "integer", {"min": -5, "max": 100}),
        ("string-length(.) <= 500", "short_text", {"max_length": 500}),
        ("count-selected(.) <= 3", "multiple_choice", {"max_choices": 3}),
        (". >= 0 or . <= 5", "integer", None),
        (". >= 0 and . >= 5", "integer", None),
        (". >= ${other}", "integer", None),
        ("string-length(.) >= 5", "short_text", None),
        (". <= 5", "single_choice", None),
        ("regex(., '^[0-9]+$')", "short_text", None),
    ],
)
def test_simple_constraints_become_bounds(expression, kind, expected):
    assert parse_constraint(expression, kind) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("${q} = 'a'", {"question": "q", "any_of": ["a"]}),
        ('${q}="a" or ${q} = "b"', {"question": "q", "any_of": ["a", "b"]}),
        ("selected(${q}, 'a') or selected( ${q} ,'b')", {"question": "q", "any_of": ["a", "b"]}),
        ("${n} >= 5", {"question": "n", "min": 5}),
        ("${n} >= 5 and ${n} <= 10", {"question": "n", "min": 5, "max": 10}),
        ("${q} = 'a' or ${r} = 'b'", None),
        ("${q} = 'a' and ${q} = 'b'", None),
        ("${q} != 'a'", None),
        ("${n} >= 5 or ${n} <= 1", None),
        ("${n} > 5", None),
        ("${n} >= ${m}", None),
        ("not(selected(${q}, 'a'))", None),
        ("count-selected(${q}) >= 2", None),
    ],
)
def test_simple_relevants_become_show_if(expression, expected):
    assert parse_relevant(expression) == expected
