"""What makes two customers likely to be the same one.

* **Exact keys**: the same phone number (mobile or landline, both stored in
  E.164), the same e-mail address (case ignored), the same ID number (its blind
  index).
* **Name keys**: a company's name without its legal form, region and
  punctuation ("北京华为科技有限公司", "华为科技（北京）有限公司" and "华为科技 Co., Ltd."
  all become ``华为科技``); for a person, the same key of the company they work
  for.  ``Customer.match_key`` stores ``c:<core>`` for companies and
  ``i:<core of their company>`` for individuals, so finding candidates is an
  indexed lookup (blocking) and only records in the same block are compared
  with rapidfuzz.  Individuals without a company have no name key: a name alone
  (张伟) says nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

R = TypeVar("R")

MATCH_KEY_LENGTH = 120

# same company (individuals in the same block): names at least this similar (0-100)
NAME_THRESHOLD = 85

_BRACKETS = re.compile(r"[(（\[【<《].*?[)）\]】>》]")
_LATIN_LEGAL = re.compile(
    r"\b(?:co|company|corp|corporation|inc|incorporated|ltd|limited|llc|plc|gmbh|group|"
    r"holdings?)\b\.?")
_NOT_WORD = re.compile(r"[\W_]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CJK_LEGAL = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "总公司", "分公司",
              "公司", "集团", "工作室", "商行", "门市部", "经营部")
_REGIONS = (
    "北京", "上海", "天津", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
    "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港",
    "澳门", "广州", "深圳", "东莞", "佛山", "珠海", "杭州", "宁波", "温州", "南京", "苏州",
    "无锡", "常州", "成都", "武汉", "长沙", "西安", "济南", "青岛", "厦门", "福州", "郑州",
    "沈阳", "大连", "合肥", "昆明", "石家庄", "太原", "南昌", "南宁", "贵阳", "哈尔滨",
    "长春", "兰州", "海口", "乌鲁木齐", "呼和浩特", "中山", "惠州", "烟台", "潍坊", "徐州",
)
_REGION_PREFIX = re.compile(
    "^(?:" + "|".join(sorted(_REGIONS, key=len, reverse=True)) + ")(?:省|市|自治区|特别行政区)?")


def fold(text: str | None) -> str:
    """Full-width to half-width, lower case, without spaces and punctuation."""
    if not text:
        return ""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


@lru_cache(maxsize=100_000)
def name_tokens(text: str | None) -> str:
    """A person's name for comparison: folded per word, words sorted (``San Zhang``
    and ``zhang san`` compare equal; Chinese names have one word)."""
    if not text:
        return ""
    if _CJK.search(text):
        return fold(text)
    words = [fold(w) for w in unicodedata.normalize("NFKC", text).lower().split()]
    return " ".join(sorted(w for w in words if w))


@lru_cache(maxsize=100_000)
def company_core(name: str | None) -> str:
    """A company name without legal form, region and punctuation (may be ``""``)."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name).lower()
    text = _BRACKETS.sub("", text)
    text = _LATIN_LEGAL.sub(" ", text)
    text = _NOT_WORD.sub("", text)
    changed = True
    while changed:
        changed = False
        for suffix in _CJK_LEGAL:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                changed = True
    stripped = _REGION_PREFIX.sub("", text)
    if len(stripped) >= 2:
        text = stripped
    return text[:MATCH_KEY_LENGTH - 2]


def match_key(kind: str | None, name: str | None, company: str | None) -> str | None:
    """The blocking key stored in ``Customer.match_key`` (None: no name key)."""
    if kind == "company":
        core = company_core(name)
        return f"c:{core}" if core else None
    core = company_core(company)
    return f"i:{core}" if core else None


def email_key(email: str | None) -> str | None:
    return email.strip().lower() if email else None


