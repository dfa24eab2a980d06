"""Wordings of German business-letter data (HGB §37a, GmbHG §35a, AktG §80), in German and English."""

from __future__ import annotations

PHRASES: dict[str, dict[str, list[str]]] = {
    "de_register_court": {
        "de": ["Amtsgericht", "Registergericht", "Handelsregister", "Genossenschaftsregister",
               "Partnerschaftsregister"],
        "en": ["register court", "registry court", "court of registration", "local court", "district court",
               "commercial register", "trade register"],
    },
    "de_seat": {
        "de": ["Sitz der Gesellschaft", "Sitz", "Gesellschaftssitz", "Firmensitz"],
        "en": ["registered office", "registered seat", "seat of the company", "domicile"],
    },
    "de_directors": {
        "de": ["Geschäftsführer", "Geschäftsführerin", "Geschäftsführung", "Geschäftsführende",
               "Vorstand", "Vorstände", "Vorstandsvorsitzender", "Vorstandsvorsitzende"],
        "en": ["managing director", "managing directors", "management board", "executive board",
               "board of management", "board of directors", "CEO"],
    },
}
