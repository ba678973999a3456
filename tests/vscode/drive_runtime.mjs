// Drives code-server in Debian's Chromium (playwright-core) for test_vscode_runtime_e2e.py and
// prints one line `RESULT {json}`. Screenshots go to OUT_DIR.
// Usage: node drive_runtime.mjs MODE URL OUT_DIR
//   MODE verify-dialog: wait for the server (status bar), run "authlint: Verify API key" from the
//     command palette, read the modal dialog, its buttons and the focused one, press Enter, and
//     read the output panel a moment later (nothing must have been sent).
// Env: CHROMIUM (default /usr/bin/chromium). Traffic goes to 127.0.0.1 only.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const [mode, url, outDir] = process.argv.slice(2);
const result = { mode, steps: [] };
fs.mkdirSync(outDir, { recursive: true });

let profile;
let ctx;
let page;
const t0 = Date.now();

function step(name) {
  result.steps.push({ name, ms: Date.now() - t0 });
}

async function shot(name) {
  await page.screenshot({ path: path.join(outDir, name) });
}

async function statusText(pattern, timeout = 60000) {
  const item = page.locator(".statusbar-item", { hasText: "Claude auth:" }).first();
  await item.waitFor({ timeout });
  const end = Date.now() + timeout;
  let text = "";
  while (Date.now() < end) {
    text = (await item.innerText().catch(() => "")).trim();
    if (pattern.test(text)) return text;
    await page.waitForTimeout(200);
  }
  throw new Error(`status bar shows ${JSON.stringify(text)}, expected ${pattern}`);
}

async function verifyDialog() {
  result.status = await statusText(/Claude auth: (?!not checked|starting)/);
  step("server running");
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget input");
  await page.keyboard.type("authlint: Verify API key");
  await page
    .locator(".quick-input-list .monaco-list-row", { hasText: "Verify API key" })
    .first()
    .waitFor({ timeout: 15000 });
  await page.keyboard.press("Enter");
  const dialog = page.locator(".monaco-dialog-box").first();
  await dialog.waitFor({ timeout: 30000 });
  await page.waitForTimeout(500);
  result.dialog = (await dialog.innerText()).trim();
  result.buttons = await dialog.locator(".monaco-button").allInnerTexts();
  result.focused = await page.evaluate(() => (document.activeElement?.textContent ?? "").trim());
  step("dialog");
  await shot("1-verify-dialog.png");
  await page.keyboard.press("Enter");
  await dialog.waitFor({ state: "detached", timeout: 15000 });
  await page.waitForTimeout(3000);
  // A verification shows "Verify API key:" in the authlint output and reveals it.
  const panel = page.locator(".panel .monaco-editor .view-lines");
  result.outputAfter = (await panel.allInnerTexts().catch(() => [])).join("\n");
  step("after enter");
  await shot("2-after-enter.png");
}

let ok = false;
try {
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "pw-chromium-"));
  ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-features=Translate,OptimizationHints,MediaRouter",
    ],
    viewport: { width: 1280, height: 760 },
  });
  page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
  await page.locator(".monaco-workbench").click({ position: { x: 640, y: 300 } }).catch(() => {});
  step("workbench");
  if (mode === "verify-dialog") await verifyDialog();
  else throw new Error(`unknown mode ${mode}`);
  ok = true;
} catch (error) {
  result.error = String(error?.message ?? error);
  if (page) await shot("failure.png").catch(() => {});
} finally {
  await ctx?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
}
result.ok = ok;
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(ok ? 0 : 1);
