"""Writing CSV files for download: UTF-8 with the BOM Excel needs, streamed line by line."""

import csv
import io
from collections.abc import Iterable, Iterator

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text rather than running it (=HYPERLINK(…) in a title).

    Cells already starting with quotes before a formula character get one more, so that
    unneutralise() gives every cell back exactly.
    """
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_START) else cell


def unneutralise(cell: str) -> str:
    """The cell as it was before neutralise(), so an exported file imports unchanged."""
    quoted = cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START)
    return cell[1:] if quoted else cell


def csv_lines(header: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    """The CSV text one line at a time (for a streamed response), the BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield "\ufeff" + drain(buffer)
    for row in rows:
        writer.writerow(row)
        yield drain(buffer)


def drain(buffer: io.StringIO) -> str:
    """What the buffer holds, leaving it empty for the next rows."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate(0)
    return text
