"""Many numbered copies from one layout: the questionnaire is laid out once and each copy's
serial, QR code and page footer are drawn over it.

WeasyPrint lays out a dense form page in about 0.13 s, so 100 copies of a four-page form took
a minute when every copy was laid out again. The copies differ only in their serial, so the
body is rendered once and the copies' variable parts (tiny pages) once for all copies; each
output page draws a body page, shared by every copy as one Form XObject, under its own stamp
page. pypdf only rearranges objects here: no content stream is parsed or rewritten.
"""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    StreamObject,
)


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF."""
    return len(PdfReader(io.BytesIO(pdf)).pages)


def overlay(body_pdf: bytes, stamps_pdf: bytes) -> bytes:
    """Stamp page i drawn over body page i mod (body pages), for every stamp page, in order."""
    body = PdfReader(io.BytesIO(body_pdf))
    stamps = PdfReader(io.BytesIO(stamps_pdf))
    writer = PdfWriter()
    # _add_object is how pypdf itself registers a new indirect object; it has no public twin.
    forms = [writer._add_object(_as_form(page, writer)) for page in body.pages]
    for index, stamp in enumerate(stamps.pages):
        number = index % len(forms)
        page = writer.add_page(stamp)
        # WeasyPrint may share one resource dictionary between pages: a name per body page
        # keeps each page pointing at its own form.
        name = NameObject(f"/NQ57Body{number}")
        resources = page[NameObject("/Resources")].get_object()
        xobjects = resources.get("/XObject")
        if xobjects is None:
            xobjects = DictionaryObject()
            resources[NameObject("/XObject")] = xobjects
        xobjects.get_object()[name] = forms[number]
        draw = DecodedStreamObject()
        draw.set_data(f"q {name} Do Q\n".encode())
        contents = ArrayObject([writer._add_object(draw)])
        existing = page.get("/Contents")
        if existing is not None:
            resolved = existing.get_object()
            contents.extend(resolved if isinstance(resolved, ArrayObject) else [existing])
        page[NameObject("/Contents")] = contents
    if body.metadata:
        writer.add_metadata(dict(body.metadata))  # the title WeasyPrint took from <title>
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _as_form(page, writer: PdfWriter) -> StreamObject:
    """A page as a Form XObject: its content, its resources, its box."""
    form = StreamObject()
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = page.mediabox
    form[NameObject("/Resources")] = page["/Resources"].clone(writer)
    form.set_data(page.get_contents().get_data())
    return form.flate_encode()
