"""Curated data beside the code: the glossary (terms, regions, topics) and the schema of the curated facts."""
