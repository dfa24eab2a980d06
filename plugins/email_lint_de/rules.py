"""Germany's rules: consent for everyone (UWG §7(2) Nr. 2), the customer exception (§7(3)),
sender and advertising not hidden (DDG §6), a valid opt-out address, business-letter data
(HGB §37a, GmbHG §35a, AktG §80), Impressum, and a footer the recipient can read."""

from __future__ import annotations

from email_lint.packs import (
    OPT_IN_OR_CUSTOMER,
    Regime,
    consent_violations,
    footer_languages,
    header_disguise,
    impressum_evidence,
    named_recipient,
    objection_evidence,
    opt_out_violations,
    restate,
)
from email_lint.packs.evidence import commercial_evidence, sender_evidence
from email_lint.rules.base import Violation, rule
from email_lint_de.company_data import company_data_gaps

REGIME = Regime(
    country="Germany",
    b2c=OPT_IN_OR_CUSTOMER,
    b2b=OPT_IN_OR_CUSTOMER,
    requirement="prior express consent from businesses and consumers alike (UWG §7(2) Nr. 2); "
    "soft opt-in only for existing customers under §7(3)",
)
COMMON = {"countries": ["de"], "kinds": ["commercial"]}
LANGUAGE_NAMES = {"en": "English", "fr": "French", "it": "Italian", "es": "Spanish", "nl": "Dutch"}


@rule(
    "DE101",
    "de-prior-consent",
    "Advertising email needs prior express consent, from businesses and consumers alike.",
    reference="UWG §7(2) Nr. 2 and §7(3); BGH I ZR 164/09",
    **COMMON,
)
def prior_consent(document, context):
    """## What it does
    Judges the campaign's declared consent basis under German law, for B2B and B2C alike:
    `opt-in` and `double-opt-in` are lawful, `soft-opt-in` only under the customer exception
    (whose notice DE102 checks); `opt-out` and `none` are errors, `unknown` a warning. An
    undeclared consent basis is not judged.

    ## Why
    UWG §7(2) Nr. 2 makes advertising by email without the addressee's prior express consent an
    unacceptable nuisance, whether the addressee is a consumer or a business; the only exception
    is §7(3) (existing customers, similar products, objection notice at collection and in every
    use). Consent must be documented per person: double opt-in is the proven practice (BGH
    I ZR 164/09).

    ## Example
    ```html
    <!-- email-lint: audience=b2b consent=opt-out -->
    <p>Anzeige — Lohnbüro Schmidt GmbH: Lohnabrechnung in zehn Minuten.</p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: audience=b2b consent=double-opt-in -->
    <p>Anzeige — Lohnbüro Schmidt GmbH: Lohnabrechnung in zehn Minuten.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from consent_violations(REGIME, context)


@rule(
    "DE102",
    "de-soft-opt-in-notice",
    "Mailing existing customers without consent needs the objection notice in every email.",
    reference="UWG §7(3) Nr. 4",
    **COMMON,
)
def soft_opt_in_notice(document, context):
    """## What it does
    When the campaign relies on the customer exception (`consent = "soft-opt-in"`), fails unless
    the email clearly says the customer may object at any time without costs beyond the basic
    transmission rates: "Sie können der Verwendung Ihrer E-Mail-Adresse jederzeit widersprechen,
    ohne dass hierfür andere als die Übermittlungskosten nach den Basistarifen entstehen", "You can
    object at any time, free of charge". A bare "Abmelden" link is not this notice.

    ## Why
    UWG §7(3) allows advertising email to existing customers without consent only if, among other
    conditions, the customer is clearly told at collection and at every use that they may object
    at any time without costs other than transmission costs at basic rates (Nr. 4).

    ## Example
    ```html
    <!-- email-lint: consent=soft-opt-in -->
    <p><a href="{{ unsubscribe_url }}">Abmelden</a></p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: consent=soft-opt-in -->
    <p>Sie können der Verwendung Ihrer E-Mail-Adresse jederzeit widersprechen, ohne dass hierfür andere
    als die Übermittlungskosten nach den Basistarifen entstehen: <a href="{{ unsubscribe_url }}">Abmelden</a></p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if context.consent == "soft-opt-in" and objection_evidence(document, context) is None:
        yield Violation(
            "Germany: soft opt-in without the objection notice (UWG §7(3) Nr. 4): say that the customer may "
            "object at any time ('jederzeit widersprechen'), without costs beyond basic transmission rates"
        )


@rule(
    "DE201",
    "de-sender-identity",
    "The sender of the advertising must be clearly identifiable.",
    reference="UWG §7(2) Nr. 3; DDG §6(1) Nr. 2",
    **COMMON,
    same_as="EL001",
)
def sender_identity(document, context):
    """## What it does
    Fails when nothing in the email identifies the company that sends it or on whose behalf it is
    sent (legal entity, copyright line, signature, ESP company tag, From display name, configured
    `sender.name`), using the same evidence as EL001.

    ## Why
    DDG §6(1) Nr. 2 (formerly TMG §6) requires the person on whose behalf commercial communication
    is made to be clearly identifiable; UWG §7(2) Nr. 3 makes advertising that conceals the sender
    an unacceptable nuisance.

    ## Example
    ```html
    <p>Anzeige: Jetzt 20 % auf alle Kaffeemaschinen.</p>
    ```

    ## Use instead
    ```html
    <p>Anzeige: Jetzt 20 % auf alle Kaffeemaschinen.</p>
    <p>Kaffeerösterei Berger GmbH, Lindenstraße 12, 10969 Berlin</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if sender_evidence(document, context) is None:
        yield Violation(
            "Germany: the sender is not identifiable (DDG §6(1) Nr. 2, UWG §7(2) Nr. 3): name the company that "
            "sends this email, e.g. 'Kaffeerösterei Berger GmbH'"
        )


