"""Gunicorn settings; every value can be overridden by the environment (GUNICORN_*)."""

import multiprocessing
import os

workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# Load the app once before forking, so workers share its memory and start fast.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
# The access log omits the client address: raw IP addresses are personal data (DOMAIN.md).
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
