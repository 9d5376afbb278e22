"""The directory of institutions (检查对象名录库) and who sees which."""
