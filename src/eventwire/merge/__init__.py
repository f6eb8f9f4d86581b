"""Cross-document merging: reports of one incident become one event.

:class:`Report` wraps one document's event with what comparison reads;
:func:`compare` scores a pair; :func:`group` groups reports with blocking and
an analyst's :class:`Constraints`; :func:`merged_event` resolves one event's
fields from its group. Nothing here touches storage: the store calls these.
"""

from .cluster import (
    Constraints,
    Group,
    Link,
    candidate_pairs,
    components,
    edges,
    filing_keys,
    group,
    lookup_keys,
)
from .compare import CRITERIA, Match, MergeConfig, compare, distance_km, manual_conflicts, veto
from .report import FAMILIES, Report
from .resolve import merged_event

__all__ = [
    "CRITERIA",
    "FAMILIES",
    "Constraints",
    "Group",
    "Link",
    "Match",
    "MergeConfig",
    "Report",
    "candidate_pairs",
    "compare",
    "components",
    "distance_km",
    "edges",
    "filing_keys",
    "group",
    "lookup_keys",
    "manual_conflicts",
    "merged_event",
    "veto",
]
