"""Error pages: the right status, the person's language, and no dependence on the database."""

import math
import time

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadHost, HTTPException, InternalServerError

from app.extensions import db

# status -> (title, explanation); the explanation says what to do next.
MESSAGES = {
    400: (
        _l("Yêu cầu không hợp lệ"),
        _l("Trang không xử lý được yêu cầu này. Hãy quay lại và thử lại."),
    ),
    403: (
        _l("Ông/Bà không có quyền xem trang này"),
        _l("Nếu cần quyền truy cập, hãy liên hệ quản trị viên của Sở."),
    ),
    404: (
        _l("Không tìm thấy trang"),
        _l("Hãy kiểm tra lại địa chỉ, ví dụ địa chỉ in trên tờ áp phích."),
    ),
    405: (
        _l("Không thực hiện được thao tác này"),
        _l("Hãy quay lại trang trước và dùng nút trên trang."),
    ),
    410: (
        _l("Trang không còn hoạt động"),
        _l("Đường dẫn này đã hết hạn hoặc đã bị thu hồi."),
    ),
    413: (_l("Dữ liệu gửi lên quá lớn"), _l("Hãy gửi tệp hoặc nội dung nhỏ hơn.")),
    429: (_l("Quá nhiều yêu cầu"), _l("Vui lòng thử lại sau ít phút.")),
    500: (
        _l("Xin lỗi, hệ thống đang gặp sự cố"),
        _l("Vui lòng thử lại sau ít phút. Nếu vẫn lỗi, hãy liên hệ Sở."),
    ),
    503: (_l("Hệ thống đang quá tải"), _l("Vui lòng thử lại sau ít phút.")),
}
CSRF_MESSAGE = (
    _l("Phiên làm việc đã hết hạn"),
    _l("Trang đã mở quá lâu hoặc không gửi được mã bảo mật. Hãy tải lại trang và thử lại."),
)


def render_error(
    status: int, *, title=None, message=None, retry_after: int | None = None, minimal=False
):
    """The error page for ``status``.

    :param minimal: leave out everything that needs the database (the signed-in user's
        navigation), for failures where the database may be what failed.
    """
    default_title, default_message = MESSAGES.get(status, MESSAGES[500])
    response = render_template(
        "errors/error.html",
        status=status,
        title=title or default_title,
        message=message or default_message,
        retry_after=retry_after,
        minimal=minimal,
    )
    return response, status


def handle_http_error(error: HTTPException):
    if request.blueprint == "api" or request.path.startswith("/api/"):
        return {"error": error.name, "status": error.code}, error.code
    if isinstance(request.routing_exception, BadHost):
        # No URL can be built for a Host header werkzeug refuses (a label over 63 characters),
        # and every page links its stylesheet: say it in plain text.
        title, message = MESSAGES[400]
        return f"{title}. {message}\n", 400, {"Content-Type": "text/plain; charset=utf-8"}
    retry_after = _retry_after() if error.code == 429 else None
    response, status = render_error(error.code or 500, retry_after=retry_after)
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    return response, status, headers


def _retry_after() -> int | None:
    """Seconds until the rate limit that was hit lets the client in again."""
    from app.extensions import limiter

    limit = limiter.current_limit
    if limit is None:
        return None
    return max(1, math.ceil(limit.reset_at - time.time()))


def handle_csrf_error(_error: CSRFError):
    return render_error(400, title=CSRF_MESSAGE[0], message=CSRF_MESSAGE[1])


def handle_server_error(error: InternalServerError):
    """Unexpected failure: roll back so nothing half-written is kept, then a calm page.

    Flask has logged the original exception already; under TESTING it propagates instead.
    """
    db.session.rollback()
    if request.path.startswith("/api/"):
        return {"error": "Internal Server Error", "status": 500}, 500
    return render_error(500, minimal=True)


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(InternalServerError, handle_server_error)
    app.register_error_handler(HTTPException, handle_http_error)
