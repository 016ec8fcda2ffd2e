"""How long the official PDFs take: the semi-annual report and a 96-page poster batch.

A temporary SQLite database gets the migrations, the seed and the demo data (about 1,250
responses and the registers); then, median of 5 after a warm-up:
  - the semi-annual draft: consolidate(period, with_breakdowns=True) plus the PDF;
  - the semi-annual final from a snapshot: the PDF alone (the figures are frozen);
  - the poster batch: one A4 poster with its QR code per commune (96 pages).
DESIGN.md targets: semi-annual PDF under 2 s, 96-page poster batch under 10 s.

Run: .venv/bin/python bench/report.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def median_seconds(work, runs: int = 5) -> tuple[float, int]:
    result = work()  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(result)


def main() -> None:
    folder = tempfile.mkdtemp(prefix="nq57-report-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    from flask_migrate import upgrade

    from app import create_app
    from app.common.timezones import local_day
    from app.db import utcnow
    from app.demo import add_demo_data
    from app.extensions import db
    from app.indicators.definitions import seed_indicators
    from app.indicators.periods import current_half
    from app.indicators.services import consolidate, freeze_period, snapshot_consolidation
    from app.reports.posters import poster_pdf
    from app.reports.semiannual import get_settings, semiannual_pdf
    from app.responses.queries import list_links
    from app.surveys.files import seed_builtin_surveys
    from app.surveys.queries import get_survey_by_slug
    from app.units.services import seed_units

    app = create_app()
    with app.app_context():
        upgrade()
        seed_units()
        seed_builtin_surveys()
        seed_indicators()
        add_demo_data(None)
        db.session.commit()
        today = local_day(utcnow())
        period = current_half(today)
        snapshot = freeze_period(period, actor=None)
        db.session.commit()
        settings = get_settings()
        survey = get_survey_by_slug("nguoi-dan-nq57")
        posters = [link for link in list_links(survey.id) if link.commune_id][:96]
        with app.test_request_context():
            draft = median_seconds(
                lambda: semiannual_pdf(
                    consolidate(period, with_breakdowns=True),
                    settings,
                    number="05",
                    issued_on=today,
                    draft=True,
                )
            )
            final = median_seconds(
                lambda: semiannual_pdf(
                    snapshot_consolidation(snapshot),
                    settings,
                    number="05",
                    issued_on=today,
                    draft=False,
                )
            )
            batch = median_seconds(lambda: poster_pdf(survey, posters), runs=3)
    print(f"semi-annual draft (figures + PDF): {draft[0]:.2f} s, {draft[1]:,} bytes")
    print(f"semi-annual final (from a snapshot): {final[0]:.2f} s, {final[1]:,} bytes")
    print(f"poster batch ({len(posters)} pages): {batch[0]:.2f} s, {batch[1]:,} bytes")


if __name__ == "__main__":
    main()
