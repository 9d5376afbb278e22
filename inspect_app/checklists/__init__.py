"""Checklists: documents, immutable versions, applicability."""
