"""A tiny third-party country pack, as an outside author would write it: Zedland (``zz``).

The tests install it through real distribution metadata (an ``email_lint`` entry point)
and run it from the command line; it is never part of the installed packs.
"""

from email_lint.hookspecs import hookimpl
from email_lint.rules.base import Violation, rule
from email_lint.rules.sender_identity import sender_evidence


@rule(
    "ZZ201",
    "zz-zedvert-label",
    "Zedland advertising carries the word 'Zedvert' and names its sender.",
    countries=["zz"],
    kinds=["commercial"],
    reference="Zedland Advertising Act s. 4 (a fictional law, for tests)",
)
def zedvert_label(document, context):
    """## What it does
    Fails unless the email carries the label "Zedvert" and names its sender.

    ## Why
    The (fictional) Zedland Advertising Act s. 4 asks for both.

    ## Example
    ```html
    <p>Big sale at the corner shop.</p>
    ```

    ## Use instead
    ```html
    <p>Zedvert</p>
    <p>Big sale at Corner Shop Ltd.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if not context.matcher.search("zz_label.phrases", document.visible_text):
        yield Violation("Zedland: add the 'Zedvert' label")
    if sender_evidence(document, context) is None:
        yield Violation("Zedland: name the sender")


@hookimpl
def email_lint_rules():
    return [zedvert_label]


@hookimpl
def email_lint_phrases():
    return {"zz_label": {"en": ["zedvert"]}}
