"""The pay chart: its bars carry the wage tables' percentiles, and the PNG draws them where they belong."""

from __future__ import annotations

import io

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image

from bot.core.chart import (BACKGROUND, BOX, FILENAME, MEDIAN, WHISKER, PayCharts, PayRow, axis_range, pay_rows,
                            render, ticks)


def percentiles_of(kb, soc, area, period="year"):
    estimate = kb.wages.get(soc, area)
    figures = estimate.annual if period == "year" else estimate.hourly
    return tuple(a.value for a in (figures.p10, figures.p25, figures.median, figures.p75, figures.p90))


def pixel(chart, x, y):
    image = Image.open(io.BytesIO(chart.png)).convert("RGB")
    return image.getpixel((round(x), round(y)))


def assert_drawn_where_the_figures_say(chart):
    """Each bar's median line, middle-half box and 10th-90th whisker sit at the x its figures map to."""
    assert chart.png.startswith(b"\x89PNG")
    for index, row in enumerate(chart.rows):
        y = chart.y_of(index)
        x10, x25, x50, x75, x90 = (chart.x_of(v) for v in row.values)
        assert pixel(chart, x50, y) == MEDIAN
        if x50 - x25 > 6:
            assert pixel(chart, (x25 + x50) / 2, y) == BOX
        if x25 - x10 > 8:
            assert pixel(chart, (x10 + x25) / 2, y) == WHISKER
            assert pixel(chart, (x10 + x25) / 2, y - 6) != BOX  # the whisker is thinner than the box
        if x90 - x75 > 8:
            assert pixel(chart, (x75 + x90) / 2, y) == WHISKER


def test_a_state_salary_chart_has_the_state_then_the_nation_from_the_wage_tables(kb):
    role = kb.roles["operations-manager"]
    rows, period = pay_rows(kb, (role,), "TX")
    assert period == "year"
    assert [(r.role_id, r.area) for r in rows] == [("operations-manager", "TX"), ("operations-manager", "US")]
    assert rows[0].values == percentiles_of(kb, "11-1021", "TX")
    assert rows[1].values == percentiles_of(kb, "11-1021", "US")
    assert rows[0].label == "Operations Manager · Texas"


def test_the_rendered_chart_draws_its_rows_at_their_percentiles(kb):
    chart = PayCharts(kb).chart((kb.roles["operations-manager"],), "TX")
    assert chart.rows[1].median == 105770
    width, height = Image.open(io.BytesIO(chart.png)).size
    assert (width, height) == chart.size
    assert_drawn_where_the_figures_say(chart)


def test_a_comparison_chart_has_one_bar_per_role_with_bls_figures(kb):
    a, b = kb.roles["nurse-practitioner"], kb.roles["physician-assistant"]
    rows, _ = pay_rows(kb, (a, b), None)
    assert [r.role_id for r in rows] == [a.id, b.id]
    assert rows[0].values == percentiles_of(kb, a.soc, "US")
    assert rows[1].values == percentiles_of(kb, b.soc, "US")


def test_a_role_without_a_bls_code_gets_no_bar(kb):
    role = kb.roles["engineer"]
    assert role.soc is None
    assert pay_rows(kb, (role,), None)[0] == ()
    assert PayCharts(kb).chart((role,)) is None


def test_occupations_paid_by_the_hour_are_charted_hourly(kb):
    actors = kb.roles["soc-27-2011"]
    rows, period = pay_rows(kb, (actors,), None)
    assert period == "hour"
    assert rows[0].values == percentiles_of(kb, "27-2011", "US", "hour")


def test_a_top_coded_figure_is_kept_as_the_floor_and_marked(kb):
    rows, _ = pay_rows(kb, (kb.roles["soc-27-2021"],), "CA")
    assert rows[0].area == "CA"
    assert rows[0].p90 == 239200 and rows[0].top_coded == (False, False, False, False, True)


def test_charts_are_cached_per_roles_and_area_and_the_cache_is_bounded(kb):
    charts = PayCharts(kb, size=2)
    role = kb.roles["operations-manager"]
    first = charts.chart((role,), "TX")
    assert charts.chart((role,), "TX") is first
    assert charts.chart((role,), None) is not first
    charts.chart((kb.roles["physicist"],), None)
    info = charts.cache_info()
    assert info.maxsize == 2 and info.currsize == 2 and info.hits == 1


def test_no_rows_is_an_error_not_an_empty_picture():
    with pytest.raises(ValueError):
        render((), "year")


def test_the_attachment_name_is_a_plain_file_name():
    assert FILENAME.endswith(".png") and "/" not in FILENAME and " " not in FILENAME


def test_the_background_is_left_outside_the_bars(kb):
    chart = PayCharts(kb).chart((kb.roles["physicist"],), None)
    x10 = chart.x_of(chart.rows[0].p10)
    assert pixel(chart, x10 - 12, chart.y_of(0)) in (BACKGROUND,)


amounts = st.floats(min_value=5, max_value=600_000, allow_nan=False, allow_infinity=False)


@st.composite
def rows(draw):
    period = draw(st.sampled_from(["year", "hour"]))
    count = draw(st.integers(min_value=1, max_value=4))
    out = []
    for index in range(count):
        values = sorted(draw(st.lists(amounts, min_size=5, max_size=5)))
        if period == "hour":
            values = [v / 2080 for v in values]
        out.append(PayRow(f"Role {index} · Somewhere", f"role-{index}", "US", *values))
    return tuple(out), period


@example(((PayRow("Role 0 · Somewhere", "role-0", "US", 256.0005, 256.0005, 256.0005, 256.0005, 266.0005),),
          "hour"))  # a span of 10 on round edges of 256 and 268 once gave ticks a different step
@given(rows())
def test_the_axis_holds_every_figure_and_keeps_their_order(drawn):
    chart_rows, _ = drawn
    low, high, step = axis_range(chart_rows)
    assert low < high
    assert all(low <= v <= high for row in chart_rows for v in row.values)
    marks = ticks(low, high, step)
    assert marks[0] == low and abs(marks[-1] - high) < 1e-6 * max(1.0, high) and 2 <= len(marks) <= 12
    assert all(b > a for a, b in zip(marks, marks[1:]))


@settings(max_examples=25, deadline=None)
@given(rows())
def test_any_figures_are_drawn_where_they_belong(drawn):
    chart_rows, period = drawn
    chart = render(chart_rows, period, "BLS OEWS, May 2025")
    assert chart.rows == chart_rows and chart.period == period
    xs = [chart.x_of(v) for row in chart_rows for v in row.values]
    assert all(0 <= x <= chart.size[0] for x in xs)
    assert_drawn_where_the_figures_say(chart)
