"""Product pictures and shop avatars, through the shared image pipeline (core.images).

The pipeline validates by content, strips metadata and re-encodes; here we only choose the
storage folders (products/<id>/…, shops/<id>/…).
"""

from __future__ import annotations

from grassroots.core.images import StoredImage, Upload, store_display_sizes, store_square


def store_product_image(upload: Upload, *, product_id: int) -> StoredImage:
    """A product picture in its large, medium and thumbnail WebP sizes."""
    return store_display_sizes(upload, folder=f"products/{int(product_id)}")


def store_shop_avatar(upload: Upload, *, shop_id: int) -> str:
    """A shop's square picture; returns its path."""
    return store_square(upload, folder=f"shops/{int(shop_id)}")
