"""Hazards: recording, the event chain, lifecycle, deadlines, clearance, audit."""
