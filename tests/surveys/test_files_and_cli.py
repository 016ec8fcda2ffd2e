"""Survey files (JSON export and import, built-in surveys), `flask seed` and `flask surveys`."""

import io
import json
import unicodedata

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from app.surveys.definition import DefinitionInvalidError, parse_definition
from app.surveys.files import (
    BUILTIN_DIR,
    FORMAT,
    check_document,
    dump_document,
    export_document,
    import_document,
    read_document,
)
from app.surveys.models import Survey
from app.surveys.queries import get_survey_by_slug
from app.surveys.services import edit_draft
from tests.surveys.helpers import EXAMPLES, audit_actions, definition, example, question

BUILTIN = sorted(BUILTIN_DIR.glob("*.json"))
SEEDED = {"can-bo-nq57": "staff", "doanh-nghiep-nq57": "enterprise",
          "nguoi-dan-nq57": "citizen", "to-chuc-khcn-nq57": "research"}  # fmt: skip


def document(raw_definition: dict, slug: str = "thu-nghiem") -> dict:
    return {"format": FORMAT, "slug": slug, "audience": "event", "anonymous": False,
            "definition": raw_definition}  # fmt: skip


def surveys(db) -> list[Survey]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Survey).order_by(Survey.slug)))


def errors_reading(data: bytes) -> list[str]:
    with pytest.raises(DefinitionInvalidError) as caught:
        read_document(data)
    return [str(e) for e in caught.value.errors]


# --- round trip -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(EXAMPLES))
def test_export_then_import_gives_the_identical_document(db, kind):
    q = {**example(kind), "text": {"vi": "Câu hỏi", "en": "Question"}, "help": "Gợi ý"}
    raw = definition([question("intro", "note")], [q], languages=["vi", "en"])
    survey = import_document(check_document(document(raw)), actor=None)
    db.session.commit()
    exported = export_document(survey)
    text = dump_document(exported)

    db.session.delete(survey)
    db.session.commit()
    again = import_document(read_document(text.encode()), actor=None)
    db.session.commit()

    assert export_document(again) == exported
    assert dump_document(export_document(again)) == text
    assert exported["definition"]["pages"][1]["questions"][0]["type"] == kind


def test_a_bom_and_nfd_text_are_accepted_and_normalised(db):
    raw = definition([question("a")], title=unicodedata.normalize("NFD", "Hội nghị tập huấn"))
    data = b"\xef\xbb\xbf" + json.dumps(document(raw), ensure_ascii=False).encode()
    assert read_document(data)["definition"]["title"] == {"vi": "Hội nghị tập huấn"}


# --- read_document errors ---------------------------------------------------------------------


def test_read_document_refuses_what_is_not_json():
    (message,) = errors_reading(b"{'format': 'nq57-survey/1'")
    assert message.startswith("Tệp không phải JSON hợp lệ (UTF-8): ")
    (message,) = errors_reading("Khảo sát".encode("utf-16"))
    assert message.startswith("Tệp không phải JSON hợp lệ (UTF-8): ")


@pytest.mark.parametrize("raw", [[], {"format": "nq57-survey/2"}, {"slug": "x"}])
def test_read_document_needs_the_format(raw):
    assert errors_reading(json.dumps(raw).encode()) == ['Tệp phải có "format": "nq57-survey/1"']


def test_read_document_lists_every_problem():
    raw = {**document(definition([question("a", "slider")])), "audience": "students",
           "anonymous": "yes", "owner": "Văn phòng", "version": 2}  # fmt: skip
    assert errors_reading(json.dumps(raw).encode()) == [
        "trường không được hỗ trợ: owner, version",
        "audience phải là một trong: staff, citizen, enterprise, research, event",
        "anonymous phải là true hoặc false",
        "trang 1, câu hỏi `a`: loại câu hỏi `slider` không được hỗ trợ",
    ]


def test_read_document_refuses_nan_with_a_located_error():
    text = json.dumps(document(definition([question("n", "integer", min=12345)])))
    errors_reading(text.replace("12345", "NaN").encode())


# --- built-in surveys and flask seed ----------------------------------------------------------


@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: p.stem)
def test_builtin_files_are_canonical(app, path):
    text = path.read_text(encoding="utf-8")
    checked = check_document(json.loads(text))

    assert dump_document(checked) == text
    assert unicodedata.normalize("NFC", text) == text
    assert checked["definition"]["languages"] == ["vi", "en"]


def test_flask_seed_installs_the_four_surveys_open_and_byte_identical_to_their_files(db, runner):
    result = runner.invoke(args=["seed"])

    assert result.exit_code == 0, result.output
    assert "Seed: 4 built-in surveys installed and opened (" in result.output
    found = surveys(db)
    assert {s.slug: s.audience for s in found} == SEEDED
    assert {(s.status, tuple(v.number for v in s.versions)) for s in found} == {("open", (1,))}
    for path in BUILTIN:
        survey = get_survey_by_slug(json.loads(path.read_text(encoding="utf-8"))["slug"])
        assert dump_document(export_document(survey)).encode() == path.read_bytes()
        assert survey.versions[0].definition == survey.draft
    assert audit_actions(db).count("surveys.publish") == 4


def test_flask_seed_twice_keeps_four_surveys_and_an_edited_draft(db, runner):
    assert runner.invoke(args=["seed"]).exit_code == 0
    survey = get_survey_by_slug("nguoi-dan-nq57")
    edited = {**survey.draft, "title": {"vi": "Khảo sát người dân (đã sửa)"}}
    edit_draft(survey, edited)
    db.session.commit()

    second = runner.invoke(args=["seed"])

    assert second.exit_code == 0, second.output
    assert "Seed: 0 built-in surveys installed and opened." in second.output
    found = surveys(db)
    assert len(found) == 4
    assert all(s.status == "open" and len(s.versions) == 1 for s in found)
    assert get_survey_by_slug("nguoi-dan-nq57").draft == edited


