"""Document numbers (发文字号) per GB/T 9704, for every package that issues documents.

A number is the issuing department's prefix (发文机关代字, ``issuer``), the series mark
of eldercare supervision (``DOCUMENT_SERIES_MARK``, 养), the mark of the kind of document
(检 record, 改 notice, ...), the year in 〔〕 and the serial with no 第 and no leading
zeros: 沪松民养改〔2026〕1号. Serials run per number stem (prefix + series + kind mark)
and year, claimed from ``document_counters`` with one conditional UPDATE inside the
caller's transaction: two documents at once never share a number, and a rollback gives
its number back, so there are no gaps."""
