"""views/freeze.py: the collector is paused only inside, left as it was after (even on an error), and what was
loaded inside is frozen when asked."""

from __future__ import annotations

import gc
import sys
import types

import pytest

from views.freeze import paused_collector


@pytest.fixture
def collector_restored():
    collecting = gc.isenabled()
    yield
    gc.enable() if collecting else gc.disable()
    gc.unfreeze()


@pytest.mark.parametrize("before", [True, False])
def test_the_collector_is_paused_inside_and_left_as_it_was(collector_restored, before: bool) -> None:
    gc.enable() if before else gc.disable()
    with paused_collector():
        assert not gc.isenabled()
    assert gc.isenabled() is before
    with pytest.raises(ZeroDivisionError), paused_collector():
        1 / 0  # noqa: B018 - the error inside
    assert gc.isenabled() is before


def test_a_pause_that_began_first_ends_an_inner_one(collector_restored) -> None:
    gc.enable()
    with paused_collector():
        with paused_collector():
            pass
        assert not gc.isenabled()  # the inner pause found the collector off: it leaves it off
    assert gc.isenabled()


def test_what_was_loaded_inside_is_frozen(collector_restored, monkeypatch) -> None:
    gc.unfreeze()
    with paused_collector(freeze=True):
        monkeypatch.setitem(sys.modules, "tests_freeze_probe", types.ModuleType("tests_freeze_probe"))
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
    with paused_collector():
        pass
    assert gc.get_freeze_count() == 0
