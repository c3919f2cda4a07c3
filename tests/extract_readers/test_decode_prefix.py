"""Sniff decodes a 64 KB sample of a longer file: a character cut in two at the sample's end
must not send a UTF-8 or GB18030 file to charset_normalizer's guess, and a sample that is
really not in a codec must still fail it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.decode import decode_bytes

TEXT = "二、主动公开政府信息情况\n本年新收政府信息公开申请 12 件。" * 40


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
@given(cut=st.integers(1, 200))
def test_a_sample_cut_inside_a_character_decodes_up_to_the_cut(codec: str, cut: int) -> None:
    data = TEXT.encode(codec)
    sample = data[: len(data) - cut]
    text = decode_bytes(sample, prefix=True)
    assert TEXT.startswith(text)
    assert len(text.encode(codec)) >= len(sample) - 3  # at most the one cut character left out


def test_a_cut_character_without_prefix_is_still_an_error_of_the_codec() -> None:
    data = TEXT.encode("utf-8")[:-1]  # the last character's final byte missing
    assert decode_bytes(data, prefix=True) == TEXT[:-1]
    assert decode_bytes(data) != TEXT[:-1]  # a whole file cut short: not silently clean


def test_bytes_invalid_inside_the_sample_are_not_forgiven_by_prefix() -> None:
    data = TEXT.encode("utf-8")
    broken = data[:100] + b"\xff\xfe\xfd" + data[100:]
    assert decode_bytes(broken, prefix=True) == decode_bytes(broken)
