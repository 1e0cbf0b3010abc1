"""The `screen serve` page in a real browser: Debian's chromium, driven through chromedriver by Selenium.

Run by ServeBrowserTests (Swift) against a server it started with the test school's profile:

    .venv-browser/bin/python Tests/Browser/serve_page.py --url http://127.0.0.1:PORT/ --shots DIR

Types a draft naming a roster pupil as a person would (key by key, so the page's debounce is
exercised), checks the block banner, the highlighted and labelled name, the why/fix text and the safer
version; switches to the official account; clears the box with the keyboard; shows a trained
scorer's evidence when there is any; then checks the page at phone width. With --token-url (a second
server started with --token-file), checks that the page asks for the token and works once given it.
Screenshots go to DIR (serve.png, serve-phone.png). Prints one line per check and exits non-zero at
the first that fails.
"""

import argparse

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from browser import add_arguments, check, check_no_sideways_scroll, screenshot, start

DRAFT = (
    "Huge well done to Ben Smith in Year 10 for reaching the county final! "
    "So proud of our #TestProud team. Parents, text me on 07700 900123 for the photos."
)


def categories(driver):
    """The listed findings' categories, read in one step (the list is rebuilt as answers arrive)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#findings li'), li => li.dataset.category)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--shots", required=True)
    add_arguments(parser)
    parser.add_argument("--token-url")
    parser.add_argument("--token")
    args = parser.parse_args()

    driver = start(args)
    try:
        run(driver, args)
        if args.token_url:
            run_with_token(driver, args)
    finally:
        driver.quit()


def run(driver, args):
    wait = WebDriverWait(driver, 15)
    driver.get(args.url)
    verdict = driver.find_element(By.ID, "verdict")
    check(verdict.get_attribute("data-verdict") == "empty", "the page opens with an empty verdict")
    check(driver.find_element(By.CSS_SELECTOR, "label[for=draft]").text.strip() != "", "the draft box has a label")
    wait.until(lambda d: "Test Community School" in d.find_element(By.ID, "school").text)
    check(True, "the page names the school from the profile")

    draft = driver.find_element(By.ID, "draft")
    draft.click()
    draft.send_keys(DRAFT)
    wait.until(lambda d: d.find_element(By.ID, "verdict").get_attribute("data-verdict") == "block")
    check("Block" in verdict.text, "the banner says Block in words, not only in colour")

    name = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#marked mark.g-block"))
    check(name.text.startswith("Ben Smith"), "the pupil's name is highlighted in the marked-up draft")
    tag = name.find_element(By.CSS_SELECTOR, ".tag")
    check(tag.text.upper().startswith("BLOCK"), "the highlight carries a text label with its grade")
    under = driver.find_elements(By.CSS_SELECTOR, "#backdrop mark")
    check(any(m.get_attribute("textContent") == "Ben Smith" for m in under), "the name is marked in place under the draft box")

    listed = categories(driver)
    check("pupil-name" in listed and "contact-details" in listed, "findings list the name and the number")
    check("school-branding" in listed, "a personal account's post flags the school's hashtag")
    pupil = driver.find_element(By.CSS_SELECTOR, "#findings li[data-category=pupil-name]")
    check("Why:" in pupil.text and "Fix:" in pupil.text and "Ben S." in pupil.text, "each finding says why and how to fix it")

    copy = driver.find_element(By.ID, "copy")
    check(copy.is_enabled(), "the safer version can be copied")
    copy.click()
    safer = driver.find_element(By.ID, "safer").get_attribute("value")
    check("Ben S." in safer and "Ben Smith" not in safer and "07700" not in safer,
          "the safer version cuts the surname to an initial and drops the number")
    wait.until(lambda d: d.find_element(By.ID, "copy-status").text != "")
    screenshot(driver, args.shots + "/serve.png", 1280)

    driver.find_element(By.ID, "account-official").click()
    wait.until(lambda d: "school-branding" not in categories(d))
    check(driver.find_element(By.ID, "verdict").get_attribute("data-verdict") == "block",
          "on the official account the pupil's full name is still a block, and branding is not flagged")

    # Clear with the keyboard alone: Tab from the account choice to the Clear button, then Enter.
    official = driver.find_element(By.ID, "account-official")
    official.send_keys(Keys.TAB)
    active = driver.switch_to.active_element
    check(active.get_attribute("id") == "clear", "Tab reaches the Clear button")
    active.send_keys(Keys.ENTER)
    wait.until(lambda d: d.find_element(By.ID, "verdict").get_attribute("data-verdict") == "empty")
    check(driver.find_element(By.ID, "draft").get_attribute("value") == "", "Clear empties the draft")
    check(categories(driver) == [], "Clear empties the findings")
    check(driver.switch_to.active_element.get_attribute("id") == "draft", "Clear puts the cursor back in the draft box")

    # A trained scorer's finding shows the words that carried it. Whether this insinuation is the
    # scorer's (rather than a rule's) depends on the shipped weights, so the check applies when it is.
    draft.send_keys("Why is the business manager suddenly driving a brand new Range Rover?")
    wait.until(lambda d: d.find_element(By.ID, "verdict").get_attribute("data-verdict") not in ("empty", "error"))
    scored = driver.find_elements(By.CSS_SELECTOR, "#findings li[data-rule$='.model']")
    if scored:
        check(all("Words that carried this" in li.text for li in scored), "a trained scorer's finding shows its evidence")
    else:
        print("note: no trained-scorer finding on this draft with the shipped weights", flush=True)
    driver.find_element(By.ID, "clear").click()
    wait.until(lambda d: d.find_element(By.ID, "verdict").get_attribute("data-verdict") == "empty")

    # Phone width: nothing wider than the screen.
    driver.set_window_size(420, 1500)
    driver.find_element(By.ID, "account-personal").click()
    draft = driver.find_element(By.ID, "draft")
    draft.send_keys(DRAFT)
    wait.until(lambda d: d.find_element(By.ID, "verdict").get_attribute("data-verdict") == "block")
    check_no_sideways_scroll(driver)
    screenshot(driver, args.shots + "/serve-phone.png", 420)
    storage = driver.execute_script("return [localStorage.length, sessionStorage.length, document.cookie]")
    check(storage == [0, 0, ""], "nothing typed is kept in the browser")


def run_with_token(driver, args):
    """A server started with --token-file: the page asks for the token, and checks drafts once given it."""
    wait = WebDriverWait(driver, 15)
    driver.get(args.token_url)
    token = driver.find_element(By.ID, "token")
    wait.until(lambda d: token.is_displayed())
    check(True, "the page asks for the token when the server needs one")
    draft = driver.find_element(By.ID, "draft")
    draft.send_keys("Well done Kai Varty!")
    wait.until(lambda d: d.find_element(By.ID, "verdict").get_attribute("data-verdict") == "error")
    check("token" in driver.find_element(By.ID, "verdict").text, "without the token the banner says to enter it")
    token.send_keys(args.token)
    wait.until(lambda d: d.find_element(By.ID, "verdict").get_attribute("data-verdict") == "block")
    check(True, "with the token the draft is checked")
    check(driver.execute_script("return [localStorage.length, sessionStorage.length, document.cookie]") == [0, 0, ""],
          "the token is not kept in the browser")


if __name__ == "__main__":
    main()
