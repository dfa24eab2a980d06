"""What a detector returns: the evidence of one element, and the candidates it turned down."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    """Something in the email that satisfies an element.

    ``text`` is what the reader sees (a sentence, a name, a tag, a header value), ``line``
    its source line, ``source`` where it stands ("body", "alt", "link", "merge-tag",
    "header:From", "configuration", "esp"...), ``reason`` how it was recognised, in a short
    human phrase ("legal entity", "copyright holder"). ``path`` names the file it comes
    from when that is not the checked file itself (a partial, an ESP footer).
    """

    text: str
    line: int
    source: str
    reason: str
    path: str | None = None

    def as_dict(self) -> dict[str, str | int]:
        return {"text": self.text, "line": self.line, "source": self.source, "reason": self.reason}


@dataclass(frozen=True)
class Rejected:
    """A near candidate that does not count, and why ("'The team' is a sign-off without a name").

    ``source`` says where it stands, like :class:`Evidence`; ``kind`` names what it is
    ("link", "merge tag"...) and ``within`` the sentence around it, for messages.
    """

    text: str
    line: int
    reason: str
    source: str = "body"
    kind: str = ""
    within: str = ""

    def as_dict(self) -> dict[str, str | int]:
        return {"text": self.text, "line": self.line, "reason": self.reason}


@dataclass(frozen=True)
class ElementEvidence:
    """Everything a detector found for one element of one document.

    ``complete`` is False when the detector stopped at the first piece of evidence (what
    a rule needs); ``email-lint explain`` asks for the complete list.
    """

    element: str
    evidence: tuple[Evidence, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    looked_for: str = ""
    complete: bool = True

    @property
    def present(self) -> bool:
        return bool(self.evidence)

    @property
    def first(self) -> Evidence | None:
        return self.evidence[0] if self.evidence else None
