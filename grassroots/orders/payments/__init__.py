"""Payment gateways: one small interface, one clearly labelled TEST gateway.

A gateway charges an amount for an order and later confirms the outcome by a signed
callback. `orders.actions` talks only to this interface; real gateways (Alipay, WeChat Pay,
Stripe…) would be added beside `testing.py` and chosen by name in settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings

from grassroots.core.errors import NotFound


class GatewayTimeout(Exception):
    """The gateway did not answer in time: the charge may or may not have happened."""


@dataclass(frozen=True)
class ChargeResult:
    """What the gateway said to a charge request."""

    reference: str  # the gateway's charge id (unique)
    outcome: str  # "succeeded" | "declined"
    message: str = ""
    # Callbacks the gateway will deliver for this charge (the test gateway simulates them).
    callbacks: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class CallbackEvent:
    """A verified callback: which charge, what happened, for how much."""

    event_id: str
    reference: str
    outcome: str  # "succeeded" | "declined"
    amount: Decimal
    currency: str


class Gateway(Protocol):
    name: str

    def charge(
        self, *, reference: str, amount: Decimal, currency: str, token: str
    ) -> ChargeResult: ...

    def refund(self, *, reference: str, amount: Decimal, currency: str) -> None: ...

    def verify_callback(self, payload: dict[str, Any]) -> CallbackEvent: ...


def get_gateway(name: str) -> Gateway:
    """The gateway `name` if this site enables it (settings.PAYMENT_GATEWAYS)."""
    from grassroots.orders.payments.testing import TestGateway

    gateways: dict[str, Gateway] = {TestGateway.name: TestGateway()}
    if name not in gateways:
        raise NotFound(f"Unknown payment gateway {name!r}.", code="unknown_gateway")
    if name not in settings.PAYMENT_GATEWAYS:
        raise NotFound(
            f"The payment gateway {name!r} is not enabled on this site.", code="gateway_disabled"
        )
    return gateways[name]
