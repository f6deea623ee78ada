"""A name block finds the first name that sounds the same through an index of the
sounds (``NameBlock.first_of_sound``), not a pass over every name of the block, and
compares names with ``fuzz.ratio`` (their words are sorted already, by ``name_tokens``)
rather than ``fuzz.token_sort_ratio``: the same match as before, for any order of names
added and looked for, with sounds known when added (an import's rows) or computed when
first needed (records read)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from crmdesk.core.matching import NAME_THRESHOLD, Candidate, NameBlock, name_tokens, sound
from tests.conftest import fuzz_examples


@dataclass
class _Passing:
    """The block as it was: a pass over the names for the first one that sounds the same."""

    refs: list[Any] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    sounds: list[str | None] = field(default_factory=list)
    raw_names: list[str | None] = field(default_factory=list)
    company: Any = None
    company_name: str = ""

    def add(self, candidate: Candidate, ref: Any) -> None:
        if candidate.kind == "company":
            if self.company is None:
                self.company, self.company_name = ref, name_tokens(candidate.name)
            return
        self.refs.append(ref)
        self.names.append(name_tokens(candidate.name))
        self.sounds.append(candidate.sound)
        self.raw_names.append(candidate.name)

    def find(self, candidate: Candidate) -> tuple[Any, int] | None:
        if candidate.kind == "company":
            if self.company is None:
                return None
            score = fuzz.token_sort_ratio(name_tokens(candidate.name), self.company_name)
            return self.company, max(int(round(score)), NAME_THRESHOLD)
        tokens = name_tokens(candidate.name)
        if not tokens or not self.names:
            return None
        best = process.extractOne(tokens, self.names, scorer=fuzz.token_sort_ratio,
                                  score_cutoff=NAME_THRESHOLD)
        if best is not None:
            return self.refs[best[2]], int(round(best[1]))
        key = candidate.sound if candidate.sound is not None else sound(candidate.name)
        if not key:
            return None
        for i, known in enumerate(self.sounds):
            if known is None:
                known = self.sounds[i] = sound(self.raw_names[i])
            if known == key:
                return self.refs[i], 95
        return None


# homophones (张三丰 / 张三峰 / 章三风), names far apart, latin names, blanks
_NAMES = st.one_of(
    st.sampled_from(["张三丰", "张三峰", "章三风", "张珊", "李四", "李思", "黎四", "王五",
                     "欧阳娜娜", "欧阳纳纳", "San Zhang", "zhang san", "Li Si", "", None,
                     "陈", "程", "张三丰丰", "Anne Marie Li", "li anne-marie", "Zhang San Feng"]),
    st.text(alphabet="abz 张三丰李 \u3000\t.-é", max_size=12))
_STEP = st.tuples(st.sampled_from(["add", "find"]), st.sampled_from(["individual", "company"]),
                  _NAMES, st.booleans())


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(st.lists(_STEP, max_size=25))
def test_the_sound_index_finds_what_the_pass_found(steps: list[Any]) -> None:
    indexed: NameBlock[int] = NameBlock()
    passing = _Passing()
    for n, (what, kind, name, known) in enumerate(steps):
        # an import's rows come with their sound; records read for matching without
        candidate = Candidate(kind, name, None,
                              sound(name) if known and kind != "company" else None)
        if what == "add":
            indexed.add(candidate, n)
            passing.add(candidate, n)
        else:
            assert indexed.find(candidate) == passing.find(candidate)


def test_the_first_of_the_names_that_sound_the_same() -> None:
    for known in (True, False):
        block: NameBlock[str] = NameBlock()
        for ref, name in (("a", "李四"), ("b", "张三丰"), ("c", "张三峰")):
            block.add(Candidate("individual", name, None, sound(name) if known else None), ref)
        # 章三风 is too far from both in writing (rapidfuzz), the same in pinyin
        assert block.find(Candidate("individual", "章三风", None)) == ("b", 95)
        assert block.find(Candidate("individual", "黎四", None)) == ("a", 95)
        assert block.find(Candidate("individual", "王五", None)) is None


@settings(max_examples=fuzz_examples(500), deadline=None)
@given(st.text(max_size=20), st.text(max_size=20))
def test_ratio_of_name_tokens_is_their_token_sort_ratio(a: str, b: str) -> None:
    left, right = name_tokens(a), name_tokens(b)
    assert fuzz.ratio(left, right) == fuzz.token_sort_ratio(left, right)
