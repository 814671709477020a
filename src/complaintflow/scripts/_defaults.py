"""Default script packs, as plain data: ``zh_CN`` (telecom hotline) and ``en``.

Theory of operation
-------------------
The packs are plain dicts in exactly the shape `ScriptPack.from_dict`
reads (and a TOML policy section will hold), so a notebook user can copy one
with `default_data`, change a phrase and build a variant. Each rule
names the ``DOMAIN.md`` rule it implements; the phrases come from the seed
documents (000: 10010 hotline; 001: telemarketing and complaint handling; 002:
hotline training deck; 003: broadcast-TV duty rules). Phrases are written as
the sources write them, in Simplified or Traditional Chinese with their
punctuation: normalisation (SC-10) makes that irrelevant to matching.

Packs are built on first request and cached; building one compiles its
Aho-Corasick automaton.
"""

from __future__ import annotations

import copy
import functools
from typing import cast

from complaintflow._default import Default
from complaintflow._errors import UnknownPackError
from complaintflow.scripts._definition import ScriptPack

__all__ = [
    "CLAUSE_BREAKS",
    "DEFAULTS",
    "DEFAULT_NAMES",
    "NEGATORS",
    "NEGATOR_WORDS",
    "SEGMENT_WORDS",
    "default",
    "default_data",
]

#: Words that negate what follows them in the same clause (``negation`` scope).
NEGATORS = Default(
    "scripts.negators", ["不", "没", "没有", "无法", "没法", "不能", "不敢", "不会", "未", "别"],
    "SC-7", "a promise or refusal a negator precedes closely is not one (我不能完全保证)",
)  # fmt: skip
#: The negators as a tuple, longest first (for the checks).
NEGATOR_WORDS: tuple[str, ...] = tuple(
    sorted(cast("tuple[str, ...]", NEGATORS.value), key=len, reverse=True)
)
#: Characters that end a clause: a negator before one of them does not reach past it.
CLAUSE_BREAKS = "，。！？；：,.!?;:\n"
#: Words added to the segmenter's dictionary, with their frequencies (jieba's
#: scale: its dictionary gives 不行 3,515). Without them jieba reads 万一定损 as
#: 万/一定/损 (a promise) and 你有什么事快说 as 你/有/什么/事快/说 (no 禁用语).
SEGMENT_WORDS = Default(
    "scripts.segment_words", [["定损", 50], ["有什么事", 30]],
    "SC-6", "hotline words jieba's dictionary lacks: 定损 (damage assessment), 有什么事",
    see_also=("SC-7",),
)  # fmt: skip

_APOLOGIES = [
    "抱歉",  # 001 客户投诉用语 ①, 003 五(二)4 "非常抱歉,给您造成了困扰"
    "对不起",  # 003 五(二)4 "对不起,是我们工作失误"
    "不好意思",
    "给您带来不便",  # 001 ①
    "给您造成了困扰",  # 003 五(二)4
    "向您道歉",  # 001 ④ "我代表我们公司给您道歉"
    "给您道歉",
]
_COMPLAINTS = [
    "投诉",
    "太差",
    "太慢",
    "怎么回事",
    "受不了",
    "有问题",
    "没有信号",
    "上不了网",
    "打不通",
    "乱扣费",
]
_UNSATISFIED = ["不满意", "不太满意", "不太好"]  # 000 四(2) "不满意/不太好"