@rule(
    "DE202",
    "de-commercial-identifiable",
    "Commercial communication must be clearly identifiable as such.",
    reference="DDG §6(1) Nr. 1",
    **COMMON,
    same_as="EL004",
)
def commercial_identifiable(document, context):
    """## What it does
    Fails when a commercial email never says it is advertising: no statement such as "Diese
    E-Mail ist Werbung" and no stand-alone "Werbung"/"Anzeige" label (in the body or as a subject
    prefix), using the same evidence as EL004.

    ## Why
    DDG §6(1) Nr. 1 (formerly TMG §6): commercial communication must be clearly identifiable as
    such.

    ## Example
    ```html
    <p>Kaffeerösterei Berger GmbH: Jetzt 20 % auf alle Kaffeemaschinen.</p>
    ```

    ## Use instead
    ```html
    <p>Werbung</p>
    <p>Kaffeerösterei Berger GmbH: Jetzt 20 % auf alle Kaffeemaschinen.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if commercial_evidence(document, context) is None:
        yield Violation(
            "Germany: the email is not identifiable as advertising (DDG §6(1) Nr. 1): add a visible 'Werbung' "
            "or 'Anzeige' label, or 'Diese E-Mail ist Werbung'"
        )


@rule(
    "DE203",
    "de-valid-opt-out-address",
    "Every advertising email must give a valid address to stop further messages.",
    reference="UWG §7(2) Nr. 3 and §7(3) Nr. 4",
    **COMMON,
    same_as="EL002",
)
def valid_opt_out_address(document, context):
    """## What it does
    Fails when the email gives no usable address to stop further messages: no unsubscribe link,
    mailto or reply instruction, or only one that is hidden, dead, behind a login, a fee or a
    phone call (the same evidence as EL002).

    ## Why
    UWG §7(2) Nr. 3: advertising by email without a valid address to which the recipient can send
    a request to stop, at no cost beyond basic transmission rates, is an unacceptable nuisance.

    ## Example
    ```html
    <p>Zum Abmelden rufen Sie bitte unsere Hotline an.</p>
    ```

    ## Use instead
    ```html
    <p><a href="{{ unsubscribe_url }}">Newsletter abbestellen</a></p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from restate(
        opt_out_violations(document, context),
        "Germany requires a valid opt-out address (UWG §7(2) Nr. 3)",
    )


@rule(
    "DE209",
    "de-company-data",
    "An email to a named business recipient must carry the company's business-letter data.",
    audiences=["b2b"],
    reference="HGB §37a; GmbHG §35a; AktG §80",
    **COMMON,
)
def company_data(document, context):
    """## What it does
    When the campaign is B2B (`audience = "b2b"`) and the email addresses a named person
    ("Sehr geehrte Frau Weber", "Dear Mr Patel", "Hallo {{ vorname }}"), fails unless it carries
    the business-letter data of a German company: its name with the legal form, the registered
    seat, the register court and number, and for a GmbH or UG every managing director (for an AG
    or SE the management board). Senders under another country's law (Ltd, SAS, S.r.l....) and
    non-merchants (e.V., GbR) are not checked.

    ## Why
    An email to a specific business recipient is a business letter: HGB §37a (merchants),
    GmbHG §35a (GmbH: legal form, seat, register court and number, all managing directors) and
    AktG §80 (AG: management board) require this data on it.

    ## Example
    ```html
    <!-- email-lint: audience=b2b -->
    <p>Sehr geehrte Frau Weber,</p>
    <p>Lohnbüro Schmidt GmbH, Hafenstraße 3, 20457 Hamburg</p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: audience=b2b -->
    <p>Sehr geehrte Frau Weber,</p>
    <p>Lohnbüro Schmidt GmbH, Hafenstraße 3, 20457 Hamburg · Sitz der Gesellschaft: Hamburg ·
    Amtsgericht Hamburg, HRB 123456 · Geschäftsführer: Jan Schmidt</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if context.audience != "b2b":
        return
    recipient = named_recipient(document)
    if recipient is None:
        return
    missing = company_data_gaps(document, context)
    if missing:
        yield Violation(
            f"Germany: this email addresses a named business recipient ({recipient}) but lacks the "
            f"business-letter data (HGB §37a, GmbHG §35a): {'; '.join(missing)}"
        )


