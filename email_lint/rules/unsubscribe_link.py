"""EL002 unsubscribe-link: judges the opt-outs :mod:`email_lint.detectors.unsubscribe` finds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from email_lint.detectors import unsubscribe
from email_lint.rules.base import Violation, rule

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document


@rule(
    "EL002",
    "unsubscribe-link",
    "The email must offer a visible, working, free and simple way to opt out.",
    kinds=["commercial"],
    reference="CPCE art. L.34-5; GDPR art. 21; UWG §7(3); CAN-SPAM 15 U.S.C. 7704(a)(3)-(5); 16 CFR 316.5",
)
def check_unsubscribe_link(document: Document, context: Context) -> Iterator[Violation]:
    """## What it does
    Looks for an opt-out: a link whose text or URL means unsubscribe, opt out or manage
    preferences (in English, French, German, Italian, Spanish, Dutch...), an ESP unsubscribe
    merge tag (`*|UNSUB|*`, `{{{unsubscribe}}}`, `<%asm_group_unsubscribe_raw_url%>`,
    `%unsubscribe_url%`, `{{ UnsubscribeURL }}`, `{unsubscribe_url}`, `{{unsubscribe_url}}`,
    `%%unsub_center_url%%`, `{% unsubscribe_link %}`, `{{{RESEND_UNSUBSCRIBE_URL}}}`...),
    a `mailto:` opt-out, a reply instruction ("reply STOP", or a reply verb and a wish to stop
    in one sentence: "just reply and we won't write again") or, in an .eml, a
    `List-Unsubscribe` header. Opt-out wording is read the way people write it in each
    language: first person ("Je me désinscris", "No quiero recibir más correos"), removal
    from the list ("Von diesem Verteiler entfernen", "Eliminarme de la lista"), stopping the
    emails ("Stopper les envois", "Stop met deze e-mails"), objection ("Sie können der
    Zusendung jederzeit widersprechen", "Puede oponerse a recibir comunicaciones
    comerciales"). It fails when there is none, and also when the only opt-outs are:

    - hidden (`display:none`, `visibility:hidden`, `font-size:0`, `max-height:0` with
      `overflow:hidden`, text colour equal to its background) or after Gmail's ~102 KB clip;
    - dead (`href="#"`, empty, `javascript:`);
    - not free and simple: they ask for a login, an app account, a fee, a phone call or a
      letter, a password, a reason, or personal data beyond the address (a phone number, a
      customer or registration number, a date of birth, an identity document, a form asking
      for a name or a reason);
    - leaving something else than the emails: a course, an event, a gym ("Darse de baja del
      gimnasio", "Vom Kurs abmelden");
    - a "manage your preferences" link whose text and surrounding sentences never say it lets
      the reader stop the emails ("Manage preferences or unsubscribe from all" counts; an ESP's
      preference-centre merge tag counts);
    - a merge tag the ESP will not substitute: percent-encoded (`%7B%7B...`), entity-encoded
      (`&#123;&#123;...`) or in the wrong case (`{{{Unsubscribe}}}` for SendGrid).

    A broken merge tag is reported even when another opt-out works: it is a dead link.

    An unsubscribe link the campaign's ESP adds at send time counts as the opt-out: with
    `esp = "mailchimp"` when the template lacks `*|UNSUB|*`, `esp = "klaviyo"` when it has no
    unsubscribe tag, SendGrid, Mailgun or Postmark with `esp-footer = true` (docs/esp.md).

    Not required of transactional email (`kind=transactional`: a receipt, an order
    confirmation): CAN-SPAM's opt-out duties (15 U.S.C. 7704(a)(3)-(5)) apply to commercial
    messages, which 7702(2)(B) defines to exclude transactional ones, and the right to object
    of ePrivacy art. 13 and its national laws concerns direct marketing. A transactional email
    that carries promotion gets EL010.

    In an email assembled from a layout or partials (docs/assembly.md), a missing opt-out is
    reported where the shared footer starts, once per entry template that uses it.

    ## Why
    The right to object to direct marketing must be offered free of charge and simply in
    every message: CPCE art. L.34-5 and CNIL guidance (France), GDPR art. 21(2)-(3),
    UWG §7(3) Nr. 4 (Germany), Codice Privacy art. 130(4) (Italy), LSSI art. 21.2 (Spain),
    PECR reg. 22(3) (UK), CAN-SPAM 15 U.S.C. 7704(a)(3)-(5) and 16 CFR 316.5 (US: no fee,
    no information beyond the address, at most a reply or one web page), CASL s. 11 (Canada).

    ## Example
    ```html
    <p>To unsubscribe, log in to your account and call our service desk.</p>
    <a href="#">Unsubscribe</a>
    ```

    ## Use instead
    ```html
    <a href="{{unsubscribe_url}}">Unsubscribe</a>
    ```

    email-lint gives technical checks, not legal advice.
    """
    found = unsubscribe.detect(document, context)
    broken_tags = [c for c in found.rejected if unsubscribe.broken_tag(c)]
    for candidate in broken_tags:
        yield Violation(f"{candidate.reason}; write the tag exactly as the ESP documents it", candidate.line)
    if found.present:
        return
    broken_lines = {c.line for c in broken_tags}
    others = [c for c in found.rejected if c not in broken_tags and c.line not in broken_lines]
    if others:
        # Point at a link when there is one: it is what the author has to fix.
        first = min(others, key=lambda c: (c.kind != "link", c.line))
        yield Violation(
            f"the only opt-out ({unsubscribe.describe(first)}) is not usable: {first.reason}; "
            "add a visible link that unsubscribes in one step, free of charge",
            first.line,
        )
        return
    if broken_tags:
        return
    examples = context.matcher.examples("unsubscribe.suggestion", document.language)
    wording = " / ".join(f"'{e}'" for e in examples) or "'Unsubscribe'"
    yield Violation(
        "no unsubscribe link or opt-out found: add a visible link such as "
        f"{wording} pointing to your ESP's unsubscribe tag (e.g. {{{{unsubscribe_url}}}}) "
        "or a one-step opt-out page",
        anchor="footer",
    )
