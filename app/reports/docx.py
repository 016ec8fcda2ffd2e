"""The semi-annual report as an editable Word file (DOCX, python-docx); the PDF stays the
archived copy.

The DOCX is written from the very HTML the PDF is printed from (the same context, the same
template, rendered in Vietnamese), so its wording and numbers cannot drift from the PDF's
or the dashboard's. This module only maps that HTML's few official-document elements onto
Word's: the Decree 30/2020/NĐ-CP header table, headings, paragraphs, tables with borders and
a repeated header row, footnotes, and the recipients and signature table. The SVG charts are
left out: Word embeds raster images only, and every charted value is in the table above.

Layout follows static/css/report.css: A4, margins 20 mm top, bottom and right, 30 mm left;
Times New Roman (Liberation Serif is metric-compatible) 13 pt, 14 pt for the title lines.
"""

import re
from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from lxml import html as lxml_html

from app.reports.semiannual import semiannual_context

MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
MARGINS = {"top": 20, "bottom": 20, "right": 20, "left": 30}  # mm, as report.css's @page
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]  # 160 mm
HEADER_COLUMNS = (0.42 * TEXT_WIDTH, 0.58 * TEXT_WIDTH)  # as .doc-header__left/__right
# The national motto's rule is as long as the motto (Decree 30, appendix I): 56 mm for
# "Độc lập - Tự do - Hạnh phúc" in bold 13 pt Times New Roman; the issuing body's rule is
# 40% of its column, as in the PDF (Decree 30: a third to a half of the line above).
MOTTO_RULE, BODY_RULE = 56, 0.4 * HEADER_COLUMNS[0]
# Column widths (mm) of the report's tables, by their number of columns.
COLUMNS = {
    8: (9, 44, 21, 11, 18, 27, 12, 18),  # indicators: TT, name, target, year, value, CI, n, status
    7: (
        50,
        13,
        20,
        17,
        22,
        19,
        19,
    ),  # methodology: name, n, n_eff, deff, weights, "không biết", out
    4: (70, 20, 30, 40),  # a breakdown with intervals
    3: (96, 20, 44),  # a breakdown ("Không công bố (dưới cỡ tối thiểu)" fits its last column)
    2: (120, 40),
}
PAIRS = (55, 25, 55, 25)  # communes, two to a row
QUESTION = (115, 22.5, 22.5)  # one survey question: the answer's label takes 72%
_SPACES = re.compile(r"[ \t\r\n\f]+")  # not \s: no-break spaces must stay


def semiannual_docx(
    result, settings, *, number: str, issued_on, difficulties: str = "", draft: bool
) -> bytes:
    """The report as DOCX bytes, from the same context and template as the PDF."""
    context = semiannual_context(
        result, settings, number=number, issued_on=issued_on, difficulties=difficulties, draft=draft
    )
    with force_locale("vi"):
        page = render_template("reports/pdf/semiannual.html", **context)
        return html_to_docx(page, draft=draft, author=context["settings"]["body"])


def html_to_docx(page: str, *, draft: bool, author: str = "") -> bytes:
    """Word's version of an official report page rendered for the PDF."""
    document = Document()
    _set_up(document, draft=draft)
    root = lxml_html.document_fromstring(page)
    writer = _Writer(document)
    writer.blocks(root.find("body"))
    properties = document.core_properties
    properties.title = " ".join(root.findtext(".//title", "").split())
    properties.author, properties.language = author, "vi-VN"
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- page and styles -------------------------------------------------------------------------


