"""Phrase lists (data) compiled into one matcher per category.

Every language's wordings live in ``phrases/data/<lang>.toml``; see
``phrases/data/README.md`` for the format. All languages are matched at once,
so presence checks need no language detection.
"""

from email_lint.phrases.matcher import PhraseMatcher, load_matcher

__all__ = ["PhraseMatcher", "load_matcher"]
