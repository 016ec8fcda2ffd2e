"""The entry start form: which paper form to key, and whether it is keyed twice."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField


class EntryStartForm(FlaskForm):
    """Sent by GET: it only chooses the form to open, so it carries no CSRF token."""

    class Meta:
        csrf = False

    serial = StringField(
        _l("Số phiếu hoặc mã người trả lời"),
        description=_l(
            "Quét mã QR trên phiếu, hoặc gõ số phiếu (ví dụ P-000123) hay mã người "
            "trả lời (ví dụ KQ4M-9XD7), rồi bấm Enter."
        ),
    )
    hai_lan = BooleanField(
        _l("Nhập liệu hai lần"),
        description=_l(
            "Một cán bộ khác nhập lại phiếu; phiếu chỉ được tính khi hai lần nhập "
            "khớp nhau hoặc người giám sát đã đối chiếu. Chỉ áp dụng cho phiếu "
            "nhập lần đầu."
        ),
    )
    submit = SubmitField(_l("Mở phiếu để nhập"))
