"""Fuzz targets of the scripts part: the pack parser, transcripts, normalising and masking."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from complaintflow import scripts
from complaintflow.scripts import ScriptPack, Transcript, Turn
from fuzz_strategies import deep_junk, edge_numbers, junk, maybe_mutated
from fuzzing import run
from strategies import wild_text

_PACKS = {name: scripts.default_data(name) for name in scripts.DEFAULT_NAMES}

#: Text of every kind, and text full of digit runs and separators (masking's input).
texts = st.one_of(
    wild_text,
    st.text(alphabet="0123456789０１２３４５６７８９ -Xx卡号，", max_size=60),
    st.lists(
        st.sampled_from(["6222", "0212", " ", "-", "X", "1" * 15, "１" * 18, "身份证"]), max_size=20
    ).map("".join),
)


@given(st.sampled_from(sorted(_PACKS)).flatmap(lambda n: maybe_mutated(_PACKS[n], 4)))
def test_script_pack_from_dict(data: object) -> None:
    out = run(lambda: ScriptPack.from_dict(data))  # type: ignore[arg-type]
    if out.kind == "ok":
        run(lambda: scripts.validate_transcript(out.value, "您好，请问有什么可以帮您"))


_speakers = st.one_of(st.sampled_from(scripts.SPEAKERS), st.text(max_size=3), junk)
_times = st.one_of(st.none(), st.floats(0, 600), edge_numbers, junk)

records = st.one_of(
    st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {"speaker": _speakers, "text": st.one_of(texts, junk)},
                optional={"start": _times, "end": _times, "extra": junk},
            ),
            deep_junk,
        ),
        max_size=6,
    ),
    deep_junk,
)


@given(records)
def test_transcript_from_records(data: object) -> None:
    out = run(lambda: Transcript.from_records(data))  # type: ignore[arg-type]
    if out.kind == "ok":
        run(lambda: scripts.validate_transcript(scripts.default(), out.value))


@st.composite
def _transcripts(draw: st.DrawFn) -> object:
    kind = draw(st.sampled_from(["text", "turns", "transcript", "junk"]))
    if kind == "text":
        return draw(texts)
    if kind == "junk":
        return draw(st.one_of(deep_junk, st.lists(junk, max_size=3)))
    turns = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.one_of(st.none(), st.floats(0, 300)))
        end = None if start is None else start + draw(st.floats(0, 60))
        turns.append(Turn(draw(st.sampled_from(scripts.SPEAKERS)), draw(texts), start, end))
    return Transcript(tuple(turns)) if kind == "transcript" else turns


@given(st.sampled_from(sorted(_PACKS)), _transcripts())
def test_validate_transcript(pack_name: str, transcript: object) -> None:
    pack = scripts.default(pack_name)
    out = run(lambda: scripts.validate_transcript(pack, transcript))  # type: ignore[arg-type]
    if out.kind == "ok":
        report = out.value
        run(lambda: report.records())
        if report.score is not None:
            assert 0.0 <= report.score <= 100.0


@given(st.one_of(texts, junk))
def test_normalize_text(text: object) -> None:
    out = run(lambda: scripts.normalize_text(text))  # type: ignore[arg-type]
    if out.kind == "ok" and isinstance(text, str):
        norm = out.value
        n = len(norm.text)
        for i in range(n):
            j = norm.original_index(i)
            assert 0 <= j < len(text)
        if n:
            a, b = norm.original_span(0, n)
            assert 0 <= a < b <= len(text)


@given(st.one_of(texts, junk))
def test_mask_personal_data(text: object) -> None:
    out = run(lambda: scripts.mask_personal_data(text))  # type: ignore[arg-type]
    if out.kind == "ok":
        masked = out.value
        assert isinstance(text, str)
        assert len(text) == len(masked)
        assert scripts.mask_personal_data(masked) == masked
