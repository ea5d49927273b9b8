"""Display strings: pt-BR through babel, rounding pinned half-up."""

from __future__ import annotations

import pytest

from balanco import formatting as f


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (97_342_718.45, "R$ 97,3 milhões"),
        (97_250_000.00, "R$ 97,3 milhões"),  # half up (babel alone rounds half-even: 97,2)
        (97_249_999.99, "R$ 97,2 milhões"),
        (150_450_000.00, "R$ 150,5 milhões"),
        (1_500_000, "R$ 1,5 milhão"),
        (2_000_000, "R$ 2,0 milhões"),
        (999_999.99, "R$ 1,0 milhão"),  # rounds up into millions
        (949_999.5, "R$ 949.999,50"),
    ],
)
def test_money_millions(value, text):
    # Every space of an amount is non-breaking (issue 17): the release's text with them.
    assert f.money_millions(value) == text.replace(" ", "\xa0")


@pytest.mark.parametrize("value", [81_300_000, 1_500_000, 949_999.5, 0.5])
def test_an_amount_has_no_space_a_line_may_break_at(value):
    # issue 17: "R$ 81,3 milhões" wrapped in the PDF; "R$" and the number, the
    # number and "milhões", stay on one line.
    for text in (f.money_millions(value), f.money(value)):
        assert " " not in text and "\xa0" in text, text
    assert f.money_millions(81_300_000) == "R$\xa081,3\xa0milhões"
    assert f.plain_spaces(f.money_millions(81_300_000)) == "R$ 81,3 milhões"


@pytest.mark.parametrize(("value", "text"), [(3303, "3.303"), (22, "22"), (1_214_000, "1.214.000")])
def test_count(value, text):
    assert f.count(value) == text


def test_percent_and_axis():
    assert f.signed_percent(0.0834) == "+8,3%"
    assert f.percent(0.0005) == "0,1%"
    assert f.money_axis(10_000_000) == "R$ 10 mi"
    assert f.month_name(12) == "dezembro"


# Issue 17: a unit after a number is singular below 2 ("1,5 milhão", so "1,1 dia"),
# plural from 2 on; zero keeps the plural. The number decides as it is shown.
@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.5, "0,5 dia"),
        (1, "1,0 dia"),
        (1.1, "1,1 dia"),
        (1.9, "1,9 dia"),
        (1.94, "1,9 dia"),  # shown as 1,9: below 2
        (1.95, "2,0 dias"),  # shown as 2,0 (half up): plural
        (2, "2,0 dias"),
        (2.25, "2,3 dias"),
        (0, "0,0 dias"),
    ],
)
def test_days_are_singular_below_two(value, text):
    assert f.indicator_value(value, "dias") == text


def test_days_without_decimals_and_counts():
    assert f.days(1, 0) == "1 dia"
    assert f.days(2, 0) == "2 dias"
    assert f.plural(1, "dia", "dias") == "1 dia"
    assert f.plural(0, "chamado", "chamados") == "0 chamados"
    assert f.plural(2, "dia", "dias") == "2 dias"


# Issue 17: a negative number shown to readers carries the minus sign U+2212 ("−3,7%"),
# never the hyphen-minus.
def test_negative_numbers_carry_the_minus_sign():
    minus = "\u2212"
    assert f.signed_percent(-0.037) == minus + "3,7%"
    assert f.signed_percent(-0.1) == minus + "10,0%"
    assert f.signed_percent(0.037) == "+3,7%"
    assert f.percent(-0.05) == minus + "5,0%"
    assert f.number(-1.25) == minus + "1,3"
    assert f.count(-1200) == minus + "1.200"
    assert f.plain_spaces(f.money(-10)) == minus + "R$ 10,00"
    shown = [f.signed_percent(-0.037), f.number(-2.5), f.count(-3)]
    assert not any("-" in s for s in shown)


def test_two_items_are_joined_by_e_alone_even_with_semicolons():
    # Issue 17 (review): "…do Paço Municipal; e renovação…" with two items.
    from balanco.formatting import join_pt

    assert join_pt(["obra A, no centro", "obra B"], sep="; ") == "obra A, no centro e obra B"
    assert join_pt(["a", "b", "c"], sep="; ") == "a; b; e c"
