"""Layout in time linear in a word's length: the expression that finds email and web addresses in a text
(textflow.ATOM) once took time growing with the square of the longest run without a space, so a long
paragraph of Chinese, or one long 'word', took minutes to lay out (bench/limits.py measures it). The linear
expression must find exactly what the plain one finds."""
from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from handout.layout.textflow import ATOM

PLAIN = re.compile(r"\S*[@/]\S*|(?:www\.)\S+|\S+\.[A-Za-z]+\?\S*=\S*")
TEXT = st.text(alphabet=st.sampled_from(list("aZw.?=@/&-中 \n")), max_size=40)


@example("see www.example.org/x?a=1 or mail a@b.c")
@example("xwww.example")  # 'www.' inside a word: the match starts there
@example("a.b?c a.b?c=d q.r?s.t?u=v")  # a query with and without '='
@example("host.org?x")
@given(TEXT)
def test_addresses_are_found_as_the_plain_expression_finds_them(text):
    assert [m.span() for m in ATOM.finditer(text)] == [m.span() for m in PLAIN.finditer(text)]
    assert bool(ATOM.fullmatch(text)) == bool(PLAIN.fullmatch(text))
