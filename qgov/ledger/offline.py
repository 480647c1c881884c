"""The auditor's offline verification of the ledger: one code path for an export directory and the live log.

Only two things are trusted: checkpoints whose signature verifies with the pinned ledger key, and
entry signatures made by that key. The fast path hashes every entry once, in C-level chunks, and
compares the root at each checkpoint's size; entries after the latest checkpoint are checked one by
one against their entry signatures. Only when something fails does a slow path look at individual
entries of the first failing checkpoint range (canonical form, `index` field equal to the position,
entry signature) to name the first bad index. Memory is bounded by one read block plus the entries
since the last checkpoint that matched.

Export directory (contracts/ledger.md, plus entry signatures): `entries.jsonl` one canonical entry
per line in index order; `checkpoint` the latest signed checkpoint; `checkpoints/<size>` the earlier
ones; `ledger.pub` the verifier key string; `entry-signatures.txt` lines `<index> <base64 signature>`.
A large `entries.jsonl` is hashed by several processes, each over its own parts of the file, and the
parts are merged in order through a compact range (`merkle.subtree_roots`); if anything fails, the
single-process pass runs to localise it, so both give the same report.
"""

from __future__ import annotations

import base64
import binascii
import multiprocessing
import os
import threading
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from .canonical import CanonicalError, parse_canonical
from .checkpoint import (
    Checkpoint,
    CheckpointError,
    VerifierKey,
    open_checkpoint,
    split_note,
    verify_entry_signature,
)
from .merkle import CompactRange, Piece, leaf_hash, leaf_hashes, subtree_roots
from .receipts import ReceiptError, build_receipt, verify_receipt

__all__ = [
    "ExportError",
    "ReceiptError",
    "VerificationReport",
    "build_receipt",
    "verify_export",
    "verify_log",
    "verify_receipt",
    "write_export",
]

ENTRIES_FILE = "entries.jsonl"
LATEST_CHECKPOINT_FILE = "checkpoint"
CHECKPOINTS_DIR = "checkpoints"
VERIFIER_KEY_FILE = "ledger.pub"
ENTRY_SIGNATURES_FILE = "entry-signatures.txt"
READ_BLOCK_BYTES = 1 << 20
CHUNK_ENTRIES = 4096
PARALLEL_MIN_BYTES = 32 << 20  # below this, starting processes costs more than it saves
MAX_WORKERS = 4
UNIT_BYTES = 8 << 20  # one task for a worker process


def failure_headline(first_bad_index: int | None, reason: str) -> str:
    """How a failed verification is stated everywhere (CLI, web, dashboard): the entry when known."""
    return f"entry {first_bad_index}: {reason}" if first_bad_index is not None else reason


@dataclass(frozen=True)
class VerificationReport:
    """Outcome of verifying a log.

    `first_bad_index` is the first entry that does not verify, or None when no single entry can be
    named: the log is intact, only a checkpoint is bad, or missing entry signatures leave only
    `bad_range` (start inclusive, end exclusive) known. `reason` is one sentence for a human.
    `root` is the root over all `size` entries read, or None when verification stopped early.
    `invalid_checkpoints` describes each checkpoint that was ignored because it did not verify.
    """

    ok: bool
    size: int
    root: bytes | None
    first_bad_index: int | None
    reason: str
    checkpoints_checked: int
    latest_checkpoint_size: int | None
    bad_range: tuple[int, int] | None = None
    invalid_checkpoints: tuple[str, ...] = ()

    @property
    def headline(self) -> str:
        return failure_headline(self.first_bad_index, self.reason)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (root in base64) for machine-readable output."""
        data = asdict(self)
        data["root"] = base64.b64encode(self.root).decode("ascii") if self.root is not None else None
        data["bad_range"] = list(self.bad_range) if self.bad_range else None
        data["invalid_checkpoints"] = list(self.invalid_checkpoints)
        return data


@dataclass(frozen=True)
class _Finding:
    first_bad_index: int | None
    bad_range: tuple[int, int] | None
    reason: str


class ExportError(ValueError):
    """An export file is missing, unreadable or malformed; names the file and, when known, the line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path, self.line = path, line
        where = f"{path}: line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