_ZH_CN: dict[str, object] = {
    "name": "zh_CN",
    "description": "Telecom / broadcast-TV hotline scripts (DOMAIN.md §5, SC-1 to SC-9).",
    "rules": [
        {
            "id": "greeting",
            "kind": "required",
            "rule": "SC-1",
            "severity": "major",
            "weight": 2,
            "message": "the agent's first turn must greet and say who is speaking",
            "speaker": "agent",
            "window": {"first_turns": 1},
            "phrases": [
                "您好，{brand}为您服务",  # 003 五(二)1 "您好,广电客服为您服务"
                "您好，我是{brand}的客服代表",  # 000 四(1)
                "您好，我是{brand}的客户代表",  # 001 "电话营销中的话术"
                "您好，{brand}客服",
            ],
        },
        {
            "id": "closing",
            "kind": "required",
            "rule": "SC-2",
            "severity": "major",
            "weight": 2,
            "message": "the agent's last turn must thank the customer (a bare goodbye is "
            "not a closing)",
            "speaker": "agent",
            "window": {"last_turns": 1},
            "phrases": [  # SC-2 closes *with thanks*: "再见" or "祝您生活愉快" alone do not
                "感谢您的来电",  # 003 五(二)2 "感谢您的来电,祝您生活愉快,再见!"
                "感谢您",
                "感谢回复",  # 000 四(3)
                "谢谢",  # 001 回访 "谢谢!再见!"
                "多谢",
                "欢迎你拨打客户服务热线",  # 001 回复投诉
            ],
        },
        {
            "id": "return-visit-identity",
            "kind": "ordered",
            "rule": "SC-3",
            "severity": "major",
            "message": "confirm who you are speaking to before asking about satisfaction",
            "before": [
                "您是{name}先生",  # 000 四(1) "您是XX先生/女士吗?"
                "您是{name}女士",
                "你是{name}先生",  # 001 "请问你是***先生(女士)吗"
                "你是{name}女士",
            ],
            "after": ["满意吗", "服务做一个评价"],  # 000 四(2); 001 回访
        },
        {
            "id": "return-visit-unsatisfied",
            "kind": "conditional",
            "rule": "SC-3",
            "severity": "major",
            "message": "an unsatisfied customer must be asked what to improve",
            "when": _UNSATISFIED,
            "then": [
                [
                    "对什么不满意",  # 000 四(2) "妳能告诉我妳对什么不满意吗"
                    "哪些不满意",
                    "哪里不满意",
                    "哪方面不满意",
                    "改进",  # 000 四(2) "我们应该改进什么样的工作"
                ]
            ],
            "within_turns": 3,
        },
        {
            "id": "return-visit-satisfied",
            "kind": "conditional",
            "rule": "SC-3",
            "severity": "minor",
            "message": "a satisfied customer is asked for suggestions",
            "when": ["满意", "挺好的", "很好"],
            "unless": ["不满意", "不太满意", "满意吗", "满意度", "不很好", "不是很好"],
            "then": [["建议", "意见"]],  # 000 四(2) "妳对我们的服务有什么建议吗"
            "within_turns": 3,
        },
        {
            "id": "complaint-intake",
            "kind": "conditional",
            "rule": "SC-4",
            "severity": "major",
            "message": "a complaint must be confirmed back and given a reply channel and time",
            "when": _COMPLAINTS,
            "unless": ["不投诉", "没有问题", "有问题吗"],
            "then": [
                [
                    "确认一下",  # 001 ② "我想再给您确认一下"
                    "您反映的",  # 001 ②③ "您反映的问题"
                    "您所反应的",
                    "我已经了解了",
                    "已经记录",  # 003 五(二)3 "您的问题我已经记录下来了"
                    "记录下来",
                ],
                [
                    "答复",  # 001 ②③④ "给您一个满意的答复", "在2天内给您答复"
                    "回复您",
                    "尽快为您处理",  # 003 五(二)3
                ],
            ],
        },
        {
            "id": "complaint-apology",
            "kind": "conditional",
            "rule": "SC-5",
            "severity": "critical",
            "weight": 2,
            "message": "the agent must apologise to a complaining or unsatisfied customer",
            "when": _COMPLAINTS + _UNSATISFIED,
            "unless": ["不投诉", "没有问题", "有问题吗"],
            "then": [_APOLOGIES],
            "within_turns": 2,
        },
        {
            "id": "forbidden-phrases",
            "kind": "forbidden",
            "rule": "SC-6",
            "severity": "critical",
            "weight": 3,
            "message": "禁用语: forbidden phrase",
            "phrases": [
                "您是谁",  # 001 禁用语 1
                "你是谁",
                "有什么事",  # 001 禁用语 2
                "不行",  # 001 禁用语 3
                "我不知道",  # 000 七 2(5) "不,我不知道,我等不及了"
                "我等不及了",
            ],
            "allowed": [
                "还有什么事",  # "您还有什么事需要帮忙吗" is the closing question
                "有什么事情需要",
                "有什么事需要",
                "有什么事情可以帮您",
                "有什么事可以帮您",
                "不是不行",
                "不行的话",
            ],
            "a_not_a": True,  # "行不行" is a question, not a refusal
        },
        {
            "id": "no-rash-promises",
            "kind": "forbidden",
            "rule": "SC-7",
            "severity": "major",
            "message": "do not make rash promises (000 七 2(2) 不要轻易承诺)",
            "phrases": ["保证", "一定", "肯定", "绝对", "百分之百"],
            "allowed": [
                "不能保证",  # "我不能保证" is honest
                "保证不了",
                "无法保证",
                "不敢保证",
                "没法保证",
                "保证金",
                "一定程度",  # "一定程度上"
                "一定的时间",  # 000 六(2) "要求客户给予一定时间调查"
                "一定时间",
                "不一定",
                "说不一定",
                "肯定您",  # "肯定您的意见": acknowledging, not promising
                "不能肯定",
                "不敢肯定",
                "绝对值",
            ],
            "a_not_a": True,
        },
        {
            "id": "no-blame-shifting",
            "kind": "forbidden",
            "rule": "SC-7",
            "severity": "critical",
            "weight": 2,
            "message": "no arguing, no blame-shifting, never doubt the customer (000 七 2; 002)",
            "phrases": [
                "不归我管",
                "不归我们管",
                "不关我的事",
                "不关我们的事",
                "不是我们的问题",
                "你自己去找",
                "你自己找",
                "你是师傅还是我是师傅",  # 002 服务态度差 (3-3)
                "你应该感激",  # 002 服务态度差 (3-1)
                "公司规定的",  # blaming the company (002 "指责公司")
                "你在撒谎",
                "你骗人",
            ],
        },
        {
            "id": "no-flat-refusal",
            "kind": "forbidden",
            "rule": "SC-8",
            "severity": "major",
            "message": "do not refuse flatly; escalate and reply with the agreed wording",
            "phrases": ["不能办", "无法选号", "办不了", "没法办"],  # 001 宿迁联通 一(二)
            "allowed": ["不能办理的原因", "办不了的话"],
            "a_not_a": True,  # "能不能办" is a question
        },
        {
            "id": "marketing-permission",
            "kind": "ordered",
            "rule": "SC-9",
            "severity": "major",
            "message": "a marketing call asks permission before the offer",
            "before": [
                "能耽误您{minutes}分钟吗",  # 001 营销 开头语
                "耽误您{minutes}分钟",
                "占用您{minutes}分钟",
                "方便接听吗",
                "现在方便吗",
            ],
            "after": ["为您推荐", "给您推荐", "向您推荐", "优惠活动", "推出了", "新套餐"],
        },
        {
            "id": "marketing-refusal",
            "kind": "conditional",
            "rule": "SC-9",
            "severity": "major",
            "message": "when the customer refuses, apologise and close",
            "when": ["不需要", "没兴趣", "不感兴趣", "别打了", "不要再打", "不用了"],
            "then": [
                ["抱歉", "对不起", "打扰您了", "打扰了"],  # 001 "很抱歉,打扰您了"
                ["再见"],
            ],
            "within_turns": 2,
        },
    ],
}

