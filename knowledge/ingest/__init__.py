"""Bringing articles in: parse, find duplicates, store with extracted facts; files, URLs, inbox, feeds."""
