"""Rules: the declared rule object and the core pack's rules."""

from email_lint.rules.base import Rule, Violation, rule

__all__ = ["Rule", "Violation", "rule"]
