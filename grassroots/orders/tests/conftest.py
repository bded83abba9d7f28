from __future__ import annotations

import pytest

from grassroots.orders.tests.factories import make_buyer, make_variant


@pytest.fixture
def variant(db):
    return make_variant(stock=5, price="19.90")


@pytest.fixture
def buyer(db):
    return make_buyer()
