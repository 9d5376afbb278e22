"""Hazards: recording, the event chain, lifecycle, deadlines, audit."""
