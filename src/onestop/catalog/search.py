"""Procedure search that forgives how people type.

One code path on SQLite and PostgreSQL. The folded texts of the versions in force are indexed in memory
(per process, rebuilt when the catalog or the synonym table changes) and every query is ranked there:

1. fold the query (NFC, marks stripped, đ→d, lower case) and split it into words;
2. replace everyday names and abbreviations from the editable synonym table ("so do", "cccd", "birth
   certificate"), longest phrase first, and drop filler words ("lam", "thu tuc", "o dau", "how to");
3. match every word against the catalog's vocabulary: exactly, by a Vietnamese phonetic key (ky/ki,
   tr/ch, gi/d/r, x/s, ph/f), as a prefix (search-as-you-type) or by rapidfuzz edit similarity (typos);
4. score each procedure: the share of the query's words (weighted by rarity) found in its name — or, for
   less, in its field, result and code — plus how much of the name the query covers and whether
   neighbouring query words are neighbours in the name. Ties go to the lower code, so ranks are stable.

Why no database prefilter: ranking the whole set in force in memory takes a few milliseconds even for
thousands of procedures, needs no engine-specific SQL, and so gives identical results on both engines. The
pg_trgm indexes (migration 0002) serve LIKE lookups on the folded columns elsewhere.
"""

import math
import re
import threading
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise, product

from django.utils import timezone
from rapidfuzz import fuzz, process

from onestop.catalog.models import ProcedureVersion, Synonym
from onestop.catalog.selectors import versions_for_unit, versions_in_force
from onestop.core.text import fold
from onestop.organizations.models import AdministrativeUnit

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 16
# Words (folded) that say nothing about which procedure is meant; multi-word entries are phrases. Words that
# are catalog words in another sense stay out: "can" (căn cước), "the" (thẻ), "o" (nhà ở), "con", "di".
FILLER_PHRASES = frozenset(
    {
        "thu tuc",
        "lam",
        "lam sao",
        "lam the nao",
        "xin",
        "cho",
        "cho be",
        "toi",
        "minh",
        "muon",
        "can gi",
        "can nhung gi",
        "giay to gi",
        "ho so gi",
        "o dau",
        "nhu the nao",
        "the nao",
        "bao lau",
        "mat bao lau",
        "bao nhieu",
        "bao nhieu tien",
        "huong dan",
        "cach",
        "gi",
        "nao",
        "khong",
        "ko",
        "voi",
        "va",
        "cua",
        "nhe",
        "a",
        "how",
        "how to",
        "i",
        "want",
        "need",
        "get",
        "apply",
        "apply for",
        "application",
        "for",
        "of",
        "my",
        "please",
        "where",
        "what",
        "is",
        "and",
        "in",
        "vietnam",
    }
)
# Leading words of many catalog names that carry no meaning.
NAME_PREFIX = ("thu", "tuc")

# Words that, early in a name, make it a variant of a base procedure ("cấp lại", "cấp đổi", "đăng ký lại"):
# a query that does not ask for the variant should prefer the base procedure.
VARIANT_WORDS = frozenset({"lai", "doi"})
VARIANT_BOOST = 3.0

# How a word of the query may match a catalog word.
PHONETIC_SIMILARITY = 0.95
FUZZY_SCALE = 0.9  # an edit-distance match counts at most this much
KNOWN_WORD_DOUBT = 0.7
MIN_SIMILARITY = 0.6
# A match in the field, result or code counts less than one in the name.
TEXT_FACTOR = 0.6
# Score = coverage of the query + coverage of the name + phrase order; weights sum to 1.
COVERAGE_WEIGHT = 0.7
PRECISION_WEIGHT = 0.15
PHRASE_WEIGHT = 0.15
# A procedure must match at least this weighted share of the query to be listed.
MIN_COVERAGE = 0.34

