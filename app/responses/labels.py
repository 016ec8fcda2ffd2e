"""Words for a response's mode and stream, for lists, filters and exports."""

from flask_babel import lazy_gettext as _l

MODE_LABELS = {"self": _l("Tự trả lời"), "assisted": _l("Có người hỗ trợ"),
               "paper": _l("Phiếu giấy")}  # fmt: skip
STREAM_LABELS = {"open": _l("Ý kiến tự nguyện"), "sample": _l("Mẫu xác suất"),
                 "census": _l("Toàn bộ đối tượng")}  # fmt: skip
