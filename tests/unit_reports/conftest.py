"""The department's reporting units, their people, the first half of 2026, and a report's
content as a unit would type it."""

from datetime import date
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.unit_reports.calendar import ensure_period
from tests.factories import make_channel, make_task, make_unit, make_user


@pytest.fixture
def units(db):
    """The lead unit (QLKH_DMST), two other units of the department and a commune."""
    made = SimpleNamespace(
        lead=make_unit(code="QLKH_DMST", name="Phòng Quản lý khoa học và Đổi mới sáng tạo",
                       short_name="Phòng QLKH&ĐMST"),
        cds=make_unit(code="BCVT_CDS", name="Phòng Bưu chính - Viễn thông và Chuyển đổi số",
                      short_name="Phòng BCVT&CĐS"),
        centre=make_unit(code="TT_CDS_DMST", name="Trung tâm Chuyển đổi số và Đổi mới sáng tạo",
                         short_name="Trung tâm", kind="centre"),
        department=make_unit(code="SKHCN", name="Sở Khoa học và Công nghệ", short_name="Sở",
                             kind="department"),
        commune=make_unit(code="21211", name="Xã Tịnh Khê", short_name="Tịnh Khê", kind="xa"),
    )  # fmt: skip
    db.session.commit()
    return made


@pytest.fixture
def people(db, units):
    """Who writes, reviews and only reads: by unit and role."""
    made = SimpleNamespace(
        cds_staff=make_user("staff", unit_id=units.cds.id, full_name="Lê Văn Bình"),
        cds_manager=make_user("manager", unit_id=units.cds.id, full_name="Phạm Thị Cúc"),
        cds_admin=make_user("admin", unit_id=units.cds.id),
        centre_staff=make_user("staff", unit_id=units.centre.id),
        centre_manager=make_user("manager", unit_id=units.centre.id),
        lead_staff=make_user("staff", unit_id=units.lead.id),
        lead_manager=make_user("manager", unit_id=units.lead.id, full_name="Đặng Thị Lan"),
        admin=make_user("admin", full_name="Quản trị viên"),
        enumerator=make_user("enumerator", unit_id=units.cds.id),
    )  # fmt: skip
    db.session.commit()
    return made


@pytest.fixture
def period(db):
    """The first half of 2026: 15/12/2025 to 14/06/2026, units due 10/06, the department 20/06."""
    made = ensure_period(2026, 1)
    db.session.commit()
    return made


@pytest.fixture
def registers(db, units):
    """The CDS unit's channel, the centre's channel, an open task and a state-secret task."""
    made = SimpleNamespace(
        channel=make_channel(units.cds, date(2025, 1, 1), name="Chuyên mục Chuyển đổi số"),
        other_channel=make_channel(units.centre, date(2025, 1, 1), name="Trang của Trung tâm"),
        task=make_task(units.lead, 2025, code="DTDL.2025-01", title="Nhiệm vụ công khai"),
        secret=make_task(units.lead, 2025, code="MAT.2025-02", is_secret=True),
    )
    db.session.commit()
    return made


def content(registers, **extra) -> dict:
    """A complete report: two products, one event, one training, one minority-language
    material, one task communication, 12 enterprises reached."""
    value = {
        "format": "nq57-unit-report/1",
        "tasks": {"III.1": {"summary": "Đăng 2 tin bài về Nghị quyết 57."}},
        "products": [
            {"task": "III.1", "channel_id": registers.channel.id, "kind": "article",
             "title": "Chuyển đổi số ở xã", "url": "https://skhcn.quangngai.gov.vn/tin/1",
             "published_on": "2026-03-02", "language": "vi"},
            {"task": "III.1", "channel_id": registers.channel.id, "kind": "video",
             "title": "Video Hrê", "published_on": "2026-04-10", "language": "hre"},
        ],
        "events": [{"task": "III.2", "name": "Hội thảo 18/5", "held_on": "2026-05-18",
                    "occasion": "18/5", "participants": 120}],
        "trainings": [{"task": "III.2", "course": "Kỹ năng truyền thông số",
                       "held_on": "2026-04-02", "participants": 35}],
        "minority_materials": [{"task": "III.1", "title": "Tờ gấp tiếng Xơ Đăng",
                                "language": "sed"}],
        "task_communications": [{"task": "III.4", "task_code": "DTDL.2025-01",
                                 "outlet": "Báo Quảng Ngãi", "outlet_kind": "mass_media",
                                 "url": "https://baoquangngai.vn/a", "published_on": "2026-03-01"}],
        "enterprises_reached": 12,
        "difficulties": "Thiếu nhân lực.",
        "proposals": "Tập huấn thêm.",
    }  # fmt: skip
    return value | extra


def audit(db, action: str) -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(db.session.scalars(query))


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))
