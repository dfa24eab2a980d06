"""Wordings the country packs look for, per element and language (data, not logic).

A pack contributes the elements it needs through its ``email_lint_phrases`` hook
(``return pack_phrases("rights", "objection")``); the plugin manager merges them into
the phrase matcher as the category ``<element>.phrases``. Phrases are written
naturally and matched like the core lists (case, accents and white space folded,
``*`` stands for up to four words); see ``email_lint/phrases/data/README.md``.
"""

from __future__ import annotations

PHRASES: dict[str, dict[str, list[str]]] = {
    # How to exercise the rights of access, erasure and objection (privacy policy, DPO).
    "rights": {
        "en": [
            "privacy policy", "privacy notice", "privacy statement", "data protection",
            "data protection policy", "data protection officer", "your personal data",
            "your rights", "exercise your rights", "right of access", "right to object",
            "right to erasure", "right to be forgotten", "gdpr",
        ],
        "fr": [
            "politique de confidentialité", "politique de protection des données",
            "protection des données", "données personnelles", "données à caractère personnel",
            "vos droits", "exercer vos droits", "exercer ces droits", "droit d'accès",
            "droit d'opposition", "droit de rectification", "droit à l'effacement",
            "délégué à la protection des données", "rgpd", "vie privée",
        ],
        "de": [
            "Datenschutz", "Datenschutzerklärung", "Datenschutzhinweise", "Datenschutzinformationen",
            "Datenschutzbeauftragter", "Datenschutzbeauftragte", "Ihre Rechte", "Betroffenenrechte",
            "Auskunftsrecht", "Widerspruchsrecht", "Recht auf Löschung", "personenbezogene Daten",
            "DSGVO",
        ],
        "it": [
            "informativa sulla privacy", "informativa privacy", "privacy policy",
            "protezione dei dati", "dati personali", "i tuoi diritti", "i suoi diritti",
            "esercitare i tuoi diritti", "esercitare i suoi diritti", "diritti dell'interessato",
            "responsabile della protezione dei dati", "diritto di accesso", "diritto di opposizione",
        ],
        "es": [
            "política de privacidad", "protección de datos", "datos personales", "sus derechos",
            "tus derechos", "ejercer sus derechos", "ejercer tus derechos", "derecho de acceso",
            "derecho de oposición", "delegado de protección de datos", "rgpd",
        ],
        "nl": [
            "privacyverklaring", "privacybeleid", "privacy statement", "persoonsgegevens",
            "uw rechten", "je rechten", "recht op inzage", "recht van bezwaar",
            "functionaris gegevensbescherming", "avg",
        ],
    },
    # Where the recipient's data came from (GDPR art. 14(2)(f)): the source, not the reason.
    "data_origin": {
        "en": [
            "your email address was obtained from", "your address was obtained from",
            "your contact details were obtained from", "your details were obtained from",
            "your data was obtained from", "we obtained your * from", "we got your * from",
            "we received your contact details from", "we found your * on", "we found your * in",
            "your details were provided by", "your contact details were provided by",
            "your data comes from", "your contact details come from", "your details come from",
            "source of your data", "source of your personal data", "from publicly available sources",
            "from a publicly available source", "your company is listed in",
            "your company is listed on", "your business is listed in", "you are listed in",
        ],
        "fr": [
            "votre adresse a été obtenue", "votre adresse e-mail a été obtenue",
            "votre adresse email a été obtenue", "vos coordonnées ont été obtenues",
            "vos coordonnées ont été collectées", "vos coordonnées nous ont été transmises",
            "vos coordonnées nous ont été communiquées", "nous avons obtenu vos coordonnées",
            "nous avons obtenu votre adresse", "nous avons collecté vos coordonnées",
            "nous avons trouvé vos coordonnées", "vos coordonnées proviennent",
            "vos données proviennent", "votre adresse provient", "source de vos données",
            "origine de vos données", "provenance de vos données", "à partir de sources publiques",
            "de sources accessibles au public", "votre adresse figure dans",
            "votre entreprise figure dans", "votre société figure dans",
        ],
        "de": [
            "Ihre E-Mail-Adresse haben wir von", "Ihre E-Mail-Adresse haben wir aus",
            "Ihre E-Mail-Adresse haben wir über", "Ihre Adresse haben wir von",
            "Ihre Adresse haben wir aus", "Ihre Kontaktdaten haben wir von",
            "Ihre Kontaktdaten haben wir aus", "Ihre Kontaktdaten haben wir über",
            "Ihre Daten haben wir von", "Ihre Daten haben wir aus", "wir haben Ihre * von",
            "wir haben Ihre * aus", "Ihre Daten stammen", "Ihre Kontaktdaten stammen",
            "Ihre Adresse stammt", "Ihre E-Mail-Adresse stammt", "Herkunft Ihrer Daten",
            "Quelle Ihrer Daten", "aus öffentlich zugänglichen Quellen", "aus öffentlichen Quellen",
        ],
        "it": [
            "i tuoi dati provengono da", "i suoi dati provengono da", "i tuoi dati sono stati raccolti",
            "i suoi dati sono stati raccolti", "abbiamo ottenuto il tuo indirizzo",
            "abbiamo ottenuto il suo indirizzo", "abbiamo ottenuto i tuoi dati",
            "abbiamo ottenuto i suoi dati", "il tuo indirizzo è stato ottenuto",
            "il suo indirizzo è stato ottenuto", "origine dei dati", "fonte dei dati",
            "da fonti pubbliche", "da elenchi pubblici",
        ],
        "es": [
            "sus datos proceden de", "tus datos proceden de", "sus datos se obtuvieron",
            "hemos obtenido sus datos", "hemos obtenido tus datos", "obtuvimos su dirección",
            "obtuvimos tu dirección", "su dirección fue obtenida", "origen de sus datos",
            "procedencia de sus datos", "fuentes de acceso público", "fuentes accesibles al público",
        ],
        "nl": [
            "uw gegevens zijn afkomstig van", "je gegevens zijn afkomstig van",
            "wij hebben uw gegevens verkregen", "we hebben je gegevens verkregen",
            "uw e-mailadres hebben wij verkregen", "herkomst van uw gegevens",
            "bron van uw gegevens", "uit openbare bronnen",
        ],
    },
    # The notice that the recipient may object at any time, free of charge.
    "objection": {
        "en": [
            "unsubscribe at any time", "opt out at any time", "object at any time",
            "you can unsubscribe * at any time", "you may unsubscribe * at any time",
            "you can object * at any time", "you may object * at any time",
            "at any time free of charge", "at any time, free of charge", "free of charge at any time",
            "at any time and free of charge", "at any time without charge",
        ],
        "fr": [
            "vous désabonner à tout moment", "vous désinscrire à tout moment",
            "vous opposer à tout moment", "vous y opposer à tout moment", "à tout moment et sans frais",
            "à tout moment, sans frais", "à tout moment gratuitement", "sans frais à tout moment",
            "gratuitement et à tout moment",
        ],
        "de": [
            "jederzeit widersprechen", "jederzeit * widersprechen", "Widerspruch ist jederzeit",
            "jederzeit abmelden", "jederzeit * abmelden", "jederzeit abbestellen",
            "jederzeit * abbestellen", "jederzeit kostenlos", "jederzeit und kostenlos",
            "jederzeit kostenfrei", "ohne dass hierfür andere als die Übermittlungskosten",
            "Übermittlungskosten nach den Basistarifen", "Kosten nach den Basistarifen",
        ],
        "it": [
            "opporti in qualsiasi momento", "opporsi in qualsiasi momento", "opporti in ogni momento",
            "opporsi in ogni momento", "opporti * in qualsiasi momento", "opporsi * in ogni momento",
            "disiscriverti in qualsiasi momento", "disiscriversi in qualsiasi momento",
            "cancellarti in qualsiasi momento", "cancellarsi in qualsiasi momento",
            "in qualsiasi momento e gratuitamente", "in ogni momento e gratuitamente",
            "gratuitamente e in qualsiasi momento",
        ],
        "es": [
            "oponerse en cualquier momento", "oponerte en cualquier momento",
            "darse de baja en cualquier momento", "darte de baja en cualquier momento",
            "en cualquier momento y de forma gratuita", "de forma gratuita en cualquier momento",
        ],
        "nl": [
            "op elk moment afmelden", "op ieder moment afmelden", "altijd kosteloos afmelden",
            "op elk moment bezwaar maken", "kosteloos afmelden",
        ],
    },
    # A legal-notice (Impressum) link or heading.
    "impressum": {
        "en": ["imprint", "legal notice", "legal information", "site notice"],
        "de": ["Impressum", "Anbieterkennzeichnung", "rechtliche Hinweise"],
        "fr": ["mentions légales"],
        "it": ["note legali"],
        "es": ["aviso legal"],
        "nl": ["colofon"],
    },
    # Subjects that dress advertising up as a transactional or personal message (matched at the
    # start of the subject only).
    "disguise": {
        "en": [
            "your invoice", "invoice no", "invoice number", "payment reminder", "payment overdue", "final notice",
            "your order", "order confirmation", "account suspended", "security alert", "password reset",
            "delivery failed", "your parcel", "your package",
        ],
        "de": [
            "Ihre Rechnung", "Rechnung Nr", "Zahlungserinnerung", "Mahnung", "Ihre Bestellung", "Bestellbestätigung",
            "Ihr Paket", "Zustellung fehlgeschlagen", "Konto gesperrt", "Sicherheitswarnung",
        ],
        "fr": ["votre facture", "facture n", "relance de paiement", "votre commande", "votre colis"],
        "it": ["la tua fattura", "fattura n", "sollecito di pagamento", "il tuo ordine", "il tuo pacco"],
        "es": ["su factura", "tu factura", "factura n", "recordatorio de pago", "tu pedido", "su pedido"],
        "nl": ["uw factuur", "factuur nr", "betalingsherinnering", "uw bestelling", "je bestelling"],
    },
}


def pack_phrases(*elements: str) -> dict[str, dict[str, list[str]]]:
    """The phrase table of *elements* (all when none), as the ``email_lint_phrases`` hook returns it."""
    unknown = sorted(set(elements) - set(PHRASES))
    if unknown:
        raise KeyError(f"unknown pack phrase element(s): {', '.join(unknown)}")
    wanted = elements or tuple(PHRASES)
    return {element: {lang: list(words) for lang, words in PHRASES[element].items()} for element in wanted}