_WORD_RE = re.compile(r"\d+(?:\.\d+)+|[^\W_]+")
_PHONETIC_RULES = (
    (re.compile(r"^ngh"), "ng"),
    (re.compile(r"^gh"), "g"),
    (re.compile(r"^ph"), "f"),
    (re.compile(r"^tr"), "ch"),
    (re.compile(r"^gi(?=[aeiouy])"), "d"),
    (re.compile(r"^[rz]"), "d"),
    (re.compile(r"^x"), "s"),
    (re.compile(r"^k(?!h)"), "c"),
    (re.compile(r"^q(?=u)"), "c"),
    (re.compile(r"y"), "i"),
)


@dataclass(frozen=True)
class SearchHit:
    version: ProcedureVersion
    score: float


def words(text: str) -> list[str]:
    """The words of already folded ``text``; numbers lose leading zeros ("02" → "2"), codes stay whole."""
    return [str(int(word)) if word.isdigit() else word for word in _WORD_RE.findall(text)]


def phonetic(word: str) -> str:
    """A key under which spellings that sound alike (ky/ki, tru/chu, gia/da, xa/sa) are equal."""
    for pattern, replacement in _PHONETIC_RULES:
        word = pattern.sub(replacement, word)
    return word


def _name_weights(name: Sequence[int], idf: Sequence[float], variants: set[int]) -> dict[int, float]:
    """How much each word of a name says: rare words and words near the start (the action) say more."""
    weights: dict[int, float] = {}
    for position, word in enumerate(name):
        if word not in weights:
            boost = VARIANT_BOOST if word in variants and position < 3 else 1.0
            weights[word] = boost * idf[word] / (1 + position / 2)
    return weights


