"""Find the roles a text talks about.

Two entry points, one index:

* `RoleIndex.resolve(query)` ranks roles for a typed name (autocomplete, command options): best first,
  typo-tolerant, prefix-aware.
* `RoleIndex.find(text)` finds the roles a free-text message mentions, as a pipeline a newcomer can follow:

  1. normalise: split into words (`normalize.split_words`), lower-case, fold plurals (`normalize.tokens`);
  2. correct typos word by word against the index's vocabulary (a small list, not the 58,000 names), keeping
     each word's similarity;
  3. look the message's word n-grams up as exact names, longest first (up to the longest name), so
     "operations coordinator" beats "coordinator" and two roles in one message are both found;
  4. decide: a name owned by one role is an answer when its score (the weakest word's similarity) clears
     `ANSWER_SCORE`; a name several roles share, or a term listed as ambiguous, is offered as "did you mean".

Whole messages are never scored with `partial_ratio`/`WRatio`: any substring scores 90 there, so chatter
would "match" roles. Fuzzy scoring happens per word, where a typo is a typo, not a coincidence.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from bot.core.lexicon import Lexicon
from bot.core.models import (  # noqa: F401  (the name tiers: imported from here too)
    ABBREVIATION, ALTERNATE, CURATED, FIELD, OFFICIAL, TIER_NAMES, EverydayNames, Role)
from bot.core.normalize import fold_word, normalize, split_words

# A corrected word must be at least this similar (rapidfuzz ratio, 0-100) to its vocabulary word. 80 allows
# one edit in a five-letter word and two in a ten-letter word ("physisist" -> "physicist" scores 89).
WORD_CUTOFF = 80.0
# Words shorter than this are never corrected: "op", "lol", "api" are too short to tell a typo from a word.
MIN_CORRECTABLE = 5
# A correction is trusted when it beats the next-best vocabulary word by this much; closer calls are settled by
# how often job titles use each word (see `POSTINGS_LEAD`), or not at all: guessing is worse than asking.
WORD_MARGIN = 3.0
# Between two near-equal corrections, one used in this many times more names wins.
POSTINGS_LEAD = 3
# A name found in a message answers when its weakest word scores at least this. Exact words score 100.
ANSWER_SCORE = 85.0
# Longest name, in words, that the n-gram scan tries.
MAX_NGRAM = 8
# An O*NET title this short (in characters) and written in capitals is an abbreviation ("RN", "LPN", "CNA"):
# indexed, but marked, since in chat many are words ("rn" = right now, "pt" = part time).
MAX_ABBREVIATION = 5
# An occupation that shares a title wins it when it employs this many times more people than the next one.
DOMINANT_EMPLOYMENT = 2.0
# How many word corrections an index remembers before starting afresh.
_CORRECTION_CACHE = 20000

# Words that never make a name on their own: every occupation has a "manager" or "assistant", so a message
# that says only that is chatter ("my manager is annoying"), not a question about a role.
GENERIC_WORDS = frozenset(
    """
    job work career staff worker manager analyst specialist assistant associate technician operator consultant
    officer director supervisor coordinator clerk agent representative helper lead head owner partner member
    employee intern trainee volunteer contractor freelancer expert professional advisor adviser instructor
    administrator executive president founder boss chief team general senior junior principal entry level
    """.split()
)
# Everyday words that are never typo-corrected into a title word ("should" is not "shoulder", "again" is not
# "grain"), and US state names, which must reach the state reader as typed ("colorado" is not "colored").
# Words ending in -ed or -ing are never corrected either: they are verbs far more often than job titles.
NEVER_CORRECTED = frozenset(
    fold_word(word) for word in """
    should would could which again twice about there their where after before other still thanks thank think
    really today tonight tomorrow yesterday every never always maybe first second right great little friend
    dinner sister mother father family school people please sorry hello morning night weekend while since
    being doing going thing things stuff other another around under above below between maybe guess
    alabama alaska arizona arkansas california colorado connecticut delaware district columbia florida
    georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
    minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico york north carolina dakota
    ohio oklahoma oregon pennsylvania rhode island south tennessee texas utah vermont virginia washington west
    wisconsin wyoming guam puerto rico virgin islands
    """.split()
)
# Words that carry no meaning for matching; an n-gram made only of these is skipped.
STOPWORDS = frozenset(
    """
    a an the and or of in on at to for with by from as is are be was were do does did what who how why when
    which i you he she it we they my your our their me him her them this that these those vs versus
    """.split()
)


class Mention(NamedTuple):
    """A span of the message's words that names a role (or several, when the name is ambiguous)."""

    role_ids: tuple[str, ...]
    start: int  # word index, inclusive
    end: int  # word index, exclusive
    name: str  # the indexed name it matched
    score: float  # 0-100: the weakest word's similarity
    tier: int = 0  # where the name comes from: CURATED, OFFICIAL, ALTERNATE or ABBREVIATION
    typed_upper: bool = False  # typed in capitals ("RN"), which makes an abbreviation deliberate
    corrected: bool = False  # some word of it was typo-corrected

    @property
    def ambiguous(self) -> bool:
        return len(self.role_ids) != 1


