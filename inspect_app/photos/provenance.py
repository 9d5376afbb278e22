"""Provenance flags: what a reviewer should look at twice (time, place). They never block."""

from __future__ import annotations

import math
from datetime import datetime

from flask import current_app

from inspect_app.institutions.models import Institution
from inspect_app.photos.models import Photo

FLAG_TEXT = {
    "no_capture_time": "照片没有拍摄时间 / The photo has no capture time",
    "capture_time_far": "拍摄时间与检查（或记录）时间相差 {value:g} 小时 / "
    "Taken {value:g} hours away from the inspection (or the record it is on)",
    "no_gps": "照片没有位置信息 / The photo has no GPS position",
    "far_from_institution": "拍摄地点距机构 {value:g} 米 / Taken {value:g} m from the institution",
}


def flag_message(flag: dict) -> str:
    return FLAG_TEXT[flag["code"]].format(value=flag.get("value") or 0)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(a)))


def provenance_flags(
    photo: Photo, reference_time: datetime | None, institution: Institution | None
) -> list[dict]:
    """What a reviewer should look at twice. Flags inform; they never block anything."""
    config = current_app.config
    flags: list[dict] = []
    if photo.taken_at is None:
        flags.append({"code": "no_capture_time", "value": None})
    elif reference_time is not None:
        hours = abs((photo.taken_at - reference_time).total_seconds()) / 3600
        if hours > float(config["PHOTO_MAX_TIME_SKEW_HOURS"]):
            flags.append({"code": "capture_time_far", "value": round(hours, 1)})
    if photo.gps_lat is None or photo.gps_lon is None:
        flags.append({"code": "no_gps", "value": None})
    elif institution is not None and institution.lat is not None and institution.lon is not None:
        metres = distance_m(photo.gps_lat, photo.gps_lon, institution.lat, institution.lon)
        if metres > float(config["PHOTO_MAX_DISTANCE_M"]):
            flags.append({"code": "far_from_institution", "value": round(metres)})
    return flags
