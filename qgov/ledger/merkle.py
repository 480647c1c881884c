"""RFC 9162 (RFC 6962) Merkle tree hashing, proofs and verifiers for the decision ledger, with SHA-256.

Why by hand: the reference (shared/reference/ledger.md, section 6) found no maintained, permissively
licensed Python library that builds and verifies both proof kinds with the transparency-dev edge cases,
and the algorithms are short. Structure is always derived from (index, size) or (size1, size2), never
from the proof; every hash must be 32 bytes; malformed input raises `ProofError` and never loops.

Two speeds live here. The per-proof functions are plain and easy to audit. The bulk path
(`leaf_hashes`, `CompactRange.extend`, `roots_at_sizes`) keeps per-entry work in C-level iteration
(`map` over hashlib objects, list slices) because an auditor re-derives millions of entries offline:
a level of the tree is hashed with one `map` call, only complete aligned subtrees are hashed that way,
and their roots are merged through a `CompactRange`, so the odd last node is promoted, never duplicated.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from typing import Any

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()

# Unbound methods of the hashlib object type, so `map` can drive them without a Python-level loop.
_HashType: Any = type(hashlib.sha256())
_hash_copy: Callable[[Any], Any] = _HashType.copy
_hash_update: Callable[[Any, bytes], None] = _HashType.update
_hash_digest: Callable[[Any], bytes] = _HashType.digest
# Hash states that already absorbed the domain-separation prefix; `copy()` never changes them.
_LEAF_STATE = hashlib.sha256(LEAF_PREFIX)
_NODE_STATE = hashlib.sha256(NODE_PREFIX)


class ProofError(ValueError):
    """A proof, hash or tree size does not verify; the message says which check failed."""


def leaf_hash(entry: bytes) -> bytes:
    """SHA-256(0x00 || entry): the hash of one entry's canonical bytes."""
    return hashlib.sha256(LEAF_PREFIX + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right): the hash of an interior node."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def _drain(iterator: Iterable[object]) -> None:
    deque(iterator, maxlen=0)


def leaf_hashes(entries: Iterable[bytes]) -> list[bytes]:
    """Leaf hashes of many entries at once, in order (same result as `map(leaf_hash, entries)`, faster).

    Each entry's hash state is a copy of one that already absorbed 0x00, so no prefixed copy of the
    entry is made; the three passes run inside C.
    """
    items = entries if isinstance(entries, list) else list(entries)
    states = list(map(_hash_copy, repeat(_LEAF_STATE, len(items))))
    _drain(map(_hash_update, states, items))
    return list(map(_hash_digest, states))


def node_hashes(lefts: Sequence[bytes], rights: Sequence[bytes]) -> list[bytes]:
    """`node_hash(lefts[i], rights[i])` for every i, computed in C-level iteration."""
    states = list(map(_hash_copy, repeat(_NODE_STATE, len(lefts))))
    _drain(map(_hash_update, states, lefts))
    _drain(map(_hash_update, states, rights))
    return list(map(_hash_digest, states))


def _largest_power_of_two_below(n: int) -> int:
    """Largest power of two strictly less than n (n >= 2): the RFC 6962 split point."""
    return 1 << ((n - 1).bit_length() - 1)


def _tree_levels(first_index: int, hashes: list[bytes]) -> list[tuple[int, list[bytes]]]:
    """Complete, aligned nodes above a run of leaves that starts at global index `first_index`.

    Level h is (index of its first node, nodes): node k of level h is the root of leaves
    [k * 2^h, (k + 1) * 2^h), present only when all those leaves are in the run. Incomplete nodes are
    left out; `CompactRange` merges what spans runs.
    """
    levels = [(first_index, hashes)]
    start, nodes = first_index, hashes
    while True:
        skip = start & 1  # an odd first node pairs with a node before this run
        pairs = (len(nodes) - skip) // 2
        if pairs <= 0:
            return levels
        end = skip + 2 * pairs
        nodes = node_hashes(nodes[skip:end:2], nodes[skip + 1 : end : 2])
        start = (start + skip) >> 1
        levels.append((start, nodes))


