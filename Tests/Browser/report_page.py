"""The `screen history` HTML report in a real browser: Debian's chromium, driven through chromedriver
by Selenium.

Check (run by ReportBrowserTests, Swift), against the run's own JSONL output and its input:

    .venv-browser/bin/python Tests/Browser/report_page.py --report report.html --jsonl out.jsonl --input in.jsonl

Loads the page from the file with nothing else to fetch, checks the cards and the list's counts
against counts made here from the JSONL, clicks the grade filters, picks a category and a year, types
a search, turns a page, and checks that nothing scrolls sideways at 420 px. Prints one line per check
and exits non-zero at the first that fails.

Measure (for a large history; prints the figures, asserts nothing):

    .venv-browser/bin/python Tests/Browser/report_page.py --report report.html --measure

Agree (no browser; scripts/report-scale.sh): the cards, list, chart and summary against the JSONL.

    .venv-browser/bin/python Tests/Browser/report_page.py --report report.html --jsonl out.jsonl --summary summary.json --agree
"""

import argparse
import json
import os
import re
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import add_arguments, check, check_no_sideways_scroll, screenshot, start

GRADES = ["notice", "caution", "warning", "block"]


def account(line):
    """The account the report files a post under (HistoryReportList.account in Swift)."""
    url, source = line.get("url"), line.get("source") or "unknown"
    if not url or "://" not in url:
        return source
    parts = url.split("://", 1)[1].split("/")
    if len(parts) < 3:
        return source
    host = parts[0].lower()
    if host in ("x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"):
        return "@" + parts[1] if parts[2] == "status" and parts[1] != "i" else source
    if parts[1].startswith("@") and len(parts[1]) > 1:
        return parts[1] + "@" + host
    if parts[1] == "users" and len(parts) >= 4 and parts[3] == "statuses":
        return "@" + parts[2] + "@" + host
    return source


def expected(jsonl, texts, minimum="caution"):
    """The flagged posts as the report should list them, from the JSONL and the input's texts."""
    low = GRADES.index(minimum)
    posts = []
    lines = [json.loads(l) for l in open(jsonl, encoding="utf-8") if l.strip()]
    for line in lines:
        shown = [f for f in line["findings"] if GRADES.index(f["grade"]) >= low]
        if not shown:
            continue
        text = texts.get(line["id"], "")
        hay = "\n".join([text, line["id"], account(line)] + [x for f in shown for x in (f["text"], f["message"])]).lower()
        posts.append({
            "grade": max(GRADES.index(f["grade"]) for f in shown),
            "categories": {f["category"] for f in shown},
            "year": (line.get("created_at") or "")[:4] if (line.get("created_at") or "")[:4].isdigit() else "undated",
            "account": account(line),
            "hay": hay,
        })
    return lines, posts


def shown(driver):
    """The list's counts as the page shows them: matching, listed, range, and the grades of the posts drawn."""
    return driver.execute_script("""
        return [document.getElementById('matching').textContent, document.getElementById('listed').textContent,
                document.getElementById('range').textContent,
                Array.from(document.querySelectorAll('#posts article'), a => a.className.split('g-')[1])]""")


def number(text):
    return int(text.replace(",", ""))


