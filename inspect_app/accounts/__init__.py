"""Accounts: users, passwords, tokens, login throttling, the principal and its policy."""
