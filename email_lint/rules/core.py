"""The core pack: the elements every commercial email must carry.

Registered through the ``email_lint`` entry-point group exactly like a country pack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from email_lint.hookspecs import hookimpl

if TYPE_CHECKING:
    from email_lint.rules.base import Rule


@hookimpl
def email_lint_rules() -> list[Rule]:
    from email_lint.rules import (
        commercial_statement,
        data_source_notice,
        from_header,
        list_unsubscribe_header,
        one_click_unsubscribe,
        postal_address,
        sender_identity,
        suppressions,
        transactional_purpose,
        unreplaced_merge_tag,
        unsubscribe_link,
    )

    return [
        sender_identity.check_sender_identity,
        unsubscribe_link.check_unsubscribe_link,
        data_source_notice.check_data_source_notice,
        commercial_statement.check_commercial_statement,
        postal_address.check_postal_address,
        list_unsubscribe_header.check_list_unsubscribe_header,
        one_click_unsubscribe.check_one_click_unsubscribe,
        from_header.check_from_header,
        unreplaced_merge_tag.check_unreplaced_merge_tag,
        transactional_purpose.check_transactional_primary_purpose,
        suppressions.UNUSED_SUPPRESSION,
        suppressions.INVALID_DIRECTIVE,
    ]