def run_checks(driver, args):
    wait = WebDriverWait(driver, 30)
    texts = {}
    for l in open(args.input, encoding="utf-8"):
        if l.strip():
            record = json.loads(l)
            texts[str(record["id"])] = record["text"]
    lines, posts = expected(args.jsonl, texts)
    driver.get("file://" + os.path.abspath(args.report))
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
    check(True, "the report loads from the file and draws its list")
    fetched = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    check(fetched == [], "it fetches nothing: no script, style, font or image from elsewhere (%r)" % fetched[:3])
    check("PostScreen" in driver.find_element(By.ID, "provenance").text and "SHA-256" in driver.find_element(By.ID, "provenance").text
          or "built-in" in driver.find_element(By.ID, "provenance").text,
          "a provenance line names the version and the profile")
    check(len(driver.find_elements(By.CSS_SELECTOR, "details.key li")) == 5, "a key explains the grades")

    cards = {c.get_attribute("data-card"): int(c.get_attribute("data-n")) for c in driver.find_elements(By.CSS_SELECTOR, ".card")}
    check(cards["posts"] == len(lines), "the posts card counts the JSONL's lines (%d)" % len(lines))
    for grade in ("block", "warning", "caution"):
        n = sum(1 for l in lines if l["verdict"] == grade)
        check(cards[grade] == n, "the %s card agrees with the JSONL (%d)" % (grade, n))

    matching, listed, rng, grades = shown(driver)
    check(number(listed) == len(posts) and number(matching) == len(posts),
          "the list holds every flagged post in the JSONL (%d)" % len(posts))
    check(len(grades) == min(50, len(posts)), "a page of at most 50 posts is drawn (%d)" % len(grades))
    order = [GRADES.index(g) for g in grades]
    check(order == sorted(order, reverse=True), "blocks come first, then warnings, then cautions")

    # Click the filters: warnings and cautions off leaves the blocks.
    for g in ("warning", "caution"):
        driver.find_element(By.CSS_SELECTOR, "input[name=grade][value='%d']" % GRADES.index(g)).click()
    blocks = sum(1 for p in posts if p["grade"] == 3)
    matching, _, _, grades = shown(driver)
    check(number(matching) == blocks and set(grades) <= {"block"}, "clicking warning and caution off leaves the %d blocks" % blocks)
    for g in ("warning", "caution"):
        driver.find_element(By.CSS_SELECTOR, "input[name=grade][value='%d']" % GRADES.index(g)).click()
    check(number(shown(driver)[0]) == len(posts), "clicking them on again brings every post back")

    category = max({c for p in posts for c in p["categories"]}, key=lambda c: sum(c in p["categories"] for p in posts))
    options = Select(driver.find_element(By.ID, "f-category"))
    options.select_by_value(str(driver.execute_script(
        "return JSON.parse(document.getElementById('report-data').textContent).categories.indexOf(arguments[0])", category)))
    n = sum(1 for p in posts if category in p["categories"])
    check(number(shown(driver)[0]) == n, "the category filter (%s) shows its %d posts" % (category, n))

    year = max({p["year"] for p in posts})
    Select(driver.find_element(By.ID, "f-year")).select_by_value(year)
    n = sum(1 for p in posts if category in p["categories"] and p["year"] == year)
    check(number(shown(driver)[0]) == n, "with the year %s as well: %d posts" % (year, n))
    Select(driver.find_element(By.ID, "f-category")).select_by_value("")
    Select(driver.find_element(By.ID, "f-year")).select_by_value("")

    accounts = Select(driver.find_element(By.ID, "f-account"))
    check(len(accounts.options) == 1 + len({p["account"] for p in posts}), "the account filter lists each account")

    words = args.search.lower().split()
    box = driver.find_element(By.ID, "f-search")
    box.send_keys(args.search)
    n = sum(1 for p in posts if all(w in p["hay"] for w in words))
    wait.until(lambda d: number(shown(d)[0]) == n)
    check(n > 0, "typing %r finds the %d posts that contain it" % (args.search, n))
    marks = driver.execute_script("return document.querySelectorAll('#posts mark').length")
    check(marks > 0, "their findings are highlighted in the text (%d marks)" % marks)
    box.clear()
    box.send_keys(" ")
    wait.until(lambda d: number(shown(d)[0]) == len(posts))

    if len(posts) > 50:
        driver.find_element(By.ID, "next").click()
        WebDriverWait(driver, 5).until(lambda d: shown(d)[2] != "1–50")
        rng = shown(driver)[2]
        check(rng == "51–%d" % min(100, len(posts)), "Next shows the second page (%s)" % rng)
        driver.find_element(By.ID, "prev").click()

    if args.shots:
        screenshot(driver, os.path.join(args.shots, "report.png"), 1100)
    driver.set_window_size(420, 1500)
    check_no_sideways_scroll(driver)
    if args.shots:
        screenshot(driver, os.path.join(args.shots, "report-phone.png"), 420)


