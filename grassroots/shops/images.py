"""Product pictures and shop avatars, through the shared image pipeline (core.images).

The pipeline validates by content, strips metadata and re-encodes; here we only choose the
sizes and the storage folders (products/<id>/…, shops/<id>/…).
"""

from __future__ import annotations

import secrets

from PIL import Image, ImageOps

from grassroots.core.images import (
    AVATAR_SIZE,
    LARGE_LONG_EDGE,
    MEDIUM_BOX,
    THUMB_BOX,
    StoredImage,
    Upload,
    _encode_webp,
    _fit,
    _save,
    delete_stored_files,
    load_clean_image,
)


def store_product_image(upload: Upload, *, product_id: int) -> StoredImage:
    """Validate an upload and store its large, medium and thumbnail WebP sizes."""
    image = load_clean_image(upload)
    large = _fit(image, (LARGE_LONG_EDGE, LARGE_LONG_EDGE))
    sizes = (large, _fit(large, MEDIUM_BOX), _fit(large, THUMB_BOX))
    stem = f"products/{int(product_id)}/{secrets.token_hex(8)}"
    written: list[str] = []
    try:
        for name, picture in zip(("large", "medium", "thumb"), sizes, strict=True):
            written.append(_save(f"{stem}-{name}.webp", _encode_webp(picture)))
    except BaseException:
        delete_stored_files(written)
        raise
    return StoredImage(
        width=large.width,
        height=large.height,
        large=written[0],
        medium=written[1],
        thumb=written[2],
    )


def store_shop_avatar(upload: Upload, *, shop_id: int) -> str:
    """Validate an upload and store it as a square centre-cropped WebP; returns its path."""
    image = load_clean_image(upload)
    square = ImageOps.fit(image, (AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)
    return _save(f"shops/{int(shop_id)}/{secrets.token_hex(8)}.webp", _encode_webp(square, 85))
