"""EL003 data-source-notice: judges the evidence of :mod:`email_lint.detectors.data_source_notice`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from email_lint.detectors import data_source_notice
from email_lint.rules.base import Violation, rule

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document


@rule(
    "EL003",
    "data-source-notice",
    "The email must say why the recipient gets it or where the address came from.",
    kinds=["commercial"],
    reference="GDPR art. 14(2)(f) and 14(3)(b); CNIL guidance on commercial prospecting",
)
def check_data_source_notice(document: Document, context: Context) -> Iterator[Violation]:
    """## What it does
    Fails when a commercial email never tells the recipient why they receive it or where
    their address was obtained: "You are receiving this email because you signed up on
    acme.com", "Vous recevez cet e-mail car vous êtes client", "Sie erhalten diese E-Mail,
    weil Sie sich angemeldet haben", "Ricevi questa email perché...", "Recibes este correo
    porque...", "U ontvangt deze e-mail omdat...", or Mailchimp's permission reminder
    `*|LIST:DESCRIPTION|*`. Transactional emails (`kind = "transactional"`) are exempt.

    Accepted, in six languages and in formal and informal address (a cue grammar per
    language, `email_lint/phrases/data/<lang>.toml`): the recipient receives / we contact
    you with a reason ("we are contacting you since you met our team at the fair", "Ti
    contattiamo perché..."), or with a role ("as a member", "en tant que client"); your
    address / details with where they came from ("your details come from the public register
    of...", "Ihr Kollege hat uns Ihre Adresse weitergegeben"); "this message is sent to" a
    group ("this message goes to everyone who created an account"); you are on our list / in
    our customer file; how we found you ("I found your studio in the members' directory");
    you asked to be told, you allowed us to write; where we met; and a heading "Why you are
    receiving this" followed by its reason, in the same paragraph or the next.

    Rejected: the same words in a question ("Met our team at the fair? Come and see us"),
    a "why" heading with no reason after it or only an opt-out ("Why did I get this?
    Unsubscribe"), and what states no reason: a thank-you ("Thanks for subscribing!"), a
    privacy-policy link alone, an invitation to subscribe, "you can unsubscribe at any time",
    "because" in advertising copy, where the data is stored, the sender's own register entry.
    `email-lint explain` lists the rejected candidates with the reason.

    Not required of transactional email (`kind=transactional`): the notice belongs to
    prospecting and direct marketing (ePrivacy art. 13; CNIL guidance on commercial
    prospecting). A transactional email that carries promotion gets EL010.

    In an email assembled from a layout or partials (docs/assembly.md), a missing data-source notice is
    reported where the shared footer starts, once per entry template that uses it.

    ## Why
    When personal data was not collected from the person, GDPR art. 14(2)(f) requires
    telling them its source, at the latest at the first communication (art. 14(3)(b)).
    CNIL guidance asks prospecting emails to rented or bought lists to say so in each first
    message; every regulator expects the reason for receiving to be stated.

    ## Example
    ```html
    <p>New arrivals are here.</p>
    ```

    ## Use instead
    ```html
    <p>New arrivals are here.</p>
    <p>You are receiving this email because you created an account on acme.com.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if data_source_notice.detect(document, context).present:
        return
    examples = context.matcher.examples("data_source_notice.phrases", document.language, 1)
    wording = f" such as '{examples[0]} ...'" if examples else ""
    yield Violation(
        "no data-source notice found: say why the recipient receives this email or where "
        f"their address was obtained{wording}",
        anchor="footer",
    )
