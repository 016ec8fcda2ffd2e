"""Command-line tasks: seed, demo, users and units."""

import sqlalchemy as sa

from app.auth.models import User
from app.responses.models import Response
from app.units.models import Unit
from tests.factories import make_user


def users(db):
    return {u.email: u for u in db.session.scalars(sa.select(User))}


def test_users_create_reads_password_from_stdin(runner, db, seeded):
    result = runner.invoke(
        args=["users", "create", "Lan@SKHCN.test", "--role", "manager", "--unit", "QLKH_DMST",
              "--name", "Đặng Thị Lan"],
        input="a-long-password\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    user = users(db)["lan@skhcn.test"]
    assert (user.role, user.unit.code, user.full_name) == ("manager", "QLKH_DMST", "Đặng Thị Lan")
    assert user.check_password("a-long-password")
    assert user.must_change_password is False
    assert "a-long-password" not in result.output


def test_users_create_refuses_short_password_and_unknown_unit(runner, db, seeded):
    short = runner.invoke(args=["users", "create", "a@skhcn.test"], input="short\n")
    assert short.exit_code == 1
    assert "ít nhất 10 ký tự" in short.output
    unknown = runner.invoke(args=["users", "create", "a@skhcn.test", "--unit", "NOPE"], input="x\n")
    assert unknown.exit_code == 1
    assert "No unit with code 'NOPE'" in unknown.output
    assert users(db) == {}


def test_users_create_generate_prints_one_time_password(runner, db):
    result = runner.invoke(args=["users", "create", "b@skhcn.test", "--generate"])
    assert result.exit_code == 0
    password = result.output.strip().rsplit(" ", 1)[-1]
    user = users(db)["b@skhcn.test"]
    assert user.check_password(password)
    assert user.must_change_password is True


def test_ensure_admin_creates_one_admin_once(runner, db, monkeypatch):
    monkeypatch.setenv("ADMIN_EMAIL", "quantri@skhcn.test")
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    first = runner.invoke(args=["users", "ensure-admin"])
    assert first.exit_code == 0
    assert "First administrator: quantri@skhcn.test" in first.output
    password = first.output.strip().rsplit(" ", 1)[-1]
    second = runner.invoke(args=["users", "ensure-admin"])
    assert "An administrator exists already." in second.output
    admins = [u for u in users(db).values() if u.role == "admin"]
    assert len(admins) == 1
    assert admins[0].check_password(password)
    assert admins[0].must_change_password is True


def test_ensure_admin_takes_password_from_environment(runner, db, monkeypatch):
    monkeypatch.setenv("ADMIN_EMAIL", "quantri@skhcn.test")
    monkeypatch.setenv("ADMIN_PASSWORD", "from-the-environment")
    result = runner.invoke(args=["users", "ensure-admin"])
    assert "Password" not in result.output
    admin = users(db)["quantri@skhcn.test"]
    assert admin.check_password("from-the-environment")
    assert admin.must_change_password is False


def test_set_password_and_deactivate(runner, db):
    make_user("admin", email="a@skhcn.test")
    make_user(email="s@skhcn.test")
    db.session.commit()
    result = runner.invoke(args=["users", "set-password", "s@skhcn.test"], input="brand-new-pass\n")
    assert result.exit_code == 0
    result = runner.invoke(args=["users", "deactivate", "s@skhcn.test"])
    assert result.exit_code == 0
    db.session.expire_all()
    user = users(db)["s@skhcn.test"]
    assert user.check_password("brand-new-pass")
    assert user.is_active is False
    last_admin = runner.invoke(args=["users", "deactivate", "a@skhcn.test"])
    assert last_admin.exit_code == 1
    assert "quản trị viên cuối cùng" in last_admin.output


def test_units_import_reports_row_errors_and_writes_nothing(runner, db, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("code,name,type\nX1,Xã Một,xa\nX2,Xã Hai,village\n", encoding="utf-8")
    result = runner.invoke(args=["units", "import", str(path)])
    assert result.exit_code == 1
    assert "dòng 3, type" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Unit.id))) == 0


def test_units_import_creates_units(runner, db, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("code,name,type\nX1,Xã Một,xa\nX2,Xã Hai,xa\n", encoding="utf-8")
    result = runner.invoke(args=["units", "import", str(path)])
    assert result.exit_code == 0
    assert "2 created, 0 updated, 0 unchanged." in result.output


def test_seed_then_demo_is_idempotent(runner, db, monkeypatch):
    monkeypatch.setattr("app.demo.CITIZEN_RESPONSES", 20)  # tests/test_demo.py checks them
    assert runner.invoke(args=["seed"]).exit_code == 0
    first = runner.invoke(args=["demo", "--if-empty"])
    assert "Demo: 10 accounts created" in first.output
    assert "Demo: 63 responses submitted (citizen 20, staff 7, enterprise 30, research 6)" in (
        first.output
    )
    second = runner.invoke(args=["demo", "--if-empty"])
    assert "Demo data already present." in second.output
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 63 + 4  # and 4 left half-way
    db.session.expire_all()
    demo = [u for u in users(db).values() if u.email.endswith("@demo.nq57.local")]
    assert len(demo) == 10
    assert sorted({u.role for u in demo}) == ["enumerator", "manager", "staff"]
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == "TT_CDS_DMST"))
    assert (unit.staff_headcount, unit.comm_staff_headcount) == (22, 8)


def test_demo_refuses_production(app, runner):
    app.config["ENV_NAME"] = "production"
    try:
        result = runner.invoke(args=["demo"])
    finally:
        app.config["ENV_NAME"] = "testing"
    assert result.exit_code == 1
    assert "refuses to run in production" in result.output
