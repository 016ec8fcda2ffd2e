"""How long the PDF pipeline takes for a 1-page and a 10-page Vietnamese document.

Run: .venv/bin/python bench/pdf_render.py   (prints seconds per render, median of 5)
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.reports.pdf import render_pdf

BASE_URL = "http://nq57.bench/"
PARAGRAPH = (
    "<p>Sở Khoa học và Công nghệ tỉnh Quảng Ngãi triển khai Kế hoạch truyền thông thực hiện "
    "Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và "
    "chuyển đổi số quốc gia; tỷ lệ người dân được tiếp cận thông tin đạt 80,2% [75,8%; 83,6%].</p>"
)
ROW = "<tr><td>CITIZEN_ACCESS</td><td>Người dân được tiếp cận thông tin</td><td>80%</td></tr>"


def document(pages: int) -> str:
    body = (PARAGRAPH * 6 + "<table>" + ROW * 12 + "</table>") * pages
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="static/css/print.css"></head>'
        f'<body class="official"><h1>BÁO CÁO</h1>{body}</body></html>'
    )


def measure(pages: int, runs: int = 5) -> tuple[float, int]:
    html = document(pages)
    render_pdf(html, base_url=BASE_URL)  # warm up: imports and font loading
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        pdf = render_pdf(html, base_url=BASE_URL)
        times.append(time.perf_counter() - start)
        size = len(pdf)
    return statistics.median(times), size


if __name__ == "__main__":
    for pages in (1, 10):
        seconds, size = measure(pages)
        print(f"{pages:>2} section(s): {seconds:.3f} s median of 5, {size / 1024:.0f} KiB")
