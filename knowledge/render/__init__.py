"""Text for people: answers, fact lists and digests, in HTML or plain text."""
