"""EXIF, read before it is stripped: capture time, GPS position, device, orientation.
Broken EXIF reads as none; text comes out clean (no NULs), trimmed and bounded."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

from PIL import ExifTags, Image

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Metadata:
    taken_at: datetime | None = None
    taken_at_exif: str | None = None
    gps_lat: float | None = None
    gps_lon: float | None = None
    make: str | None = None
    model: str | None = None
    orientation: int = 1


def read_metadata(image: Image.Image, local_zone: tzinfo) -> Metadata:
    """Capture time, GPS position, device and orientation; broken EXIF reads as none."""
    try:
        exif = image.getexif()
    except Exception as error:
        log.info("unreadable EXIF: %r", error)
        return Metadata()
    turned = orientation(exif)
    try:
        ifd = exif.get_ifd(ExifTags.IFD.Exif)
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception as error:
        log.info("unreadable EXIF sub-directory: %r", error)
        ifd, gps_ifd = {}, {}
    raw_time = _text(ifd.get(ExifTags.Base.DateTimeOriginal)) or _text(
        ifd.get(ExifTags.Base.DateTimeDigitized)
    )
    offset = _text(ifd.get(ExifTags.Base.OffsetTimeOriginal)) or _text(
        ifd.get(ExifTags.Base.OffsetTimeDigitized)
    )
    lat, lon = _gps(gps_ifd)
    return Metadata(
        taken_at=_capture_time(raw_time, offset, local_zone),
        taken_at_exif=(raw_time + (f" {offset}" if offset else ""))[:40] if raw_time else None,
        gps_lat=lat,
        gps_lon=lon,
        make=_text(exif.get(ExifTags.Base.Make), 100),
        model=_text(exif.get(ExifTags.Base.Model), 100),
        orientation=turned,
    )


def orientation(exif: Image.Exif) -> int:
    value = exif.get(ExifTags.Base.Orientation, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def safe_exif(image: Image.Image) -> Image.Exif:
    try:
        return image.getexif()
    except Exception:
        return Image.Exif()


def _text(value: object, limit: int = 64) -> str | None:
    """EXIF ASCII as clean text: no NULs (PostgreSQL refuses them), trimmed, bounded."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    value = value.replace("\x00", "").strip()
    return value[:limit] or None


def _capture_time(raw: str | None, offset: str | None, local_zone: tzinfo) -> datetime | None:
    """``YYYY:MM:DD HH:MM:SS`` with its EXIF offset, or in local time when it has none."""
    if not raw:
        return None
    try:
        moment = datetime.strptime(raw[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    zone = _offset(offset) or local_zone
    return moment.replace(tzinfo=zone).astimezone(UTC)


def _offset(text: str | None) -> tzinfo | None:
    if not text or len(text) != 6 or text[0] not in "+-" or text[3] != ":":
        return None
    try:
        hours, minutes = int(text[1:3]), int(text[4:6])
    except ValueError:
        return None
    if hours > 14 or minutes > 59:
        return None
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _degrees(value: Any) -> float | None:
    try:
        d, m, s = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = d + m / 60 + s / 3600
    return result if math.isfinite(result) else None


def _gps(gps_ifd: Mapping[int, Any]) -> tuple[float | None, float | None]:
    lat = _degrees(gps_ifd.get(ExifTags.GPS.GPSLatitude))
    lon = _degrees(gps_ifd.get(ExifTags.GPS.GPSLongitude))
    if lat is None or lon is None:
        return None, None
    if _text(gps_ifd.get(ExifTags.GPS.GPSLatitudeRef)) == "S":
        lat = -lat
    if _text(gps_ifd.get(ExifTags.GPS.GPSLongitudeRef)) == "W":
        lon = -lon
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None, None  # 0,0 is what some cameras write without a fix
    return round(lat, 7), round(lon, 7)
