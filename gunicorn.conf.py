"""Gunicorn settings; every value can be overridden by the environment (GUNICORN_*)."""

import multiprocessing
import os

from gunicorn import glogging

# With in-memory rate limits each worker would count on its own (a limit of 10 would let 40
# through with 4 workers), so one worker serves unless a shared store is configured.
# With a shared store: one worker per core, two threads each. The work is CPU-bound Python,
# so more threads only contend for the interpreter lock (docs/performance.md: on 2 cores,
# 2 workers × 1 thread took 76 responses/s, × 4 threads 52/s); the second thread keeps a worker
# answering while the other renders a long PDF.
_shared_limits = not os.environ.get("RATELIMIT_STORAGE_URI", "memory://").startswith("memory")
_default_workers = min(8, max(2, multiprocessing.cpu_count())) if _shared_limits else 1
workers = int(os.environ.get("GUNICORN_WORKERS", _default_workers))
threads = int(os.environ.get("GUNICORN_THREADS", 2 if _shared_limits else 8))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# Load the app once before forking, so workers share its memory and start fast.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
# The access log omits the client address: raw IP addresses are personal data (DOMAIN.md).
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


class _RedactingLogger(glogging.Logger):
    """Access log without survey tokens: /s/<token>/<response>/… would let a log reader open a
    respondent's draft or receipt, so everything after /s/ is dropped."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if atoms.get("U", "").startswith("/s/"):
            atoms["r"] = f"{atoms.get('m', '-')} /s/… {atoms.get('H', '-')}"
            atoms["U"] = "/s/…"
        return atoms


logger_class = _RedactingLogger
