"""Transcripts: turns of a conversation, checked field by field.

Theory of operation
-------------------
A `Turn` is a frozen value (speaker, text, optional start and end seconds)
that refuses what no check can use when it is built; a `Transcript` is a
tuple of them. Each field has one check returning the error it would raise (a
`TranscriptTypeError` for a wrong type, a
`TranscriptError` for a bad value), so that
`Turn` raises the first one while `Transcript.from_records`, reading
plain records, reports every problem of every record at once with its path
(``turns[3].text``). `as_turns` is the one place that decides what a check
accepts as a transcript.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeAlias

import attrs

from complaintflow._errors import (
    Problem,
    TranscriptError,
    TranscriptTypeError,
    ValidationError,
    problem_text,
)
from complaintflow.scripts._definition import SPEAKERS

__all__ = ["Transcript", "Turn", "as_turns"]

_TurnError: TypeAlias = TranscriptError | TranscriptTypeError
#: The keys of a turn record (`Transcript.from_records`).
_RECORD_KEYS = ("speaker", "text", "start", "end")


def _speaker_error(value: object) -> _TurnError | None:
    if not isinstance(value, str):
        return TranscriptTypeError(
            f"turn speaker must be a string, got {problem_text(value)}; use one of {SPEAKERS}",
            field="speaker",
            value=value,
        )
    if value not in SPEAKERS:
        return TranscriptError(
            f"turn speaker {problem_text(value)} is unknown; use one of {SPEAKERS}",
            field="speaker",
            value=value,
        )
    return None


def _text_error(value: object) -> _TurnError | None:
    if isinstance(value, str):
        return None
    return TranscriptTypeError(
        f"turn text must be a string, got {problem_text(value)}", field="text", value=value
    )


def _time_error(value: object, field: str) -> _TurnError | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return TranscriptTypeError(
            f"turn {field} must be a number of seconds or None, got {problem_text(value)}",
            field=field,
            value=value,
        )
    if not math.isfinite(value) or value < 0:
        return TranscriptError(
            f"turn {field} must be a finite number of seconds >= 0, got {value!r}",
            field=field,
            value=value,
        )
    return None


def _turn_errors(fields: Mapping[str, object]) -> list[_TurnError]:
    """Every problem of the turn fields given (a field left out is not checked)."""
    errors: list[_TurnError | None] = []
    if "speaker" in fields:
        errors.append(_speaker_error(fields["speaker"]))
    if "text" in fields:
        errors.append(_text_error(fields["text"]))
    start, end = fields.get("start"), fields.get("end")
    errors += [_time_error(start, "start"), _time_error(end, "end")]
    found = [e for e in errors if e is not None]
    if found or start is None or end is None:
        return found
    assert isinstance(start, int | float)
    assert isinstance(end, int | float)
    if end < start:
        found.append(
            TranscriptError(
                f"turn ends at {end!r} s, before it starts at {start!r} s", field="end", value=end
            )
        )
    return found


@attrs.frozen
class Turn:
    """One turn of a conversation.

    Attributes:
        speaker: ``"agent"`` or ``"customer"``.
        text: What was said (any string).
        start: Start in seconds from the start of the call, or ``None``.
        end: End in seconds, or ``None``; not before ``start``.

    Raises:
        TranscriptError: Unknown speaker, negative or non-finite time, ``end``
            before ``start``.
        TranscriptTypeError: ``speaker`` or ``text`` is not a string, a time is
            not a number.

    Examples:
        >>> Turn("agent", "您好，广电客服为您服务", 0.0, 2.5).speaker
        'agent'
        >>> Turn("robot", "hi")
        Traceback (most recent call last):
        ...
        complaintflow.errors.TranscriptError: turn speaker 'robot' is unknown; use one of ('agent', 'customer')
    """  # noqa: E501

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None

    def __attrs_post_init__(self) -> None:
        if (
            self.start is None
            and self.end is None
            and isinstance(self.speaker, str)
            and self.speaker in SPEAKERS
            and isinstance(self.text, str)
        ):
            return  # the common case, without building the checks
        fields = {"speaker": self.speaker, "text": self.text, "start": self.start, "end": self.end}
        errors = _turn_errors(fields)
        if errors:
            raise errors[0]


@attrs.frozen
class Transcript:
    """A conversation: a tuple of `Turn`.

    Attributes:
        turns: The turns in the order they were spoken.

    Examples:
        >>> t = Transcript.from_records([
        ...     {"speaker": "agent", "text": "您好", "start": 0, "end": 1},
        ...     {"speaker": "customer", "text": "我要投诉"},
        ... ])
        >>> len(t.turns)
        2
    """

    turns: tuple[Turn, ...]

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.turns, tuple):
            raise TranscriptTypeError(
                f"turns must be a tuple of Turn, got {problem_text(self.turns)}",
                field="turns",
                value=self.turns,
            )
        for i, turn in enumerate(self.turns):
            if not isinstance(turn, Turn):
                raise TranscriptTypeError(
                    f"turns[{i}] is not a Turn: {problem_text(turn)}; give Turn values, "
                    "or build the transcript with Transcript.from_records(records)",
                    field=f"turns[{i}]",
                    value=turn,
                )

    @classmethod
    def from_text(cls, text: str, speaker: str = "agent") -> Transcript:
        """A one-turn transcript: a single script text said by ``speaker``.

        Examples:
            >>> Transcript.from_text("您好").turns[0].speaker
            'agent'
        """
        try:
            return cls((Turn(speaker, text),))
        except (TranscriptError, TranscriptTypeError) as e:
            e.field = f"turns[0].{e.field}"
            raise

    @classmethod
    def from_records(cls, records: Iterable[object]) -> Transcript:
        """Build from plain records with ``speaker``, ``text``, optional ``start``/``end``.

        Args:
            records: An iterable (a list, a generator) of mappings, one per turn.

        Raises:
            TranscriptTypeError: ``records`` is not an iterable of records (a
                single mapping, a string, ``None``).
            ValidationError: Listing every problem of every record, with paths
                such as ``turns[3].speaker``: a record that is not a mapping,
                unknown or missing keys, and the problems `Turn` refuses.

        Examples:
            >>> Transcript.from_records([{"speaker": "boss", "text": 1}])
            Traceback (most recent call last):
            ...
            complaintflow.errors.ValidationError: 2 problems in transcript:
              - turns[0].speaker: turn speaker 'boss' is unknown; use one of ('agent', 'customer')
              - turns[0].text: turn text must be a string, got 1
        """
        if isinstance(records, str | bytes | bytearray | Mapping) or not isinstance(
            records, Iterable
        ):
            raise TranscriptTypeError(
                "records must be an iterable of mappings with speaker, text, start, end, "
                f"got {type(records).__name__} {problem_text(records)}",
                field="records",
                value=records,
            )
        turns: list[Turn] = []
        problems: list[Problem] = []
        for i, record in enumerate(records):
            where = f"turns[{i}]"
            if not isinstance(record, Mapping):
                problems.append(
                    Problem(
                        where, f"must be a mapping, got {problem_text(record)}", "speaker, text"
                    )
                )
                continue
            extra = sorted((k for k in record if k not in _RECORD_KEYS), key=str)
            if extra:
                keys = ", ".join(problem_text(k) for k in extra)
                problems.append(Problem(where, f"unknown keys {keys}", "speaker, text, start, end"))
            missing = [k for k in ("speaker", "text") if k not in record]
            problems += [Problem(f"{where}.{k}", "is missing") for k in missing]
            fields = {k: record[k] for k in _RECORD_KEYS if k in record}
            errors = _turn_errors(fields)
            problems += [Problem(f"{where}.{e.field}", e.message) for e in errors]
            if not (extra or missing or errors):
                turns.append(
                    Turn(record["speaker"], record["text"], record.get("start"), record.get("end"))
                )
        if problems:
            raise ValidationError(problems, what="transcript")
        return cls(tuple(turns))


def as_turns(transcript: object) -> tuple[Turn, ...]:
    """The turns of what `validate_transcript` accepts.

    A `Transcript`, a sequence of `Turn`, or one script text (a
    single agent turn); anything else is a `TranscriptTypeError`.
    """
    if isinstance(transcript, str):
        return Transcript.from_text(transcript).turns
    if isinstance(transcript, Transcript):
        return transcript.turns
    if isinstance(transcript, bytes | bytearray | memoryview):
        raise TranscriptTypeError(
            f"a transcript is text, not {type(transcript).__name__}: decode it first",
            field="transcript",
            value=transcript,
        )
    if not isinstance(transcript, Sequence):
        raise TranscriptTypeError(
            "a transcript is a Transcript, a sequence of Turn or a string, got "
            f"{type(transcript).__name__} {problem_text(transcript)}",
            field="transcript",
            value=transcript,
        )
    return Transcript(tuple(transcript)).turns
