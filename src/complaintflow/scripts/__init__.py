"""Script-phrase checks: greetings, closings, apologies, 禁用语 and promises (SC-1 to SC-10).

Check what agents say against the service scripts of ``DOMAIN.md`` §5, on a
transcript of turns or a single script text. Rule packs are frozen values built
from plain data (`ScriptPack.from_dict`); `validate_transcript` is a
pure function returning a `ScriptReport` whose findings point at the exact
span of the original text. Simplified and Traditional Chinese are treated alike
(SC-10, `normalize_text`). Rules may match phrases as whole words of
the segmented turn (``match="word"``, with the optional jieba segmenter), look
for phrases or slots near each other (`ProximityRule`) and read turn
times (`TimingRule`). `find_personal_data` and
`mask_personal_data` find and mask ID-card, bank-card, phone numbers,
e-mail addresses, names and addresses in transcript text before it is shown or
exported (Q-3).

A check takes bounded time: transcripts are refused beyond `TURN_MAX`,
`TRANSCRIPT_MAX` and `TURNS_MAX`, packs beyond `PHRASE_MAX`,
`FRAGMENTS_MAX` and `OVERLAP_MAX`; reports hold at most
`FINDINGS_MAX` findings per rule and turn, excerpts at most
`EXCERPT_MAX` characters.

Examples:
    >>> from complaintflow.scripts import Turn, default, validate_transcript
    >>> report = validate_transcript(default("zh_CN"), [
    ...     Turn("agent", "您好，我是中國聯通的客服代表。"),
    ...     Turn("customer", "信号太差了，我要投诉！"),
    ...     Turn("agent", "非常抱歉给您带来不便，我想再给您确认一下，我们会在2天内给您答复。"),
    ...     Turn("agent", "感谢您的来电，祝您生活愉快，再见！"),
    ... ])
    >>> report.passed, report.score
    (True, 100.0)
"""

from complaintflow.scripts._check import (
    EXCERPT_MAX,
    FINDINGS_MAX,
    TRANSCRIPT_MAX,
    TURN_MAX,
    TURNS_MAX,
    Finding,
    RuleResult,
    ScriptReport,
    validate_transcript,
)
from complaintflow.scripts._defaults import DEFAULT_NAMES, default, default_data
from complaintflow.scripts._definition import (
    FRAGMENTS_MAX,
    KINDS,
    MATCH_MODES,
    NEGATION_MAX,
    OVERLAP_MAX,
    PHRASE_MAX,
    PLACEHOLDER_MAX,
    PROXIMITY_UNITS,
    SIDES,
    SPEAKERS,
    TIMING_MEASURES,
    WITHIN_MAX,
    ConditionalRule,
    ForbiddenRule,
    OrderedRule,
    ProximityRule,
    RequiredRule,
    ScriptPack,
    TimingRule,
    Window,
)
from complaintflow.scripts._mask import (
    PERSONAL_KINDS,
    PersonalData,
    find_personal_data,
    mask_personal_data,
)
from complaintflow.scripts._slots import SLOT_NAMES
from complaintflow.scripts._text import NormalizedText, normalize_text
from complaintflow.scripts._transcript import Transcript, Turn

__all__ = [  # noqa: RUF022  (plain sorted(), which tests/test_exports.py checks)
    "ConditionalRule",
    "DEFAULT_NAMES",
    "EXCERPT_MAX",
    "FINDINGS_MAX",
    "FRAGMENTS_MAX",
    "Finding",
    "ForbiddenRule",
    "KINDS",
    "MATCH_MODES",
    "NEGATION_MAX",
    "NormalizedText",
    "OVERLAP_MAX",
    "OrderedRule",
    "PERSONAL_KINDS",
    "PHRASE_MAX",
    "PLACEHOLDER_MAX",
    "PROXIMITY_UNITS",
    "PersonalData",
    "ProximityRule",
    "RequiredRule",
    "RuleResult",
    "SIDES",
    "SLOT_NAMES",
    "SPEAKERS",
    "ScriptPack",
    "ScriptReport",
    "TIMING_MEASURES",
    "TRANSCRIPT_MAX",
    "TURNS_MAX",
    "TURN_MAX",
    "TimingRule",
    "Transcript",
    "Turn",
    "WITHIN_MAX",
    "Window",
    "default",
    "default_data",
    "find_personal_data",
    "mask_personal_data",
    "normalize_text",
    "validate_transcript",
]
