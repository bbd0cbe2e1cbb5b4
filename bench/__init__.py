"""Benchmarks (`python -m bench`): each figure measured beside its floor in the same run."""
