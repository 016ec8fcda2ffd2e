"""Reading uploaded CSV files: UTF-8 decoding, normalised headers, located errors.

Every importer checks a whole file and writes all of it or nothing; the errors it collects
name the line (1 is the header) and the column as the file wrote it.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _

from app.common.text import clean_text

MAX_ROWS = 5000


@dataclass(frozen=True)
class RowError:
    """A problem in one line and column of a file; line None means the whole file."""

    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        where = _("dòng %(line)s", line=self.line)
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}"


class ImportFileError(Exception):
    """The file cannot be imported; nothing was written."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


def decode_csv(data: bytes) -> str:
    """Decode an uploaded file as UTF-8 (with or without the BOM Excel writes)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = _("Tệp phải được lưu dạng CSV mã hóa UTF-8.")
        raise ImportFileError([RowError(None, None, message)]) from None


class CsvFile:
    """A CSV text with lower-cased, NFC header names, aliases applied.

    :param aliases: header names the file may use for a stored name ({"type": "kind"}).
    """

    def __init__(self, text: str, aliases: dict[str, str] | None = None):
        self._reader = csv.DictReader(io.StringIO(text))
        try:
            fieldnames = self._reader.fieldnames or []
        except csv.Error as exc:
            message = _("Không đọc được dòng tiêu đề: %(error)s", error=str(exc)[:100])
            raise ImportFileError([RowError(1, None, message)]) from None
        written = [clean_text(h).lower() for h in fieldnames]
        self.header = [(aliases or {}).get(h, h) for h in written]
        # stored name -> the name the file used, so errors speak the file's language
        self.shown = dict(zip(self.header, written, strict=True))
        self._reader.fieldnames = self.header

    def header_errors(self, *, required=(), known=None) -> list[RowError]:
        """Missing, unknown or repeated columns, reported on line 1."""
        missing = [c for c in required if c not in self.header]
        if missing:
            return [RowError(1, None, _("Thiếu cột bắt buộc: %(cols)s.", cols=", ".join(missing)))]
        unknown = [self.shown[h] for h in self.header if known is not None and h not in known]
        if unknown:
            cols = ", ".join(unknown)
            return [RowError(1, None, _("Cột không được hỗ trợ: %(cols)s.", cols=cols))]
        dupes = sorted({self.shown[h] for h in self.header if self.header.count(h) > 1})
        if dupes:
            return [RowError(1, None, _("Cột bị lặp: %(cols)s.", cols=", ".join(dupes)))]
        return []

    def lines(self, errors: list[RowError]) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number, NFC-stripped values) for each data line, at most MAX_ROWS of them.

        Lines with more cells than the header are reported in ``errors`` and skipped.
        """
        rows = enumerate(self._reader, start=2)
        line = 1
        while True:
            try:
                line, raw = next(rows)
            except StopIteration:
                return
            except csv.Error as exc:  # e.g. a field larger than the csv module allows
                message = _("Không đọc được dòng này: %(error)s", error=str(exc)[:100])
                errors.append(RowError(line + 1, None, message))
                return
            if line - 1 > MAX_ROWS:
                errors.append(RowError(line, None, _("Tệp có quá %(n)s dòng.", n=MAX_ROWS)))
                return
            if None in raw:
                errors.append(RowError(line, None, _("Dòng có nhiều cột hơn tiêu đề.")))
                continue
            yield line, {key: clean_text(value) for key, value in raw.items()}

    def finish(self, rows: list, errors: list[RowError]) -> None:
        """Raise ImportFileError with every error, naming columns as the file did."""
        if not rows and not errors:
            errors.append(RowError(1, None, _("Tệp không có dòng dữ liệu nào.")))
        if errors:
            raise ImportFileError(
                [RowError(e.line, self.shown.get(e.column, e.column), e.message) for e in errors]
            )