@dataclass
class _Catalog:
    """The versions in force, tokenised, with an inverted index over their words."""

    ids: list[int]
    codes: list[str]
    name_words: list[list[int]]
    name_sets: list[frozenset[int]]
    name_bigrams: list[frozenset[tuple[int, int]]]
    name_weights: list[dict[int, float]]
    name_mass: list[float]
    vocabulary: list[str]
    word_ids: dict[str, int]
    phonetic_ids: dict[str, list[int]]
    phonetic_keys: list[str]
    sorted_words: list[str]
    idf: list[float]
    in_name: list[list[int]]  # word → documents with the word in their name
    in_text_only: list[list[int]]  # word → documents with the word elsewhere only
    matches: dict[tuple[str, bool], dict[int, float]] = field(default_factory=dict)

    @classmethod
    def build(cls, rows: Iterable[tuple[int, str, str, str]]) -> "_Catalog":
        ids: list[int] = []
        codes: list[str] = []
        word_ids: dict[str, int] = {}
        name_words: list[list[int]] = []
        text_sets: list[set[int]] = []

        def word_id(word: str) -> int:
            return word_ids.setdefault(word, len(word_ids))

        for pk, code, name_folded, search_text in rows:
            name = words(name_folded)
            if tuple(name[: len(NAME_PREFIX)]) == NAME_PREFIX:
                name = name[len(NAME_PREFIX) :]
            ids.append(pk)
            codes.append(code)
            name_words.append([word_id(word) for word in name])
            text_sets.append({word_id(word) for word in words(search_text)} | set(name_words[-1]))
        vocabulary = list(word_ids)
        frequency = [0] * len(vocabulary)
        for text in text_sets:
            for word in text:
                frequency[word] += 1
        idf = [math.log(1 + len(ids) / count) for count in frequency]
        in_name: list[list[int]] = [[] for _ in vocabulary]
        in_text_only: list[list[int]] = [[] for _ in vocabulary]
        name_sets = [frozenset(name) for name in name_words]
        for document, (name_set, text) in enumerate(zip(name_sets, text_sets, strict=True)):
            for word in name_set:
                in_name[word].append(document)
            for word in text - name_set:
                in_text_only[word].append(document)
        phonetic_keys = [phonetic(word) for word in vocabulary]
        phonetic_ids: dict[str, list[int]] = {}
        for index, key in enumerate(phonetic_keys):
            phonetic_ids.setdefault(key, []).append(index)
        variants = {word_ids[word] for word in VARIANT_WORDS if word in word_ids}
        name_weights = [_name_weights(name, idf, variants) for name in name_words]
        return cls(
            ids=ids,
            codes=codes,
            name_words=name_words,
            name_sets=name_sets,
            name_bigrams=[frozenset(pairwise(name)) for name in name_words],
            name_weights=name_weights,
            name_mass=[sum(weights.values()) for weights in name_weights],
            vocabulary=vocabulary,
            word_ids=word_ids,
            phonetic_ids=phonetic_ids,
            phonetic_keys=phonetic_keys,
            sorted_words=sorted(vocabulary),
            idf=idf,
            in_name=in_name,
            in_text_only=in_text_only,
        )

    def split_joined(self, word: str) -> list[str]:
        """ "khaisinh" → ["khai", "sinh"] when both halves are catalog words."""
        if word in self.word_ids or len(word) < 4:
            return [word]
        middle = len(word) // 2
        for cut in sorted(range(2, len(word) - 1), key=lambda cut: abs(cut - middle)):
            if word[:cut] in self.word_ids and word[cut:] in self.word_ids:
                return [word[:cut], word[cut:]]
        return [word]

    def similar(self, word: str, *, prefix: bool) -> dict[int, float]:
        """Catalog words similar to ``word``, with a similarity in (0, 1]; memoised per catalog."""
        key = (word, prefix)
        found = self.matches.get(key)
        if found is None:
            found = self._similar(word, prefix=prefix)
            if len(self.matches) > 20_000:  # bound the memory of a long-running process
                self.matches.clear()
            self.matches[key] = found
        return found

    def _similar(self, word: str, *, prefix: bool) -> dict[int, float]:
        found: dict[int, float] = {}

        def keep(index: int, similarity: float) -> None:
            if similarity >= MIN_SIMILARITY and similarity > found.get(index, 0.0):
                found[index] = similarity

        exact = self.word_ids.get(word)
        if exact is not None:
            found[exact] = 1.0
        # A word the catalog knows is probably not a typo: its look-alikes count for less.
        doubt = 1.0 if exact is None else KNOWN_WORD_DOUBT
        key = phonetic(word)
        for index in self.phonetic_ids.get(key, ()):
            keep(index, PHONETIC_SIMILARITY * (1.0 if exact is None else 0.85))
        if prefix and len(word) >= 2:
            start = bisect_left(self.sorted_words, word)
            for candidate in self.sorted_words[start:]:
                if not candidate.startswith(word):
                    break
                keep(self.word_ids[candidate], doubt * (0.6 + 0.3 * len(word) / len(candidate)))
        if len(word) >= 3 and not word[0].isdigit():
            # Typos rarely hit the first letter, and a word cut down to two letters is another word.
            cutoff = 80 if len(word) == 3 else 75
            for choice, ratio, index in process.extract(
                word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            ):
                if len(choice) >= 3 and choice[0] == word[0]:
                    keep(index, doubt * FUZZY_SCALE * ratio / 100)
            for choice, ratio, index in process.extract(
                key, self.phonetic_keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            ):
                if len(choice) >= 3 and choice[0] == key[0]:
                    keep(index, doubt * FUZZY_SCALE * 0.95 * ratio / 100)
        return found


@dataclass(frozen=True)
class _Synonyms:
    phrases: dict[tuple[str, ...], list[str]]
    longest: int

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str]]) -> "_Synonyms":
        # Keyed by sound, so "xac nhan chu ki" finds the term "xac nhan chu ky".
        phrases = {
            tuple(phonetic(word) for word in words(fold(term))): words(fold(expansion))
            for term, expansion in rows
        }
        phrases.pop((), None)
        return cls(phrases=phrases, longest=max((len(term) for term in phrases), default=0))


_FILLERS = frozenset(tuple(phrase.split()) for phrase in FILLER_PHRASES)
_FILLER_LONGEST = max(len(phrase) for phrase in _FILLERS)
_lock = threading.Lock()
_catalog_cache: dict[tuple[object, ...], _Catalog] = {}
_synonym_cache: dict[tuple[tuple[str, str], ...], _Synonyms] = {}


