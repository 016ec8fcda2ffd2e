"""add answer maps to responses

Revision ID: 380898c386d4
Revises: 5a05f276d43a
Create Date: 2026-11-26 13:07:05.288052
"""

import json
from decimal import Decimal

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "380898c386d4"
down_revision = "5a05f276d43a"
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "answer_map",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                server_default="{}",
                nullable=False,
            )
        )
    _fill_maps(op.get_bind())


def downgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("answer_map")


def _fill_maps(conn) -> None:
    """Build the map of every existing response from its answer rows.

    The rules as they stood at this revision (app.responses.answer_map), frozen here so that
    later changes to the app cannot change what this migration does.
    """
    types = {}
    for version_id, definition in conn.execute(
        sa.text("SELECT id, definition FROM survey_versions")
    ):
        definition = json.loads(definition) if isinstance(definition, str) else definition
        types[version_id] = {
            q["code"]: q["type"] for page in definition["pages"] for q in page["questions"]
        }
    last = 0
    while True:
        batch = conn.execute(
            sa.text("SELECT id, version_id FROM responses WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": BATCH},
        ).all()
        if not batch:
            return
        last = batch[-1][0]
        versions = dict(batch)
        maps = {response_id: {} for response_id in versions}
        answers = conn.execute(
            sa.text(
                "SELECT response_id, question_code, option_code, item_code, number, text, date "
                "FROM answers WHERE response_id IN :ids ORDER BY id"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": list(versions)},
        )
        for response_id, code, option, item, number, text, day in answers:
            _add(maps[response_id], types.get(versions[response_id], {}).get(code),
                 code, option, item, number, text, day)  # fmt: skip
        conn.execute(
            sa.text("UPDATE responses SET answer_map = :map WHERE id = :id"),
            [{"id": rid, "map": json.dumps(m, ensure_ascii=False)} for rid, m in maps.items()],
        )


def _add(result, kind, code, option, item, number, text, day) -> None:
    if text is not None:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if option == "__other__" and text:
        result[f"{code}._other"] = text
    if item is not None:
        result[f"{code}.{item}"] = option
    elif kind == "multiple_choice":
        result[f"{code}.{option}"] = 1
        result[code] = result.get(code, 0) + 1
    elif kind == "consent":
        result[code] = 1
    elif option is not None:
        result[code] = option
    elif number is not None:
        value = format(Decimal(str(number)).normalize(), "f")
        result[code] = "0" if value in {"-0", ""} else value
    elif day is not None:
        result[code] = day if isinstance(day, str) else day.isoformat()
    elif text is not None:
        result[code] = text
