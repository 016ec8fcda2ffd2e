"""Running the service: request logs with request ids, backups and the retention purge."""
