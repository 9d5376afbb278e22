"""The demo district: drives the domain services to build believable history."""