_EN: dict[str, object] = {
    "name": "en",
    "description": "A small English hotline pack, to show the format is not Chinese-only.",
    "rules": [
        {
            "id": "greeting",
            "kind": "required",
            "rule": "SC-1",
            "weight": 2,
            "message": "the agent's first turn must greet and say who is speaking",
            "window": {"first_turns": 1},
            "phrases": [
                "thank you for calling {brand}",
                "welcome to {brand}",
                "this is {name} speaking",
                "my name is {name}",
            ],
        },
        {
            "id": "closing",
            "kind": "required",
            "rule": "SC-2",
            "weight": 2,
            "message": "the agent's last turn must thank the customer (a bare goodbye is "
            "not a closing)",
            "window": {"last_turns": 1},
            "phrases": ["thank you", "thanks"],
        },
        {
            "id": "complaint-apology",
            "kind": "conditional",
            "rule": "SC-5",
            "severity": "critical",
            "message": "the agent must apologise to a complaining customer",
            "when": ["complain", "complaint", "unacceptable", "not happy", "terrible"],
            "then": [["sorry", "apologise", "apologize", "apologies"]],
            "within_turns": 2,
        },
        {
            "id": "forbidden-phrases",
            "kind": "forbidden",
            "rule": "SC-6",
            "severity": "critical",
            "message": "forbidden phrase",
            "phrases": ["who are you", "what do you want", "calm down", "i don't know"],
            "allowed": ["i don't know if", "i don't know whether"],
        },
        {
            "id": "no-rash-promises",
            "kind": "forbidden",
            "rule": "SC-7",
            "message": "do not make rash promises",
            "phrases": ["guarantee", "definitely", "i promise"],
            "allowed": ["can't guarantee", "cannot guarantee", "not guarantee"],
            "a_not_a": False,
        },
        {
            "id": "no-flat-refusal",
            "kind": "forbidden",
            "rule": "SC-8",
            "message": "do not refuse flatly; escalate instead",
            "phrases": ["can't be done", "not possible", "nothing i can do"],
            "a_not_a": False,
        },
    ],
}

