"""Benchmark: the rule book, the rule map, and Q-3 masking.

Run ``python bench/bench_rules.py`` (a few seconds). Issue 7 names no peer library
for a rule map or for masking, so in the same run this compares with the nearest
baselines there are:

- ``implementations()`` on its first call (walking every shipped default, building
  the China calendar and the script packs' automata), cold again (the walk with
  those built) and warm (a copy of the cached list);
- ``rule(id)`` against a plain ``dict`` look-up, and a refused ID (the did-you-mean
  costs a ``difflib`` search; it only runs on errors);
- ``mask_personal_data`` against a naive ``re.sub(r"\\d{15,19}", ...)``, which
  neither keeps the last four digits nor handles grouped or full-width numbers, on
  transcript-like text (MB/s of UTF-8).
"""

from __future__ import annotations

import argparse
import contextlib
import platform
import re
import sys
from collections.abc import Callable

from _timing import best
from complaintflow.errors import UnknownRuleError
from complaintflow.rules import RULES, _map, implementations, rule
from complaintflow.scripts import mask_personal_data

TURNS = (
    "您好，我是中国联通的客服代表，请问有什么可以帮您？",
    "我的卡号是6222 0212 3456 7890，这个月被多扣了三十块钱。",
    "非常抱歉给您带来不便，请提供一下身份证号码核实身份。",
    "110105194912310026，电话13800138000，工单T2026-000123。",
)


def per_op(repeat: int, n: int, fn: Callable[[], object]) -> tuple[float, float]:
    """Best CPU and wall µs per call of ``fn`` over ``repeat`` rounds of ``n`` calls."""
    return best(fn, repeat=repeat, loops=n).us()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=20_000, help="transcript turns to mask")
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()} on {platform.machine()}")

    first = best(implementations, repeat=1)

    def cold() -> None:
        _map._all.cache_clear()
        implementations()

    cold_t = best(cold, repeat=3)
    warm_us, warm_wall = per_op(5, 200, implementations)
    n_impl = len(implementations())
    print(f"\nimplementations(): {n_impl} places for {len(RULES)} rules (CPU, wall in brackets)")
    print(f"  first call {first.cpu * 1e3:6.1f} ms ({first.wall * 1e3:.1f}) "
          "(builds the China calendar and the script packs)")  # fmt: skip
    print(f"  cold       {cold_t.cpu * 1e3:6.1f} ms ({cold_t.wall * 1e3:.1f}) "
          f"(walk again, those built)   warm {warm_us:.1f} µs/call ({warm_wall:.1f})")  # fmt: skip

    plain = dict(RULES)
    ids = list(RULES)
    rule_us, rule_wall = (x / 5 for x in per_op(5, 20_000, lambda: [rule(i) for i in ids[:5]]))
    dict_us, dict_wall = (x / 5 for x in per_op(5, 20_000, lambda: [plain[i] for i in ids[:5]]))

    def refused() -> None:
        with contextlib.suppress(UnknownRuleError):
            rule("SLA 3")

    err_us, err_wall = per_op(3, 2_000, refused)
    print("\nlook-up                   CPU µs/op  wall µs/op  ratio (CPU)")
    print(f"  dict[id] (baseline)      {dict_us:8.3f}    {dict_wall:8.3f}    1.0")
    ratio = rule_us / dict_us
    print(f"  rule(id)                 {rule_us:8.3f}    {rule_wall:8.3f}  {ratio:5.1f}")
    print(f"  rule('SLA 3') refused    {err_us:8.3f}    {err_wall:8.3f}  {err_us / dict_us:5.0f}")

    texts = [TURNS[i % len(TURNS)] for i in range(args.turns)]
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    naive = re.compile(r"\d{15,19}")
    ours = best(lambda: [mask_personal_data(t) for t in texts], repeat=3)
    naive_t = best(lambda: [naive.sub(lambda m: "*" * len(m.group(0)), t) for t in texts], repeat=3)
    ours_s, naive_s = ours.cpu, naive_t.cpu
    masked = [mask_personal_data(t) for t in TURNS]
    naive_masked = [naive.sub(lambda m: "*" * len(m.group(0)), t) for t in TURNS]
    print(f"\nmasking {args.turns} turns ({megabytes:.2f} MB)   CPU µs/turn  wall   MB/s (CPU)"
          "  ratio")  # fmt: skip
    print(f"  re.sub(\\d{{15,19}}) (naive)  {naive_s / args.turns * 1e6:8.2f} "
          f"{naive_t.wall / args.turns * 1e6:8.2f} {megabytes / naive_s:7.1f}    1.0")  # fmt: skip
    print(f"  mask_personal_data          {ours_s / args.turns * 1e6:8.2f} "
          f"{ours.wall / args.turns * 1e6:8.2f} {megabytes / ours_s:7.1f}  "
          f"{ours_s / naive_s:5.1f}")  # fmt: skip
    missed = sum("3456 7890" in t for t in naive_masked)
    print(f"  the naive pattern leaves the grouped card number in {missed} of {len(TURNS)} turns;")
    print(f"  ours: {masked[1]}")
    ok = "6222" not in "".join(masked) and "0026" in masked[3]
    if not ok:
        print("mask_personal_data missed a number", file=sys.stderr)
    print("\nNo peer library offers a rule map or masking.")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
