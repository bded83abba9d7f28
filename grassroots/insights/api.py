"""JSON API of the insights app (mounted in config/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["insights"])