#: What ``zh_CN_words`` changes in ``zh_CN``, rule by rule; and the rules it adds.
_WORDS_CHANGES: dict[str, dict[str, object]] = {
    "forbidden-phrases": {"match": "word"},  # 不行 is not flagged in 不行驶
    "no-rash-promises": {"match": "word", "negation": 2},  # 一定 not in 统一定价
    "return-visit-satisfied": {"match": "word"},  # 满意 does not trigger in 不满意
}
_WORDS_RULES: list[dict[str, object]] = [
    {
        "id": "reply-with-time",
        "kind": "proximity",
        "rule": "SC-4",
        "severity": "minor",
        "message": 'a promised reply needs a time (001 ③ "在2天内给您答复")',
        "phrases": ["给您答复", "给您一个答复", "回复您", "给您回复", "给您回电"],
        "near": ["{duration}", "{time}", "{date}"],
        "within": 12,
        "side": "either",
        "require": True,
    },
]
#: The rules ``zh_CN_timed`` adds to ``zh_CN_words`` (SC-4: listen without interrupting).
_TIMED_RULES: list[dict[str, object]] = [
    {
        "id": "no-talking-over",
        "kind": "timing",
        "rule": "SC-4",
        "message": "the agent talked over the customer (listen without interrupting)",
        "measure": "overlap",
        "limit": 1.0,
        "speaker": "agent",
    },
    {
        "id": "no-dead-air",
        "kind": "timing",
        "rule": "SC-4",
        "severity": "minor",
        "message": "the customer waited too long for the agent",
        "measure": "silence",
        "limit": 10.0,
        "speaker": "agent",
    },
    {
        "id": "let-the-customer-talk",
        "kind": "timing",
        "rule": "SC-4",
        "severity": "minor",
        "message": "the agent did most of the talking",
        "measure": "talk_share",
        "limit": 0.8,
        "speaker": "agent",
    },
]