# Checkpoint claims: size -> [(label, root)], from checkpoints whose signature verified.
Claims = dict[int, list[tuple[str, bytes]]]


def _claimed_size(note: str) -> int | None:
    """The size a note claims, read WITHOUT checking its signature (to plan work and word messages)."""
    try:
        return Checkpoint.from_body(note[: note.rfind("\n\n") + 1]).size
    except CheckpointError:
        return None


def _open_checkpoints(notes: Iterable[tuple[str, str]], verifier: VerifierKey) -> tuple[Claims, list[str]]:
    claims: Claims = {}
    invalid = []
    for label, note in notes:
        try:
            checkpoint = open_checkpoint(note, verifier)
        except CheckpointError as error:
            size = _claimed_size(note)
            claimed = f" (size {size})" if size is not None else ""
            invalid.append(f"checkpoint {label!r}{claimed} is invalid: {error}")
            continue
        claims.setdefault(checkpoint.size, []).append((label, checkpoint.root))
    return claims, invalid


def _summary(count: int, checked: int, latest: int | None) -> str:
    if latest is None:
        return f"all {count} entries verify by entry signature (no valid checkpoint)"
    text = f"all {count} entries verify against {checked} signed checkpoints (latest at {latest})"
    if count > latest:
        text += f" and the {count - latest} entries after it carry valid entry signatures"
    return text


def _entry_signed(verifier: VerifierKey, signatures: Mapping[int, bytes], index: int, leaf: bytes) -> bool:
    signature = signatures.get(index)
    return signature is not None and verify_entry_signature(verifier, index, leaf, signature)


def _content_problem(index: int, entry: bytes) -> str | None:
    """Why the bytes at position `index` cannot be entry `index`, judged from the bytes alone."""
    try:
        parsed = parse_canonical(bytes(entry))
    except CanonicalError as error:
        return f"entry {index} is not a canonical JSON entry ({error})"
    claimed = parsed.get("index")
    if claimed != index or isinstance(claimed, bool):
        return (
            f"position {index} holds the entry with index {claimed!r}: "
            "entries were removed, inserted or reordered"
        )
    return None


