"""Answering: the snapshot and its index, query understanding, people, ranking, lookups, evaluation."""
