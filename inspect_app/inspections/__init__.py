"""Inspections: drafts, answers, submission, listing, tasks."""
