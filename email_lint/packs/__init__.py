"""The toolkit of country packs (public API for pack authors).

- :mod:`email_lint.packs.consent`: consent regimes as data and their verdict;
- :mod:`email_lint.packs.evidence`: the core detectors' evidence of the five elements
  (sender, address, commercial statement, reason for receiving, opt-out) and what only
  packs need (rights contact, data origin, objection notice, legal notice, named
  recipient, header disguise, footer language);
- :mod:`email_lint.packs.phrases`: the wordings packs contribute to the phrase matcher.

A country pack is an ordinary plugin of the ``email_lint`` entry-point group; see
``plugins/README.md``.
"""

from email_lint.packs.consent import ANY, OPT_IN, OPT_IN_OR_CUSTOMER, OPT_OUT, Regime, consent_violations
from email_lint.packs.evidence import (
    address_evidence,
    commercial_evidence,
    data_origin_evidence,
    describe,
    element_evidence,
    footer_languages,
    header_disguise,
    impressum_evidence,
    named_recipient,
    objection_evidence,
    opt_out_violations,
    reason_evidence,
    restate,
    rights_evidence,
    sender_evidence,
)
from email_lint.packs.phrases import PHRASES, pack_phrases

__all__ = [
    "ANY",
    "OPT_IN",
    "OPT_IN_OR_CUSTOMER",
    "OPT_OUT",
    "PHRASES",
    "Regime",
    "address_evidence",
    "commercial_evidence",
    "consent_violations",
    "data_origin_evidence",
    "describe",
    "element_evidence",
    "footer_languages",
    "header_disguise",
    "impressum_evidence",
    "named_recipient",
    "objection_evidence",
    "opt_out_violations",
    "pack_phrases",
    "reason_evidence",
    "restate",
    "rights_evidence",
    "sender_evidence",
]