def _check_hash(value: object, what: str) -> bytes:
    if not isinstance(value, bytes | bytearray) or len(value) != HASH_SIZE:
        size = len(value) if isinstance(value, bytes | bytearray) else type(value).__name__
        raise ProofError(f"{what} must be {HASH_SIZE} bytes, got {size}")
    return bytes(value)


class CompactRange:
    """The roots of the perfect subtrees that make up leaves [0, size): enough to append and get the root.

    One hash per set bit of `size`, largest subtree first. Persist it with `to_bytes()` (the hashes
    concatenated, at most 64 * 32 bytes) next to the size, and restore it with `from_bytes(size, data)`.
    `append` costs one node hash amortised; `root()` costs popcount(size) - 1, so call it once per batch.
    """

    __slots__ = ("_hashes", "_size")

    def __init__(self) -> None:
        self._size = 0
        self._hashes: list[bytes] = []

    @property
    def size(self) -> int:
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        return tuple(self._hashes)

    def copy(self) -> CompactRange:
        clone = CompactRange()
        clone._size = self._size
        clone._hashes = list(self._hashes)
        return clone

    def to_bytes(self) -> bytes:
        return b"".join(self._hashes)

    @classmethod
    def from_bytes(cls, size: int, data: bytes) -> CompactRange:
        """Restore a range saved with `to_bytes`; raises ValueError if `data` cannot belong to `size`."""
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ValueError(f"compact range size must be a non-negative integer, got {size!r}")
        expected = size.bit_count() * HASH_SIZE
        if len(data) != expected:
            raise ValueError(
                f"a compact range of size {size} holds {expected} bytes of hashes, got {len(data)}"
            )
        restored = cls()
        restored._size = size
        restored._hashes = [bytes(data[i : i + HASH_SIZE]) for i in range(0, expected, HASH_SIZE)]
        return restored

    def append(self, leaf: bytes) -> None:
        """Append one leaf hash (as from `leaf_hash`)."""
        self.append_subtree(_check_hash(leaf, "leaf hash"), 0)

    def append_subtree(self, subtree_root: bytes, height: int) -> None:
        """Append the root of a perfect subtree of 2**height leaves; size must be a multiple of 2**height."""
        if height < 0 or self._size & ((1 << height) - 1):
            raise ValueError(f"cannot append a subtree of height {height} at size {self._size}: not aligned")
        node, level = subtree_root, height
        while (self._size >> level) & 1:
            node = node_hash(self._hashes.pop(), node)
            level += 1
        self._hashes.append(node)
        self._size += 1 << height

    def root(self) -> bytes:
        """The RFC 6962 root of leaves [0, size): the subtree roots folded from right to left."""
        if not self._hashes:
            return EMPTY_ROOT
        result = self._hashes[-1]
        for left in reversed(self._hashes[:-1]):
            result = node_hash(left, result)
        return result

    def append_subtrees(self, pieces: Iterable[tuple[int, bytes] | int]) -> list[tuple[int, bytes]]:
        """Append the output of `subtree_roots` (computed here or in another process).

        Items are (height, subtree root) to append, or an int size at which to take the root;
        returns those (size, root) pairs in order.
        """
        reached = []
        for piece in pieces:
            if isinstance(piece, int):
                if piece != self._size:
                    raise ValueError(f"a root was requested at size {piece} but the range is at {self._size}")
                reached.append((piece, self.root()))
            else:
                height, subtree_root = piece
                self.append_subtree(subtree_root, height)
        return reached

    def extend(self, leaves: Sequence[bytes], roots_at: Iterable[int] = ()) -> list[tuple[int, bytes]]:
        """Append many leaf hashes at C speed; return (size, root) for each size in `roots_at`.

        Sizes in `roots_at` must lie between the size before and after the call (inclusive), so a
        verifier learns the root at each checkpoint size in the same pass.
        """
        return self.append_subtrees(subtree_roots(self._size, leaves, roots_at))


