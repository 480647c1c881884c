"""Merkle hashing and proofs: public test vectors, known answers, properties against a plain definition."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qgov.ledger.merkle import (
    EMPTY_ROOT,
    CompactRange,
    ProofError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    leaf_hashes,
    node_hash,
    root_hash,
    roots_at_sizes,
    subtree_roots,
    verify_consistency,
    verify_inclusion,
)

VECTORS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "merkle-vectors"
INCLUSION_VECTORS = sorted((VECTORS / "inclusion").rglob("*.json"))
CONSISTENCY_VECTORS = sorted((VECTORS / "consistency").rglob("*.json"))

REFERENCE_LEAVES = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]
REFERENCE_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def _name(path: Path) -> str:
    return str(path.relative_to(VECTORS))


def _b64(text: str) -> bytes:
    return base64.b64decode(text)


def recursive_root(leaves: list[bytes]) -> bytes:
    """RFC 6962 section 2.1 written as literally as possible, to check the fast code against."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    split = 1
    while split * 2 < len(leaves):
        split *= 2
    return hashlib.sha256(b"\x01" + recursive_root(leaves[:split]) + recursive_root(leaves[split:])).digest()


def hashes(count: int, salt: int = 0) -> list[bytes]:
    return [hashlib.sha256(f"{salt}/{i}".encode()).digest() for i in range(count)]


def test_the_public_vectors_are_all_present() -> None:
    assert len(INCLUSION_VECTORS) >= 98 and len(CONSISTENCY_VECTORS) >= 98


@pytest.mark.parametrize("path", INCLUSION_VECTORS, ids=_name)
def test_inclusion_vector(path: Path) -> None:
    vector = json.loads(path.read_text())
    proof = [_b64(node) for node in vector["proof"] or []]

    def check() -> None:
        verify_inclusion(
            _b64(vector["leafHash"]), vector["leafIdx"], vector["treeSize"], proof, _b64(vector["root"])
        )

    if vector["wantErr"]:
        with pytest.raises(ProofError):
            check()
    else:
        check()


@pytest.mark.parametrize("path", CONSISTENCY_VECTORS, ids=_name)
def test_consistency_vector(path: Path) -> None:
    vector = json.loads(path.read_text())
    proof = [_b64(node) for node in vector["proof"] or []]

    def check() -> None:
        verify_consistency(
            vector["size1"], vector["size2"], proof, _b64(vector["root1"]), _b64(vector["root2"])
        )

    if vector["wantErr"]:
        with pytest.raises(ProofError):
            check()
    else:
        check()


def test_known_answer_hashes() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert root_hash([]) == EMPTY_ROOT
    assert leaf_hash(b"").hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    assert leaf_hash(b"L123456").hex() == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    assert (
        node_hash(b"N123", b"N456").hex()
        == "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    )


@pytest.mark.parametrize("size", range(1, 9))
def test_reference_tree_roots(size: int) -> None:
    leaves = [leaf_hash(bytes.fromhex(data)) for data in REFERENCE_LEAVES[:size]]
    assert root_hash(leaves).hex() == REFERENCE_ROOTS[size - 1]
    tree = CompactRange()
    for leaf in leaves:
        tree.append(leaf)
    assert tree.root().hex() == REFERENCE_ROOTS[size - 1]


def test_bulk_leaf_hashes_equal_one_by_one() -> None:
    entries = [bytes([i % 256]) * i for i in range(300)]
    assert leaf_hashes(entries) == [leaf_hash(entry) for entry in entries]
    assert leaf_hashes(iter(entries)) == leaf_hashes(entries)


def test_odd_node_is_promoted_not_duplicated() -> None:
    a, b, c = hashes(3)
    assert root_hash([a, b, c]) == node_hash(node_hash(a, b), c)
    assert root_hash([a, b, c]) != root_hash([a, b, c, c])


@pytest.mark.parametrize("size", range(0, 70))
def test_root_equals_recursive_definition_small(size: int) -> None:
    leaves = hashes(size)
    assert root_hash(leaves) == recursive_root(leaves)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=3000))
def test_root_equals_recursive_definition(size: int) -> None:
    leaves = hashes(size, salt=size)
    assert root_hash(leaves) == recursive_root(leaves)


