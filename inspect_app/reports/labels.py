"""Chinese names of hazard categories and statuses, as printed in reports and exports."""

from __future__ import annotations

CATEGORY_LABELS = {
    "fire": "消防",
    "food": "食品",
    "gas": "燃气",
    "service": "服务",
    "facilities": "设施设备",
    "management": "安全管理",
}
STATUS_LABELS = {
    "open": "待整改",
    "rectifying": "整改中",
    "pending_review": "待复查",
    "cleared": "已销号",
    "voided": "已作废",
}
