"""``email-lint gate``: build the policy, warm the engine, serve until SIGTERM."""

from __future__ import annotations

import asyncio
import gc
from dataclasses import dataclass
from pathlib import Path

from email_lint.errors import EmailLintError
from email_lint.presend.gate.policy import CampaignOptions, GatePolicy, load_policy
from email_lint.presend.gate.server import Gate, GateSettings


@dataclass(frozen=True)
class GateOptions:
    """The command line's options, as given."""

    listen: tuple[str, int]
    relay: tuple[str, int]
    mode: str = "reject"
    contacts: Path | None = None
    profile: str = "auto"
    suppressions: tuple[Path, ...] = ()
    kind: str | None = None
    countries: tuple[str, ...] = ()
    audience: str | None = None
    consent: str | None = None
    first_contact: bool | None = None
    esp: str | None = None
    esp_footer: bool | None = None
    retention_days: int | None = None
    fail_open: bool = False
    max_message_size: int = 32 * 1024 * 1024
    log_path: str | None = None
    log_addresses: bool = False
    shutdown_timeout: float = 30.0
    check_timeout: float = 10.0
    config_path: Path | None = None


def build_policy(options: GateOptions) -> GatePolicy:
    """The policy, loaded and warm; a bad file or option raises :class:`EmailLintError`."""
    campaign = CampaignOptions(countries=options.countries, audience=options.audience, consent=options.consent,
                               kind=options.kind, first_contact=options.first_contact, esp=options.esp,
                               esp_footer=options.esp_footer, retention_days=options.retention_days)
    return load_policy(campaign, contacts=options.contacts, profile=options.profile,
                       suppressions=options.suppressions, config_path=options.config_path,
                       max_message_size=options.max_message_size)


def run_gate(options: GateOptions) -> int:
    """Serve until SIGTERM or SIGINT; 0 after a graceful stop."""
    policy = build_policy(options)
    # The warm engine (rules, phrase tables) lives as long as the process: move it out of the
    # collector's way, so collections during checks only walk what a check allocates.
    gc.collect()
    gc.freeze()
    settings = GateSettings(
        listen_host=options.listen[0], listen_port=options.listen[1],
        relay_host=options.relay[0], relay_port=options.relay[1],
        mode=options.mode, fail_open=options.fail_open, max_message_size=options.max_message_size,
        log_path=options.log_path, log_addresses=options.log_addresses, shutdown_timeout=options.shutdown_timeout,
        check_timeout=options.check_timeout,
    )
    try:
        gate = Gate(settings, policy)
    except OSError as exc:
        raise EmailLintError(f"cannot open the log {options.log_path}: {exc.strerror or exc}") from None
    try:
        asyncio.run(gate.serve())
    except OSError as exc:
        host, port = options.listen
        raise EmailLintError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return 0