Piece = tuple[int, bytes] | int


def subtree_roots(first_index: int, leaves: Sequence[bytes], cuts: Iterable[int] = ()) -> list[Piece]:
    """Leaves [first_index, first_index + len(leaves)) as aligned perfect subtrees, left to right.

    Returns (height, root) items, with each size in `cuts` (which must lie in that range, inclusive)
    inserted as an int where the leaves reach it. Appending the result with
    `CompactRange.append_subtrees` to a range of size `first_index` equals appending the leaves one by
    one, so separate processes can hash separate parts of a log and one process merges them.
    """
    hashes = leaves if isinstance(leaves, list) else list(leaves)
    end = first_index + len(hashes)
    wanted = sorted(set(cuts))
    if wanted and (wanted[0] < first_index or wanted[-1] > end):
        raise ValueError(f"roots can only be reported for sizes {first_index}..{end}, asked for {wanted}")
    levels = _tree_levels(first_index, hashes)
    pieces: list[Piece] = []
    position = first_index
    for stop in [*wanted, end]:
        while position < stop:  # the largest aligned subtree that starts here and ends by `stop`
            alignment = (position & -position).bit_length() - 1 if position else stop.bit_length()
            height = min(alignment, (stop - position).bit_length() - 1)
            level_start, nodes = levels[height]
            pieces.append((height, nodes[(position >> height) - level_start]))
            position += 1 << height
        pieces.append(stop)
    pieces.pop()  # `end` itself was not asked for
    return pieces


def root_hash(leaf_hashes: Sequence[bytes]) -> bytes:
    """The RFC 6962 Merkle tree hash of the given leaf hashes (SHA-256(b"") for none)."""
    tree = CompactRange()
    tree.extend(leaf_hashes)
    return tree.root()


def roots_at_sizes(leaf_hash_chunks: Iterable[Sequence[bytes]], sizes: Iterable[int]) -> dict[int, bytes]:
    """Stream leaf hashes (in chunks of any length) once and return the root at each requested size.

    Sizes beyond the number of leaves streamed are absent from the result. Memory is bounded by the
    largest chunk, so a verifier can check every checkpoint of a large log in one pass.
    """
    pending = sorted(set(sizes))
    if pending and pending[0] < 0:
        raise ValueError(f"tree sizes cannot be negative, got {pending[0]}")
    tree = CompactRange()
    roots: dict[int, bytes] = {}
    next_size = 0
    for chunk in leaf_hash_chunks:
        upto = bisect_right(pending, tree.size + len(chunk), lo=next_size)
        roots.update(tree.extend(chunk, pending[next_size:upto]))
        next_size = upto
    if next_size < len(pending) and pending[next_size] == tree.size:
        roots[tree.size] = tree.root()
    return roots


