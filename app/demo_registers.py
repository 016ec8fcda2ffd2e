"""Demo rows for the registers, so every indicator on the demo dashboard has figures.

Dates are placed relative to today, so the current half-year always has products,
trainings and communications to count. Nothing is added when a register already has rows.
"""

from datetime import date, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.registers.models import (
    AwardEntry,
    CommChannel,
    CommProduct,
    Document,
    NetworkMember,
    StTask,
    TaskCommunication,
    Training,
)
from app.units.queries import get_unit_by_code

TASKS = [
    (
        "ĐTKHCN.51.2024-01",
        "Ứng dụng IoT giám sát độ ẩm đất cho cây cà phê vùng Kon Plông",
        "province",
        2024,
        False,
    ),
    (
        "ĐTKHCN.51.2024-02",
        "Chọn tạo giống lúa chịu mặn cho vùng ven biển Quảng Ngãi",
        "province",
        2024,
        False,
    ),
    ("ĐTKHCN.51.2025-01", "Bảo tồn và phát triển nguồn gen sâm Ngọc Linh", "national", 2025, False),
    (
        "ĐTKHCN.51.2025-02",
        "Nền tảng số hỗ trợ truy xuất nguồn gốc nông sản",
        "province",
        2025,
        False,
    ),
    (
        "ĐTKHCN.51.2025-03",
        "Nghiên cứu giải pháp bảo đảm an toàn thông tin cho hệ thống chính quyền số",
        "province",
        2025,
        True,
    ),
    (
        "ĐTKHCN.51.2026-01",
        "Ứng dụng trí tuệ nhân tạo hỗ trợ tư vấn thủ tục hành chính",
        "province",
        2026,
        False,
    ),
]
TRAINED = [
    ("QLKH_DMST", "Nguyễn Thị Hoa", 48),
    ("QLKH_DMST", "Trần Văn Minh", 24),
    ("BCVT_CDS", "Lê Quang Huy", 56),
    ("BCVT_CDS", "Phạm Thu Trang", 40),
    ("TT_CDS_DMST", "Đỗ Văn Nam", 60),
    ("TT_CDS_DMST", "Võ Thị Lan", 16),
]


def add_register_demo(today: date) -> int:
    """Add demo register rows when the registers are empty; returns the rows added."""
    if db.session.scalar(sa.select(sa.func.count(StTask.id))):
        return 0
    rows = []
    units = {code: get_unit_by_code(code) for code in ("QLKH_DMST", "BCVT_CDS", "TT_CDS_DMST")}
    lead = units["QLKH_DMST"]
    for i, (code, title, level, year, secret) in enumerate(TASKS):
        task = StTask(
            code=code,
            title=title,
            level=level,
            year=year,
            is_secret=secret,
            status="accepted" if year < 2026 else "ongoing",
            unit_id=lead.id,
        )
        if not secret and i % 3 != 2:
            task.communications.append(
                TaskCommunication(
                    outlet="Báo Quảng Ngãi",
                    outlet_kind="mass_media",
                    url=f"https://baoquangngai.vn/khoa-hoc/{code.lower()}.htm",
                    published_on=today - timedelta(days=30 + 40 * i),
                )
            )
        rows.append(task)
    for n, (code, unit) in enumerate(units.items()):
        kind = "portal_column" if code == "QLKH_DMST" else "social_page"
        channel = CommChannel(
            unit_id=unit.id,
            kind=kind,
            name="Chuyên mục Nghị quyết 57",
            url="https://skhcn.quangngai.gov.vn/nq57",
            opened_on=date(2025, 3, 1),
        )
        rows.append(channel)
        if code == "TT_CDS_DMST":
            continue  # one unit has a channel but published nothing in the period
        for k in range(6 + 3 * n):
            rows.append(
                CommProduct(
                    channel=channel,
                    kind=("article", "infographic", "video")[k % 3],
                    title=f"Bản tin Nghị quyết 57 số {k + 1}",
                    published_on=today - timedelta(days=9 * k + 1),
                    language="hre" if k == 4 else "vi",
                )
            )
    for code, person, hours in TRAINED:
        rows.append(
            Training(
                person=person,
                unit_id=units[code].id,
                course="Kỹ năng truyền thông số",
                topic="digital_comm",
                hours=hours,
                completed_on=today - timedelta(days=hours * 3),
            )
        )
    for i, (kind, name) in enumerate(
        [
            ("press", "Báo Quảng Ngãi"),
            ("press", "Đài Phát thanh - Truyền hình Quảng Ngãi"),
            ("research", "Trường Đại học Phạm Văn Đồng"),
            ("enterprise", "Công ty CP Dung Quất Tech"),
            ("expert", "TS. Nguyễn Văn An"),
            ("commune", "UBND phường Cẩm Thành"),
        ]
    ):
        rows.append(
            NetworkMember(kind=kind, name=name, joined_on=today - timedelta(days=200 - 20 * i))
        )
    rows.append(
        AwardEntry(
            year=today.year,
            award="Giải Báo chí về khoa học và công nghệ tỉnh",
            entry="Loạt bài: Đưa Nghị quyết 57 vào cuộc sống",
            result="submitted",
        )
    )
    rows.append(
        Document(
            kind="plan",
            number="125/KH-SKHCN",
            issued_on=date(2025, 4, 15),
            title="Kế hoạch truyền thông thực hiện Nghị quyết số 57-NQ/TW",
        )
    )
    db.session.add_all(rows)
    return len(rows)
