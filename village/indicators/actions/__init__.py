"""Every write of the indicator framework: set-up, feeding data, reviews, celebrations.

The functions live in modules by concern; import them from here (`from village.indicators import actions`).
"""

from village.indicators.actions.framework import (
    REVIEW_DAYS,
    Refreshed,
    add_celebration,
    add_period,
    celebrate_targets,
    ensure_starter,
    open_reviews,
    refresh,
    save_indicator,
    translate_indicator,
)
from village.indicators.actions.imports import import_attendance, import_values, rebuild_cube
from village.indicators.actions.releases import publish_period, publish_release, publish_releases, request_publishing
from village.indicators.actions.reviews import (
    add_review_action,
    close_review,
    finish_review_action,
    log_practice,
    update_review,
)

__all__ = [
    "REVIEW_DAYS",
    "Refreshed",
    "add_celebration",
    "add_period",
    "add_review_action",
    "celebrate_targets",
    "close_review",
    "ensure_starter",
    "finish_review_action",
    "import_attendance",
    "import_values",
    "log_practice",
    "open_reviews",
    "publish_period",
    "publish_release",
    "publish_releases",
    "rebuild_cube",
    "refresh",
    "request_publishing",
    "save_indicator",
    "translate_indicator",
    "update_review",
]