def inclusion_proof(index: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """RFC 6962 PATH(index, D[0:n]): the audit path of leaf `index` in the tree of all `leaf_hashes`."""
    size = len(leaf_hashes)
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    siblings = []  # outermost first; the proof lists the deepest sibling first
    low, high = 0, size
    while high - low > 1:
        split = low + _largest_power_of_two_below(high - low)
        if index < split:
            siblings.append(root_hash(leaf_hashes[split:high]))
            high = split
        else:
            siblings.append(root_hash(leaf_hashes[low:split]))
            low = split
    siblings.reverse()
    return siblings


def consistency_proof(size1: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """RFC 6962 PROOF(size1, D[0:n]): shows that the first `size1` leaves are a prefix of all of them."""
    size2 = len(leaf_hashes)
    if not 0 < size1 <= size2:
        raise ValueError(f"a consistency proof needs 0 < size1 <= size2, got size1={size1}, size2={size2}")
    nodes = []  # outermost first, reversed at the end
    low, high, whole_subtree = 0, size2, True
    while size1 - low != high - low:
        split = low + _largest_power_of_two_below(high - low)
        if size1 <= split:
            nodes.append(root_hash(leaf_hashes[split:high]))
            high = split
        else:
            nodes.append(root_hash(leaf_hashes[low:split]))
            low = split
            whole_subtree = False
    if not whole_subtree:
        nodes.append(root_hash(leaf_hashes[low:high]))
    nodes.reverse()
    return nodes


def _check_size(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProofError(f"{what} must be a non-negative integer, got {value!r}")
    return value


def verify_inclusion(leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> None:
    """Check that `leaf_hash` is leaf `index` of the tree of `size` leaves whose root is `root`.

    RFC 9162 section 2.1.3.2. Raises ProofError on any failure, including a proof of the wrong length.
    """
    _check_size(index, "leaf index")
    _check_size(size, "tree size")
    if index >= size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    computed = _check_hash(leaf_hash, "leaf hash")
    expected = _check_hash(root, "root hash")
    path = [_check_hash(p, f"proof hash {i}") for i, p in enumerate(proof)]
    node, last = index, size - 1
    for sibling in path:
        if last == 0:
            raise ProofError(
                f"inclusion proof has {len(path)} hashes, more than index {index} in size {size} needs"
            )
        if node & 1 or node == last:
            computed = node_hash(sibling, computed)
            if not node & 1:  # a right-edge node promoted past levels where it has no sibling
                while node and not node & 1:
                    node >>= 1
                    last >>= 1
        else:
            computed = node_hash(computed, sibling)
        node >>= 1
        last >>= 1
    if last != 0:
        raise ProofError(
            f"inclusion proof has {len(path)} hashes, fewer than index {index} in size {size} needs"
        )
    if computed != expected:
        raise ProofError("inclusion proof does not lead to the given root")


def verify_consistency(size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes) -> None:
    """Check that the tree of `size1` leaves with `root1` is a prefix of the one of `size2` with `root2`.

    RFC 9162 section 2.1.4.2 with the transparency-dev conventions: size1 == 0 is an error, and equal
    sizes need an empty proof and equal roots. Raises ProofError on any failure.
    """
    _check_size(size1, "size1")
    _check_size(size2, "size2")
    if size1 == 0:
        raise ProofError("a consistency proof from an empty tree (size1 = 0) proves nothing")
    if size1 > size2:
        raise ProofError(f"size1 ({size1}) is larger than size2 ({size2})")
    if size1 == size2:
        if len(proof):
            raise ProofError(
                f"trees of equal size {size1} need an empty consistency proof, got {len(proof)} hashes"
            )
        if root1 != root2:
            raise ProofError(f"trees of equal size {size1} have different roots")
        return
    first_root = _check_hash(root1, "root1")
    second_root = _check_hash(root2, "root2")
    path = [_check_hash(p, f"proof hash {i}") for i, p in enumerate(proof)]
    if not path:
        raise ProofError(f"an empty proof cannot show consistency from size {size1} to {size2}")
    if size1 & (size1 - 1) == 0:  # the old tree is a perfect subtree: its root is the proof's first node
        path.insert(0, first_root)
    node, last = size1 - 1, size2 - 1
    while node & 1:
        node >>= 1
        last >>= 1
    old_computed = new_computed = path[0]
    for sibling in path[1:]:
        if last == 0:
            raise ProofError(f"consistency proof is longer than sizes {size1} and {size2} need")
        if node & 1 or node == last:
            old_computed = node_hash(sibling, old_computed)
            new_computed = node_hash(sibling, new_computed)
            if not node & 1:
                while node and not node & 1:
                    node >>= 1
                    last >>= 1
        else:
            new_computed = node_hash(new_computed, sibling)
        node >>= 1
        last >>= 1
    if last != 0:
        raise ProofError(f"consistency proof is shorter than sizes {size1} and {size2} need")
    if old_computed != first_root:
        raise ProofError(f"consistency proof does not lead to root1 of the tree of size {size1}")
    if new_computed != second_root:
        raise ProofError(f"consistency proof does not lead to root2 of the tree of size {size2}")
