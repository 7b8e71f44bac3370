"""Fact extraction from an article body: sentences, names, figures, documents, events; and its evaluation."""
