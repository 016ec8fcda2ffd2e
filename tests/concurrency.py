"""Requests released together from several threads, each signed in on its own client, to
prove that database constraints and locks (not luck) keep concurrent writes right."""

import threading

from tests.factories import PASSWORD


def at_once(app, email: str, requests) -> list[int]:
    """Sign ``email`` in on one client per request, then send every ``request(client)``
    together; returns their status codes, sorted."""
    barrier, statuses = threading.Barrier(len(requests), timeout=30), []

    def run(request):
        with app.app_context():
            client = app.test_client()
            client.post("/login", data={"email": email, "password": PASSWORD})
            barrier.wait()
            statuses.append(request(client).status_code)

    threads = [threading.Thread(target=run, args=(r,)) for r in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(statuses)
