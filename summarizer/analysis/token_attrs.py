"""The pipeline's ``attribute_ruler`` and ``lemmatizer``, computed the same way, much faster.

In ``en_core_web_sm`` the attribute ruler (the tag -> part-of-speech map and its exceptions,
179 rules) runs a ``Matcher`` and sets the attributes match by match in Python, and the rule
lemmatizer looks every token up again (its cache misses every base form): together about a
sixth of the whole parse. :class:`TokenAttributes` gives the same result from the token
arrays:

- every rule of the ruler is a sequence of token tests (``TAG``, ``LOWER``, ``DEP``,
  ``IS_SPACE`` equal to a value, ``IN`` / ``NOT_IN`` a list of values, or a ``REGEX`` that
  ``re.search`` finds in it, as spaCy's ``Matcher`` reads it), matched over the whole ``Doc`` at once with numpy; the
  matches are applied as the ruler applies them (rule by rule in the order they were
  added, so a later rule overrides an earlier one; within a rule, by start);
- a lemma depends only on the token's text, part of speech and morphology, which is the
  lemmatizer's own cache key: each distinct key is lemmatised once and remembered for the
  process, by the lemmatizer's own rule method restated with one change (:class:`_RuleLemmas`:
  its index is looked up in a set, not scanned as a list).

:meth:`TokenAttributes.of` returns ``None`` when a rule uses anything else (another operator
or attribute): the pipeline then keeps its own components. A test
compares both on written sentences attribute by attribute.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from spacy.language import Language
    from spacy.tokens import Doc

NAME = "summarizer_token_attributes"
"""The component's name in the pipeline (it replaces ``attribute_ruler`` and ``lemmatizer``)."""

_TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")
"""The token attributes a rule may test (all that en_core_web_sm's rules test)."""
_SET = ("TAG", "POS", "MORPH", "LEMMA", "DEP")
"""The attributes a rule may set (en_core_web_sm's set a space token's ``DEP`` too), and the lemmatizer sets."""


@dataclass(frozen=True)
class _Test:
    column: int
    """Which tested attribute (its index in :data:`_TESTED`)."""
    values: tuple[int, ...] = ()
    """The value is one of these (their hashes) ..."""
    negated: bool = False
    """... or, if set, none of them."""
    regex: re.Pattern[str] | None = None
    """Instead: the attribute's string has a match of this."""


@dataclass(frozen=True)
class _Rule:
    patterns: tuple[tuple[tuple[_Test, ...], ...], ...]
    """Each pattern: per token, its tests."""
    index: int
    """Which token of a match gets the attributes (negative: from the end)."""
    sets: tuple[tuple[int, int], ...]
    """(column of the set array, value)."""