class _LogVerifier:
    """One streaming pass over the entries; see the module docstring for the algorithm."""

    def __init__(
        self,
        claims: Claims,
        invalid: list[str],
        verifier: VerifierKey,
        signatures: Mapping[int, bytes] | None,
    ) -> None:
        self.claims, self.invalid, self.verifier = claims, invalid, verifier
        self.signatures = signatures if signatures is not None else {}
        self.sizes = sorted(claims)
        self.latest = self.sizes[-1] if self.sizes else 0
        self.tree = CompactRange()
        self.next_size = 0  # position in self.sizes of the next checkpoint to reach
        self.verified_upto = 0  # entries [0, verified_upto) match a signed checkpoint
        self.unconfirmed: list[tuple[int, list[bytes]]] = []  # chunks past verified_upto, below latest
        self.count = 0
        self.checked = 0
        self.finding: _Finding | None = None

    def signed(self, index: int, leaf: bytes) -> bool:
        return _entry_signed(self.verifier, self.signatures, index, leaf)

    def feed(self, chunk: list[bytes]) -> None:
        start = self.count
        self.count += len(chunk)
        if self.finding is not None:
            return  # only counting from here on
        leaves = leaf_hashes(chunk)
        upto = bisect_right(self.sizes, self.count, lo=self.next_size)
        reached = self.tree.extend(leaves, self.sizes[self.next_size : upto])
        self.next_size = upto
        if start < self.latest:
            self.unconfirmed.append((start, chunk))
        for size, root in reached:
            wrong = [label for label, claimed in self.claims[size] if claimed != root]
            if wrong:
                right = [label for label, claimed in self.claims[size] if claimed == root]
                self.finding = (
                    self._fork(size, wrong[0], right[0]) if right else self._localise(size, wrong[0])
                )
                return
            self.checked += len(self.claims[size])
            self.verified_upto = size
            self.unconfirmed = [(at, held) for at, held in self.unconfirmed if at + len(held) > size]
        for index in range(max(start, self.latest), self.count):
            if not self.signed(index, leaves[index - start]):
                self.finding = self._uncovered(index, chunk[index - start])
                return

    def _problem(self, index: int, entry: bytes) -> str | None:
        """What is wrong with an entry that its signature does not vouch for (None: nothing visible)."""
        problem = _content_problem(index, entry)
        if problem is None and index in self.signatures:
            problem = f"entry {index} was changed: its content does not match its entry signature"
        return problem

    def _uncovered(self, index: int, entry: bytes) -> _Finding:
        """Entry `index` is past every valid checkpoint and its entry signature is missing or wrong."""
        problem = (
            self._problem(index, entry) or f"entry {index} has no entry signature, so nothing vouches for it"
        )
        return _Finding(
            index, (index, index + 1), f"{problem}; it is past the last valid checkpoint ({self.latest})"
        )

    def _fork(self, size: int, wrong: str, right: str) -> _Finding:
        return _Finding(
            None,
            None,
            f"checkpoints {wrong!r} and {right!r} are both validly signed for size {size} with different "
            f"roots: the ledger key signed a fork; the entries match {right!r}",
        )

    def _held_entries(self, stop: int) -> Iterator[tuple[int, bytes]]:
        for at, chunk in self.unconfirmed:
            for offset, entry in enumerate(chunk):
                if self.verified_upto <= at + offset < stop:
                    yield at + offset, entry

    def _localise(self, size: int, label: str) -> _Finding:
        """Find the first bad entry in [verified_upto, size), the range of failing checkpoint `label`."""
        available = min(size, self.count)
        if size > self.count:
            context = f"checkpoint {label!r} is signed for {size} entries but the log has {self.count}"
        else:
            context = f"the first {size} entries no longer match signed checkpoint {label!r}"
        first_unsigned: int | None = None
        for index, entry in self._held_entries(available):
            if self.signed(index, leaf_hash(entry)):
                continue
            problem = self._problem(index, entry)
            if problem is None:
                first_unsigned = index if first_unsigned is None else first_unsigned
            elif first_unsigned is None:
                return _Finding(index, (index, index + 1), f"{problem}; {context}")
            else:
                return _Finding(
                    None,
                    (first_unsigned, index + 1),
                    f"{context}: {problem}, but entries from {first_unsigned} have no entry signature, "
                    f"so the first changed entry cannot be localised within {first_unsigned}..{index}",
                )
        if first_unsigned is not None:
            end = min(size, available + 1)
            return _Finding(
                None,
                (first_unsigned, end),
                f"{context}: an entry in {first_unsigned}..{end - 1} was changed, removed, inserted or "
                f"reordered; the exact entry cannot be localised because entries from {first_unsigned} "
                "have no entry signature",
            )
        if available < size:
            return _Finding(
                available, (available, size), f"entries {available}..{size - 1} are missing: {context}"
            )
        return _Finding(
            None,
            None,
            f"checkpoint {label!r} is signed by the ledger key but does not match entries "
            f"{self.verified_upto}..{size - 1}, which all carry valid entry signatures: "
            "the key signed an inconsistent checkpoint",
        )

    def report(self) -> VerificationReport:
        if self.finding is None:
            self.feed([])  # checks a checkpoint of size 0 when there were no entries at all
        if self.finding is None and self.next_size < len(self.sizes):
            size = self.sizes[self.next_size]
            self.finding = self._localise(size, self.claims[size][0][0])
        latest = self.latest if self.sizes else None
        invalid = tuple(self.invalid)
        if self.finding is None:
            summary = _summary(self.count, self.checked, latest)
            if not invalid:
                return VerificationReport(
                    True, self.count, self.tree.root(), None, summary, self.checked, latest
                )
            more = f" (and {len(invalid) - 1} more invalid checkpoints)" if len(invalid) > 1 else ""
            reason = f"{invalid[0]}{more}; otherwise {summary}"
            return VerificationReport(
                False, self.count, self.tree.root(), None, reason, self.checked, latest, None, invalid
            )
        reason = self.finding.reason + (f"; also {invalid[0]}" if invalid else "")
        return VerificationReport(
            False,
            self.count,
            None,
            self.finding.first_bad_index,
            reason,
            self.checked,
            latest,
            self.finding.bad_range,
            invalid,
        )


