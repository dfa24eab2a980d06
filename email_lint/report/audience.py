"""Recipients counted for the report (placeholder until the audience check lands)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from email_lint.errors import ConfigError


def audience_counts(contacts: Path, suppressions: Sequence[Path], countries: Sequence[str],
                    campaign: Mapping[str, Any]) -> dict[str, Any]:
    raise ConfigError("--contacts is not available yet")
