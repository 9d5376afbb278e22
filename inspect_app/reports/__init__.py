"""Monthly hazard reports (PDF) and ledger exports (to come)."""