class Found(NamedTuple):
    """What `find` saw in a message."""

    words: tuple[str, ...]  # the normalised (and corrected) words
    mentions: tuple[Mention, ...]  # in message order
    raw: tuple[str, ...] = ()  # the normalised words before typo correction, position for position

    @property
    def roles(self) -> list[str]:
        """Distinct roles named unambiguously and confidently, in message order."""
        seen: list[str] = []
        for mention in self.mentions:
            if not mention.ambiguous and mention.score >= ANSWER_SCORE and mention.role_ids[0] not in seen:
                seen.append(mention.role_ids[0])
        return seen

    @property
    def unclear(self) -> list[Mention]:
        return [m for m in self.mentions if m.ambiguous or m.score < ANSWER_SCORE]


@dataclass(frozen=True, slots=True)
class Ranked:
    role_id: str
    score: float
    name: str


_CURATED, _OFFICIAL, _ALTERNATE = CURATED, OFFICIAL, ALTERNATE
RESIDUAL_GROUP = " all other"  # the normalised end of BLS's catch-all titles ("Engineers, All Other")


class RoleIndex:
    """Every name of every role, normalised, with the lookups the two entry points need."""

    def __init__(self, roles: Mapping[str, Role], ambiguous: Mapping[str, tuple[str, ...]] = {},
                 popular: Iterable[str] = (), employment: Mapping[str, int] = {},
                 lexicon: Lexicon | None = None, evidence: Mapping[tuple[str, str], int] = {},
                 everyday: Mapping[str, EverydayNames] = {}) -> None:
        """`employment` (role id -> workers) and `evidence` ((normalised title, role id) -> how strongly O*NET ties
        the title to the role) settle titles that several occupations share. `lexicon` tells English words, which
        are never typo-corrected (default: pyspellchecker's English). `everyday` adds the names and fields of
        knowledge/everyday-names.yaml: a name as if curated (for a curated role) or official."""
        self.roles = roles
        if lexicon is None:
            one_word = {key for role in roles.values() for name in (role.title, *role.aliases)
                        if " " not in (key := normalize(name))}
            lexicon = Lexicon.english(keep_zipf_for=one_word)
        self.lexicon = lexicon
        owners: dict[str, tuple[int, set[str]]] = {}
        # Names that count only when typed with capitals where O*NET writes them: "DO" (a doctor of osteopathy)
        # is not "what does a millwright do", "CO Worker" is not a co-worker. Name -> positions of such words.
        caps: dict[str, tuple[int, ...]] = {}

        def claim(name: str, role_id: str, tier: int) -> None:
            key = normalize(name)
            if not key or (tier != _CURATED and (key in GENERIC_WORDS or key.endswith(RESIDUAL_GROUP))):
                return  # nobody is an "engineer all other": BLS's residual groups are not job names
            if tier == _ALTERNATE and len(name) <= MAX_ABBREVIATION and name.isupper():
                tier = ABBREVIATION  # "RN", "CNA": kept, marked; context decides ("so tired rn")
            shouted = () if tier == _CURATED else tuple(
                i for i, word in enumerate(split_words(name))
                if len(word) > 1 and word.isupper() and word.lower() in lexicon)
            current = owners.get(key)
            if current is None or tier < current[0]:
                owners[key] = (tier, {role_id})
                caps.pop(key, None)
                if shouted:
                    caps[key] = shouted
            elif tier == current[0]:
                current[1].add(role_id)
                if key in caps and caps[key] != shouted:
                    del caps[key]  # also written in lower case: no capitals needed

        for role in roles.values():
            if role.curated:
                for name in (role.title, *role.aliases):
                    claim(name, role.id, _CURATED)
            else:
                claim(role.title, role.id, _OFFICIAL)
                for name in _natural_forms(role.title):
                    claim(name, role.id, _OFFICIAL)
                for name in role.aliases:
                    claim(name, role.id, _ALTERNATE)
        for role_id, extra in everyday.items():
            if role_id not in roles:
                continue
            for name in extra.names:
                claim(name, role_id, _CURATED if roles[role_id].curated else _OFFICIAL)
            for name in extra.fields:
                claim(name, role_id, FIELD)
        for term, role_ids in ambiguous.items():
            owners[term] = (_CURATED, set(role_ids))
            caps.pop(term, None)

        profile = _profile_of_occupation(roles)
        self.names: dict[str, tuple[str, ...]] = {
            key: _to_profiles(_settle_shared_title(key, ids, roles, employment, evidence)
                              if tier >= _ALTERNATE and len(ids) > 1
                              else tuple(sorted(ids, key=lambda i: (not roles[i].curated, i))), profile)
            for key, (tier, ids) in owners.items()
        }
        self.caps = caps
        # Only names that are not alternates are listed: most of the 58,000 are, the default.
        self.tier_of: dict[str, int] = {key: tier for key, (tier, _) in owners.items() if tier != _ALTERNATE}
        self.display: dict[str, str] = {role.id: role.title for role in roles.values()}
        postings: dict[str, list[str]] = defaultdict(list)
        for key in self.names:
            for word in set(key.split()):
                if word not in STOPWORDS:
                    postings[word].append(key)
        self.postings = {word: tuple(keys) for word, keys in postings.items()}
        self.vocabulary = sorted(self.postings)
        self._vocabulary_set = frozenset(self.vocabulary)
        # The word sequences that begin a longer name ("data", "data entry"), and the one-word names, of every name of
        # at most MAX_NGRAM words that is not made of stopwords alone: where the message scan starts and goes on.
        prefixes: set[str] = set()
        starts: set[str] = set()
        for key in self.names:
            parts = key.split(" ")
            if len(parts) <= MAX_NGRAM and not all(part in STOPWORDS for part in parts):
                starts.add(parts[0])
                prefixes.update(" ".join(parts[:cut]) for cut in range(1, len(parts)))
        self._name_prefixes = frozenset(prefixes)
        self._name_starts = frozenset(starts)
        curated = [role.id for role in roles.values() if role.curated]
        first = [p for p in popular if p in roles]
        self.popular = tuple(first + sorted(set(curated) - set(first)))
        self._corrections: dict[str, tuple[str, float]] = {}
        self._exact_forms: dict[str, tuple[str, float]] = {}
        self._sorted_names = sorted(self.names)
        self._employment = dict(employment)
        self._one_edit: dict[str, list[str]] = defaultdict(list)
        self._by_start_and_length: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in self.vocabulary:
            if len(word) < MIN_CORRECTABLE - 1:
                continue
            self._one_edit[word].append(word)
            for i in range(len(word)):
                self._one_edit[word[:i] + word[i + 1 :]].append(word)
            self._by_start_and_length[(word[0], len(word))].append(word)
        self._one_edit = dict(self._one_edit)
        self._by_start_and_length = dict(self._by_start_and_length)
        # `fuzz.ratio` >= 75 needs lengths within 5:3 of each other, and one edit changes a length by one, so a
        # word longer than this can be a typo of nothing: it is not looked at letter by letter (a 100,000-letter
        # "word" would otherwise cost 100,000 slices of itself).
        self._longest_typo = max((len(w) for w in self.vocabulary), default=0) * 5 // 3 + 2

    def employment_of_soc(self, soc: str | None) -> int:
        """US jobs in an occupation (0 when unknown or `soc` is None)."""
        return self._employment.get(f"soc-{soc}", 0) if soc else 0

    def tier(self, name: str) -> int:
        return self.tier_of.get(name, _ALTERNATE)

    def chatty(self, mention: Mention) -> bool:
        """A short name typed in lower case that is also a chat word: "rn" (right now), "pt" (part time)."""
        return (not mention.typed_upper and len(mention.name) <= 3 and " " not in mention.name
                and mention.name in self.lexicon)

    def commonness(self, name: str) -> float:
        """How common a one-word name is as plain English (Zipf: "guide" 4.3, "millwright" 1.5, "sonographer"
        0); a name of several words ("tour guide") is specific: 0."""
        return 0.0 if " " in name else self.lexicon.zipf(name)

    # -- free text -------------------------------------------------------------------------------------------
    def words(self, text: str, max_words: int = 120) -> list[str]:
        """A message's normalised words (plurals folded), uncorrected."""
        return [fold_word(word.lower()) for word in split_words(text)[:max_words]]

    def find(self, text: str, max_words: int = 120, *, correct: bool = True,
             keep: frozenset[str] = frozenset()) -> Found:
        """The roles a message names. `correct=False` skips typo correction: for chatter that shows no sign of
        asking anything, so everyday words are never bent into job titles ("called" is not "caller"). Words in
        `keep` (the question's own vocabulary: "compare", "salary") are never corrected either."""
        return self.find_words(split_words(text)[:max_words], correct=correct, keep=keep)

    def find_words(self, typed: list[str], *, correct: bool = True, keep: frozenset[str] = frozenset()) -> Found:
        """`find` for words already split from a message, as typed (their case tells "RN" from "rn")."""
        if not typed:
            return Found(words=(), mentions=())
        raw = list(map(str.lower, typed))
        folded = list(map(fold_word, raw))
        if correct:
            memo = self._corrections
            corrected = [self._exact(word) if fold in keep else (memo.get(word) or self._correct(word))
                         for word, fold in zip(raw, folded)]
            corrected = self._real_word_errors(raw, corrected, keep)
        else:
            corrected = list(map(self._exact, raw))
        words, similarity = zip(*corrected)
        mentions = self._mentions(self._name_spans(words, typed), words, similarity, typed)
        return Found(words, mentions, tuple(folded))

    def _name_spans(self, words: tuple[str, ...], typed: list[str]) -> list[tuple[int, int, tuple[str, ...]]]:
        """Each position's longest name, as (start, end, role ids). The scan walks forward from a word only while
        the words so far begin some name (`_name_prefixes`), so it costs a dictionary lookup or two per word."""
        names, prefixes, starts, caps = self.names, self._name_prefixes, self._name_starts, self.caps
        count = len(words)
        spans: list[tuple[int, int, tuple[str, ...]]] = []
        for start, word in enumerate(words):
            if word not in starts:
                continue
            key, end, best = word, start + 1, None
            while True:
                role_ids = names.get(key)
                if role_ids is not None:
                    shouted = caps.get(key)
                    if shouted is None or all(typed[start + i].isupper() for i in shouted):
                        best = (start, end, role_ids)
                if end >= count or end - start >= MAX_NGRAM or key not in prefixes:
                    break
                key = f"{key} {words[end]}"
                end += 1
            if best is not None:
                spans.append(best)
        return spans

    def _mentions(self, spans: list[tuple[int, int, tuple[str, ...]]], words: tuple[str, ...],
                  similarity: tuple[float, ...], typed: list[str]) -> tuple[Mention, ...]:
        """The spans as mentions, in message order; where spans overlap the longest wins ("operations
        coordinator" over "coordinator")."""
        if len(spans) > 1:
            spans.sort(key=lambda span: (span[0] - span[1], span[0]))
        taken = [False] * len(words)
        mentions: list[Mention] = []
        for start, end, role_ids in spans:
            if True in taken[start:end]:
                continue
            if end - start == 1:
                name, score, first = words[start], similarity[start], typed[start]
                shouted = len(first) > 1 and first.isupper()
            else:
                name, score = " ".join(words[start:end]), min(similarity[start:end])
                shouted = all(len(w) > 1 and w.isupper() for w in typed[start:end])
            mentions.append(Mention(role_ids, start, end, name, score, self.tier_of.get(name, _ALTERNATE), shouted,
                                    score < 100.0))
            taken[start:end] = [True] * (end - start)
        if len(mentions) > 1:
            mentions.sort(key=lambda m: m.start)
        return tuple(mentions)

    def lookup(self, words: Iterable[str]) -> tuple[str, ...] | None:
        """The roles an exact (normalised) name belongs to."""
        return self.names.get(" ".join(words))

    def _exact(self, raw: str) -> tuple[str, float]:
        """A word as typed, plural folded; an abbreviation's plural too ("RNs" -> "rn")."""
        known = self._exact_forms.get(raw)
        if known is not None:
            return known
        word = fold_word(raw)
        stem = word[:-1]
        if (word.endswith("s") and len(stem) >= 2 and word not in self._vocabulary_set and stem not in STOPWORDS
                and word not in STOPWORDS and stem in self._vocabulary_set):
            known = (stem, 100.0)  # fold_word leaves short words alone; "rns" and "dbas" are plurals all the same
        else:
            known = (word, 100.0)
        if len(self._exact_forms) >= _CORRECTION_CACHE:
            self._exact_forms.clear()
        self._exact_forms[raw] = known
        return known

    def _real_word_errors(self, raw: list[str], corrected: list[tuple[str, float]],
                          keep: frozenset[str]) -> list[tuple[str, float]]:
        """Correct an English word that is a typo all the same, where the correction completes a name with the
        word beside it: "operations manger" is an operations manager, but "a manger scene" stays a manger."""
        out = list(corrected)
        for i, (word, _) in enumerate(corrected):
            if (word in self._vocabulary_set or len(word) < MIN_CORRECTABLE or not word.isalpha()
                    or word in keep or word in NEVER_CORRECTED):
                continue
            before = out[i - 1][0] if i > 0 else None
            after = out[i + 1][0] if i + 1 < len(out) else None
            if before not in self._vocabulary_set and after not in self._vocabulary_set:
                continue
            fixed, score = self._closest_cached(word)
            if fixed == word or score < WORD_CUTOFF or fixed.startswith(word) or word.startswith(fixed):
                continue  # a suffix more or less is another word, not a typo: "job interviews" are no interviewer
            if (before is not None and f"{before} {fixed}" in self.names) or (
                    after is not None and f"{fixed} {after}" in self.names):
                out[i] = (fixed, float(score))
        return out

    def _correct(self, raw: str) -> tuple[str, float]:
        """The vocabulary word a typed word most likely meant (plural folded), and how similar they are.

        Every answer is remembered (bounded), the English words too: chat repeats its words, and a word seen
        before costs one dictionary lookup."""
        cached = self._corrections.get(raw)
        if cached is not None:
            return cached
        word, score = self._exact(raw)
        if (word in self._vocabulary_set or len(word) < MIN_CORRECTABLE or not word.isalpha()
                or word in NEVER_CORRECTED or word.endswith(("ed", "ing")) or raw in self.lexicon
                or word in self.lexicon):
            cached = (word, score)  # an English word is not a typo: "coworker" is not "cooker"
        else:
            # Correct the word as typed as well as folded: folding a misspelt "opertions" gives "opertion",
            # which is nearer "operation" than the "operations" that was meant.
            cached = max(self._closest_word(word), self._closest_word(raw) if raw != word else ("", 0.0),
                         key=lambda candidate: candidate[1] if candidate[0] in self._vocabulary_set else -1)
            if cached[0] not in self._vocabulary_set:
                cached = (word, 100.0)
        if len(self._corrections) >= _CORRECTION_CACHE:
            self._corrections.clear()  # bounded: chatter brings endless new words
        self._corrections[raw] = cached
        return cached

    def _closest_cached(self, word: str) -> tuple[str, float]:
        key = "~" + word  # shares the bounded correction cache; "~" keeps it apart from typed words
        cached = self._corrections.get(key)
        if cached is None:
            if len(self._corrections) >= _CORRECTION_CACHE:
                self._corrections.clear()
            cached = self._corrections[key] = self._closest_word(word)
        return cached

    def _closest_word(self, word: str) -> tuple[str, float]:
        results = process.extract(word, self._typo_candidates(word), scorer=fuzz.ratio, limit=3,
                                  score_cutoff=WORD_CUTOFF)
        if not results:
            return word, 100.0  # not a name word at all: left as it is, it will match nothing
        best_word, best_score, _ = results[0]
        tied = [match for match, score, _ in results if best_score - score < WORD_MARGIN]
        if len(tied) > 1:
            # Near-equal corrections: fewer edits wins ("opertions": "operations" is one edit, "operation" two);
            # then the word job titles use far more often ("enginer": "engineer", not "engine"); else no guess.
            edits = {w: Levenshtein.distance(word, w) for w in tied}
            fewest = min(edits.values())
            tied = sorted((w for w in tied if edits[w] == fewest), key=lambda w: -len(self.postings[w]))
            if len(tied) > 1 and len(self.postings[tied[0]]) < POSTINGS_LEAD * len(self.postings[tied[1]]):
                return word, 100.0
            best_word = tied[0]
            best_score = next(score for match, score, _ in results if match == best_word)
        return best_word, float(best_score)

    def _typo_candidates(self, word: str) -> list[str]:
        """Vocabulary words a typo of `word` could have come from, without scanning the whole vocabulary.

        Two cheap nets: words that share a spelling once one letter is dropped from each (one substitution,
        insertion, deletion or swap), and words with the same first letter and nearly the same length (several
        typos after a correct first letter). `fuzz.ratio` then scores the few words caught.
        """
        if len(word) > self._longest_typo:
            return []
        caught = set(self._one_edit.get(word, ()))
        for i in range(len(word)):
            caught.update(self._one_edit.get(word[:i] + word[i + 1 :], ()))
        for length in range(len(word) - 2, len(word) + 3):
            caught.update(self._by_start_and_length.get((word[0], length), ()))
        return sorted(caught)  # a fixed order: equal scores must not be ranked by PYTHONHASHSEED

    # -- typed names -----------------------------------------------------------------------------------------
    def resolve(self, query: str, limit: int = 25) -> list[Ranked]:
        """Roles ranked for a typed name, best first; the popular roles for an empty query."""
        key = normalize(query)
        if not key:
            return [Ranked(role_id, 0.0, self.display[role_id]) for role_id in self.popular[:limit]]
        if len(key) <= SHORT_QUERY:
            return self._complete_short(key, limit)
        candidates = self._candidate_names(key)
        best: dict[str, Ranked] = {}
        for name, score in _score_names(key, candidates):
            owners = self.names[name]
            for role_id in owners:
                adjusted = score
                if len(owners) > 1:
                    adjusted -= 5  # a shared name is weaker evidence for each of its owners
                if self.roles[role_id].curated:
                    adjusted += 5  # a written profile is the better answer when names nearly tie
                if name == key:
                    adjusted += 10
                current = best.get(role_id)
                if current is None or adjusted > current.score:
                    best[role_id] = Ranked(role_id, adjusted, name)
        ranked = sorted(best.values(), key=lambda r: (-r.score, self.display[r.role_id]))
        return ranked[:limit]

    def _complete_short(self, key: str, limit: int) -> list[Ranked]:
        """With three letters or fewer typed, similarity says little: offer roles with a name that starts with
        them, written profiles first, then the shortest names, then the occupations that employ the most."""
        best: dict[str, Ranked] = {}
        for name in self._names_starting_with(key):
            for role_id in self.names[name]:
                if role_id not in best or len(name) < len(best[role_id].name):
                    best[role_id] = Ranked(role_id, 90.0 + 10.0 * len(key) / len(name) + (10 if name == key else 0),
                                           name)
        ranked = sorted(best.values(), key=lambda r: (not self.roles[r.role_id].curated, -r.score,
                                                      -self._employment.get(r.role_id, 0)))
        return ranked[:limit]

    def _names_starting_with(self, prefix: str, limit: int = 300) -> list[str]:
        """Names that begin with a query of up to three letters: with so little typed, similarity scores say
        nothing, and only "starts with" does."""
        return _starting_with(self._sorted_names, prefix, limit)

    def _candidate_names(self, key: str) -> list[str]:
        """Names that contain every word typed so far: each word as typed, corrected, or (the last one, which
        may be unfinished) completed. If no name has them all, names with any of them."""
        words = [w for w in key.split() if w not in STOPWORDS] or key.split()
        per_word: list[set[str]] = []
        for position, word in enumerate(words):
            options: set[str] = set()
            if word in self._vocabulary_set:
                options.add(word)
            elif len(word) >= MIN_CORRECTABLE - 1:
                options.update(self._near_words(word))
            if position == len(words) - 1:
                options.update(self._completions(word))
            names: set[str] = set()
            for option in options:
                names.update(self.postings.get(option, ()))
            per_word.append(names)
        per_word.sort(key=len)
        common = set(per_word[0]) if per_word else set()
        for names in per_word[1:]:
            common &= names
        candidates = common or set().union(*per_word)
        if key in self.names:
            candidates.add(key)
        return list(candidates)

    def _near_words(self, word: str) -> list[str]:
        results = process.extract(word, self._typo_candidates(word), scorer=fuzz.ratio, limit=3, score_cutoff=75)
        return [match for match, _, _ in results]

    def _completions(self, prefix: str, limit: int = 40) -> list[str]:
        """Vocabulary words an unfinished last word may become."""
        return _starting_with(self.vocabulary, prefix, limit) if len(prefix) >= 2 else []


