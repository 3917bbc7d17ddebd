"""Only still images, in the format their name says (an allowlist).

A printed page shows one frame of an animated GIF, PNG (APNG) or WebP, and OCR reads that one;
a browser shows them all, so the web edition would show pictures nobody reviewed. And a browser
goes by a file's content, not its name: a GIF named `.png` animates. So an image is used only
when Pillow reads it as the format its extension names, with one frame.
"""

from __future__ import annotations

FORMATS = {".png": {"PNG"}, ".jpg": {"JPEG", "MPO"}, ".jpeg": {"JPEG", "MPO"}, ".gif": {"GIF"}, ".webp": {"WEBP"}}
NAMES = {"PNG": ".png", "JPEG": ".jpg", "MPO": ".jpg", "GIF": ".gif", "WEBP": ".webp"}
ANIMATED = (
    "animated images are not allowed: a printed page shows one frame, a browser all; export the one still"
    " frame to show as PNG or JPEG"
)


def refusal(image, suffix: str) -> str | None:
    """Why an opened Pillow image named with `suffix` may not be shown, or None: its real format
    is not the one its name says, or it has more than one frame (animated)."""
    allowed = FORMATS.get(suffix.lower())
    found = image.format or "unknown"
    if allowed is None or found not in allowed:
        hint = f"rename it to {NAMES[found]} or " if found in NAMES else ""
        return f"the file is a {found} image, not what its name '{suffix}' says: {hint}export it again as {suffix}"
    if found == "MPO":  # a camera's JPEG with a preview: browsers and the renderer show the first picture only
        return None
    if getattr(image, "is_animated", False) or getattr(image, "n_frames", 1) > 1:
        return ANIMATED
    return None
