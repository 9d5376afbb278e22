"""What an upload is, from its first bytes: the accepted formats, their content types and
file extensions, and the messages that refuse a file a person can act on."""

from __future__ import annotations

from inspect_app.errors import InvalidInput

CONTENT_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "HEIF": "image/heic",
}

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}

HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}

HEIF_GENERIC_BRANDS = {b"mif1", b"msf1"}

UNSUPPORTED = (
    "不支持的文件类型，请上传 JPEG、PNG、WebP 或 HEIC 照片 / "
    "Not an accepted image type: upload a JPEG, PNG, WebP or HEIC photo"
)

EMPTY = "文件为空 / The file is empty"

DAMAGED = (
    "照片文件已损坏或不完整，请重新拍摄或上传 / "
    "The photo file is damaged or incomplete: take or upload it again"
)


def reject(message: str) -> InvalidInput:
    return InvalidInput(message, {"file": [message]})


def detect_format(head: bytes) -> str | None:
    """The format named by the file's first bytes, if it is one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if len(head) >= 16 and head[4:8] == b"ftyp":
        box_size = int.from_bytes(head[:4], "big")
        major = head[8:12]
        brands = {head[i : i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)}
        if major in HEIF_BRANDS or (major in HEIF_GENERIC_BRANDS and brands & HEIF_BRANDS):
            return "HEIF"
    return None
