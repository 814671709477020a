"""Chinese word boundaries for word-aware phrase matching, from jieba (optional).

Theory of operation
-------------------
Chinese is written without spaces, so a phrase found by the automaton may sit
inside longer words: ``不行`` in ``车辆不行驶时`` is ``不`` + ``行驶``, not a refusal.
A rule with ``match="word"`` keeps a match only when it starts and ends at word
boundaries of its turn, so the phrase is a word or a run of whole words there.

The boundaries come from jieba's dictionary segmentation (with its HMM for words
it does not know) of the turn's *converted* text: folded and converted to
Simplified Chinese, with its punctuation (which jieba uses as breaks), and as
long as the original, so a boundary is an index of the original text as well.
Only turns holding a match of a word-matched phrase are segmented, each at most
once per check.

jieba is an optional dependency (``pip install complaintflow[words]``). It is
imported, and its dictionary loaded (about 0.7 s), on the first word-matched
check, never at import time. The tokenizer is a private ``jieba.Tokenizer``,
not jieba's global one, so a host that adds words to jieba for its own purposes
changes nothing here. Its prefix dictionary is built straight from the
dictionary shipped in the package: jieba's own initialisation would read and
write a cache file in the temporary directory (a file another process may have
written, from another dictionary), which is I/O this library does not do.
The few words of `SEGMENT_WORDS` are then
added to it, so segmentation depends only on the jieba version installed and
those words; jieba's segmentation is deterministic (no random state).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import cast

from complaintflow._errors import MissingDependencyError

__all__ = ["boundaries", "segmenter"]

#: The extra that installs the segmenter.
EXTRA = "words"


@functools.cache
def segmenter() -> Callable[[str], list[tuple[str, int, int]]]:
    """``tokenize(text)``: the words of ``text`` as ``(word, start, end)``.

    Raises:
        MissingDependencyError: jieba is not installed.
    """
    try:
        with warnings.catch_warnings():
            # jieba 0.42 imports pkg_resources when setuptools is there, which warns
            warnings.simplefilter("ignore", DeprecationWarning)
            import jieba
    except ImportError:
        raise MissingDependencyError(
            "a rule matches whole words (match='word'), which needs the jieba word "
            f"segmenter: pip install 'complaintflow[{EXTRA}]'",
            field="match",
            value="word",
        ) from None
    from complaintflow.scripts._defaults import SEGMENT_WORDS

    tokenizer = jieba.Tokenizer()
    # Build the prefix dictionary from the packaged file, bypassing the cache file
    # in the temporary directory that Tokenizer.initialize reads and writes.
    tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    tokenizer.initialized = True
    words = cast("tuple[tuple[str, int], ...]", SEGMENT_WORDS.value)
    for word, freq in words:
        tokenizer.add_word(word, freq)

    def tokenize(text: str) -> list[tuple[str, int, int]]:
        return list(tokenizer.tokenize(text, HMM=True))

    return tokenize


def boundaries(text: str) -> frozenset[int]:
    """The word boundaries of ``text``: the start of each word, and its end.

    Examples:
        >>> sorted(boundaries("车辆不行驶"))
        [0, 2, 3, 5]
    """
    tokens = segmenter()(text)
    return frozenset([0, len(text), *(s for _, s, _ in tokens)])