class TokenAttributes:
    """Applies an attribute ruler's rules, then a rule lemmatizer, to a ``Doc``."""

    def __init__(self, rules: list[_Rule], lemmatize: Any, attrs: Any) -> None:
        self._rules = rules
        self._lemmatize = lemmatize
        self._tested = [int(attrs.IDS[a]) for a in _TESTED]
        self._set = [int(attrs.IDS[a]) for a in _SET]
        self._orth, self._lemma = int(attrs.ORTH), int(attrs.LEMMA)
        self._pos, self._morph = int(attrs.POS), int(attrs.MORPH)
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self._searched: dict[str, dict[int, bool]] = {}
        """Per regex: whether it finds a match in the string of each hash seen so far."""
        self._lock = threading.Lock()

    @classmethod
    def of(cls, nlp: Language) -> TokenAttributes | None:
        """The equivalent of ``nlp``'s ``attribute_ruler`` and ``lemmatizer``, or ``None`` when
        they are not the kind this class reproduces exactly."""
        from spacy import attrs

        names = nlp.pipe_names
        if not {"attribute_ruler", "lemmatizer"} <= set(names):
            return None
        if names.index("attribute_ruler") + 1 != names.index("lemmatizer"):
            return None  # not both, or something runs between them: keep spaCy's components
        ruler: Any = nlp.get_pipe("attribute_ruler")
        lemmatizer: Any = nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
            return None
        rules = _rules(ruler, nlp.vocab, attrs)
        if rules is None:
            return None
        lemmatize = _RuleLemmas(lemmatizer) if _RuleLemmas.reproduces(lemmatizer) else lemmatizer.lemmatize
        return cls(rules, lemmatize, attrs)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        arrays: Any = doc  # spaCy's stubs type to_array/from_array narrower than they work
        tested = arrays.to_array(self._tested).astype(np.uint64).reshape(len(doc), len(self._tested))
        values = arrays.to_array(self._set).astype(np.uint64).reshape(len(doc), len(self._set))
        present = [frozenset(np.unique(tested[:, column]).tolist()) for column in range(tested.shape[1])]
        for rule in self._rules:
            targets = self._matches(doc, tested, rule, present)
            if targets.size:
                for column, value in rule.sets:
                    values[targets, column] = value
        arrays.from_array(self._set, values)
        self._lemmas_of(doc, values)
        return doc

    def _lemmas_of(self, doc: Doc, values: NDArray[np.uint64]) -> None:
        lemma_col, pos_col, morph_col = (self._set.index(a) for a in (self._lemma, self._pos, self._morph))
        orths = doc.to_array(self._orth).tolist()
        lemmas = values[:, lemma_col]
        todo = np.flatnonzero(lemmas == 0).tolist()
        if not todo:
            return
        pos, morph = values[:, pos_col].tolist(), values[:, morph_col].tolist()
        out = lemmas.copy()
        strings = doc.vocab.strings
        with self._lock:
            known = self._lemmas
            for i in todo:
                key = (orths[i], pos[i], morph[i])
                lemma = known.get(key)
                if lemma is None:
                    lemma = int(strings.add(self._lemmatize(doc[i])[0]))
                    known[key] = lemma
                out[i] = lemma
        arrays: Any = doc
        arrays.from_array([self._lemma], out.reshape(-1, 1))

    def _matches(
        self, doc: Doc, tested: NDArray[np.uint64], rule: _Rule, present: list[frozenset[int]]
    ) -> NDArray[np.intp]:
        """The tokens ``rule`` sets, in order (a token matched twice is set twice, to the same values).

        ``present`` holds, per tested column, the values that occur in the ``Doc``: a pattern
        with a test no token can pass (a value, or values, none of which occur) is skipped
        before any array is compared (most rules are exceptions for one word)."""
        n = tested.shape[0]
        found: list[NDArray[np.intp]] = []
        for pattern in rule.patterns:
            length = len(pattern)
            if length > n or any(_impossible(test, present) for tests in pattern for test in tests):
                continue
            ok = np.ones(n - length + 1, dtype=bool)
            for offset, tests in enumerate(pattern):
                for test in tests:
                    ok &= self._hits(doc, tested[offset : n - length + 1 + offset, test.column], test)
            starts = np.flatnonzero(ok)
            found.append(starts + (rule.index if rule.index >= 0 else length + rule.index))
        if not found:
            return np.empty(0, dtype=np.intp)
        return np.sort(np.concatenate(found), kind="stable") if len(found) > 1 else found[0]

    def _hits(self, doc: Doc, window: NDArray[np.uint64], test: _Test) -> NDArray[np.bool_]:
        if test.regex is not None:
            regex, strings = test.regex, doc.vocab.strings
            unique, inverse = np.unique(window, return_inverse=True)
            with self._lock:
                seen = self._searched.setdefault(regex.pattern, {})
                found: list[bool] = []
                for value in unique.tolist():
                    known = seen.get(value)
                    if known is None:
                        known = seen[value] = regex.search(strings[value]) is not None
                    found.append(known)
            return np.array(found, dtype=bool)[inverse.reshape(-1)]
        hit: NDArray[np.bool_]
        if len(test.values) == 1:
            hit = np.equal(window, np.uint64(test.values[0]))
        else:
            hit = np.isin(window, np.array(test.values, dtype=np.uint64))
        return np.logical_not(hit) if test.negated else hit


def _impossible(test: _Test, present: list[frozenset[int]]) -> bool:
    """Whether no token can pass ``test``: it asks for one of some values and none occurs."""
    return test.regex is None and not test.negated and present[test.column].isdisjoint(test.values)


