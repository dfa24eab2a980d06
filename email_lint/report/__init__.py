"""The compliance report: per template and per campaign, the evidence for each legal element.

The road: :mod:`.collect` builds one JSON-able model (templates, country-by-element matrix,
evidence, findings, campaign counts, provenance); :mod:`.html` and :mod:`.markdown` render
it; the JSON format is the model itself (``schemas/report.schema.json``). Imported only by
``email-lint report``.
"""

from __future__ import annotations

DISCLAIMER = (
    "This report gives technical checks of the templates and contact data named in it, "
    "not legal advice."
)
SCHEMA_ID = "email-lint-report/1"
