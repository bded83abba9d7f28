"""THE TEST GATEWAY — no real money moves. For development, demos and tests only.

The card token chooses the outcome (see docs/orders.md):

    tok_success    the charge succeeds at once
    tok_decline    the charge is declined (the order stays awaiting payment; try again)
    tok_timeout    the gateway does not answer in time; it took the money and says so later
                   in a callback (the payment stays pending until that callback arrives)
    tok_duplicate  the charge succeeds and the gateway delivers its success callback twice

Callbacks are signed with HMAC-SHA256 over the canonical JSON body (key derived from
SECRET_KEY), exactly as a real gateway's would be checked.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings

from grassroots.core.errors import ValidationFailed
from grassroots.orders.payments import CallbackEvent, ChargeResult, GatewayTimeout

TOKENS = ("tok_success", "tok_decline", "tok_timeout", "tok_duplicate")
OUTCOMES = ("succeeded", "declined")


def _key() -> bytes:
    return hashlib.sha256(f"test-gateway:{settings.SECRET_KEY}".encode()).digest()


def _canonical(body: dict[str, Any]) -> bytes:
    unsigned = {k: v for k, v in body.items() if k != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":")).encode()


def sign(body: dict[str, Any]) -> dict[str, Any]:
    """The body with its signature, as the test gateway would post it."""
    signature = hmac.new(_key(), _canonical(body), hashlib.sha256).hexdigest()
    return {**body, "signature": signature}


def callback_body(
    *, reference: str, outcome: str, amount: Decimal, currency: str, event_id: str | None = None
) -> dict[str, Any]:
    """A signed callback for a charge (also used by tests to play the gateway)."""
    return sign(
        {
            "event_id": event_id or f"evt_{reference}_{outcome}",
            "reference": reference,
            "outcome": outcome,
            "amount": str(amount),
            "currency": currency,
        }
    )


class TestGateway:
    """TEST ONLY: outcomes chosen by the card token; never charges anyone."""

    name = "test"
    __test__ = False  # not a pytest test class

    def charge(self, *, reference: str, amount: Decimal, currency: str, token: str) -> ChargeResult:
        if token not in TOKENS:
            raise ValidationFailed(
                "bad_card_token",
                "Test gateway: use tok_success, tok_decline, tok_timeout or tok_duplicate.",
                field="token",
            )
        outcome = token.removeprefix("tok_")
        if outcome == "decline":
            return ChargeResult(reference=reference, outcome="declined", message="card declined")
        if outcome == "timeout":
            raise GatewayTimeout(reference)
        callbacks: list[dict[str, Any]] = []
        if outcome == "duplicate":
            body = callback_body(
                reference=reference, outcome="succeeded", amount=amount, currency=currency
            )
            callbacks = [body, dict(body)]
        return ChargeResult(reference=reference, outcome="succeeded", callbacks=callbacks)

    def refund(self, *, reference: str, amount: Decimal, currency: str) -> None:
        return None  # the test gateway always refunds

    def verify_callback(self, payload: dict[str, Any]) -> CallbackEvent:
        expected = hmac.new(_key(), _canonical(payload), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(str(payload.get("signature", "")), expected):
            raise ValidationFailed("bad_signature", "The callback signature does not match.")
        outcome = str(payload.get("outcome", ""))
        if outcome not in OUTCOMES:
            raise ValidationFailed("bad_outcome", "Unknown callback outcome.")
        try:
            amount = Decimal(str(payload.get("amount", "")))
        except InvalidOperation:
            raise ValidationFailed("bad_amount", "The callback amount is not a number.") from None
        return CallbackEvent(
            event_id=str(payload.get("event_id", ""))[:64],
            reference=str(payload.get("reference", ""))[:64],
            outcome=outcome,
            amount=amount,
            currency=str(payload.get("currency", "")),
        )
