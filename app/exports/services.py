"""Preparing, recording and writing response exports (CSV streamed, XLSX through a file)."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit.services import record
from app.common.csv_export import drain
from app.common.text import format_number
from app.common.timezones import local_day
from app.db import utcnow
from app.exports.columns import Column, codebook, meta_columns, survey_columns
from app.exports.queries import export_select
from app.exports.xlsx import write_workbook
from app.extensions import db
from app.responses.filters import ResponseFilters
from app.responses.models import Response
from app.surveys.models import Survey

FORMATS = ("csv", "xlsx")
CODES = "codes"
BATCH = 5_000  # rows fetched from the database at a time
PIECE = 1 << 16  # bytes of CSV handed to the web server at a time
# Cells an XLSX holds as numbers and dates rather than text.
TYPED = {"number": Decimal, "date": date.fromisoformat}


class ExportError(Exception):
    """The export cannot be made; the message says why, for the person who asked."""


@dataclass(frozen=True)
class ResponseExport:
    """What one export holds: a survey's responses under filters, labels or codes."""

    survey: Survey
    filters: ResponseFilters
    fmt: str
    language: str | None  # None: codes
    columns: list[Column]

    @property
    def filename(self) -> str:
        return f"phieu-tra-loi-{self.survey.slug}-{local_day(utcnow()).isoformat()}.{self.fmt}"

    def select(self):
        return export_select(self.survey.id, self.filters, self.columns,
                             labelled=self.language is not None)  # fmt: skip


def label_choices(survey: Survey) -> list[str]:
    """The label languages an export of this survey may use: its languages, then codes."""
    return [*survey.published_languages, CODES]


def prepare_export(
    survey: Survey, filters: ResponseFilters, fmt: str, labels: str
) -> ResponseExport:
    """The export, or ExportError: staff answers are never exported one by one (DOMAIN.md)."""
    if survey.audience == "staff":
        raise ExportError(_("Câu trả lời của từng công chức, viên chức không được xuất ra; "
                            "hãy dùng báo cáo tổng hợp của khảo sát."))  # fmt: skip
    if fmt not in FORMATS:
        raise ExportError(_("Chọn định dạng CSV hoặc XLSX."))
    if labels not in label_choices(survey):
        raise ExportError(_("Khảo sát không có ngôn ngữ này."))
    if not survey.versions:
        raise ExportError(_("Khảo sát chưa được công bố nên chưa có phiếu trả lời."))
    language = None if labels == CODES else labels
    columns = meta_columns(language) + survey_columns(list(survey.versions), language)
    return ResponseExport(survey, filters, fmt, language, columns)


def record_export(export: ResponseExport, actor, *, via: str) -> None:
    """The audit entry every export of responses leaves (who, which survey, which filters)."""
    labels = export.language or CODES
    record(actor, "responses.export", export.survey, format=export.fmt, labels=labels,
           filters=export.filters.described(), via=via)  # fmt: skip


def _batches(export: ResponseExport) -> Iterator[list]:
    result = db.session.execute(export.select().execution_options(yield_per=BATCH))
    yield from result.partitions()


def csv_bytes(export: ResponseExport) -> Iterator[bytes]:
    """The CSV file in pieces: UTF-8 with a BOM, a header row, LF line ends.

    PostgreSQL writes the rows itself (COPY … TO STDOUT), so Python only passes bytes on;
    elsewhere Python's csv module writes them a batch at a time, to the same text.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.header for c in export.columns])
    header = ("\ufeff" + drain(buffer)).encode()
    if db.session.get_bind().dialect.name == "postgresql":
        rows = _copied(export.select())
    else:
        rows = (_written(writer, buffer, batch) for batch in _batches(export))
    # The header goes out with the first rows: the query has run before anything is sent.
    yield header + next(rows, b"")
    yield from rows


def _written(writer, buffer: io.StringIO, batch) -> bytes:
    writer.writerows(batch)
    return drain(buffer).encode()


def check_xlsx_size(export: ResponseExport, limit: int) -> None:
    """ExportError when the workbook would hold more than ``limit`` responses (for the web:
    an XLSX is built before its download starts)."""
    if count_rows(export) > limit:
        raise ExportError(_("Có hơn %(n)s phiếu: hãy tải CSV, hoặc dùng lệnh flask export "
                            "responses để lập tệp XLSX.", n=format_number(limit)))  # fmt: skip


def count_rows(export: ResponseExport) -> int:
    """How many responses the export holds."""
    query = export.filters.apply(
        sa.select(sa.func.count(Response.id)).where(Response.survey_id == export.survey.id)
    )
    return db.session.scalar(query)


def _copied(select) -> Iterator[bytes]:
    """The rows of ``select`` as CSV from PostgreSQL's COPY, in the session's transaction."""
    compiled = select.compile(dialect=db.session.get_bind().dialect,
                              compile_kwargs={"render_postcompile": True})  # fmt: skip
    statement = f"COPY ({compiled}) TO STDOUT WITH (FORMAT csv)"
    connection = db.session.connection().connection.driver_connection
    pending = bytearray()
    with connection.cursor() as cursor, cursor.copy(statement, compiled.params) as copy:
        for row in copy:  # one message per row: pass them on in pieces of about 64 KB
            pending += row
            if len(pending) >= PIECE:
                yield bytes(pending)
                pending.clear()
    yield bytes(pending)


def write_xlsx(export: ResponseExport, target) -> int:
    """Write the XLSX workbook (data and codebook sheets) to a path or file; the row count."""
    versions = list(export.survey.versions)
    book = codebook(export.columns, versions, export.language)
    return write_workbook(
        target,
        header=[c.header for c in export.columns],
        batches=_batches(export),
        codebook=book,
        language=export.language,
        typed={i: TYPED[c.kind] for i, c in enumerate(export.columns) if c.kind in TYPED},
    )
