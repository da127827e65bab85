"""Benchmarks: synthetic archives at scale, the build and search measurements, the references."""
