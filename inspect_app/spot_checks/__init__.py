"""双随机、一公开 spot checks: pools, plans, the draw, verification, publication (to come)."""
