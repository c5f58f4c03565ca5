"""Benchmarks behind ``trainer bench`` and ``trainer lint --bench``: figures printed beside baselines, never asserted."""
