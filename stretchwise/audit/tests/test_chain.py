from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from stretchwise.audit.chain import GENESIS, LinkContent, StoredLink, entry_hash, first_broken_link


def content(seq: int, action: str = "view") -> LinkContent:
    return LinkContent(
        clinic_id="c1",
        seq=seq,
        at=f"2026-11-24T10:{seq % 60:02d}:00+00:00",
        actor_id="u1",
        token_id="",
        ip_address="127.0.0.1",
        method="GET",
        route="clients:detail",
        action=action,
        status=200,
        records=(("client", f"id-{seq}"),),
    )


def chain(length: int) -> list[StoredLink]:
    links, previous = [], GENESIS
    for seq in range(1, length + 1):
        c = content(seq)
        digest = entry_hash(c, previous)
        links.append(StoredLink(c, previous, digest))
        previous = digest
    return links


def test_an_untouched_chain_verifies() -> None:
    assert first_broken_link(chain(20)) is None


def test_changing_an_entry_is_found_at_that_entry() -> None:
    links = chain(10)
    links[4] = replace(links[4], content=replace(links[4].content, action="update"))
    broken = first_broken_link(links)
    assert broken is not None
    assert broken.seq == 5
    assert "changed" in broken.reason


def test_removing_an_entry_is_found_where_the_gap_is() -> None:
    links = chain(10)
    del links[6]
    broken = first_broken_link(links)
    assert broken is not None
    assert broken.seq == 7


def test_recomputing_one_hash_still_breaks_the_next_link() -> None:
    links = chain(10)
    forged = replace(links[2].content, actor_id="someone-else")
    links[2] = StoredLink(
        forged, links[2].previous_hash, entry_hash(forged, links[2].previous_hash)
    )
    broken = first_broken_link(links)
    assert broken is not None
    assert broken.seq == 4
    assert "does not point" in broken.reason


@given(st.integers(min_value=1, max_value=30), st.data())
def test_any_single_change_is_detected(length: int, data: st.DataObject) -> None:
    links = chain(length)
    index = data.draw(st.integers(min_value=0, max_value=length - 1))
    status = data.draw(st.integers(min_value=100, max_value=599).filter(lambda s: s != 200))
    links[index] = replace(links[index], content=replace(links[index].content, status=status))
    broken = first_broken_link(links)
    assert broken is not None
    assert broken.seq == index + 1