def test_compact_range_equals_root_at_every_size() -> None:
    leaves = hashes(260)
    tree = CompactRange()
    assert tree.root() == EMPTY_ROOT
    for size, leaf in enumerate(leaves, start=1):
        tree.append(leaf)
        assert tree.size == size
        assert tree.root() == recursive_root(leaves[:size])
        assert len(tree.hashes) == size.bit_count()


def test_compact_range_round_trips_through_bytes() -> None:
    tree = CompactRange()
    tree.extend(hashes(1234))
    restored = CompactRange.from_bytes(tree.size, tree.to_bytes())
    assert restored.root() == tree.root()
    more = hashes(99, salt=1)
    tree.extend(more)
    restored.extend(more)
    assert restored.root() == tree.root() == root_hash(hashes(1234) + more)


@pytest.mark.parametrize(("size", "data_length"), [(3, 32), (3, 96), (4, 0), (-1, 0)])
def test_compact_range_rejects_a_frontier_of_the_wrong_shape(size: int, data_length: int) -> None:
    with pytest.raises(ValueError):
        CompactRange.from_bytes(size, bytes(data_length))


def test_compact_range_refuses_unaligned_subtrees() -> None:
    tree = CompactRange()
    tree.append(hashes(1)[0])
    with pytest.raises(ValueError, match="not aligned"):
        tree.append_subtree(hashes(1)[0], 1)