def _labelled(checkpoints: Iterable[str] | Mapping[str, str]) -> list[tuple[str, str]]:
    if isinstance(checkpoints, Mapping):
        return [(str(label), note) for label, note in checkpoints.items()]
    return [(f"#{number}", note) for number, note in enumerate(checkpoints, start=1)]


def verify_log(
    entries: Iterable[bytes],
    checkpoints: Iterable[str] | Mapping[str, str],
    verifier: VerifierKey,
    entry_signatures: Mapping[int, bytes] | None = None,
) -> VerificationReport:
    """Verify a log from its canonical entry bytes (position i must be entry i) and signed checkpoints.

    `checkpoints` are signed notes in any order, or a mapping label -> note so messages can name them
    (a file name, "size 5000"). `entry_signatures` maps index -> 64-byte entry signature; it is only
    consulted for entries past the latest checkpoint and when something fails, so a lazy Mapping
    (one that queries on demand) keeps the common case fast. Entries are read once, in chunks.
    """
    claims, invalid = _open_checkpoints(_labelled(checkpoints), verifier)
    check = _LogVerifier(claims, invalid, verifier, entry_signatures)
    iterator = iter(entries)
    while chunk := list(islice(iterator, CHUNK_ENTRIES)):
        check.feed(chunk)
    return check.report()


# ---- export directory ---------------------------------------------------------------------------


def write_export(
    directory: str | Path,
    entries: Iterable[bytes],
    checkpoints: Iterable[str],
    latest: str,
    verifier: VerifierKey,
    signatures: Mapping[int, bytes] | None = None,
) -> int:
    """Write an export directory (must be new or empty) and return the number of entries written.

    `checkpoints` are the earlier signed notes (any order; one equal to `latest` is skipped), saved as
    `checkpoints/<size>`; two different notes for one size are both kept, as `<size>` and `<size>.2`,
    because such a fork is evidence. Notes are not verified here, so a damaged log can still be
    exported for an auditor to examine. An empty log needs a signed checkpoint of size 0.
    """
    root = Path(directory)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ExportError(root, None, "already exists and is not an empty directory; export into a new one")
    (root / CHECKPOINTS_DIR).mkdir(parents=True)
    written = 0
    with (root / ENTRIES_FILE).open("wb") as out:
        iterator = iter(entries)
        while chunk := list(islice(iterator, CHUNK_ENTRIES)):
            block = b"\n".join(chunk) + b"\n"
            if block.count(b"\n") != len(chunk):
                bad = next(written + i for i, entry in enumerate(chunk) if b"\n" in entry)
                raise ValueError(f"entry {bad} contains a newline, so it is not a canonical JSON entry")
            out.write(block)
            written += len(chunk)
    for note in checkpoints:
        if note != latest:
            _write_checkpoint_note(root / CHECKPOINTS_DIR, note)
    (root / LATEST_CHECKPOINT_FILE).write_bytes(latest.encode("utf-8"))
    (root / VERIFIER_KEY_FILE).write_bytes(f"{verifier.format()}\n".encode())
    if signatures is not None:
        lines = (f"{index} {base64.b64encode(sig).decode()}\n" for index, sig in sorted(signatures.items()))
        (root / ENTRY_SIGNATURES_FILE).write_bytes("".join(lines).encode("ascii"))
    return written


def _write_checkpoint_note(folder: Path, note: str) -> None:
    size = Checkpoint.from_body(split_note(note)[0]).size
    name, copy = str(size), 1
    while (folder / name).exists():
        if (folder / name).read_bytes() == note.encode("utf-8"):
            return
        copy += 1
        name = f"{size}.{copy}"
    (folder / name).write_bytes(note.encode("utf-8"))


def _read_text(path: Path) -> str:
    """A file's text; bytes that are not UTF-8 survive as surrogates, which note checks reject."""
    try:
        return path.read_bytes().decode("utf-8", "surrogateescape")
    except FileNotFoundError as error:
        raise ExportError(path, None, "is missing") from error
    except OSError as error:
        raise ExportError(path, None, f"cannot be read ({error.strerror})") from error


