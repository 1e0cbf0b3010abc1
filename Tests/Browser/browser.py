"""What the real-browser tests share: Debian's chromium started headless through Debian's
chromium-driver (never a driver Selenium would download), one line printed per check, screenshots of
the whole page, and the phone-width check.

Used by serve_page.py (`screen serve`) and report_page.py (the `screen history` HTML report).
"""

import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def add_arguments(parser):
    """The options every browser script takes."""
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--driver", default="/usr/bin/chromedriver")


def start(args, width=1280, height=1000):
    """Headless Chromium at `width` x `height` CSS pixels."""
    options = webdriver.ChromeOptions()
    options.binary_location = args.chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=%d,%d" % (width, height), "--force-device-scale-factor=1", "--lang=en-GB"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=args.driver), options=options)


def check(condition, what):
    """Prints `ok: what`, or `FAIL: what` and exits 1."""
    if not condition:
        print("FAIL: " + what, flush=True)
        sys.exit(1)
    print("ok: " + what, flush=True)


def screenshot(driver, path, width):
    """The whole page from the top, at `width` CSS pixels."""
    driver.execute_script("window.scrollTo(0, 0); document.activeElement.blur()")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(height + 140, 2400))
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(path)


def check_no_sideways_scroll(driver):
    """Nothing on the page is wider than the window."""
    width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    check(width[0] <= width[1], "at %d px nothing scrolls sideways (%d <= %d)" % (width[1], width[0], width[1]))