# --- flask surveys list / export / import -----------------------------------------------------


def test_surveys_list_prints_slug_audience_status_version_and_responses(db, runner):
    runner.invoke(args=["seed"])
    import_document(check_document(document(definition([question("a")]), "a-nhap")), actor=None)
    db.session.commit()

    result = runner.invoke(args=["surveys", "list"])

    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "a-nhap\tevent\tdraft\tv-\t0",
        "can-bo-nq57\tstaff\topen\tv1\t0",
        "doanh-nghiep-nq57\tenterprise\topen\tv1\t0",
        "nguoi-dan-nq57\tcitizen\topen\tv1\t0",
        "to-chuc-khcn-nq57\tresearch\topen\tv1\t0",
    ]


def test_surveys_export_writes_the_document_to_a_file_or_stdout(db, runner, tmp_path):
    runner.invoke(args=["seed"])
    out = tmp_path / "can-bo.json"

    result = runner.invoke(args=["surveys", "export", "can-bo-nq57", "-o", str(out)])

    assert result.exit_code == 0
    assert result.output == f"Wrote {out}.\n"
    assert out.read_bytes() == (BUILTIN_DIR / "staff_awareness.json").read_bytes()
    stdout = runner.invoke(args=["surveys", "export", "can-bo-nq57"])
    assert stdout.output == out.read_text(encoding="utf-8")
    missing = runner.invoke(args=["surveys", "export", "khong-co"])
    assert (missing.exit_code, missing.output) == (1, "No survey with slug 'khong-co'.\n")


def test_surveys_import_json_creates_a_draft_and_audits(db, runner, tmp_path):
    raw = definition(
        [question("a")], [question("b", "yes_no", options=EXAMPLES["yes_no"][0]["options"])]
    )
    path = tmp_path / "su-kien.json"
    path.write_text(json.dumps(document(raw)), encoding="utf-8")

    result = runner.invoke(args=["surveys", "import", str(path), "--slug", "su-kien-2026"])

    assert result.exit_code == 0, result.output
    assert result.output == "Imported su-kien-2026 as a draft (2 pages).\n"
    (survey,) = surveys(db)
    assert (survey.slug, survey.status, survey.audience, survey.is_anonymous) == (
        "su-kien-2026", "draft", "event", False)  # fmt: skip
    assert survey.draft == parse_definition(raw)
    assert audit_actions(db, survey.id) == ["surveys.create", "surveys.import"]


def xlsform_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in (["type", "name", "label", "label::English (en)"],
                ["select_one yn", "heard", "Ông/Bà đã nghe về NQ57?", "Heard of NQ57?"],
                ["integer", "age", "Tuổi", "Age"]):  # fmt: skip
        sheet.append(row)
    choices = book.create_sheet("choices")
    for row in (["list_name", "name", "label"], ["yn", "yes", "Có"], ["yn", "no", "Không"]):
        choices.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id"])
    settings.append(["Khảo sát từ XLSForm", "thu_xls"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_surveys_import_reads_an_xlsform(db, runner, tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_bytes(xlsform_bytes())

    result = runner.invoke(args=["surveys", "import", str(path), "--audience", "citizen"])

    assert result.exit_code == 0, result.output
    (survey,) = surveys(db)
    assert (survey.slug, survey.audience, survey.status) == ("thu-xls", "citizen", "draft")
    assert survey.draft["languages"] == ["vi", "en"]
    assert survey.draft["title"] == {"vi": "Khảo sát từ XLSForm"}
    questions = [q for page in survey.draft["pages"] for q in page["questions"]]
    assert [(q["code"], q["type"]) for q in questions] == [("heard", "yes_no"),
                                                           ("age", "integer")]  # fmt: skip
    assert questions[0]["text"] == {"vi": "Ông/Bà đã nghe về NQ57?", "en": "Heard of NQ57?"}


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("broken.json", b'{"format": "nq57-survey/1",', "Tệp không phải JSON hợp lệ (UTF-8): "),
        ("bad.json", json.dumps(document(definition([question("Sai")]))).encode(),
         "trang 1: mã `Sai` phải bắt đầu bằng chữ thường, chỉ gồm a-z, 0-9 và _"),
        ("broken.xlsx", b"PK not really a workbook",
         "Tệp không phải bảng tính Excel (.xlsx) hợp lệ."),
    ],
)  # fmt: skip
def test_surveys_import_reports_errors_and_writes_nothing(db, runner, tmp_path, name, data,
                                                          expected):  # fmt: skip
    path = tmp_path / name
    path.write_bytes(data)

    result = runner.invoke(args=["surveys", "import", str(path)])

    assert result.exit_code == 1
    assert result.output.startswith(f"Nothing imported:\n{expected}")
    assert surveys(db) == []
    assert audit_actions(db) == []


def test_surveys_import_refuses_a_slug_in_use(db, runner, tmp_path):
    runner.invoke(args=["seed"])
    path = tmp_path / "copy.json"
    path.write_bytes((BUILTIN_DIR / "staff_awareness.json").read_bytes())
    before = audit_actions(db)

    result = runner.invoke(args=["surveys", "import", str(path)])

    assert result.exit_code == 1
    assert result.output == "Nothing imported: Đã có khảo sát dùng đường dẫn can-bo-nq57\n"
    assert len(surveys(db)) == 4
    assert audit_actions(db) == before
