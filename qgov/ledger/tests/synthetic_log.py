"""A small signed ledger built in memory, for the pure ledger tests (no database)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qgov.ledger.canonical import canonical_bytes
from qgov.ledger.checkpoint import Checkpoint, SigningKey, sign_checkpoint, sign_entry
from qgov.ledger.merkle import leaf_hash, root_hash
from qgov.ledger.offline import write_export

ORIGIN = "qgov.example/test-ledger"
ACTIONS = ("screening.disposition", "exportcontrol.classification", "suppliers.approval")


def make_entry(index: int, **changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "index": index,
        "recorded_at": f"2026-05-{1 + index % 28:02d}T09:{index % 60:02d}:00.000000Z",
        "actor": f"user:officer{index % 5}",
        "action": ACTIONS[index % len(ACTIONS)],
        "subject": {"type": "parties.organisation", "id": str(1000 + index)},
        "decision": {"outcome": "approved" if index % 2 else "rejected", "note": f"décision n°{index}"},
    }
    entry.update(changes)
    return entry


@dataclass
class SyntheticLog:
    key: SigningKey
    entries: list[bytes]
    notes: dict[int, str]  # checkpoint size -> signed note
    signatures: dict[int, bytes]

    @property
    def leaves(self) -> list[bytes]:
        return [leaf_hash(entry) for entry in self.entries]

    @property
    def latest_note(self) -> str:
        return self.notes[max(self.notes)]

    def export(self, directory: Path, *, signatures: bool = True) -> Path:
        earlier = [note for size, note in sorted(self.notes.items()) if size != max(self.notes)]
        write_export(
            directory,
            self.entries,
            earlier,
            self.latest_note,
            self.key.verifier,
            self.signatures if signatures else None,
        )
        return directory


def sign_size(key: SigningKey, entries: list[bytes], size: int) -> str:
    leaves = [leaf_hash(entry) for entry in entries[:size]]
    return sign_checkpoint(Checkpoint(key.name, size, root_hash(leaves)), key)


def build_log(
    count: int, checkpoint_every: int, *, unsigned_tail: int = 0, key: SigningKey | None = None
) -> SyntheticLog:
    """`count` entries with a checkpoint every `checkpoint_every` entries, the last one at
    `count - unsigned_tail` (the entries after it are covered by entry signatures only)."""
    key = key or SigningKey.generate(ORIGIN)
    entries = [canonical_bytes(make_entry(index)) for index in range(count)]
    covered = count - unsigned_tail
    sizes = sorted({*range(checkpoint_every, covered + 1, checkpoint_every), covered})
    notes = {size: sign_size(key, entries, size) for size in sizes}
    signatures = {index: sign_entry(key, index, leaf_hash(entry)) for index, entry in enumerate(entries)}
    return SyntheticLog(key, entries, notes, signatures)