def _read_signatures(path: Path) -> dict[int, bytes]:
    signatures: dict[int, bytes] = {}
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        fields = line.split(" ")
        if len(fields) != 2 or not fields[0].isdigit() or (fields[0] != "0" and fields[0][0] == "0"):
            raise ExportError(path, number, "expected '<index> <base64 signature>'")
        try:
            signature = base64.b64decode(fields[1], validate=True)
        except (binascii.Error, ValueError) as error:
            raise ExportError(path, number, "the signature is not valid base64") from error
        index = int(fields[0])
        if index in signatures:
            raise ExportError(path, number, f"second signature for entry {index}")
        signatures[index] = signature
    return signatures


class _SignatureFile(Mapping[int, bytes]):
    """`entry-signatures.txt`, read on first use: only a failure or entries past the last checkpoint
    need signatures, and parsing a million lines would cost more than verifying the whole log."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._loaded: dict[int, bytes] | None = None

    def _signatures(self) -> dict[int, bytes]:
        if self._loaded is None:
            self._loaded = _read_signatures(self._path)
        return self._loaded

    def __getitem__(self, index: int) -> bytes:
        return self._signatures()[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self._signatures())

    def __len__(self) -> int:
        return len(self._signatures())


def _entry_chunks(path: Path, start: int = 0, stop: int | None = None) -> Iterator[list[bytes]]:
    """Lines of bytes [start, stop) of `entries.jsonl` without their newline, split in C block by block."""
    try:
        with path.open("rb") as handle:
            handle.seek(start)
            remaining = (os.fstat(handle.fileno()).st_size if stop is None else stop) - start
            carry: list[bytes] = []
            while remaining > 0 and (block := handle.read(min(remaining, READ_BLOCK_BYTES))):
                remaining -= len(block)
                lines = block.split(b"\n")
                if len(lines) == 1:  # no newline in this block: part of a long line
                    carry.append(block)
                    continue
                if carry:
                    lines[0] = b"".join([*carry, lines[0]])
                rest = lines.pop()  # the start of a line that continues in the next block, or b""
                carry = [rest] if rest else []
                yield lines
            if carry:
                yield [b"".join(carry)]  # a last line without a final newline
    except FileNotFoundError as error:
        raise ExportError(path, None, "is missing") from error
    except OSError as error:
        raise ExportError(path, None, f"cannot be read ({error.strerror})") from error


def _export_checkpoints(root: Path) -> list[tuple[str, str]]:
    notes = [(LATEST_CHECKPOINT_FILE, _read_text(root / LATEST_CHECKPOINT_FILE))]
    folder = root / CHECKPOINTS_DIR
    if folder.is_dir():
        for path in sorted(folder.iterdir(), key=lambda p: (len(p.name), p.name)):
            if path.is_file():
                notes.append((f"{CHECKPOINTS_DIR}/{path.name}", _read_text(path)))
    return notes


def verify_export(
    directory: str | Path, verifier: VerifierKey | None = None, *, workers: int | None = None
) -> VerificationReport:
    """Verify an export directory offline. Pass the pinned `verifier`; without it `ledger.pub` is used.

    `workers` is the number of processes hashing `entries.jsonl` (default: one per CPU, up to 4, for
    files of 32 MiB or more; 1 keeps everything in this process). Raises ExportError (naming the
    file and line) for a missing or unreadable file, a malformed `ledger.pub` or
    `entry-signatures.txt`; damage to entries or checkpoints is reported, not raised.
    """
    root = Path(directory)
    if not root.is_dir():
        raise ExportError(root, None, "is not a directory")
    if verifier is None:
        key_path = root / VERIFIER_KEY_FILE
        try:
            verifier = VerifierKey.parse(_read_text(key_path))
        except CheckpointError as error:
            raise ExportError(key_path, 1, str(error)) from error
    entries_path = root / ENTRIES_FILE
    if not entries_path.is_file():
        raise ExportError(entries_path, None, "is missing")
    notes = _export_checkpoints(root)
    signatures_path = root / ENTRY_SIGNATURES_FILE
    signatures = _SignatureFile(signatures_path) if signatures_path.exists() else None
    processes = _process_count(entries_path, workers)
    if processes > 1:
        report = _verify_in_parallel(entries_path, notes, verifier, signatures, processes)
        if report is not None:
            return report
    claims, invalid = _open_checkpoints(notes, verifier)
    check = _LogVerifier(claims, invalid, verifier, signatures)
    for chunk in _entry_chunks(entries_path):
        check.feed(chunk)
    return check.report()


# ---- several processes over one entries file ----------------------------------------------------


def _process_count(path: Path, workers: int | None) -> int:
    if workers is not None:
        return max(1, workers)
    if path.stat().st_size < PARALLEL_MIN_BYTES:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cpus, MAX_WORKERS)


def _work_units(path: Path) -> Iterator[tuple[int, int, int]]:
    """(start byte, stop byte, number of entries) of consecutive parts of about UNIT_BYTES that end
    at line ends: counting newlines is cheap, so workers can start while the rest is counted."""
    with path.open("rb") as handle:
        start = 0
        while block := handle.read(UNIT_BYTES):
            cut = block.rfind(b"\n")
            while cut < 0 and (more := handle.read(UNIT_BYTES)):  # a line longer than a unit
                block += more
                cut = block.rfind(b"\n")
            if cut < 0 or not handle.peek(1):  # the end of the file: take everything
                cut = len(block) - 1
            count = block.count(b"\n", 0, cut + 1) + (block[cut : cut + 1] != b"\n")
            yield start, start + cut + 1, count
            start += cut + 1
            handle.seek(start)


def _hash_unit(
    path: Path, unit: tuple[int, int], first_index: int, cuts: list[int], tail_from: int
) -> tuple[list[Piece], list[bytes]]:
    """Subtree roots of one unit's entries, with roots requested at `cuts`, and its entries from
    index `tail_from` on, which need their entry signatures checked (runs in a worker process)."""
    pieces: list[Piece] = []
    tail: list[bytes] = []
    index = first_index
    for chunk in _entry_chunks(path, *unit):
        stop = index + len(chunk)
        upto = bisect_right(cuts, stop)
        pieces.extend(subtree_roots(index, leaf_hashes(chunk), cuts[:upto]))
        cuts = cuts[upto:]
        if stop > tail_from:
            tail.extend(chunk[max(0, tail_from - index) :])
        index = stop
    return pieces, tail


def _process_context() -> Any:
    # fork is cheap but unsafe once threads exist (as in a web server); then start clean interpreters
    single_threaded = threading.active_count() == 1
    fork = single_threaded and "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if fork else "spawn")


def _verify_in_parallel(
    path: Path,
    notes: list[tuple[str, str]],
    verifier: VerifierKey,
    signatures: Mapping[int, bytes] | None,
    processes: int,
) -> VerificationReport | None:
    """The report when every entry and checkpoint verifies; None otherwise (the sequential pass then
    localises the problem). This process counts entries and checks checkpoint signatures while the
    workers hash, then merges their subtree roots in file order."""
    sizes = sorted({size for size in (_claimed_size(note) for _, note in notes) if size is not None})
    tail_from = sizes[-1] if sizes else 0
    jobs = []
    count = 0
    with ProcessPoolExecutor(max_workers=processes, mp_context=_process_context()) as pool:
        for start, stop, entries in _work_units(path):
            cuts = sizes[bisect_right(sizes, count) : bisect_right(sizes, count + entries)]
            jobs.append(pool.submit(_hash_unit, path, (start, stop), count, cuts, tail_from))
            count += entries
        claims, invalid = _open_checkpoints(notes, verifier)
        if invalid or (claims and max(claims) != tail_from) or tail_from > count:
            for job in jobs:
                job.cancel()
            return None
        tree = CompactRange()
        roots = dict(tree.append_subtrees([0] if 0 in claims else []))
        tail: list[bytes] = []
        for job in jobs:
            pieces, unit_tail = job.result()
            roots.update(tree.append_subtrees(pieces))
            tail += unit_tail
    if any(claimed != roots[size] for size, labelled in claims.items() for _, claimed in labelled):
        return None
    tail_leaves = leaf_hashes(tail)
    if not all(
        _entry_signed(verifier, signatures or {}, tail_from + i, leaf) for i, leaf in enumerate(tail_leaves)
    ):
        return None
    latest = tail_from if claims else None
    checked = sum(map(len, claims.values()))
    return VerificationReport(
        True, count, tree.root(), None, _summary(count, checked, latest), checked, latest
    )
