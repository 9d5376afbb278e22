"""Photo evidence: ingest, images, access, attachments, provenance, resumable uploads, upkeep."""