def _catalog(day: date) -> _Catalog:
    # Versions are never edited in place (a new version closes the previous one in the same transaction),
    # so the number of versions and the newest one identify the catalog's state; the day decides what is in
    # force. The creation time tells apart rows that reuse a rolled-back id.
    newest = ProcedureVersion.objects.order_by("-id").values_list("id", "created_at").first()
    key = (day, ProcedureVersion.objects.count(), newest)
    catalog = _catalog_cache.get(key)
    if catalog is None:
        with _lock:
            rows = versions_in_force(on=day).order_by("procedure__code", "-number")
            seen: set[str] = set()
            kept = []
            for row in rows.values_list("id", "procedure__code", "name_folded", "search_text"):
                if row[1] not in seen:  # should versions overlap, the newest counts
                    seen.add(row[1])
                    kept.append(row)
            catalog = _Catalog.build(kept)
            _catalog_cache.clear()
            _catalog_cache[key] = catalog
    return catalog


def _synonyms() -> _Synonyms:
    rows = tuple(Synonym.objects.order_by("term").values_list("term", "expansion"))
    synonyms = _synonym_cache.get(rows)
    if synonyms is None:
        synonyms = _Synonyms.build(rows)
        _synonym_cache.clear()
        _synonym_cache[rows] = synonyms
    return synonyms


def _query_words(query: str, synonyms: _Synonyms) -> list[str]:
    """The folded words of ``query`` with synonyms replaced and filler dropped, each word once."""
    source = words(fold(query[:MAX_QUERY_CHARS]))
    result: list[str] = []
    position = 0
    while position < len(source):
        for length in range(min(max(synonyms.longest, _FILLER_LONGEST), len(source) - position), 0, -1):
            phrase = tuple(source[position : position + length])
            sound = tuple(phonetic(word) for word in phrase)
            if sound in synonyms.phrases:
                result.extend(synonyms.phrases[sound])
                break
            if phrase in _FILLERS:
                break
        else:
            length = 1
            result.append(source[position])
        position += length
    return list(dict.fromkeys(result))[:MAX_QUERY_WORDS]


@dataclass(frozen=True)
class _Query:
    """The query's words as matched in the catalog, with their weights."""

    matched: list[dict[int, float]]  # per query word: catalog word → similarity
    weights: list[float]
    total: float  # the weights plus those of the words no procedure has
    best_word: dict[int, float]  # catalog word → its best similarity to any query word
    pairs: list[frozenset[tuple[int, int]]]  # per neighbouring query words: the catalog bigrams they match

    @classmethod
    def match(cls, catalog: _Catalog, terms: list[str], *, complete: bool) -> "_Query | None":
        split = list(dict.fromkeys(part for term in terms for part in catalog.split_joined(term)))
        matched: list[dict[int, float]] = []
        weights: list[float] = []
        unknown = 0
        for index, term in enumerate(split):
            last_typed = not complete and index == len(split) - 1
            similar = catalog.similar(term, prefix=last_typed or len(term) >= 4)
            if similar:
                best = max(similar, key=lambda word: (similar[word], catalog.idf[word]))
                matched.append(similar)
                weights.append(catalog.idf[best])
            elif len(term) > 1 and not last_typed:
                unknown += 1
        if not matched:
            return None
        best_word: dict[int, float] = {}
        for similar in matched:
            for word, similarity in similar.items():
                best_word[word] = max(best_word.get(word, 0.0), similarity)
        return cls(
            matched=matched,
            weights=weights,
            # A word no procedure has still counts, as an average one: "o nha tro" does not ride on "tro".
            total=sum(weights) * (1 + unknown / len(weights)),
            best_word=best_word,
            pairs=[frozenset(product(first, second)) for first, second in pairwise(matched)],
        )

    def coverage(self, catalog: _Catalog) -> dict[int, float]:
        """Per document: the weighted share of the query's words it contains."""
        coverage: dict[int, float] = {}
        for similar, weight in zip(self.matched, self.weights, strict=True):
            share = weight / self.total
            for document, similarity in _best_per_document(catalog, similar).items():
                coverage[document] = coverage.get(document, 0.0) + share * similarity
        return coverage

    def precision(self, catalog: _Catalog, document: int) -> float:
        """The weighted share of the document's name the query covers."""
        weights, mass = catalog.name_weights[document], catalog.name_mass[document]
        covered = weights.keys() & self.best_word.keys()
        return sum(weights[word] * self.best_word[word] for word in covered) / mass if mass else 0.0

    def phrase(self, catalog: _Catalog, document: int) -> float:
        """The share of neighbouring query words that are neighbours in the name too."""
        if not self.pairs:
            return float(not catalog.name_sets[document].isdisjoint(self.matched[0]))
        bigrams = catalog.name_bigrams[document]
        return sum(not pair.isdisjoint(bigrams) for pair in self.pairs) / len(self.pairs)