def measure(driver, args):
    """File size, first contentful paint, and the time until the list is drawn, from navigation start."""
    # A page that takes minutes to load must not time out the client's request for it.
    driver.command_executor._client_config.timeout = 900
    driver.set_page_load_timeout(900)
    began = time.time()
    driver.get("file://" + os.path.abspath(args.report))
    loaded = time.time() - began
    figures = driver.execute_script("""
        var n = performance.getEntriesByType('navigation')[0] || {};
        var paint = performance.getEntriesByName('first-contentful-paint')[0];
        var list = performance.getEntriesByName('report-list-drawn')[0];
        return [paint ? paint.startTime : null, list ? list.startTime : null, n.domContentLoadedEventEnd || null,
                n.loadEventEnd || null, document.querySelectorAll('article').length]""")
    # A search and a grade filter over every embedded post, each timed around its event.
    filtering = driver.execute_script("""
        var box = document.getElementById('f-search'), t0 = performance.now();
        box.value = 'text me';
        box.form.dispatchEvent(new Event('change'));
        var t1 = performance.now(), found = document.getElementById('matching').textContent;
        box.value = '';
        box.form.dispatchEvent(new Event('change'));
        var grade = document.querySelector('input[name=grade]'), t2 = performance.now();
        grade.click();
        var t3 = performance.now();
        grade.click();
        return [t1 - t0, found, t3 - t2]""")
    print(json.dumps({
        "bytes": os.path.getsize(args.report),
        "first_contentful_paint_ms": figures[0],
        "list_drawn_ms": figures[1],
        "dom_content_loaded_ms": figures[2],
        "load_event_end_ms": figures[3],
        "driver_get_s": round(loaded, 2),
        "articles_in_dom": figures[4],
        "search_ms": round(filtering[0], 1),
        "search_matches": filtering[1],
        "grade_filter_ms": round(filtering[2], 1),
    }), flush=True)


def agree(args):
    """Checks that the report and the summary say what the JSONL says; prints the counts."""
    lines = [json.loads(l) for l in open(args.jsonl, encoding="utf-8") if l.strip()]
    summary = json.load(open(args.summary, encoding="utf-8"))
    html = open(args.report, encoding="utf-8").read()
    verdicts = {g: sum(1 for l in lines if l["verdict"] == g) for g in GRADES + ["clear"]}
    flagged = sum(verdicts[g] for g in ("caution", "warning", "block"))
    charted = sum(1 for l in lines if l.get("created_at") for f in l["findings"] if f["grade"] != "notice")
    cards = {k: int(n) for k, n in re.findall(r'data-card="(\w+)" data-n="(\d+)"', html)}
    data = json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S).group(1))
    chart = sum(int(n) for n in re.findall(r"<title>\w+ \d{4}: (\d+) [\w-]+</title>", html))
    capped = re.search(r"This page holds ([\d,]+) of the ([\d,]+) flagged posts", html)
    print(json.dumps({"lines": len(lines), "ids": len({l["id"] for l in lines}), "flagged": flagged, "verdicts": verdicts,
                      "cards": cards, "summary_by_verdict": summary["by_verdict"], "embedded": len(data["posts"]),
                      "capped": capped.groups() if capped else None, "chart": chart, "charted": charted,
                      "interrupted": summary["interrupted"]}), flush=True)
    check(len({l["id"] for l in lines}) == len(lines), "every id in the JSONL is there once")
    check(cards["posts"] == len(lines) == summary["screened"] + summary["resumed"], "posts: card, summary and JSONL agree")
    for g in ("block", "warning", "caution"):
        check(cards[g] == verdicts[g] == summary["by_verdict"][g], "%s: card, summary and JSONL agree (%d)" % (g, verdicts[g]))
    check(summary["flagged"] == flagged and "Flagged posts (%s)" % format(flagged, ",") in html, "the list's heading counts every flagged post")
    check(len(data["posts"]) == flagged or (capped and int(capped.group(1).replace(",", "")) == len(data["posts"])
                                            and int(capped.group(2).replace(",", "")) == flagged),
          "the page holds every flagged post, or says how many it holds of them")
    check(chart == charted, "the chart counts the dated findings at caution or above (%d)" % charted)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--report", required=True)
    parser.add_argument("--jsonl")
    parser.add_argument("--input")
    parser.add_argument("--search", default="text me")
    parser.add_argument("--shots")
    parser.add_argument("--summary")
    parser.add_argument("--measure", action="store_true")
    parser.add_argument("--agree", action="store_true")
    add_arguments(parser)
    args = parser.parse_args()
    if args.agree:
        agree(args)
        return
    driver = start(args, 1100, 1000)
    try:
        if args.measure:
            measure(driver, args)
        else:
            run_checks(driver, args)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
