"""Only managers (and administrators) reach the registers; every change needs a CSRF token."""

import re
from datetime import date

import pytest

from app.registers.models import CommChannel, CommProduct, StTask, TaskCommunication
from app.registers.specs import SPECS, TOP_LEVEL
from tests.factories import make_user
from tests.registers.conftest import stored


@pytest.fixture
def rows(db, units):
    """One task with a communication and one channel with a product, by register."""
    task = StTask(code="NV-01", title="Giống lúa", level="province", year=2026)
    day = date(2026, 1, 1)
    channel = CommChannel(unit=units["VP"], kind="zalo", name="Zalo Sở", opened_on=day)
    db.session.add_all([task, channel])
    db.session.flush()
    db.session.add_all([
        TaskCommunication(task=task, outlet="Báo Quảng Ngãi", outlet_kind="mass_media",
                          published_on=day),
        CommProduct(channel_id=channel.id, kind="article", title="Bài 1", published_on=day),
    ])  # fmt: skip
    db.session.commit()
    return {"tasks": task.id, "channels": channel.id,
            "communications": stored(db, TaskCommunication)[0].id,
            "products": stored(db, CommProduct)[0].id}  # fmt: skip


def urls(rows: dict) -> list[str]:
    found = ["/manage/registers/"]
    for name, spec in SPECS.items():
        base = f"/manage/registers/{name}"
        found += [f"{base}/import", f"{base}/export.csv"]
        if name in rows:
            found.append(f"{base}/{rows[name]}/delete")
        if name in TOP_LEVEL:
            found += [f"{base}/", f"{base}/new"]
        if name in rows and name in TOP_LEVEL:
            found.append(f"{base}/{rows[name]}/edit")
        if spec.child:
            found.append(f"{base}/{rows[name]}")
    return found


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_administrators_see_every_page(client, db, login, rows, role):
    login(make_user(role))
    db.session.commit()

    for url in urls(rows):
        assert client.get(url).status_code == 200, url


def test_staff_are_refused(client, db, login, rows):
    login(make_user("staff"))
    db.session.commit()

    for url in urls(rows):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/manage/registers/tasks/{rows['tasks']}/delete").status_code == 403
    assert client.post("/manage/registers/tasks/new", data={"code": "X"}).status_code == 403
    assert len(stored(db, StTask)) == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, db, rows):
    for url in urls(rows):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login?next="), url
    assert client.post(f"/manage/registers/tasks/{rows['tasks']}/delete").status_code == 302
    assert len(stored(db, StTask)) == 1


def test_deleting_without_a_csrf_token_is_refused(app, client, db, login, rows):
    login(make_user("manager"))
    db.session.commit()
    url = f"/manage/registers/tasks/{rows['tasks']}/delete"
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post(url)
        page = client.get(url).get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        accepted = client.post(url, data={"csrf_token": token})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False

    assert refused.status_code == 400
    assert accepted.status_code == 303
    assert stored(db, StTask) == []
