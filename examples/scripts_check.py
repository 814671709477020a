# %% [markdown]
# # Checking a hotline call against the service scripts (SC-1 to SC-10)
#
# A return-visit call transcribed in Traditional Chinese, checked with the default
# `zh_CN` pack; then a variant of the pack with one more forbidden phrase.

# %%
from complaintflow.scripts import (
    ScriptPack,
    Transcript,
    default,
    default_data,
    validate_transcript,
)

call = Transcript.from_records(
    [
        {
            "speaker": "agent",
            "text": "您好，我是中國聯通的客服代表。妳是王先生嗎？",
            "start": 0,
            "end": 4,
        },
        {"speaker": "agent", "text": "妳對我們的服務滿意嗎？", "start": 4, "end": 6},
        {"speaker": "customer", "text": "不太滿意，網速太慢了，我要投訴！", "start": 6, "end": 10},
        {
            "speaker": "agent",
            "text": "不行，這個我們沒辦法，但我保證明天修好。",
            "start": 10,
            "end": 13,
        },
        {"speaker": "agent", "text": "感謝您的來電，再見。", "start": 13, "end": 15},
    ]
)

# %%
report = validate_transcript(default("zh_CN"), call)
print(f"score {report.score:.1f}")
for result in report.results:
    print(f"{result.rule or '-':6} {result.rule_id:26} {result.status}")

# %% [markdown]
# Each finding points at the exact words in the original (Traditional) text.

# %%
for f in report.findings:
    where = f"turn {f.turn} [{f.start}:{f.end}] {f.excerpt!r}" if f.turn is not None else "-"
    print(f"{f.rule} {f.severity:8} {where}: {f.message}")

# %% [markdown]
# Packs are plain data: copy the default, add a phrase, rebuild.

# %%
data = default_data("zh_CN")
rules = data["rules"]
assert isinstance(rules, list)
for rule in rules:
    if rule["id"] == "no-flat-refusal":
        rule["phrases"].append("沒辦法")  # written in Traditional: normalised like the text
stricter = ScriptPack.from_dict(data)
extra = validate_transcript(stricter, call)
print(f"score with the stricter pack {extra.score:.1f}")
print(sorted({f.excerpt for f in extra.findings if f.rule in ("SC-6", "SC-8")}))