def _rules(ruler: Any, vocab: Any, attrs: Any) -> list[_Rule] | None:
    """The ruler's rules as token tests, or ``None`` if one of them is not a plain equality."""
    strings = vocab.strings
    set_columns = {int(attrs.IDS[a]): n for n, a in enumerate(_SET)}
    rules: list[_Rule] = []
    for spec, normalized, index in zip(ruler.patterns, ruler.attrs, ruler.indices, strict=True):
        patterns: list[tuple[tuple[_Test, ...], ...]] = []
        for pattern in spec["patterns"]:
            tokens: list[tuple[_Test, ...]] = []
            for token in pattern:
                tests: list[_Test] = []
                for key, value in token.items():
                    test = _test(key, value, strings)
                    if test is None:
                        return None
                    tests.append(test)
                tokens.append(tuple(tests))
            if not tokens:
                return None
            patterns.append(tuple(tokens))
        sets: list[tuple[int, int]] = []
        for attr, value in normalized.items():
            if attr not in set_columns or not isinstance(value, int):
                return None
            sets.append((set_columns[attr], value))
        longest = max(len(p) for p in patterns)
        if not -longest <= index < min(len(p) for p in patterns):
            return None
        rules.append(_Rule(patterns=tuple(patterns), index=int(index), sets=tuple(sets)))
    return rules


class _RuleLemmas:
    """spaCy's ``Lemmatizer.rule_lemmatize``, step for step, with one difference: whether a
    form is in the index is asked of a set instead of the index's list (the list is scanned
    word by word, a quarter of a millisecond per new word). Cases it does not restate
    (a token with no part of speech) go to the lemmatizer itself."""

    def __init__(self, lemmatizer: Any) -> None:
        self._lemmatizer = lemmatizer
        lookups = lemmatizer.lookups
        self._index = lookups.get_table("lemma_index", {})
        self._exceptions = lookups.get_table("lemma_exc", {})
        self._rules = lookups.get_table("lemma_rules", {})
        self._sets: dict[str, frozenset[str]] = {}

    @staticmethod
    def reproduces(lemmatizer: Any) -> bool:
        """Whether ``lemmatizer`` is spaCy's own rule lemmatizer, which this class restates
        (anything else keeps spaCy's component)."""
        from spacy.pipeline import Lemmatizer

        method = getattr(type(lemmatizer), "rule_lemmatize", None)
        bound = getattr(lemmatizer, "lemmatize", None)
        return method is Lemmatizer.rule_lemmatize and getattr(bound, "__func__", None) is method

    def __call__(self, token: Any) -> list[str]:
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space"):
            return list(self._lemmatizer.rule_lemmatize(token))
        if self._lemmatizer.is_base_form(token):
            return [string.lower()]
        listed, exceptions, rules = (t.get(univ_pos, {}) for t in (self._index, self._exceptions, self._rules))
        if not any((listed, exceptions, rules)):
            return [string] if univ_pos == "propn" else [string.lower()]
        index = self._sets.get(univ_pos)
        if index is None:
            index = self._sets[univ_pos] = frozenset(listed)
        orig = string
        string = string.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index or not form.isalpha():
                    if form in index:
                        forms.insert(0, form)
                    else:
                        forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        if not forms:
            forms.append(orig)
        return forms


def _test(key: str, value: object, strings: Any) -> _Test | None:
    """One token test of a rule, or ``None`` if this class does not reproduce it."""
    if key not in _TESTED:
        return None
    column = _TESTED.index(key)
    if key == "IS_SPACE":
        return _Test(column, (int(value),)) if isinstance(value, bool) else None
    if isinstance(value, str):
        return _Test(column, (int(strings.add(value)),))
    if isinstance(value, dict) and len(value) == 1:
        ((op, operand),) = value.items()
        if op == "REGEX" and isinstance(operand, str):
            return _Test(column, regex=re.compile(operand))
        listed = isinstance(operand, list) and bool(operand) and all(isinstance(v, str) for v in operand)
        if op in ("IN", "NOT_IN") and listed:
            return _Test(column, tuple(int(strings.add(v)) for v in operand), negated=op == "NOT_IN")
    return None


def install(nlp: Language) -> bool:
    """Put :class:`TokenAttributes` in place of ``nlp``'s ruler and lemmatizer (both stay in the
    pipeline, disabled); ``False`` when it cannot reproduce them and they stay as they are."""
    from spacy.language import Language

    if NAME in nlp.pipe_names:
        return True
    if TokenAttributes.of(nlp) is None:
        return False
    if not Language.has_factory(NAME):
        Language.factory(NAME, func=_factory)
    nlp.add_pipe(NAME, after="lemmatizer")
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
    return True


def _factory(nlp: Language, name: str) -> TokenAttributes:
    component = TokenAttributes.of(nlp)
    if component is None:
        raise ValueError(f"{name}: the pipeline's attribute_ruler and lemmatizer are not ones it reproduces")
    return component
