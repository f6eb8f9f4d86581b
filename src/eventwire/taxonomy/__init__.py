"""The ACLED event taxonomy and its crosswalks (CASE 2021 labels, pre-2019 ACLED types)."""

from .acled import (
    CASE2021_LABELS,
    EVENT_TYPES,
    NON_EVENT_CASE_LABELS,
    OLD_ACLED_TYPES,
    SUB_EVENT_TYPES,
    TaxonomyError,
    case_label_to_sub,
    disorder_type_of,
    event_type_of,
    old_acled_type,
    sub_event_types_of,
    sub_to_case_label,
)

__all__ = [
    "CASE2021_LABELS",
    "EVENT_TYPES",
    "NON_EVENT_CASE_LABELS",
    "OLD_ACLED_TYPES",
    "SUB_EVENT_TYPES",
    "TaxonomyError",
    "case_label_to_sub",
    "disorder_type_of",
    "event_type_of",
    "old_acled_type",
    "sub_event_types_of",
    "sub_to_case_label",
]
