"""URL converters."""

from werkzeug.routing import IntegerConverter

from app.common.args import MAX_ID


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` limited to ids the database can hold, so /users/99999999999999 is a 404."""

    def __init__(self, url_map, fixed_digits=0, min=1, max=MAX_ID, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
