"""An English lexicon: which words are real words, and how common each is in plain English.

The words and their counts come from pyspellchecker's English frequency list (MIT licence, pure Python, no
dependencies; 160,000 words with counts from film subtitles and a dictionary). Two uses:

* a word in the lexicon is never "corrected" into a job title: "coworker" is not a typo of "cooker", nor
  "offer" of "offbearer";
* how common a word is as plain English (its Zipf frequency: log10 of its count per billion words) tells how
  much a one-word job name like "guide" or "runner" needs a question around it before it counts as a role.

Only what matching needs is kept: a sorted array of 64-bit word hashes for membership (about 1.3 MB instead
of the ~15 MB a set of 160,000 strings takes) and the Zipf frequencies of the words that job names use,
looked up once when the index is built.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import math
from array import array
from functools import cache
from importlib import resources
from typing import Iterable

# Dictionary words the list has no usage for carry its floor count (50): real, but rare in speech.
RARE_ZIPF = 1.5


def _hash(word: str) -> int:
    """A stable (process-independent) 64-bit hash, so a pickled lexicon stays valid in the next process."""
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big", signed=True)


_SEEN_LIMIT = 50_000


class Lexicon:
    """Membership and Zipf frequency of English words. Build with `Lexicon.english()`."""

    __slots__ = ("_keys", "_zipf", "_seen")

    def __init__(self, counts: dict[str, int], keep_zipf_for: Iterable[str] = ()) -> None:
        total = sum(counts.values()) or 1
        self._keys = array("q", sorted(map(_hash, counts)))
        self._zipf = {
            word: round(math.log10(counts[word] * 1e9 / total), 2) for word in set(keep_zipf_for) if word in counts
        }
        self._seen: dict[str, bool] = {}  # membership of words met in messages, remembered (bounded)

    @classmethod
    def english(cls, keep_zipf_for: Iterable[str] = ()) -> Lexicon:
        return cls(_english_counts(), keep_zipf_for)

    def __contains__(self, word: str) -> bool:
        known = self._seen.get(word)
        if known is None:
            key = _hash(word)
            i = bisect.bisect_left(self._keys, key)
            known = i < len(self._keys) and self._keys[i] == key
            if len(self._seen) >= _SEEN_LIMIT:
                self._seen.clear()  # chat brings endless new words
            self._seen[word] = known
        return known

    def __getstate__(self) -> tuple:
        return self._keys, self._zipf  # the memo is not worth pickling

    def __setstate__(self, state: tuple) -> None:
        self._keys, self._zipf = state
        self._seen = {}

    def zipf(self, word: str) -> float:
        """How common a word kept at build time is: 0 for a word not in English, ~1.5 for a rare dictionary
        word, 4-5 for everyday words ("guide" 4.3), 7.7 for "the"."""
        return self._zipf.get(word, 0.0)


@cache
def _english_counts() -> dict[str, int]:
    data = (resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
    return json.loads(gzip.decompress(data))
