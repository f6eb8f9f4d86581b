"""Which event an event responds to (used by ``eventwire.assemble.v1``).

An incident with a response cue answers the nearest incident told before it
(else after it) that did not happen after it; a background one ("in
retaliation for last week's raid") merges into the stored event of that raid,
so the link reaches across documents. An undated response ("hours after the
attack") takes the day of the event it answers.
"""

from __future__ import annotations

from ..model import Event
from .incidents import Incident


def link_responses(incidents: list[Incident], events: list[Event]) -> None:
    """Set ``responds_to`` (and an undated answer's day) on the events, one per incident."""
    for k, inc in enumerate(incidents):
        if not inc.link or inc.background:
            continue
        own_day = events[k].event_date or ""
        others = [
            j
            for j, o in enumerate(incidents)
            if j != k and not (o.background and own_day and (events[j].event_date or "") > own_day)
        ]
        if others:
            j = min(
                others,
                key=lambda j: (
                    incidents[j].sentences[0] > inc.sentences[0],  # told before it, first
                    abs(incidents[j].sentences[0] - inc.sentences[0]),
                ),
            )
            if events[j].responds_to != events[k].event_id:
                events[k].responds_to = events[j].event_id
                answered, answer = events[j], events[k]
                if answer.time_precision in (None, 2) and answered.time_precision == 1:
                    # "hours after the attack": an undated response takes the day it answers
                    answer.event_date = answered.event_date
                    answer.date_start, answer.date_end = answered.date_start, answered.date_end
                    answer.time_precision = 1
