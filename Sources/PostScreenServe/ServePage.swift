import Hummingbird

/// `GET /`: the page staff use. One self-contained document (no fonts, scripts or styles from
/// anywhere else, so it works offline and on a school network that blocks CDNs); it calls
/// `POST /v1/screen` as the person types and keeps nothing: no cookies, no storage, no logs.
enum ServePage {
    static func response() -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .cacheControl: "no-store",
                // Only this document's own script and styles run, and it can talk only to this server.
                .contentSecurityPolicy:
                    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
                    + "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                .xContentTypeOptions: "nosniff",
                HTTPFields.Element.Name("Referrer-Policy")!: "no-referrer",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static let html = #"""
        <!doctype html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>PostScreen — check a post before you share it</title>
        <style>
          :root {
            --ink: #1b1b1f; --muted: #4a4a55; --paper: #ffffff; --wash: #f4f4f7; --line: #c9c9d3; --focus: #1a56db;
            --block: #9b0d1d; --block-bg: #fde2e4; --warning: #8a4100; --warning-bg: #ffe6cc;
            --caution: #6b5200; --caution-bg: #fff3bf; --notice: #1e4b8f; --notice-bg: #dde9fb;
            --clear: #1d5e2c; --clear-bg: #dcf2e0;
            --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
            --mono: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
          }
          * { box-sizing: border-box; }
          body { margin: 0; font: 16px/1.5 var(--font); color: var(--ink); background: var(--wash); }
          header { background: #22223b; color: #fff; padding: .75rem 1rem; }
          header h1 { font-size: 1.2rem; margin: 0; }
          header p { margin: .1rem 0 0; font-size: .9rem; color: #e4e4ee; }
          /* Narrow: one column, the verdict and findings straight after the draft box. Wide: the draft, its
             marked-up copy and the safer version on the left, the verdict and findings on the right. */
          main { max-width: 72rem; margin: 0 auto; padding: 1rem; display: flex; flex-direction: column; gap: 1rem; }
          .column { display: contents; }
          #form { order: 1; } #results { order: 2; } #marked-section { order: 3; } #safer-section { order: 4; }
          @media (min-width: 60rem) {
            main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); align-items: start; }
            .column { display: flex; flex-direction: column; gap: 1rem; min-width: 0; }
          }
          section, form { background: var(--paper); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; min-width: 0; }
          h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
          label, legend { font-weight: 600; }
          .hint { color: var(--muted); font-size: .9rem; margin: .25rem 0 .5rem; }
          /* The draft box: a transparent textarea over a copy of its text in which findings are marked. */
          .editor { position: relative; margin-top: .25rem; }
          .editor textarea, .editor .backdrop {
            font: 1rem/1.5 var(--font); padding: .6rem .7rem; border: 2px solid var(--line); border-radius: .4rem;
            width: 100%; min-height: 11rem; margin: 0; white-space: pre-wrap; overflow-wrap: break-word; word-break: normal;
            letter-spacing: normal; tab-size: 4;
          }
          .editor .backdrop { position: absolute; inset: 0; overflow: hidden; color: transparent; background: var(--paper); pointer-events: none; }
          .editor textarea { position: relative; display: block; resize: vertical; background: transparent; color: var(--ink); caret-color: var(--ink); }
          .editor textarea:focus { outline: 3px solid var(--focus); outline-offset: 1px; border-color: var(--focus); }
          .backdrop mark { color: transparent; border-radius: 2px; }
          /* Grades are told by colour, by the line under the span (solid, dashed, dotted, double) and by name. */
          mark.g-block { background: var(--block-bg); box-shadow: inset 0 -3px 0 var(--block); }
          mark.g-warning { background: var(--warning-bg); text-decoration: underline dashed var(--warning) 2px; text-underline-offset: 3px; }
          mark.g-caution { background: var(--caution-bg); text-decoration: underline dotted var(--caution) 2px; text-underline-offset: 3px; }
          mark.g-notice { background: var(--notice-bg); text-decoration: underline double var(--notice); text-underline-offset: 3px; }
          fieldset { border: 0; padding: 0; margin: .75rem 0 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; align-items: center; }
          fieldset legend { float: left; margin-right: .5rem; padding: 0; }
          fieldset label { font-weight: 400; display: inline-flex; gap: .35rem; align-items: center; min-height: 2.75rem; }
          input[type=radio] { width: 1.15rem; height: 1.15rem; accent-color: var(--focus); }
          .row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-top: .75rem; }
          button { font: inherit; font-weight: 600; padding: .55rem 1rem; min-height: 2.75rem; border-radius: .4rem; border: 2px solid #22223b; background: #22223b; color: #fff; cursor: pointer; }
          button.secondary { background: var(--paper); color: #22223b; }
          button:disabled { background: #e6e6ec; border-color: #b9b9c4; color: #55555f; cursor: not-allowed; }
          button:focus-visible, input:focus-visible, a:focus-visible, li:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
          #token-row input { font: inherit; padding: .45rem .6rem; border: 2px solid var(--line); border-radius: .4rem; min-width: 0; flex: 1 1 12rem; }
          /* The verdict banner: icon, grade name and what to do, never colour alone. */
          .verdict { border-radius: .5rem; padding: .8rem 1rem; border: 2px solid var(--line); background: var(--paper); font-weight: 600; }
          .verdict .what { display: block; font-weight: 400; }
          .verdict[data-verdict=block] { background: var(--block-bg); border-color: var(--block); color: var(--block); }
          .verdict[data-verdict=warning] { background: var(--warning-bg); border-color: var(--warning); color: var(--warning); }
          .verdict[data-verdict=caution] { background: var(--caution-bg); border-color: var(--caution); color: var(--caution); }
          .verdict[data-verdict=notice] { background: var(--notice-bg); border-color: var(--notice); color: var(--notice); }
          .verdict[data-verdict=clear] { background: var(--clear-bg); border-color: var(--clear); color: var(--clear); }
          .verdict[data-verdict=error] { background: var(--block-bg); border-color: var(--block); color: var(--block); }
          .verdict .what, .verdict[data-verdict] .what { color: var(--ink); }
          #marked { white-space: pre-wrap; overflow-wrap: break-word; margin: 0; padding: .6rem .7rem; background: var(--wash); border-radius: .4rem; min-height: 2.5rem; }
          #marked mark { color: var(--ink); padding: 0 1px; }
          .tag { display: inline-block; font-size: .72rem; font-weight: 700; line-height: 1.2; vertical-align: .12em; margin-left: .2rem; padding: 0 .3rem; border-radius: .6rem; color: #fff; white-space: nowrap; text-transform: uppercase; letter-spacing: .02em; }
          .t-block { background: var(--block); } .t-warning { background: var(--warning); } .t-caution { background: var(--caution); } .t-notice { background: var(--notice); }
          #findings { list-style: none; margin: 0; padding: 0; display: grid; gap: .6rem; }
          #findings li { border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: .4rem; padding: .6rem .75rem; }
          #findings li.g-block { border-left-color: var(--block); } #findings li.g-warning { border-left-color: var(--warning); border-left-style: dashed; }
          #findings li.g-caution { border-left-color: var(--caution); border-left-style: dotted; } #findings li.g-notice { border-left-color: var(--notice); border-left-style: double; }
          #findings .head { display: flex; flex-wrap: wrap; gap: .25rem .5rem; align-items: baseline; }
          #findings .span { font-family: var(--mono); font-size: .9rem; background: var(--wash); padding: 0 .25rem; border-radius: .25rem; overflow-wrap: anywhere; }
          #findings p { margin: .3rem 0 0; }
          #findings .label { font-weight: 600; }
          #findings button { margin-top: .4rem; padding: .25rem .6rem; min-height: 2.25rem; font-size: .9rem; }
          #safer { width: 100%; min-height: 6rem; font: 1rem/1.5 var(--font); padding: .6rem .7rem; border: 2px solid var(--line); border-radius: .4rem; background: var(--wash); }
          .empty { color: var(--muted); }
          footer { max-width: 72rem; margin: 0 auto; padding: 0 1rem 2rem; color: var(--muted); font-size: .9rem; }
          .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
          [hidden] { display: none !important; }
        </style>
        </head>
        <body>
        <header>
          <h1>PostScreen</h1>
          <p id="school">Check a post before you share it.</p>
        </header>
        <main>
          <div class="column">
          <form id="form" autocomplete="off" aria-describedby="privacy">
            <label for="draft">Your draft post</label>
            <p class="hint" id="draft-hint">Type or paste it here. It is checked as you type; marked words are explained alongside.</p>
            <div class="editor">
              <div class="backdrop" id="backdrop" aria-hidden="true"></div>
              <textarea id="draft" name="draft" rows="8" aria-describedby="draft-hint verdict" spellcheck="true"></textarea>
            </div>
            <fieldset>
              <legend>Posting from</legend>
              <label><input type="radio" name="account" id="account-personal" value="personal" checked> my own account</label>
              <label><input type="radio" name="account" id="account-official" value="official"> the school's official account</label>
            </fieldset>
            <div class="row" id="token-row" hidden>
              <label for="token">Access token</label>
              <input type="password" id="token" autocomplete="off" aria-describedby="token-hint">
              <span class="hint" id="token-hint">This server asks for the token your IT team gave you. It is kept only while this tab is open.</span>
            </div>
            <div class="row">
              <button type="button" id="clear" class="secondary">Clear</button>
            </div>
          </form>
          <section id="marked-section" aria-labelledby="marked-title">
            <h2 id="marked-title">Your draft, marked up</h2>
            <p class="hint">Each marked part is labelled with its grade and number in the list.</p>
            <p id="marked" class="empty">Nothing yet.</p>
          </section>
          <section id="safer-section" aria-labelledby="safer-title">
            <h2 id="safer-title">A safer version</h2>
            <p class="hint" id="safer-hint">Pupils' surnames are cut to an initial and phone numbers and email addresses are taken out. Anything else marked needs you to rewrite it.</p>
            <div class="row" style="margin-top:0">
              <button type="button" id="copy" disabled aria-describedby="safer-hint">Copy the safer version</button>
              <span id="copy-status" role="status" aria-live="polite"></span>
            </div>
            <label for="safer" class="visually-hidden">The safer version</label>
            <textarea id="safer" readonly hidden></textarea>
          </section>
          </div>
          <section id="results" aria-labelledby="findings-title">
            <div id="verdict" class="verdict" role="status" aria-live="polite" data-verdict="empty">
              Nothing to check yet.<span class="what">Type or paste a draft to check it.</span>
            </div>
            <h2 id="findings-title" style="margin-top:1rem">What to change</h2>
            <ol id="findings" aria-live="off"></ol>
            <p id="no-findings" class="empty">Findings appear here as you type.</p>
          </section>
        </main>
        <footer id="privacy">
          Nothing you type is stored or logged: the draft is checked by this server and forgotten.
          Grades, lowest first: notice (fine to post), caution (read again), warning (edit before posting), block (do not post).
        </footer>
        <script>
        "use strict";
        (function () {
          const $ = (id) => document.getElementById(id);
          const draft = $("draft"), backdrop = $("backdrop"), verdict = $("verdict"), list = $("findings");
          const marked = $("marked"), copy = $("copy"), safer = $("safer"), copyStatus = $("copy-status");
          const tokenRow = $("token-row"), tokenInput = $("token"), noFindings = $("no-findings");
          const GRADES = {
            block: { icon: "\u2298", name: "Block", what: "Do not post this: it is a clear breach of the social media policy." },
            warning: { icon: "\u26A0", name: "Warning", what: "Edit before posting: this is likely to breach the policy." },
            caution: { icon: "\u25C6", name: "Caution", what: "Read it again before posting: it may breach the policy in context." },
            notice: { icon: "\u2139", name: "Notice", what: "Fine to post; there is something worth knowing below." },
          };
          let needsToken = false, sequence = 0, timer = 0, inFlight = null, lastReport = null;

          function account() { return $("account-official").checked ? "official" : "personal"; }
          function headers(type) {
            const h = { "Content-Type": type };
            if (needsToken && tokenInput.value) h["Authorization"] = "Bearer " + tokenInput.value.trim();
            return h;
          }
          function el(tag, cls, text) {
            const e = document.createElement(tag);
            if (cls) e.className = cls;
            if (text !== undefined) e.textContent = text;
            return e;
          }

          // Findings give UTF-8 byte offsets; the page's strings index by UTF-16 code unit.
          function byteIndex(text) {
            const map = new Map();
            let bytes = 0, i = 0;
            map.set(0, 0);
            for (const ch of text) {
              const cp = ch.codePointAt(0);
              bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
              i += ch.length;
              map.set(bytes, i);
            }
            return (b) => map.has(b) ? map.get(b) : text.length;
          }

          // Non-overlapping spans in order: where spans overlap, the first (by position) keeps its place.
          function spans(text, findings) {
            const at = byteIndex(text), out = [];
            findings.forEach((f, n) => out.push({ start: at(f.start), end: at(f.end), grade: f.grade, n: n + 1 }));
            out.sort((a, b) => a.start - b.start || b.end - a.end);
            const kept = [];
            let end = 0;
            for (const s of out) { if (s.start >= end && s.end > s.start) { kept.push(s); end = s.end; } }
            return kept;
          }

          function paint(target, text, kept, labelled) {
            target.textContent = "";
            let pos = 0;
            for (const s of kept) {
              target.append(text.slice(pos, s.start));
              const m = el("mark", "g-" + s.grade, text.slice(s.start, s.end));
              m.dataset.grade = s.grade;
              if (labelled) {
                m.id = "span-" + s.n;
                m.append(el("span", "tag t-" + s.grade, GRADES[s.grade].name + " " + s.n));
              }
              target.append(m);
              pos = s.end;
            }
            // A final newline needs a character after it to take up its line in the backdrop.
            target.append(text.slice(pos) + (labelled ? "" : "\u200B"));
          }

          // The icon is decoration (hidden from screen readers); the words carry the verdict.
          function showVerdict(kind, headline, what, icon) {
            verdict.dataset.verdict = kind;
            verdict.textContent = "";
            if (icon) {
              const i = el("span", "icon", icon + " ");
              i.setAttribute("aria-hidden", "true");
              verdict.append(i);
            }
            verdict.append(headline, el("span", "what", what));
          }

          function render(text, report) {
            lastReport = { text, report };
            const findings = report.findings;
            const kept = spans(text, findings);
            paint(backdrop, text, kept, false);
            syncScroll();
            if (text.length) { paint(marked, text, kept, true); marked.classList.remove("empty"); }
            else { marked.textContent = "Nothing yet."; marked.classList.add("empty"); }
            list.textContent = "";
            findings.forEach((f, i) => list.append(findingItem(f, i + 1, text)));
            noFindings.hidden = findings.length > 0;
            noFindings.textContent = text.trim().length ? "Nothing to change." : "Findings appear here as you type.";
            const v = report.verdict;
            if (!text.trim().length) showVerdict("empty", "Nothing to check yet.", "Type or paste a draft to check it.");
            else if (v === "clear") showVerdict("clear", "Clear: nothing found.", "Read it once more as a parent or a journalist would, then post.", "\u2713");
            else {
              const g = GRADES[v], n = findings.length;
              showVerdict(v, g.name + ": " + n + (n === 1 ? " thing" : " things") + " to look at.", g.what, g.icon);
            }
            if (report.safer_text !== undefined) {
              copy.disabled = false;
              safer.value = report.safer_text;
              safer.hidden = false;
            } else {
              copy.disabled = true;
              safer.hidden = true;
              safer.value = "";
            }
            copyStatus.textContent = findings.length && report.safer_text === undefined ? "Nothing here can be fixed automatically." : "";
          }

          function findingItem(f, n, text) {
            const li = el("li", "g-" + f.grade);
            li.dataset.grade = f.grade;
            li.dataset.category = f.category;
            li.dataset.rule = f.rule;
            const head = el("div", "head");
            head.append(el("span", "tag t-" + f.grade, GRADES[f.grade].name + " " + n));
            head.append(el("strong", "", f.message));
            head.append(el("span", "span", f.text));
            li.append(head);
            const why = el("p");
            why.append(el("span", "label", "Why: "), f.reason);
            li.append(why);
            if (f.suggestion) {
              const fix = el("p");
              fix.append(el("span", "label", "Fix: "), f.suggestion);
              li.append(fix);
            }
            if (f.evidence && f.evidence.length) {
              const ev = el("p", "evidence");
              ev.append(el("span", "label", "Words that carried this: "), f.evidence.map((w) => "\u201C" + w + "\u201D").join(", "));
              li.append(ev);
            }
            const show = el("button", "secondary", "Show in draft");
            show.type = "button";
            show.setAttribute("aria-label", "Show \u201C" + f.text + "\u201D in the draft");
            show.addEventListener("click", () => {
              const at = byteIndex(text);
              draft.focus();
              draft.setSelectionRange(at(f.start), at(f.end));
            });
            li.append(show);
            return li;
          }

          async function check() {
            const text = draft.value, mine = ++sequence;
            if (inFlight) inFlight.abort();
            if (!text.trim().length) { render(text, { verdict: "clear", findings: [] }); return; }
            if (needsToken && !tokenInput.value.trim()) {
              showVerdict("error", "Enter the access token to check drafts.", "This server asks for a token; your IT team has it.");
              return;
            }
            inFlight = new AbortController();
            try {
              const response = await fetch("v1/screen", {
                method: "POST", headers: headers("application/json"), signal: inFlight.signal,
                body: JSON.stringify({ text, account: account() }),
              });
              const body = await response.json();
              if (mine !== sequence) return;
              if (!response.ok) {
                if (response.status === 401) { needsToken = true; tokenRow.hidden = false; }
                showVerdict("error", "Could not check the draft.", (body.error && body.error.message) || ("The server answered " + response.status + "."));
                return;
              }
              render(text, body);
            } catch (e) {
              if (e.name === "AbortError" || mine !== sequence) return;
              showVerdict("error", "Could not check the draft.", "The PostScreen server did not answer. Is it still running?");
            }
          }

          function schedule(delay) { clearTimeout(timer); timer = setTimeout(check, delay); }
          function syncScroll() { backdrop.scrollTop = draft.scrollTop; backdrop.scrollLeft = draft.scrollLeft; }

          draft.addEventListener("input", () => {
            // Keep the marks under the text while the next answer is on its way.
            if (lastReport && lastReport.text !== draft.value) paint(backdrop, draft.value, [], false);
            schedule(250);
          });
          draft.addEventListener("scroll", syncScroll);
          new ResizeObserver(() => { backdrop.style.height = draft.offsetHeight + "px"; syncScroll(); }).observe(draft);
          document.querySelectorAll("input[name=account]").forEach((r) => r.addEventListener("change", () => schedule(0)));
          tokenInput.addEventListener("input", () => schedule(400));
          $("clear").addEventListener("click", () => {
            draft.value = "";
            copyStatus.textContent = "";
            schedule(0);
            draft.focus();
          });
          $("form").addEventListener("submit", (e) => e.preventDefault());
          copy.addEventListener("click", async () => {
            const text = safer.value;
            let done = false;
            try {
              if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); done = true; }
            } catch (e) { done = false; }
            if (!done) {
              safer.focus();
              safer.select();
              try { done = document.execCommand("copy"); } catch (e) { done = false; }
            }
            copyStatus.textContent = (done ? "Copied." : "Select the text below and copy it.")
              + " Anything else marked above still needs you to rewrite it.";
          });

          fetch("v1/health").then((r) => r.json()).then((h) => {
            needsToken = h.auth === "bearer";
            tokenRow.hidden = !needsToken;
            if (h.default_account === "official") $("account-official").checked = true;
            return needsToken ? null : fetch("v1/profile").then((r) => r.ok ? r.json() : null);
          }).then((p) => {
            if (p && p.school && p.school.name) {
              $("school").textContent = "Checking posts against " + p.school.name + "'s profile. Check a post before you share it.";
            }
          }).catch(() => {});
          if (draft.value) schedule(0);
        })();
        </script>
        </body>
        </html>
        """#
}
