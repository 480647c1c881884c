"""Conventions every `qgov` command shares: exit codes, one-sentence errors, JSON Lines, tables.

The contract (shared/contracts/cli.md): exit 0 on success, 1 when a check found a problem,
2 on bad usage or unreadable input; errors are one clear sentence on stderr naming the input
that is wrong; no Python traceback for a user error; progress on stderr, never stdout.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NoReturn

from rich.console import Console
from rich.table import Table

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2

stderr = Console(stderr=True, highlight=False)


class UserError(Exception):
    """An error in what the user gave us (a file, a flag, a field): reported without traceback."""

    exit_code = EXIT_USAGE


class CheckFailed(Exception):
    """A check ran and found a problem (a ledger that does not verify ...): exit status 1."""

    exit_code = EXIT_CHECK_FAILED


def fail(message: str, exit_code: int = EXIT_USAGE) -> NoReturn:
    stderr.print(f"error: {message}", markup=False, soft_wrap=True)
    raise SystemExit(exit_code)


def write_jsonl(records: Iterable[Mapping[str, Any]], stream: Any = None) -> None:
    """One UTF-8 JSON object per line, flushed as it goes so pipes see results early."""
    out = stream or sys.stdout
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()


def print_table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*("" if cell is None else str(cell) for cell in row))
    Console().print(table)
