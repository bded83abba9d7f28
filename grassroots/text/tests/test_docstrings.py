"""The examples in the package's docstrings are true."""

import doctest

import pytest

from grassroots.text import analyze, normalise, segment


@pytest.mark.parametrize("module", [analyze, normalise, segment])
def test_docstring_examples(module):
    failures, tried = doctest.testmod(module)
    assert tried > 0
    assert failures == 0
