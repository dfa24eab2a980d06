"""The report's date: ``SOURCE_DATE_EPOCH`` when set (reproducible reports), else now, in UTC."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from email_lint.errors import ConfigError


def generated_at() -> str:
    """ISO 8601 UTC time, to the second."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or not epoch.strip():
        moment = datetime.now(UTC)
    else:
        try:
            moment = datetime.fromtimestamp(int(epoch.strip()), UTC)
        except (ValueError, OverflowError, OSError):
            raise ConfigError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970") from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
