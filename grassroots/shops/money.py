"""Money: a Decimal amount with a currency. No floats anywhere near a price.

Amounts are rounded half-up to the currency's minor unit (CNY/USD/EUR: 0.01, JPY: 1).
Adding or comparing two currencies is refused with `CurrencyMismatch`, never converted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from grassroots.core.errors import ValidationFailed

# ISO 4217 minor-unit exponents of the currencies a shop may price in.
CURRENCY_EXPONENTS: dict[str, int] = {"CNY": 2, "HKD": 2, "USD": 2, "EUR": 2, "JPY": 0}
DEFAULT_CURRENCY = "CNY"
CURRENCY_CHOICES = [(code, code) for code in CURRENCY_EXPONENTS]


class CurrencyMismatch(ValidationFailed):
    def __init__(self, left: str, right: str) -> None:
        super().__init__(
            "currency_mismatch", f"Cannot combine amounts in {left} and {right}.", field="currency"
        )


def check_currency(currency: str) -> str:
    code = (currency or "").upper()
    if code not in CURRENCY_EXPONENTS:
        raise ValidationFailed(
            "bad_currency", f"Unsupported currency {currency!r}.", field="currency"
        )
    return code


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round to the currency's minor unit, half up (the way a receipt rounds)."""
    exponent = CURRENCY_EXPONENTS[check_currency(currency)]
    return amount.quantize(Decimal(1).scaleb(-exponent), rounding=ROUND_HALF_UP)


def parse_amount(value: object, currency: str, *, field: str = "price") -> Decimal:
    """A user-entered amount as Decimal: not negative, not more precise than the currency."""
    if isinstance(value, float):
        value = repr(value)  # only ever from JSON; repr keeps the digits the client sent
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationFailed(
            "bad_amount", "Enter an amount such as 12.50.", field=field
        ) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationFailed("bad_amount", "Enter an amount of 0 or more.", field=field)
    if amount != quantize(amount, currency):
        raise ValidationFailed(
            "bad_amount", f"Too many decimal places for {currency}.", field=field
        )
    if amount >= Decimal("10000000000"):
        raise ValidationFailed("bad_amount", "That amount is too large.", field=field)
    return quantize(amount, currency)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money amounts are Decimal")
        object.__setattr__(self, "currency", check_currency(self.currency))
        object.__setattr__(self, "amount", quantize(self.amount, self.currency))

    @classmethod
    def zero(cls, currency: str = DEFAULT_CURRENCY) -> Money:
        return cls(Decimal(0), currency)

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatch(self.currency, other.currency)

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, quantity: int) -> Money:
        if not isinstance(quantity, int) or isinstance(quantity, bool):
            raise TypeError("Money is multiplied by a whole quantity")
        return Money(self.amount * quantity, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __str__(self) -> str:
        return f"{self.currency} {self.amount}"

    def as_dict(self) -> dict[str, str]:
        return {"amount": str(self.amount), "currency": self.currency}


def total(amounts: list[Money], currency: str) -> Money:
    """Sum in one currency; an empty list is zero in that currency."""
    result = Money.zero(currency)
    for amount in amounts:
        result = result + amount
    return result
