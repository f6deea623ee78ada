"""The import's fast paths give exactly what the general code gives.

* a search entry staged without its code (:func:`search.prepare_codeless`, in the
  import's checking process) and completed by the writer (:func:`search.with_code`)
  equals :func:`search.prepare` of the whole entry: the same stored row, the same
  trigram text and the same short tokens (so a later edit removes it cleanly);
* a plain e-mail domain (:func:`validation.simple_email_domain`) is what
  email_validator makes of it.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from crmdesk.core import search
from crmdesk.core.validation import simple_email_domain
from tests.conftest import fuzz_examples, generated_case

# text people type, and the characters the normalising treats specially: full-width
# forms, combining marks, private use (the owner words), final sigma, separators
_SPECIAL = "ＡＢ１２　\u00a0\u0301\u3099\uff9e\ue000\uf8ffΣσς\x1e\x1f\t\n-@._"
_TEXT = st.text(alphabet=st.one_of(
    st.sampled_from("张王李三丰华为有限公司北京市朝阳区吕单曾"),
    st.sampled_from("abcxyzC0123456789 "), st.sampled_from(_SPECIAL),
    st.characters(codec="utf-8")), max_size=24)
_CODES = st.one_of(st.from_regex(r"C\d{6}", fullmatch=True), _TEXT)


def _doc(code: str | None, title: str, texts: list[str | None], notes: str | None,
         ) -> search.DocInput:
    return search.DocInput("customer", 7, 7, code, title, texts[0], (code, *texts),
                           pinyin_of=(title, texts[0]), notes=notes)


def _same(code: str, title: str, texts: list[str | None], notes: str | None) -> None:
    expected = search.prepare([_doc(code, title, texts, notes)])[0]
    got = search.with_code(search.prepare_codeless(_doc(None, title, texts, notes)), code)
    assert got.row == expected.row
    assert got.tri == expected.tri
    assert got.short == expected.short
    assert got.owner_id == expected.owner_id


def test_codeless_entries_match_whole_ones_on_typical_customers() -> None:
    _same("C000123", "张三丰", ["北京科技有限公司", "13812345678", None, "zsf@qq.com"], None)
    _same("C000001", "Acme Ltd", [None, None, "010 6234 5678"], "VIP: call first")
    _same("C000002", "  ", [None], None)  # a blank title
    # the code's word is already a token: the long way, same result
    _same("C000003", "c000003 王", ["c000003"], None)
    _same("C张000004", "张三", ["王五"], "张")  # a code with Chinese in it


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(code=_CODES, title=_TEXT, texts=st.lists(st.one_of(st.none(), _TEXT), min_size=1,
                                                 max_size=4),
       notes=st.one_of(st.none(), _TEXT))
def test_codeless_entries_match_whole_ones(code: str, title: str, texts: list[str | None],
                                           notes: str | None) -> None:
    generated_case()
    _same(code, title, texts, notes)


# -- e-mail domains ---------------------------------------------------------------------

def _library_domain(domain: str) -> str | None:
    try:
        return str(validate_email("a@" + domain, check_deliverability=False).domain)
    except EmailNotValidError:
        return None


_DOMAINS = st.one_of(
    st.from_regex(r"[A-Za-z0-9-]{1,12}(\.[A-Za-z0-9-]{1,12}){1,3}", fullmatch=True),
    st.builds(lambda a, b: f"{a}.{b}", st.text("abcXN0-", min_size=1, max_size=70),
              st.sampled_from(["cn", "COM", "local", "arpa", "onion", "test", "invalid",
                               "localhost", "home.arpa", "c0m", "x1", "xn--fiqs8s"])))


@settings(max_examples=fuzz_examples(2000), deadline=None)
@given(domain=_DOMAINS)
def test_simple_email_domains_match_the_library(domain: str) -> None:
    generated_case()
    simple = simple_email_domain(domain)
    if simple is not None:  # an answer only where it is the library's
        assert simple == _library_domain(domain)


def test_simple_email_domains_cover_common_ones() -> None:
    for domain in ("qq.com", "163.com", "Company931.CN", "mail.sina-corp.com.cn",
                   "group6003.cn", "a" * 63 + ".com"):
        assert simple_email_domain(domain) == domain.lower() == _library_domain(domain)
    for domain in ("x.local", "a.test", "my.home.arpa", "xn--fiqs8s.cn", "ab--cd.com",
                   "-a.com", "a-.com", "a.123", "a" * 64 + ".com", "a." + "b" * 250):
        assert simple_email_domain(domain) is None


# -- pinyin, word by word ---------------------------------------------------------------

def _library_pinyin(name: str) -> str:
    """:func:`search.pinyin_keys` as it was: ``lazy_pinyin`` of the whole name."""
    from pypinyin import Style, lazy_pinyin

    if not name or not search.CJK_RUN.search(name):
        return ""
    syllables = [s for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s]
    if not syllables:
        return ""
    keys = ["".join(syllables), "".join(s[0] for s in syllables)]
    surname = search.SURNAME_READINGS.get(name[0])
    if surname and syllables[0] != surname:
        alt = [surname, *syllables[1:]]
        keys += ["".join(alt), "".join(s[0] for s in alt)]
    return " ".join(dict.fromkeys(k.lower() for k in keys))


# characters with several readings, phrases whose reading differs from their characters'
# (重庆, 银行, 长沙), surnames read their own way, latin, digits and marks between them
_NAMES = st.text(alphabet=st.one_of(
    st.sampled_from("张王李赵重庆长沙单曾解朴查区乐行银行了会计还都和中国人民大学绿女吕"),
    st.sampled_from("ab Z9-·ü、（）"), st.characters(codec="utf-8")), max_size=12)


def test_pinyin_word_by_word_matches_the_library_on_names() -> None:
    for name in ("张三丰", "重庆银行有限公司", "单雄信", "曾国藩", "长沙市乐行科技", "吕绿",
                 "区小华", "王 小二", "李a明", "中国人民大学", "解放军", "行长"):
        assert search.pinyin_keys(name) == _library_pinyin(name), name


@settings(max_examples=fuzz_examples(1000), deadline=None)
@given(name=_NAMES)
def test_pinyin_word_by_word_matches_the_library(name: str) -> None:
    generated_case()
    search.pinyin_keys.cache_clear()  # the same name again must be computed again
    assert search.pinyin_keys(name) == _library_pinyin(name)
