"""The clinician's walk-through in real headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, OUTPUT, PASSWORD, Server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/system-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def test_clinician_walkthrough(server: Server, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    OUTPUT.mkdir(exist_ok=True)
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1024, "height": 768})
    page = ctx.new_page()
    page.goto(f"{server.url}/login")
    page.get_by_label("E-mail").fill("e2e@clinic.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/patients")
    page.screenshot(path=str(OUTPUT / "e2e-01-patient-list.png"), full_page=True)

    page.get_by_role("link", name="Add patient").first.click()
    page.get_by_label("Name or pseudonym").fill("Erin Synthetic")
    page.get_by_label("Age (years)").fill("38")
    page.get_by_label("Sex").select_option("female")
    page.get_by_role("button", name="Add patient").click()
    page.wait_for_url("**/patients/p-*")
    patient_url = page.url

    # PHQ-9 with item 9 = 1: any answer > 0 on item 9 must raise the urgent suicide-risk alert
    # (Kroenke et al. 2001, PMID 11556941; speciosa stance).
    page.get_by_role("link", name="PHQ-9", exact=True).click()
    for item in range(1, 10):
        page.locator(f"input[name=item{item}][value='1']").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{patient_url}*")
    banner = page.locator("#urgent")
    assert banner.is_visible()
    assert banner.locator("[data-code=suicide-risk]").count() == 1
    assert "Action:" in banner.inner_text()
    page.screenshot(path=str(OUTPUT / "e2e-02-urgent-banner.png"), full_page=True)

    # Kratom use and an opioid: the interaction screen's finding appears with its basis.
    page.get_by_label("Product").select_option("leaf-powder")
    page.get_by_label("Grams per dose").fill("3")
    page.locator("#kratom").get_by_label("Doses/day").fill("3")
    page.get_by_role("button", name="Record kratom use").click()
    page.wait_for_url(f"{patient_url}*")
    page.get_by_label("Medication").fill("oxycodone")
    page.get_by_role("button", name="Add medication").click()
    page.wait_for_url(f"{patient_url}*")
    finding = page.locator("#findings .finding", has_text="oxycodone")
    assert finding.count() == 1 and finding.first.is_visible()
    assert finding.first.get_attribute("data-severity") in ("major", "contraindicated", "moderate")
    page.locator("#findings").screenshot(path=str(OUTPUT / "e2e-03-interaction-finding.png"))

    # The care plan PDF downloads and is a PDF.
    with page.expect_download() as dl:
        page.get_by_role("link", name="Download care plan (PDF)").click()
    target = tmp_path / "plan.pdf"
    dl.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    # Same page on a tablet-sized portrait viewport: the banner is still the first thing shown.
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(patient_url)
    assert page.locator("#urgent").bounding_box()["y"] < 200  # type: ignore[index]
    page.screenshot(path=str(OUTPUT / "e2e-04-tablet.png"), full_page=False)
    ctx.close()


def test_no_external_requests(server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    """Every asset is served locally: no CDN, no third-party request from any page."""
    ctx = browser.new_context()
    page = ctx.new_page()
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(f"{server.url}/login")
    page.get_by_label("E-mail").fill("e2e@clinic.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/patients")
    assert seen and all(u.startswith(server.url) for u in seen)
    ctx.close()
