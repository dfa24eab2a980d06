"""email-lint: check email templates for the elements the law requires of commercial email.

``email_lint.check_message`` (with ``Verdict``, ``RecipientDecision`` and ``Contact``) judges a
rendered message before it is sent; like ``__version__`` it is loaded on first use, so
``import email_lint`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Contact", "RecipientDecision", "Verdict", "__version__", "check_message"]

if TYPE_CHECKING:
    from email_lint.presend.audience import Contact
    from email_lint.presend.message import check_message
    from email_lint.presend.verdict import RecipientDecision, Verdict

_LAZY = {
    "check_message": "email_lint.presend.message",
    "Verdict": "email_lint.presend.verdict",
    "RecipientDecision": "email_lint.presend.verdict",
    "Contact": "email_lint.presend.audience",
}


def __getattr__(name: str) -> Any:
    """``__version__`` (from the installed metadata, set by the release tag) and the pre-send API,
    each loaded on first use."""
    if name == "__version__":
        from email_lint.entrypoints import version  # importlib.metadata's, without its start-up cost

        # None: run from a source tree that was never installed.
        found = version("email-lint") or "0+unknown"
        globals()["__version__"] = found
        return found
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