@rule(
    "DE210",
    "de-impressum-link",
    "Advertising email should link the sender's Impressum.",
    severity="warning",
    reference="DDG §5 (whether a link in the email suffices is unverified: best practice)",
    **COMMON,
)
def impressum_link(document, context):
    """## What it does
    Warns when the email neither links the sender's legal notice ("Impressum", "Imprint",
    "Legal notice") nor carries an Impressum section.

    ## Why
    DDG §5 (formerly TMG §5) requires providers of digital services to keep their legal notice
    easily recognisable and always available; a link to it in every newsletter is common German
    practice. Whether a link in the email is enough is not settled, so this is a warning.

    ## Example
    ```html
    <p>Kaffeerösterei Berger GmbH, Lindenstraße 12, 10969 Berlin</p>
    ```

    ## Use instead
    ```html
    <p>Kaffeerösterei Berger GmbH, Lindenstraße 12, 10969 Berlin ·
    <a href="https://kaffee-berger.example/impressum">Impressum</a></p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if impressum_evidence(document, context) is None:
        yield Violation(
            "Germany: no Impressum link: link the sender's legal notice, e.g. <a href=\".../impressum\">Impressum</a>"
        )


@rule(
    "DE301",
    "de-disguised-headers",
    "Neither the From nor the Subject header may hide the sender or the advertising.",
    needs_headers=True,
    reference="DDG §6(2)",
    **COMMON,
)
def disguised_headers(document, context):
    """## What it does
    For emails with headers (.eml), fails when the From header is missing, when the subject fakes
    a reply or forward (`Re:`, `AW:`, `Fwd:`, `WG:` without `In-Reply-To`/`References`), or when it
    presents advertising as a transactional message ("Ihre Rechnung", "Zahlungserinnerung",
    "Your order") without an advertising label.

    ## Why
    DDG §6(2) (formerly TMG §6(2)): when commercial communication is sent by email, neither the
    sender nor the commercial character of the message may be disguised or concealed in the header
    or the subject line.

    ## Example
    ```eml
    From: Kaffee Berger <news@kaffee-berger.example>
    Subject: AW: Ihre Anfrage
    Content-Type: text/plain; charset=utf-8

    Werbung: 20 % auf alle Kaffeemaschinen.
    ```

    ## Use instead
    ```eml
    From: Kaffee Berger <news@kaffee-berger.example>
    Subject: Werbung: 20 % auf alle Kaffeemaschinen
    Content-Type: text/plain; charset=utf-8

    Werbung: 20 % auf alle Kaffeemaschinen.
    ```

    email-lint gives technical checks, not legal advice.
    """
    for header, problem in header_disguise(document, context):
        line = document.line_of_header(header)
        yield Violation(f"Germany: the headers disguise the sender or the advertising (DDG §6(2)): {problem}", line)


@rule(
    "DE302",
    "de-footer-language",
    "A German email's footer (opt-out, notices) should be in German.",
    severity="warning",
    reference="UWG §7(2) Nr. 3 and §7(3) Nr. 4 (a clear notice); DDG §6(1)",
    **COMMON,
)
def footer_language(document, context):
    """## What it does
    Warns when a German-language email (declared or detected) has its footer wordings (opt-out,
    "why you receive this", privacy and legal-notice links) only in another language, typically a
    footer hard-coded in English: "Unsubscribe · Privacy policy" under a German text.

    ## Why
    The opt-out address and the objection notice must be given clearly (UWG §7(2) Nr. 3,
    §7(3) Nr. 4) and the sender's information must be easily recognisable (DDG §6(1)); an
    English-only footer in a German email is a common trap that leaves German readers without them.

    ## Example
    ```html
    <html lang="de"><body>
    <p>Entdecken Sie unsere neuen Kaffeesorten aus eigener Röstung.</p>
    <p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>
    </body></html>
    ```

    ## Use instead
    ```html
    <html lang="de"><body>
    <p>Entdecken Sie unsere neuen Kaffeesorten aus eigener Röstung.</p>
    <p><a href="{{ unsubscribe_url }}">Newsletter abbestellen</a></p>
    </body></html>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if document.language != "de":
        return
    languages = footer_languages(document, context)
    if not languages or "de" in languages:
        return
    others = sorted(languages, key=lambda lang: (languages[lang], lang))
    names = ", ".join(LANGUAGE_NAMES.get(lang, lang) for lang in others)
    yield Violation(
        f"Germany: German email with a footer only in {names}: write the opt-out and notices in German "
        "(e.g. 'Newsletter abbestellen')",
        languages[others[0]],
    )


RULES = [
    prior_consent,
    soft_opt_in_notice,
    sender_identity,
    commercial_identifiable,
    valid_opt_out_address,
    company_data,
    impressum_link,
    disguised_headers,
    footer_language,
]
