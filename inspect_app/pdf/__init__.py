"""The PDF toolkit, below every part of the domain: the embedded CJK font with its
fallback (``fonts``), paragraph styles and ruled tables (``styles``), reproducible builds
(``build``). Used by inspections' documents and by the monthly report."""
