// Opens GraphiQL at the URL given in headless Chromium (playwright-core,
// Debian's /usr/bin/chromium or $CHROMIUM), waits for it to load the schema,
// opens the documentation explorer on the Query type, runs the query given,
// and prints one JSON line: what the explorer shows, the result pane's text,
// and every console error, failed request and Content-Security-Policy
// violation seen.
//
//   node graphiql-check.js http://127.0.0.1:8080/ '{ __typename }'
"use strict";
const { chromium } = require("playwright-core");
const fs = require("fs");
const os = require("os");
const path = require("path");

async function main() {
  const [url, query] = process.argv.slice(2);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "radhus-chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const out = { consoleErrors: [], cspViolations: [], failedRequests: [], docs: "", result: "" };
  const page = browser.pages()[0] || (await browser.newPage());
  try {
    page.on("console", (m) => {
      if (m.type() === "error") out.consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => out.consoleErrors.push(String(e)));
    page.on("response", (r) => {
      if (r.status() >= 400) out.failedRequests.push(r.status() + " " + r.url());
    });
    page.on("requestfailed", (r) => out.failedRequests.push(r.failure().errorText + " " + r.url()));
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        window.__csp.push(e.violatedDirective + " " + e.blockedURI));
    });
    await page.goto(url, { waitUntil: "load" });
    // The schema is loaded once the explorer lists the root types.
    await page.getByRole("button", { name: /documentation explorer/i }).click();
    const docs = page.locator(".graphiql-doc-explorer");
    await docs.getByText("Query", { exact: true }).first().waitFor({ timeout: 20000 });
    await docs.getByText("Query", { exact: true }).first().click();
    await docs.getByText("page", { exact: true }).first().waitFor({ timeout: 10000 });
    out.docs = await docs.innerText();
    // Run a query through the editor, as a person would.
    const editor = page.locator(".graphiql-query-editor .CodeMirror").first();
    await editor.click();
    await page.evaluate((q) => document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror.setValue(q), query);
    await page.getByRole("button", { name: /execute query/i }).click();
    const result = page.locator(".result-window");
    await result.getByText('"data"').first().waitFor({ timeout: 20000 });
    out.result = await result.innerText();
  } catch (e) {
    out.error = String(e && e.message || e);
  } finally {
    out.cspViolations = await page.evaluate(() => window.__csp).catch(() => []);
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + "\n");
  process.exit(1);
});