def _best_per_document(catalog: _Catalog, similar: dict[int, float]) -> dict[int, float]:
    """For one query word: the best similarity of a matching word in each document (name over the rest)."""
    postings = sorted(
        [(similarity, catalog.in_name[word]) for word, similarity in similar.items()]
        + [(TEXT_FACTOR * similarity, catalog.in_text_only[word]) for word, similarity in similar.items()],
        key=lambda item: -item[0],
    )
    best: dict[int, float] = {}
    for similarity, documents in postings:
        # Best first, so a document keeps the first (highest) value; merged in C for speed.
        found = dict.fromkeys(documents, similarity)
        found.update(best)
        best = found
    return best


def _rank(
    catalog: _Catalog, query: _Query, *, allowed: set[int] | None, limit: int
) -> list[tuple[int, float]]:
    """(version id, score) of the best ``limit`` documents, best first, ties by code."""
    candidates = sorted(
        (
            (share, document)
            for document, share in query.coverage(catalog).items()
            if share >= MIN_COVERAGE and (allowed is None or catalog.ids[document] in allowed)
        ),
        key=lambda item: (-item[0], catalog.codes[item[1]]),
    )
    top: list[tuple[float, str, int]] = []  # (-score, code, id), kept sorted
    for share, document in candidates:
        # The other parts add at most their weights: past this bound no later candidate can enter the top.
        bound = round(100 * (COVERAGE_WEIGHT * share + PRECISION_WEIGHT + PHRASE_WEIGHT), 2)
        if len(top) >= limit and bound < -top[-1][0]:
            break
        score = 100 * (
            COVERAGE_WEIGHT * share
            + PRECISION_WEIGHT * query.precision(catalog, document)
            + PHRASE_WEIGHT * query.phrase(catalog, document)
        )
        # Rounded before comparing, so float noise cannot reorder equal scores.
        insort(top, (-round(score, 2), catalog.codes[document], catalog.ids[document]))
        del top[limit:]
    return [(pk, -negative) for negative, _code, pk in top]


def procedures_search(
    *, query: str, unit: AdministrativeUnit | None = None, limit: int = 20
) -> list[SearchHit]:
    """Procedures in force matching ``query``, best first; only the unit's when ``unit`` is given."""
    if limit < 1 or not query.strip():
        return []
    terms = _query_words(query, _synonyms())
    if not terms:
        return []
    catalog = _catalog(timezone.localdate())
    # A trailing space means the last word is complete; otherwise it may still be being typed.
    matched = _Query.match(catalog, terms, complete=query[-1:].isspace())
    if matched is None:
        return []
    allowed = set(versions_for_unit(unit=unit).values_list("id", flat=True)) if unit is not None else None
    ranked = _rank(catalog, matched, allowed=allowed, limit=limit)
    versions = ProcedureVersion.objects.select_related("procedure", "field").in_bulk([pk for pk, _ in ranked])
    return [SearchHit(version=versions[pk], score=score) for pk, score in ranked]
