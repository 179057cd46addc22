"""Benchmarks run by hand (not by pytest): see bench/README.md."""
