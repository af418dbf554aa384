// Runs axe-core in headless Chromium (through chromedriver, WebDriver over
// HTTP) on each page given, and fails on any violation of the WCAG 2.0/2.1
// A and AA rules.
//
//   node .ci/axe-check.mjs AXE_JS PAGE...   (PAGE: a file or an http:// URL)
//
// Prints one line per page, and each violation with its rule, impact, help
// and the elements it found.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [axePath, ...pages] = process.argv.slice(2);
if (!axePath || pages.length === 0) {
  console.error("usage: node .ci/axe-check.mjs AXE_JS PAGE...");
  process.exit(2);
}
const axe = readFileSync(axePath, "utf8");
const port = 9515 + Math.floor(Math.random() * 400);
const base = `http://127.0.0.1:${port}`;
const driver = spawn("chromedriver", [`--port=${port}`], { stdio: "ignore" });

async function call(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

async function waitForDriver() {
  for (let i = 0; i < 100; i++) {
    try {
      await call("GET", "/status");
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("chromedriver did not start");
}

let failed = 0;
try {
  await waitForDriver();
  const session = await call("POST", "/session", {
    capabilities: {
      alwaysMatch: {
        "goog:chromeOptions": {
          args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000"],
        },
      },
    },
  });
  const id = session.sessionId;
  for (const page of pages) {
    const url = /^https?:/.test(page) ? page : pathToFileURL(resolve(page)).href;
    await call("POST", `/session/${id}/url`, { url });
    await call("POST", `/session/${id}/execute/sync`, { script: axe, args: [] });
    const result = await call("POST", `/session/${id}/execute/async`, {
      script: `const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
          .then(r => done({ violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(" ")) })), passes: r.passes.length }))
          .catch(e => done({ error: String(e) }));`,
      args: [],
    });
    if (result.error) throw new Error(`${page}: ${result.error}`);
    const n = result.violations.length;
    console.log(`${page}: ${n} violation${n === 1 ? "" : "s"}, ${result.passes} rules passed`);
    for (const v of result.violations) {
      console.log(`  ${v.id} (${v.impact}): ${v.help}`);
      for (const node of v.nodes.slice(0, 5)) console.log(`    ${node}`);
    }
    if (n > 0) failed++;
  }
  await call("DELETE", `/session/${id}`);
} catch (err) {
  console.error(`axe-check: ${err.message}`);
  failed = failed || 1;
} finally {
  driver.kill();
}
process.exit(failed ? 1 : 0);
