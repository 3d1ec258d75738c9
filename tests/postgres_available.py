"""Exit 0 when the PostgreSQL server in the URL answers; used by `make test` to decide on a run."""

from __future__ import annotations

import sys

import psycopg


def main(url: str) -> int:
    # Connect to the maintenance database: the test database is created by the test run itself.
    server = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(server, connect_timeout=3):
            return 0
    except psycopg.OperationalError as error:
        print(f"PostgreSQL check: {error}".strip(), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
