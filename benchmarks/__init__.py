"""Benchmarks: each module compares our code with an anchor measured in the same run."""
