"""A labelled corpus for word-aware matching of SC-6, SC-7 and SC-8 phrases.

Two lists, built from the short cores below in a few frames each, in Simplified
Chinese and (through OpenCC ``s2t``) Traditional Chinese:

- ``LEGITIMATE``: sentences where a forbidden phrase's characters occur inside
  other words (``不行`` in ``车辆不行驶``, ``绝对`` in ``拒绝对方``): no finding.
- ``VIOLATIONS``: sentences that say a forbidden phrase, each labelled with it:
  the phrase must be found.

The cores come from the seeds where they say such things (000 七 2(5)
"不,我不知道,我等不及了"; 001 禁用语 "您是谁? 有什么事? 不行"; 001 宿迁联通
"不能办", "无法选号") and from ordinary hotline talk about cars, bills, deposits
and documents where the same characters meet across a word boundary.
"""

from __future__ import annotations

import functools

#: Sentences in which the characters of a forbidden phrase straddle other words.
LEGITIMATE_CORES = (
    "车辆不行驶时不计费",
    "您的车停着不行驶的时候也扣了费",
    "我们不行使这项权利",
    "公司明令禁止，员工从不行贿",
    "要不行李先放在营业厅前台",
    "他从来不行医",
    "我这边没有什么事情了",
    "您那边也没有什么事了吧",
    "没有什么事情需要您再跑一趟",
    "全国统一定价",
    "这个套餐是统一定制的",
    "万一定损结果有误可以申请复核",
    "这是物理学的第一定律",
    "我们全省统一定时升级系统",
    "您可以拒绝对方的要求",
    "请不要拒绝对方的回访",
    "我们要杜绝对客户冷漠的态度",
    "那个基站断绝对外连接了",
    "请提供担保证明",
    "请确保证件齐全",
    "这是环保证书的复印件",
    "办理时需要担保证书",
    "请确保证件在有效期内",
    "押金和保证金会一起退还",
    "领取环保证书要带身份证",
    "我们会确保证据完整",
    "他从不行骗",
    "我们决不行动迟缓",
)
#: Per forbidden phrase, sentences that say it.
VIOLATION_CORES: dict[str, tuple[str, ...]] = {
    "您是谁": ("您是谁", "请问您是谁啊"),
    "你是谁": ("你是谁", "你是谁我都不知道"),
    "有什么事": ("有什么事", "你有什么事快说"),
    "不行": ("不行", "这个不行的"),
    "我不知道": ("我不知道", "这个我不知道啊"),
    "我等不及了": ("我等不及了", "快点我等不及了"),
    "保证": ("我保证明天给您答复", "我向您保证"),
    "一定": ("我们一定帮您处理", "一定没问题"),
    "肯定": ("肯定是您自己弄错了", "我肯定会处理好"),
    "绝对": ("绝对不会再出现", "这绝对没问题"),
    "百分之百": ("百分之百能修好", "我百分之百确定"),
    "不归我管": ("这个不归我管", "不归我管"),
    "不归我们管": ("这个不归我们管", "不归我们管的"),
    "不关我的事": ("这不关我的事", "不关我的事啊"),
    "不关我们的事": ("这不关我们的事", "不关我们的事情"),
    "不是我们的问题": ("这不是我们的问题", "不是我们的问题啊"),
    "你自己去找": ("你自己去找营业厅", "你自己去找吧"),
    "你自己找": ("你自己找一下", "你自己找客服"),
    "你是师傅还是我是师傅": ("你是师傅还是我是师傅", "到底你是师傅还是我是师傅"),
    "你应该感激": ("你应该感激我们", "你应该感激才对"),
    "公司规定的": ("这是公司规定的", "公司规定的没办法"),
    "你在撒谎": ("你在撒谎", "我看你在撒谎"),
    "你骗人": ("你骗人", "你骗人吧"),
    "不能办": ("这个业务不能办", "不能办"),
    "无法选号": ("无法选号", "这个号段无法选号"),
    "办不了": ("这个办不了", "办不了"),
    "没法办": ("没法办", "这个真没法办"),
}
LEGITIMATE_FRAMES = ("{}", "您好，{}。", "{}，请您放心。", "是的，{}")
VIOLATION_FRAMES = ("{}", "嗯，{}。")


@functools.cache
def _s2t() -> object:
    import opencc

    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    """``text`` in Traditional Chinese (OpenCC ``s2t``)."""
    return str(_s2t().convert(text))  # type: ignore[attr-defined]


def legitimate() -> list[str]:
    """Every legitimate sentence, Simplified then Traditional."""
    simplified = [frame.format(core) for core in LEGITIMATE_CORES for frame in LEGITIMATE_FRAMES]
    return simplified + [traditional(s) for s in simplified]


def violations() -> list[tuple[str, str]]:
    """Every violation as (sentence, forbidden phrase), Simplified then Traditional."""
    simplified = [
        (frame.format(core), phrase)
        for phrase, cores in VIOLATION_CORES.items()
        for core in cores
        for frame in VIOLATION_FRAMES
    ]
    return simplified + [(traditional(s), p) for s, p in simplified]