def _derived(
    base: dict[str, object],
    name: str,
    description: str,
    changes: dict[str, dict[str, object]],
    added: list[dict[str, object]],
) -> dict[str, object]:
    """``base`` with some rules changed and others added: written once, derived here."""
    rules = cast("list[dict[str, object]]", base["rules"])
    return {
        "name": name,
        "description": description,
        "rules": [{**rule, **changes.get(cast("str", rule["id"]), {})} for rule in rules]
        + copy.deepcopy(added),
    }


_ZH_CN_WORDS = _derived(
    _ZH_CN, "zh_CN_words",
    "zh_CN with word-aware 禁用语, promises and satisfaction (needs jieba), negation scope, "
    "and replies that must name a time.",
    _WORDS_CHANGES, _WORDS_RULES,
)  # fmt: skip
_ZH_CN_TIMED = _derived(
    _ZH_CN_WORDS, "zh_CN_timed",
    "zh_CN_words with SC-4's timing rules: for transcripts whose turns carry times.",
    {}, _TIMED_RULES,
)  # fmt: skip

_PACKS = {"zh_CN": _ZH_CN, "en": _EN, "zh_CN_words": _ZH_CN_WORDS, "zh_CN_timed": _ZH_CN_TIMED}
#: Every default of this part (one per pack), for the rule map and the docs.
DEFAULTS = (
    Default("scripts.zh_CN", _ZH_CN, "SC-10",
            "SC-1 to SC-9 for a telecom or broadcast-TV hotline, Simplified and Traditional alike"),
    Default("scripts.en", _EN, None, "a small English pack of the same shape"),
    Default("scripts.zh_CN_words", _ZH_CN_WORDS, "SC-6",
            "zh_CN with whole-word 禁用语 and promises, negation scope, replies with a time",
            see_also=("SC-4", "SC-7")),
    Default("scripts.zh_CN_timed", _ZH_CN_TIMED, "SC-4",
            "zh_CN_words with no talking over, no dead air and the agent's talk share"),
    NEGATORS,
    SEGMENT_WORDS,
)  # fmt: skip
#: Names of the default packs.
DEFAULT_NAMES: tuple[str, ...] = tuple(sorted(_PACKS))


def default_data(name: str) -> dict[str, object]:
    """A deep copy of a default pack's plain data, to change and rebuild.

    Args:
        name: ``"zh_CN"`` or ``"en"``.

    Raises:
        UnknownPackError: No default pack has that name.

    Examples:
        >>> data = default_data("zh_CN")
        >>> sorted(data)
        ['description', 'name', 'rules']
    """
    try:
        return copy.deepcopy(_PACKS[name])
    except (KeyError, TypeError):
        raise UnknownPackError(
            f"no default script pack is called {name!r}; use one of {DEFAULT_NAMES}",
            field="name",
            value=name,
        ) from None


@functools.cache
def _build(name: str) -> ScriptPack:
    return ScriptPack.from_dict(_PACKS[name])


def default(name: str = "zh_CN") -> ScriptPack:
    """A default script pack, built and compiled once, then cached.

    ``zh_CN`` implements SC-1 to SC-9 of ``DOMAIN.md`` for a telecom or
    broadcast-TV hotline; ``en`` is a small English pack with the same shape.
    Both treat Simplified and Traditional Chinese alike (SC-10).

    Args:
        name: ``"zh_CN"`` (default) or ``"en"``.

    Raises:
        UnknownPackError: No default pack has that name.

    Examples:
        >>> default("zh_CN").rule_ids()
        ('SC-1', 'SC-2', 'SC-3', 'SC-4', 'SC-5', 'SC-6', 'SC-7', 'SC-8', 'SC-9')
    """
    if not isinstance(name, str) or name not in _PACKS:
        default_data(name)  # raises UnknownPackError
    return _build(name)
