"""The capacity what-if in a real browser, with axe: a manager opens it from the dashboard, reads
the backtest and the fitted parameters, mistypes a scenario (the error summary names the field and
keeps what was typed), then compares 3 more officers with as now. Nothing needs JavaScript."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, set_today
from tests.browser.test_dashboard import _seed
from tests.browser.test_journeys import follow, sign_in, submit


def test_a_manager_compares_a_scenario_with_as_now(page, server):
    set_today("2026-01-05")
    _seed(server)
    sign_in(page, server, "helen@council.example")
    follow(page, page.get_by_role("link", name="Dashboard"))
    follow(page, page.get_by_role("link", name="What if: simulate the next 12 months"))
    expect(page.locator("h1")).to_have_text("What if: the next 12 months")
    expect(page.locator("#fitted")).to_contain_text("Decision whether to assess")
    check_accessibility(page)
    page.fill("#name", "3 more officers")
    page.fill("#officers_change", "three")
    submit(page, "Compare with as now")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Change in officers must be a whole number")
    expect(page.locator("#officers_change")).to_have_value("three")
    check_accessibility(page)
    page.fill("#officers_change", "3")
    page.select_option("#officers_from", "2026-02-01")
    submit(page, "Compare with as now")
    expect(page.locator("#results")).to_have_text("3 more officers beside as now")
    expect(page.locator("#difference")).to_contain_text("open cases per officer")
    expect(page.locator("table", has_text="Open cases per officer, by month")).to_contain_text("February 2026")
    check_accessibility(page)