def name_score(a: str | None, b: str | None) -> int:
    """How alike two names are (0-100), after folding; word order ignored.

    Chinese names that sound the same (张三丰 / 张三峰, a common typing slip with
    pinyin input) score 95.
    """
    left, right = name_tokens(a), name_tokens(b)
    if not left or not right:
        return 0
    score = int(round(fuzz.token_sort_ratio(left, right)))
    if score < 95 and _CJK.search(left) and _CJK.search(right):
        from crmdesk.core.search import pinyin_keys

        sound_a, sound_b = pinyin_keys(left).split(" ")[0], pinyin_keys(right).split(" ")[0]
        if sound_a and sound_a == sound_b:
            score = 95
    return score


@dataclass(frozen=True)
class Candidate:
    """What the name rule looks at (*sound*: ``sound(name)`` when already known)."""

    kind: str | None
    name: str | None
    company: str | None
    sound: str | None = None


def sound(name: str | None) -> str:
    """The full pinyin of a Chinese name (``""`` for other names)."""
    tokens = name_tokens(name)
    if not tokens or not _CJK.search(tokens):
        return ""
    from crmdesk.core.search import pinyin_keys

    return pinyin_keys(tokens).split(" ")[0]


@dataclass
class NameBlock(Generic[R]):
    """The records of one block (same ``match_key``), searchable by name.

    Companies in a block match each other; an individual matches the most similar
    name scoring at least ``NAME_THRESHOLD`` (rapidfuzz over the whole block), or a
    name that sounds the same (score 95).
    """

    refs: list[R] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    sounds: list[str | None] = field(default_factory=list)  # None: not computed yet
    raw_names: list[str | None] = field(default_factory=list)
    company: R | None = None
    company_name: str = ""
    #: sound -> the first of the names with that sound, among those whose sound is known
    #: (a block of an import's own rows holds thousands of names: no pass over them all)
    first_of_sound: dict[str, int] = field(default_factory=dict)
    #: the names whose sound is not computed yet (records read for matching)
    unsounded: list[int] = field(default_factory=list)

    def add(self, candidate: Candidate, ref: R) -> None:
        if candidate.kind == "company":
            if self.company is None:
                self.company, self.company_name = ref, name_tokens(candidate.name)
            return
        if candidate.sound is None:
            self.unsounded.append(len(self.refs))
        else:
            self.first_of_sound.setdefault(candidate.sound, len(self.refs))
        self.refs.append(ref)
        self.names.append(name_tokens(candidate.name))
        self.sounds.append(candidate.sound)
        self.raw_names.append(candidate.name)

    def find(self, candidate: Candidate) -> tuple[R, int] | None:
        if candidate.kind == "company":
            if self.company is None:
                return None
            score = fuzz.token_sort_ratio(name_tokens(candidate.name), self.company_name)
            return self.company, max(int(round(score)), NAME_THRESHOLD)
        tokens = name_tokens(candidate.name)
        if not tokens or not self.names:
            return None
        # name_tokens gives words sorted and joined by one space: fuzz.ratio of two of
        # them is their token_sort_ratio, without splitting and sorting each name of
        # the block again for every row (tests/unit/test_name_block.py)
        best = process.extractOne(tokens, self.names, scorer=fuzz.ratio,
                                  score_cutoff=NAME_THRESHOLD)
        if best is not None:
            return self.refs[best[2]], int(round(best[1]))
        key = candidate.sound if candidate.sound is not None else sound(candidate.name)
        if not key:
            return None
        # the first name that sounds the same
        if self.unsounded:
            for i in self.unsounded:
                known = self.sounds[i] = sound(self.raw_names[i])
                first = self.first_of_sound.get(known)
                if first is None or i < first:
                    self.first_of_sound[known] = i
            self.unsounded.clear()
        first = self.first_of_sound.get(key)
        return (self.refs[first], 95) if first is not None else None


def clear_caches() -> None:
    """Forget the names and companies seen (an import fills these caches)."""
    name_tokens.cache_clear()
    company_core.cache_clear()
