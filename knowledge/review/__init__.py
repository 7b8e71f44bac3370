"""The review loop: admins accept, reject or correct extracted facts; reviewed ones export as curated."""