def _fonts(rpr) -> None:
    """Times New Roman for every script, replacing the template's theme fonts (Calibri)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), FONT)


def _set_up(document, *, draft: bool) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
    for side, mm in MARGINS.items():
        setattr(section, f"{side}_margin", Mm(mm))
    section.header_distance = section.footer_distance = Mm(10)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = defaults.find(qn("w:rPr"))
    _fonts(rpr)
    rpr.find(qn("w:lang")).set(qn("w:val"), "vi-VN")
    normal = document.styles["Normal"]
    normal.font.size = Pt(13)
    _fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_before, normal.paragraph_format.space_after = Pt(0), Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for level in (2, 3, 4):
        style = document.styles[f"Heading {level}"]
        _fonts(style.element.get_or_add_rPr())
        style.font.size = Pt(13 if level < 4 else 12)
        style.font.bold, style.font.italic = level < 4, level > 2
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(4)
    _page_headers(document, section, draft=draft)


def _page_headers(document, section, *, draft: bool) -> None:
    """Page numbers at the top centre from page 2 (none on page 1, as Decree 30 and the PDF
    do); "DỰ THẢO" at the top right of every page of a draft."""
    section.different_first_page_header_footer = True
    for header, numbered in ((section.first_page_header, False), (section.header, True)):
        paragraph = header.paragraphs[0]
        paragraph.style = document.styles["Normal"]
        tabs = paragraph.paragraph_format.tab_stops
        tabs.add_tab_stop(Mm(TEXT_WIDTH / 2), WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(Mm(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run("\t")
        if numbered:
            _page_number(paragraph)
        if draft:
            run = paragraph.add_run("\t" + _("DỰ THẢO"))
            run.bold, run.font.size = True, Pt(12)


def _page_number(paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"),
                       ("end", None)):  # fmt: skip
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text.strip() == "PAGE" else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


# --- tables ----------------------------------------------------------------------------------


def _table_property(table, name: str, **attributes) -> None:
    element = OxmlElement(f"w:{name}")
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), str(value))
    table._tbl.tblPr.append(element)


def _cell_margins(table, *, top: int, side: int) -> None:
    """Cell padding in twentieths of a point (0 for the header and signature tables)."""
    margins = OxmlElement("w:tblCellMar")
    for edge, twips in (("top", top), ("left", side), ("bottom", top), ("right", side)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _new_table(document, rows: int, widths, *, borders: bool):
    """A table of fixed column widths (Word and LibreOffice keep them as given)."""
    table = document.add_table(rows=rows, cols=len(widths))
    if borders:
        table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _table_property(table, "tblLayout", type="fixed")
    _cell_margins(table, top=20 if borders else 0, side=68 if borders else 0)  # 1.2 mm
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def _row_property(row, name: str) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement(f"w:{name}"))


def _rule(cell, width: float, column: float) -> None:
    """The short horizontal line under the issuing body and under the motto: the bottom
    border of an empty, tiny paragraph indented to the line's length, centred."""
    paragraph = cell.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm((column - width) / 2)
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Mm(2), Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


# --- the HTML walker -------------------------------------------------------------------------


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _segments(element, caps: bool = False) -> list[tuple[str, bool, bool, bool]]:
    """The element's text as (text, bold, italic, superscript) pieces, spaces collapsed as
    HTML collapses them."""
    pieces: list[tuple[str, bool, bool, bool]] = []

    def walk(node, bold, italic, sup):
        if node.text:
            pieces.append((node.text, bold, italic, sup))
        for child in node:
            if isinstance(child.tag, str) and child.tag not in ("svg", "style", "script"):
                walk(child, bold or child.tag in ("b", "strong"),
                     italic or child.tag in ("i", "em"), sup or child.tag == "sup")  # fmt: skip
            if child.tail:
                pieces.append((child.tail, bold, italic, sup))

    walk(element, False, False, False)
    out, previous_space = [], True
    for text, bold, italic, sup in pieces:
        text = _SPACES.sub(" ", text)
        if previous_space:
            text = text.lstrip(" ")
        if text:
            out.append((text.upper() if caps else text, bold, italic, sup))
            previous_space = text.endswith(" ")
    if out:
        last = out[-1]
        out[-1] = (last[0].rstrip(" "), *last[1:])
    return [piece for piece in out if piece[0]]