def _starting_with(ordered: list[str], prefix: str, limit: int) -> list[str]:
    """The first `limit` items of a sorted list that start with `prefix`, found by bisection."""
    start = bisect.bisect_left(ordered, prefix)
    out: list[str] = []
    for item in ordered[start : start + limit]:
        if not item.startswith(prefix):
            break
        out.append(item)
    return out


# How many candidate names `resolve` scores in full: the best by similarity, and the shortest that start with
# what was typed (a member typing "oper" wants "operations manager" before "opera singer accompanist").
_TOP_SIMILAR = 60
_TOP_PREFIXED = 30
_PRESCORE_ABOVE = 150
# Queries this short (in characters) are completed from names that start with them, not fuzzy-matched.
SHORT_QUERY = 3


def _score_names(key: str, names: list[str]) -> list[tuple[str, float]]:
    """Score a typed name against candidate names: weighted similarity, with a bonus for prefix typing.

    `WRatio` is thorough but costs about a microsecond a name; past `_PRESCORE_ABOVE` candidates ("mana" is in
    1,500 names) the plain, ten times cheaper `ratio` picks the ones worth that.
    """
    if not names:
        return []
    prefixed = sorted((name for name in names if name.startswith(key)), key=len)[:_TOP_PREFIXED]
    if len(names) > _PRESCORE_ABOVE:
        names = [name for name, _, _ in process.extract(key, names, scorer=fuzz.ratio, limit=_PRESCORE_ABOVE)]
    results = process.extract(key, names, scorer=fuzz.WRatio, limit=_TOP_SIMILAR, score_cutoff=60)
    scores = {name: float(score) for name, score, _ in results}
    for name in prefixed:
        scores[name] = max(scores.get(name, 0.0), 90.0 + 10.0 * len(key) / len(name))
    return list(scores.items())


