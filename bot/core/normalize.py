"""Text normalisation shared by the knowledge index and the message reader, so both sides fold alike."""

from __future__ import annotations

from functools import lru_cache

import re

# Words whose trailing "s" is not a plural: folding them would turn "sales" into "sale" on one side only
# if the two sides disagreed, but since names and messages are folded by the same function, the list only
# needs the words where folding would make two different words collide or read wrongly in suggestions.
_KEEP = frozenset(
    {
        "analysis", "physics", "economics", "statistics", "mathematics", "logistics", "ops", "operations",
        "news", "bus", "gas", "us", "its", "this", "was", "is", "has", "does", "yes", "less", "process",
        "business", "dress", "boss", "glass", "class", "press", "chess", "access", "success", "address",
        "series", "species", "sales", "services", "systems", "relations", "affairs", "arts", "sports",
        "goods", "aids", "always", "perhaps", "across", "plus", "versus", "vs", "thanks", "lbs", "devops",
        "aws", "ios", "kubernetes", "analytics", "graphics", "electronics", "robotics",
        "dynamics", "genetics", "linguistics", "athletics", "ethics", "politics", "aesthetics", "pharmaceutics",
        "orthodontics", "pediatrics", "geriatrics", "obstetrics", "optics", "acoustics", "ceramics",
        "cosmetics", "textiles", "sciences", "humanities", "resources", "materials", "communications",
        "utilities", "securities", "surveys", "grounds", "arms", "works",
    }
)


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Fold a lower-case word's plural to its singular with a few suffix rules ("physicists" -> "physicist")."""
    if len(word) <= 3 or word in _KEEP or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_WORD = re.compile(r"[^\W_]+")


def split_words(text: str) -> list[str]:
    """The words of a text as typed: runs of letters and digits. The one tokenizer of names and messages."""
    return _WORD.findall(text)


def tokens(text: str) -> list[str]:
    """Lower-cased, punctuation-free, plural-folded words of a text."""
    return [fold_word(word.lower()) for word in split_words(text)]


def normalize(text: str) -> str:
    """The key under which a name is indexed and looked up: its folded tokens joined by single spaces."""
    return " ".join(tokens(text))
