"""Notifications: telling people about hazards, and their inbox."""