def test_compact_range_rejects_a_leaf_that_is_not_a_hash() -> None:
    with pytest.raises(ProofError):
        CompactRange().append(b"short")


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_roots_at_sizes_equals_root_hash(data: st.DataObject) -> None:
    total = data.draw(st.integers(min_value=0, max_value=2500))
    leaves = hashes(total, salt=7)
    cuts = sorted(data.draw(st.lists(st.integers(min_value=0, max_value=total), max_size=8)))
    chunks = [leaves[a:b] for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    sizes = data.draw(st.lists(st.integers(min_value=0, max_value=total + 5), max_size=10))
    roots = roots_at_sizes(chunks, sizes)
    assert roots == {size: recursive_root(leaves[:size]) for size in sizes if size <= total}


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_subtree_roots_of_separate_parts_merge_to_the_same_tree(data: st.DataObject) -> None:
    total = data.draw(st.integers(min_value=2, max_value=2000))
    leaves = hashes(total, salt=3)
    splits = sorted(set(data.draw(st.lists(st.integers(min_value=1, max_value=total - 1), max_size=5))))
    wanted = sorted(set(data.draw(st.lists(st.integers(min_value=1, max_value=total), max_size=6))))
    tree = CompactRange()
    reached = []
    for start, stop in zip([0, *splits], [*splits, total], strict=True):
        cuts = [size for size in wanted if start < size <= stop]
        reached += tree.append_subtrees(subtree_roots(start, leaves[start:stop], cuts))
    assert tree.root() == recursive_root(leaves)
    assert reached == [(size, recursive_root(leaves[:size])) for size in wanted]


def test_a_root_cannot_be_requested_outside_the_leaves_given() -> None:
    with pytest.raises(ValueError, match=r"sizes 4\.\.7"):
        subtree_roots(4, hashes(3), [9])


# ---- proofs built here verify, and every mutation of them fails ----------------------------------


def _flip(data: bytes, bit: int) -> bytes:
    changed = bytearray(data)
    changed[bit // 8 % len(data)] ^= 1 << (bit % 8)
    return bytes(changed)


def path_shape(index: int, size: int) -> list[str]:
    """Side of each sibling in RFC 6962 PATH(index, D[0:size]), deepest first."""
    if size <= 1:
        return []
    split = 1
    while split * 2 < size:
        split *= 2
    if index < split:
        return [*path_shape(index, split), "right"]
    return [*path_shape(index - split, size - split), "left"]


def consistency_shape(size1: int, size2: int, whole_subtree: bool = True) -> list[str]:
    """Structure of RFC 6962 SUBPROOF(size1, D[0:size2]), outermost node last."""
    if size1 == size2:
        return [] if whole_subtree else ["old subtree"]
    split = 1
    while split * 2 < size2:
        split *= 2
    if size1 <= split:
        return [*consistency_shape(size1, split, whole_subtree), "right"]
    return [*consistency_shape(size1 - split, size2 - split, False), "left"]


def _accepts_inclusion(leaf: bytes, index: int, size: int, proof: list[bytes], root: bytes) -> bool:
    try:
        verify_inclusion(leaf, index, size, proof, root)
    except ProofError:
        return False
    return True


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_inclusion_proofs_verify_and_mutations_fail(data: st.DataObject) -> None:
    size = data.draw(st.integers(min_value=1, max_value=600))
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    leaves = hashes(size, salt=size)
    leaf, root = leaves[index], recursive_root(leaves)
    proof = inclusion_proof(index, leaves)
    assert _accepts_inclusion(leaf, index, size, proof, root)

    wrong_root, wrong_leaf = _flip(root, 3), _flip(leaf, 200)
    mutations = [
        (leaf, index + 1, size, proof, root),
        (leaf, index - 1, size, proof, root),
        (leaf, index, size * 2, proof, root),
        (leaf, index, size, [*proof, root], root),
        (leaf, index, size, proof, wrong_root),
        (wrong_leaf, index, size, proof, root),
    ]
    if proof:
        position = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
        flipped = [*proof]
        flipped[position] = _flip(proof[position], data.draw(st.integers(min_value=0, max_value=255)))
        mutations += [(leaf, index, size, flipped, root), (leaf, index, size, proof[:-1], root)]
    for mutated in mutations:
        assert not _accepts_inclusion(*mutated), mutated[1:3]
    # An inclusion proof does not bind the tree size by itself (the signed checkpoint does): for size
    # +-1 it verifies exactly when that size gives the same path shape, and never otherwise.
    for other_size in (size - 1, size + 1):
        same_shape = index < other_size and path_shape(index, other_size) == path_shape(index, size)
        assert _accepts_inclusion(leaf, index, other_size, proof, root) == same_shape


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_consistency_proofs_verify_and_mutations_fail(data: st.DataObject) -> None:
    size2 = data.draw(st.integers(min_value=2, max_value=600))
    size1 = data.draw(st.integers(min_value=1, max_value=size2 - 1))
    leaves = hashes(size2, salt=size1)
    root1, root2 = recursive_root(leaves[:size1]), recursive_root(leaves)
    proof = consistency_proof(size1, leaves)
    verify_consistency(size1, size2, proof, root1, root2)
    verify_consistency(size2, size2, [], root2, root2)

    position = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
    flipped = [*proof]
    flipped[position] = _flip(proof[position], data.draw(st.integers(min_value=0, max_value=255)))
    mutations = [
        (size1, size2 * 2, proof, root1, root2),
        (size1, size2, flipped, root1, root2),
        (size1, size2, proof[:-1], root1, root2),
        (size1, size2, [*proof, proof[-1]], root1, root2),
        (size1, size2, [], root1, root2),
        (size1, size2, proof, _flip(root1, 9), root2),
        (size1, size2, proof, root1, _flip(root2, 9)),
        (size1, size2, proof, root2, root1),
    ]
    for mutated in mutations:
        with pytest.raises(ProofError):
            verify_consistency(*mutated)
    # Like an inclusion proof, a consistency proof verifies for neighbouring sizes only when they give
    # the same proof shape; the signed checkpoints are what fix the sizes.
    for other1, other2 in ((size1 - 1, size2), (size1 + 1, size2), (size1, size2 - 1), (size1, size2 + 1)):
        valid = 0 < other1 < other2
        same_shape = valid and consistency_shape(other1, other2) == consistency_shape(size1, size2)
        try:
            verify_consistency(other1, other2, proof, root1, root2)
        except ProofError:
            assert not same_shape
        else:
            assert same_shape


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=-3, max_value=2**70),
    size=st.integers(min_value=-3, max_value=2**70),
    proof=st.lists(st.binary(min_size=0, max_size=40), max_size=80),
    leaf=st.binary(min_size=0, max_size=40),
    root=st.binary(min_size=0, max_size=40),
)
def test_verifiers_reject_garbage_without_crashing(
    index: int, size: int, proof: list[bytes], leaf: bytes, root: bytes
) -> None:
    for check in (
        lambda: verify_inclusion(leaf, index, size, proof, root),
        lambda: verify_consistency(index, size, proof, leaf, root),
    ):
        with contextlib.suppress(ProofError):
            check()


def test_proof_builders_reject_impossible_requests() -> None:
    with pytest.raises(ValueError):
        inclusion_proof(3, hashes(3))
    with pytest.raises(ValueError):
        consistency_proof(0, hashes(3))
    with pytest.raises(ValueError):
        consistency_proof(4, hashes(3))
    assert consistency_proof(3, hashes(3)) == []
    assert inclusion_proof(0, hashes(1)) == []
