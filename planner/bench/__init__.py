"""Benchmark: realistic generated instances (S, M, L, XL), the planner against a greedy baseline."""
