"""Sample rows for every register: CSV files, and form input with what it should store."""

from datetime import date

# Two lines per register, in import order (communications need tasks, products need channels).
# They mix both date forms, blank defaults and cells a spreadsheet would run as formulas.
SAMPLES = {
    "tasks": (
        "code,title,level,year,status,is_secret,unit",
        'NV-01,"Ứng dụng công nghệ số, giai đoạn 1",province,2025,accepted,0,VP',
        'NV-02,"=HYPERLINK(""http://x.example"")",national,2026,,có,',
    ),
    "communications": (
        "task_code,outlet,outlet_kind,url,published_on",
        "NV-01,Báo Quảng Ngãi,mass_media,https://baoquangngai.vn/bai-1,2026-03-27",
        "NV-01,Trang Facebook của Sở,social_network,,27/04/2026",
    ),
    "channels": (
        "unit,kind,name,url,opened_on,closed_on",
        "TTTT,portal_column,Chuyên mục NQ57,https://skhcn.quangngai.gov.vn/nq57,2025-01-15,",
        "21211,zalo,Zalo xã Tịnh Khê,,01/02/2025,31/12/2025",
    ),
    "products": (
        "unit,channel,kind,title,url,published_on,language",
        "TTTT,Chuyên mục NQ57,article,Khởi động chuyển đổi số,,2026-01-20,vi",
        "21211,Zalo xã Tịnh Khê,video,-Hướng dẫn dùng dịch vụ công,,01/06/2025,hre",
    ),
    "trainings": (
        "person,unit,course,topic,completed_on,hours",
        "Nguyễn Thị Hoa,VP,Kỹ năng truyền thông số,digital_comm,2026-03-27,40",
        "@Trần Văn Bình,21211,Viết tin khoa học,st_content,05/04/2026,8",
    ),
    "members": (
        "kind,name,joined_on,left_on",
        "press,Báo Quảng Ngãi,2025-01-01,",
        'expert,"+Lê Văn Cường, TS.",2025-02-01,2026-01-31',
    ),
    "awards": (
        "year,award,entry,result,unit",
        "2025,Giải Báo chí tỉnh,Loạt bài chuyển đổi số ở miền núi,awarded,TTTT",
        "2026,Diễn đàn đổi mới sáng tạo,Tham luận về khởi nghiệp,,",
    ),
    "documents": (
        "kind,number,title,issued_on,url",
        "plan,123/KH-SKHCN,Kế hoạch truyền thông năm 2026,2026-01-10,https://skhcn.quangngai.gov.vn/vb",
        "report,45/BC-SKHCN,Báo cáo 6 tháng đầu năm 2026,30/06/2026,",
    ),
}
PREREQUISITES = {"communications": ("tasks",), "products": ("channels",)}


def sample(register: str) -> str:
    return "\n".join(SAMPLES[register]) + "\n"


def form_cases(units: dict) -> dict:
    """register -> (form input, stored attributes, field to change on edit, new value, stored)."""
    vp, tttt, commune = units["VP"].id, units["TTTT"].id, units["21211"].id
    return {
        "tasks": (
            {"code": "NV-2026-01", "title": "Ứng dụng công nghệ sinh học", "level": "province",
             "year": "2026", "status": "ongoing", "unit": str(vp)},
            {"code": "NV-2026-01", "level": "province", "year": 2026, "is_secret": False,
             "unit_id": vp},
            "status", "accepted", {"status": "accepted"},
        ),
        "channels": (
            {"unit": str(tttt), "kind": "portal_column", "name": "Chuyên mục Nghị quyết 57",
             "url": "https://skhcn.quangngai.gov.vn/nq57", "opened_on": "15/01/2026"},
            {"unit_id": tttt, "opened_on": date(2026, 1, 15), "closed_on": None},
            "closed_on", "2026-12-31", {"closed_on": date(2026, 12, 31)},
        ),
        "trainings": (
            {"person": "Nguyễn Thị Hoa", "unit": str(commune), "course": "Viết tin khoa học",
             "topic": "st_content", "completed_on": "27/3/2026", "hours": "40"},
            {"unit_id": commune, "completed_on": date(2026, 3, 27), "hours": 40},
            "hours", "16", {"hours": 16},
        ),
        "members": (
            {"kind": "press", "name": "Báo Quảng Ngãi", "joined_on": "01/02/2026"},
            {"name": "Báo Quảng Ngãi", "joined_on": date(2026, 2, 1), "left_on": None},
            "left_on", "01/03/2026", {"left_on": date(2026, 3, 1)},
        ),
        "awards": (
            {"year": "2026", "award": "Giải Báo chí tỉnh", "entry": "Loạt bài chuyển đổi số",
             "result": "awarded", "unit": "0"},
            {"year": 2026, "result": "awarded", "unit_id": None},
            "unit", str(vp), {"unit_id": vp},
        ),
        "documents": (
            {"kind": "plan", "number": "123/KH-SKHCN", "title": "Kế hoạch truyền thông 2026",
             "issued_on": "10/01/2026", "url": ""},
            {"number": "123/KH-SKHCN", "issued_on": date(2026, 1, 10), "url": None},
            "title", "Kế hoạch truyền thông năm 2026", {"title": "Kế hoạch truyền thông năm 2026"},
        ),
    }  # fmt: skip