def _natural_forms(title: str) -> list[str]:
    """Forms people type for an official title: "Dentists, General" -> "Dentists". An "All Other" title names a
    remainder, so "Designers, All Other" must not claim "Designers"."""
    head, _, tail = title.partition(",")
    # Only a plural head with a qualifier after the comma names the occupation: "Meeting, Convention, and Event
    # Planners" is a list, and its head "Meeting" is not a job.
    if tail and head.endswith("s") and "all other" not in tail.lower() and " and " not in tail:
        return [head]
    return []


def _profile_of_occupation(roles: Mapping[str, Role]) -> dict[str, str]:
    """Reference role id -> the written profile that covers its whole occupation (the only curated role with its
    SOC code). O*NET's names for the occupation then open the profile: "counselor" is the mental health
    counselor profile, not the bare BLS card. An occupation two profiles share (data analysts and data
    scientists are both BLS "Data Scientists") keeps its names."""
    by_soc: dict[str, list[str]] = defaultdict(list)
    for role in roles.values():
        if role.curated and role.soc:
            by_soc[role.soc].append(role.id)
    return {role.id: by_soc[role.soc][0] for role in roles.values()
            if not role.curated and role.soc and len(by_soc.get(role.soc, ())) == 1}


def _to_profiles(role_ids: tuple[str, ...], profile: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(profile.get(role_id, role_id) for role_id in role_ids))


