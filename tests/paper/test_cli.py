"""`flask paper form`: the same PDF as the manager's page, written to a file."""

import sqlalchemy as sa

from app.audit.models import AuditEntry
from tests.paper.conftest import pdf_text, requires_poppler


@requires_poppler
def test_form_writes_numbered_copies_to_a_file(runner, db, citizen, tmp_path):
    output = tmp_path / "phieu.pdf"
    result = runner.invoke(args=["paper", "form", "nguoi-dan-nq57", "--language", "en",
                                 "--copies", "2", "--prefix", "t", "--start", "9",
                                 "-o", str(output)])  # fmt: skip

    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Wrote 2 copies (T-000009 to T-000010) of nguoi-dan-nq57 version 1 in en to {output}.\n"
    )
    text = pdf_text(output.read_bytes(), tmp_path)
    assert "Page 1 of " in text  # the form's own sentences in English too
    assert text.count("T-000009") >= 2
    assert text.count("T-000010") >= 2
    assert "Which commune or ward do you live in?" in text
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "paper.print"))
    assert (entry.actor_id, entry.details["first"], entry.details["copies"]) == (
        None,
        "T-000009",
        2,
    )


def test_form_refuses_what_it_cannot_print(runner, db, citizen, tmp_path):
    output = str(tmp_path / "phieu.pdf")
    cases = {
        ("khong-co", "--language", "vi"): "No survey with slug 'khong-co'.",
        ("nguoi-dan-nq57", "--language", "jra"): (
            "Version 1 of nguoi-dan-nq57 has no language 'jra' (it has vi, en)."
        ),
        ("nguoi-dan-nq57", "--version", "2"): "Survey nguoi-dan-nq57 has no published version 2.",
        ("nguoi-dan-nq57", "--prefix", "P-1"): "The prefix must be 1-8 letters A-Z or digits.",
        ("nguoi-dan-nq57", "--start", "999999", "--copies", "2"): (
            "The last serial would pass 999999; lower --start or --copies."
        ),
    }
    for args, message in cases.items():
        result = runner.invoke(args=["paper", "form", *args, "-o", output])
        assert result.exit_code == 1, args
        assert message in result.output, args
    result = runner.invoke(
        args=["paper", "form", "nguoi-dan-nq57", "--copies", "501", "-o", output]
    )
    assert result.exit_code == 2  # click's own range check
    assert not (tmp_path / "phieu.pdf").exists()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "paper.print")) == 0  # fmt: skip
