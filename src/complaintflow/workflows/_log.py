"""Rebuilding a snapshot from an event log: the public fold of `transition`.

The fold itself (`complaintflow.workflows._transition.fold`) reads events as
checked parts; this module checks what a caller passes and names what is wrong.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping

from complaintflow._errors import wrong_type
from complaintflow._event import Event
from complaintflow._json import JSON
from complaintflow.workflows._definition import WorkflowDefinition, check_definition
from complaintflow.workflows._transition import _not_an_event, fold
from complaintflow.workflows._values import Snapshot, check_ticket_id

__all__ = ["replay_events"]


def replay_events(
    definition: WorkflowDefinition, ticket_id: str, events: Iterable[Event]
) -> Snapshot:
    """Rebuild a ticket's snapshot from its event log (a fold of `transition`).

    Raises:
        WrongTypeError: ``definition`` is no `WorkflowDefinition`, ``events`` no list
            of `Event` values.
        WorkflowError: The first event that cannot be applied, as `transition`.

    Examples:
        >>> import pendulum
        >>> from complaintflow.workflows import default
        >>> at = pendulum.datetime(2026, 3, 2, 10, tz="Asia/Shanghai")
        >>> intake = {"caller": "王女士", "contact": "138...", "content": "加开窗口"}
        >>> log = [Event("record", at, intake),
        ...        Event("forward", at, {"department": "营业厅"})]
        >>> replay_events(default("suggestion"), "S-1", log).state
        'forwarded'
    """
    check_definition(definition)
    check_ticket_id(ticket_id)
    if isinstance(events, str | bytes | Mapping) or not isinstance(events, Iterable):
        raise wrong_type("events", "a list of Events", events)
    return fold(definition, ticket_id, _parts(events))


def _parts(events: Iterable[Event]) -> Iterator[tuple[str, int, _dt.datetime, Mapping[str, JSON]]]:
    for event in events:  # a generator: resuming it is cheaper than a call per event
        if not isinstance(event, Event):
            raise _not_an_event(event)
        yield event.name, event._at_us, event.at, event._payload