class _Writer:
    """Walks the report's body and writes each block into the document."""

    def __init__(self, document):
        self.document = document

    def blocks(self, parent) -> None:
        for element in parent:
            if not isinstance(element.tag, str):
                continue
            classes = _classes(element)
            if element.tag == "table":
                self.table(element, classes)
            elif element.tag in ("h1", "h2", "h3", "h4"):
                self.heading(element)
            elif element.tag == "p":
                self.paragraph(self.document.add_paragraph(), element, classes)
            elif element.tag == "div" and "chart" not in classes:
                self.blocks(element)

    def spacer(self) -> None:
        """A small gap after a table (Word needs a paragraph between two tables anyway); small,
        so that it costs little when it falls at the top of a page."""
        fmt = self.document.add_paragraph().paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), Pt(8)

    def heading(self, element) -> None:
        text = " ".join(_SPACES.split(element.text_content())).strip()
        if element.tag == "h1":
            paragraph = self.document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_before = Pt(12)
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.keep_with_next = True
            run = paragraph.add_run(text)
            run.bold, run.font.size = True, Pt(14)
        elif text != _("Biểu đồ các chỉ tiêu"):  # the charts themselves are left out
            self.document.add_heading(text, level=int(element.tag[1]))

    def paragraph(self, paragraph, element, classes: set[str]) -> None:
        fmt, size = paragraph.paragraph_format, None
        centred = {"doc-summary", "doc-addressee", "draft-note"}
        if classes & centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if "indent" in classes:
            fmt.first_line_indent = Mm(10)
        if "url-line" in classes:  # a long address would stretch a justified line
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if "doc-summary" in classes:
            size, fmt.space_after = 14, Pt(12)
        if "footnote" in classes:
            size = 11
        if "keep-with-next" in classes:
            fmt.keep_with_next = True
        bold = bool(classes & {"bold", "doc-summary"})
        italic = bool(classes & {"italic", "draft-note"})
        self.runs(paragraph, element, bold=bold, italic=italic, size=size,
                  caps="caps" in classes)  # fmt: skip

    @staticmethod
    def runs(paragraph, element, *, bold=False, italic=False, size=None, caps=False) -> None:
        for text, b, i, sup in _segments(element, caps=caps):
            run = paragraph.add_run(text)
            run.bold = bold or b or None
            run.italic = italic or i or None
            run.font.superscript = sup or None
            if size:
                run.font.size = Pt(size)

    def table(self, element, classes: set[str]) -> None:
        if "doc-header" in classes:
            self.header_table(element)
        elif "doc-end" in classes:
            self.end_table(element)
        else:
            self.figures_table(element, classes)

    def header_table(self, element) -> None:
        """Decree 30's header: issuing body and number left, national motto and date right."""
        table = _new_table(self.document, 1, HEADER_COLUMNS, borders=False)
        sizes = ((12, 12, 13), (12, 13, 13))  # per column, per line (Decree 30 ranges)
        for column, td in enumerate(element.iter("td")):
            cell = table.rows[0].cells[column]
            for line, p in enumerate(td.iter("p")):
                paragraph = cell.paragraphs[0] if line == 0 else cell.add_paragraph()
                self.cell_paragraph(
                    paragraph, p, WD_ALIGN_PARAGRAPH.CENTER, sizes[column][min(line, 2)]
                )
                if "rule" in _classes(p):
                    width = BODY_RULE if column == 0 else MOTTO_RULE
                    _rule(cell, width, HEADER_COLUMNS[column])
        self.spacer()

    def end_table(self, element) -> None:
        """Recipients ("Nơi nhận") left, the signature right, kept on one page."""
        half = TEXT_WIDTH / 2
        self.document.add_paragraph().paragraph_format.keep_with_next = True
        table = _new_table(self.document, 1, (half, half), borders=False)
        _row_property(table.rows[0], "cantSplit")
        for column, td in enumerate(element.iter("td")):
            cell, first = table.rows[0].cells[column], True
            for child in td:
                classes = _classes(child)
                paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
                first = False
                if child.tag == "div":  # the signature's space, as .signature-space
                    fmt = paragraph.paragraph_format
                    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), Mm(28)
                    continue
                size = (
                    12 if "recipients-title" in classes else (11 if "recipient" in classes else 13)
                )
                align = WD_ALIGN_PARAGRAPH.LEFT if column == 0 else WD_ALIGN_PARAGRAPH.CENTER
                self.cell_paragraph(paragraph, child, align, size)

    def cell_paragraph(self, paragraph, element, align, size: float) -> None:
        classes = _classes(element)
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
        if "number" in classes:
            fmt.space_before = Pt(2)
        bold = bool(classes & {"bold", "recipients-title"})
        italic = bool(classes & {"italic", "recipients-title"})
        self.runs(paragraph, element, bold=bold, italic=italic, size=size, caps="caps" in classes)

    def figures_table(self, element, classes: set[str]) -> None:
        """A bordered table; its head rows repeat on every page and no row splits. A group
        row stays with the row after it; a survey question's table stays whole, as in the PDF."""
        head = [tr for tr in element.iter("tr") if tr.getparent().tag == "thead"]
        rows = head + [tr for tr in element.iter("tr") if tr.getparent().tag != "thead"]
        width = max(
            sum(int(c.get("colspan", 1)) for c in tr if c.tag in ("td", "th")) for tr in rows
        )
        labels = [th.text_content() for th in head[-1]] if head else []
        if "survey-question" in classes:
            widths = QUESTION
        elif width == 4 and labels and labels[:2] == labels[2:]:
            widths = PAIRS
        else:
            widths = COLUMNS.get(width)
        widths = widths or (TEXT_WIDTH / 2, *[TEXT_WIDTH / 2 / (width - 1)] * (width - 1))
        table = _new_table(self.document, len(rows), widths, borders=True)
        for tr, row in zip(rows, table.rows, strict=True):
            _row_property(row, "cantSplit")
            if tr in head:
                _row_property(row, "tblHeader")
            group = "group" in _classes(tr)
            whole = "survey-question" in classes and tr is not rows[-1]
            self.figures_row(tr, row, group=group, keep=group or whole)
        self.spacer()

    def figures_row(self, tr, row, *, group: bool, keep: bool) -> None:
        column = 0
        for cell_element in (c for c in tr if c.tag in ("td", "th")):
            span = int(cell_element.get("colspan", 1))
            cell = row.cells[column]
            if span > 1:
                cell = cell.merge(row.cells[column + span - 1])
            column += span
            classes = _classes(cell_element)
            paragraph = cell.paragraphs[0]
            fmt = paragraph.paragraph_format
            fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(1), Pt(1), 1.0
            fmt.keep_with_next = keep or None
            header = cell_element.tag == "th" and not group
            if header:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif "num" in classes:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            for text, b, i, sup in _segments(cell_element):
                if "nowrap" in classes:
                    text = text.replace(" ", "\u00a0")
                run = paragraph.add_run(text)
                run.bold = header or group or cell_element.tag == "th" or b or None
                run.italic = group or i or None
                run.font.superscript = sup or None
                run.font.size = Pt(11)