def _settle_shared_title(key: str, ids: set[str], roles: Mapping[str, Role], employment: Mapping[str, int],
                         evidence: Mapping[tuple[str, str], int] = {}) -> tuple[str, ...]:
    """Who owns an alternate title that several occupations list ("truck driver", "ultrasound tech").

    With O*NET's evidence (how many of its sources tie the title to each occupation): one with
    `DOMINANT_EMPLOYMENT` times the evidence of any other wins ("ultrasound tech": sonographers 10, radiologic
    technologists 2); else evidence times employment decides the same way ("line cook": restaurant cooks).
    Without it, occupations whose official title contains every word of it come first ("Heavy and Tractor-
    Trailer Truck Drivers"), and among those one that employs `DOMINANT_EMPLOYMENT` times more people wins.
    Otherwise the title stays shared and the bot asks which one is meant.
    """
    if evidence and all((key, i) in evidence for i in ids):
        for weight in (lambda i: evidence[(key, i)], lambda i: evidence[(key, i)] * max(employment.get(i, 0), 1)):
            ranked = sorted(ids, key=lambda i: (-weight(i), i))
            if weight(ranked[0]) >= DOMINANT_EMPLOYMENT * weight(ranked[1]):
                return (ranked[0],)
        return tuple(sorted(ids))
    words = set(key.split())
    containing = [i for i in ids if words <= set(normalize(roles[i].title).split())]
    pool = containing or sorted(ids)
    ranked = sorted(pool, key=lambda i: -employment.get(i, 0))
    if len(ranked) == 1:
        return (ranked[0],)
    first, second = employment.get(ranked[0], 0), employment.get(ranked[1], 0)
    if first > 0 and first >= DOMINANT_EMPLOYMENT * second:
        return (ranked[0],)
    return tuple(sorted(pool))
