// Drives code-server in Debian's Chromium (playwright-core), the way a person would, and prints
// one line `RESULT {json}` with what it saw. Screenshots of each step go to OUT_DIR.
// Usage: node drive.mjs MODE URL OUT_DIR
//   MODE quickfix: open app.py and .env, read the squiggle, the Problems panel and the status
//     bar, Ctrl+. then Enter on the .env squiggle, Ctrl+S, wait for FIXED_PATH to hold
//     FIXED_TEXT, read Problems and the status bar again.
//   MODE no-python: wait for the error notification, click its "Show output" button, read the
//     output panel and the status bar.
//   MODE outcome: open app.py only; read the status bar (the failing request's outcome) and the
//     Problems panel (the problem in ~/.zshrc, a file no editor has open).
//   MODE actions: open app.py (AL604, no automatic fix); Ctrl+. (no disabled action listed),
//     then Ctrl+Alt+. (bound by the test to editor.action.codeAction, kind quickfix), "Show
//     Disabled", read the greyed "No automatic fix for AL604" row; Settings UI: search
//     "authlint", read the setting titles, set "Authlint: Run" to onSave with its dropdown (wait
//     for USER_SETTINGS to hold it), turn editor.codeActionWidget.showHeaders off; back in
//     app.py the disabled row now reads its reason; pick IGNORE_TITLE, Ctrl+S, wait for
//     FIXED_PATH to hold FIXED_TEXT, read Problems.
// Env: CHROMIUM (default /usr/bin/chromium), FIX_TITLE, IGNORE_TITLE, FIXED_PATH, FIXED_TEXT,
//   USER_SETTINGS.
// Browser flags from shared/design/real-editors.md §5; traffic goes to 127.0.0.1 only.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const [mode, url, outDir] = process.argv.slice(2);
const SQUIGGLE = ".monaco-editor .squiggly-error, .monaco-editor .squiggly-warning";
const STATUS = ".statusbar-item";
const result = { mode, steps: [] };
fs.mkdirSync(outDir, { recursive: true });

let profile;
let ctx;
let page;
const t0 = Date.now();

function step(name, extra = {}) {
  result.steps.push({ name, ms: Date.now() - t0, ...extra });
}

async function shot(name, options = {}) {
  await page.screenshot({ path: path.join(outDir, name), ...options });
}

async function statusText(pattern, timeout = 30000) {
  const item = page.locator(STATUS, { hasText: "Claude auth:" }).first();
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

async function quickOpen(name) {
  await page.keyboard.press("Control+P");
  await page.waitForSelector(".quick-input-widget input");
  await page.keyboard.type(name);
  await page
    .locator(".quick-input-list .monaco-list-row", { hasText: name })
    .first()
    .waitFor({ timeout: 15000 });
  await page.keyboard.press("Enter");
  await page.locator(".tabs-container .tab.active", { hasText: name }).waitFor({ timeout: 15000 });
}

async function problems(expectedRows, timeout = 30000) {
  const panel = page.locator(".markers-panel");
  const end = Date.now() + timeout;
  let text = "";
  while (Date.now() < end) {
    text = (await panel.innerText().catch(() => "")).trim();
    if (expectedRows(text)) return text;
    await page.waitForTimeout(200);
  }
  throw new Error(`Problems panel: ${JSON.stringify(text)}`);
}

async function quickfix() {
  await quickOpen("app.py");
  await quickOpen(".env");
  step("opened");
  await page.waitForSelector(SQUIGGLE, { timeout: 60000 });
  step("squiggle");
  await page.keyboard.press("Control+Shift+M");
  result.problemsBefore = await problems((t) => t.includes("AL201") && t.includes("AL601"));
  // The rule code is a link to its documentation (the diagnostic's codeDescription).
  result.codeLinks = await page.$$eval(".markers-panel a", (links) =>
    links.map((a) => `${a.textContent} ${a.getAttribute("href") ?? ""} ${a.title ?? ""}`),
  );
  result.statusBefore = await statusText(/Claude auth: 2 problems/);
  step("problems");
  await shot("1-problems.png");

  // At its left edge (the key's first character), so the editor does not scroll sideways;
  // `force`: the text layer covers the squiggle.
  await page.locator(SQUIGGLE).first().click({ force: true, position: { x: 2, y: 2 } });
  await page.keyboard.press("Control+.");
  await page.waitForSelector(".action-widget .monaco-list-row");
  const menu = page.locator(".action-widget").first();
  result.menu = (await menu.innerText()).trim();
  const focused = await menu.locator(".monaco-list-row.focused").innerText().catch(() => "");
  result.focused = focused.trim();
  await shot("2-quick-fix-menu.png");
  // For the README: the editor with the menu and the Problems panel, without the side bar.
  const editor = await page.locator(".part.editor").boundingBox();
  const panel = await page.locator(".part.panel").boundingBox();
  if (editor && panel) {
    const height = panel.y + Math.min(panel.height, 130) - editor.y;
    await shot("readme-quick-fix.png", { clip: { x: editor.x, y: editor.y, width: editor.width, height } });
  }
  const title = process.env.FIX_TITLE ?? "";
  result.pressedEnter = focused.includes(title);
  if (result.pressedEnter) await page.keyboard.press("Enter");
  else await menu.locator(".monaco-list-row", { hasText: title }).first().click();
  step("fix-applied");
  await page.waitForFunction((sel) => !document.querySelector(sel), SQUIGGLE, { timeout: 30000 });
  await page.keyboard.press("Control+S");
  const want = process.env.FIXED_TEXT ?? "";
  const end = Date.now() + 15000;
  result.diskFixed = false; // the text itself holds a (synthetic) key: never written out
  while (Date.now() < end && !result.diskFixed) {
    result.diskFixed = fs.readFileSync(process.env.FIXED_PATH, "utf8") === want;
    if (!result.diskFixed) await page.waitForTimeout(200);
  }
  step("saved");
  result.problemsAfter = await problems((t) => !t.includes("AL201") && t.includes("AL601"));
  result.statusAfter = await statusText(/Claude auth: 1 problem$/);
  step("after");
  await shot("3-after-fix.png");

  // A setting changes without a restart: VS Code sends workspace/didChangeConfiguration and the
  // server pulls the authlint section again (the test counts server starts in the log). Edited
  // the way a person does, in "Preferences: Open User Settings (JSON)".
  if (process.env.USER_SETTINGS) {
    const settings = JSON.parse(fs.readFileSync(process.env.USER_SETTINGS, "utf8"));
    settings["authlint.ignore"] = ["AL601"];
    await page.keyboard.press("Control+Shift+P");
    await page.waitForSelector(".quick-input-widget input");
    await page.keyboard.type("Preferences: Open User Settings (JSON)");
    await page
      .locator(".quick-input-list .monaco-list-row", { hasText: "Open User Settings (JSON)" })
      .first()
      .waitFor({ timeout: 15000 });
    await page.keyboard.press("Enter");
    await page.locator(".tabs-container .tab.active", { hasText: "settings.json" }).waitFor({ timeout: 15000 });
    await page.locator(".part.editor .monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete"); // typing over a selection would surround it
    await page.keyboard.insertText(JSON.stringify(settings));
    await page.keyboard.press("Control+S");
    result.statusIgnored = await statusText(/Claude auth: key from \.env ✓/);
    result.problemsIgnored = await problems((t) => !t.includes("AL601"));
    result.settingsSaved = JSON.parse(fs.readFileSync(process.env.USER_SETTINGS, "utf8"))["authlint.ignore"];
    step("setting-applied");
    await shot("4-setting-applied.png");
  }
}

async function command(name) {
  await page.keyboard.press("Control+Shift+P");
  await page.waitForSelector(".quick-input-widget input");
  await page.keyboard.type(name);
  await page
    .locator(".quick-input-list .monaco-list-row", { hasText: name.replace(/^.*?: /, "") })
    .first()
    .waitFor({ timeout: 15000 });
  await page.keyboard.press("Enter");
}

// Tries up to three times: VS Code answers "No code actions for 'quickfix' available" when its
// request was cancelled by one it sent after (a diagnostics pull), as a user would press again.
async function openMenu(keys) {
  for (let attempt = 1; ; attempt++) {
    await page.locator(SQUIGGLE).first().click({ force: true, position: { x: 2, y: 2 } });
    await page.keyboard.press(keys);
    try {
      await page.waitForSelector(".action-widget .monaco-list-row", { timeout: attempt < 3 ? 10000 : 30000 });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      result.menuRetries = attempt;
      await page.keyboard.press("Escape");
      await page.waitForTimeout(1000);
    }
  }
  return page.locator(".action-widget").first();
}

// Ctrl+Alt+. is bound (keybindings.json, by the test) to editor.action.codeAction with
// {"kind": "quickfix"}: VS Code passes disabled actions to the menu only for a trigger with a
// kind filter (codeActionController: includeDisabledActions = !!trigger.filter.include), never
// for Ctrl+. or the lightbulb. Then it lists them only after "Show Disabled" in the menu's
// footer, when the menu holds enabled ones too.
async function openQuickFix() {
  const menu = await openMenu("Control+Alt+Period");
  const toggle = menu.locator(".action-label", { hasText: /^Show Disabled$/ });
  await page.waitForTimeout(500);
  if (await toggle.count()) {
    result.showDisabledButton = true;
    // A click lands on the context view's pointer block: send the click to the button.
    await toggle.first().dispatchEvent("click");
  }
  await menu.locator(".monaco-list-row.option-disabled").first().waitFor({ timeout: 15000 });
  return menu;
}

async function settingsSearch(text) {
  const search = page.locator(".settings-editor .suggest-input-container .monaco-editor").first();
  await search.waitFor({ timeout: 30000 });
  await search.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
  await page.waitForTimeout(1500);
}

async function settingTitles() {
  const titles = new Set();
  const list = page.locator(".settings-editor .settings-tree-container").first();
  const box = await list.boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 25; i++) {
    for (const t of await page.locator(".settings-editor .setting-item-title").allInnerTexts()) {
      titles.add(t.replace(/\s+/g, " ").trim());
    }
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(300);
  }
  return [...titles];
}

async function actions() {
  await quickOpen("app.py");
  step("opened");
  await page.waitForSelector(SQUIGGLE, { timeout: 60000 });
  await page.keyboard.press("Control+Shift+M");
  result.problemsBefore = await problems((t) => t.includes("AL604"));
  step("problems");

  // 0. Ctrl+.: the Quick Fix menu without the disabled action, and no "Show Disabled".
  let menu = await openMenu("Control+.");
  await page.waitForTimeout(500);
  result.plainMenu = (await menu.innerText()).trim();
  result.plainDisabledRows = await menu.locator(".monaco-list-row.option-disabled").count();
  await shot("0-quick-fix-menu.png");
  await page.keyboard.press("Escape");

  // 1. The menu as shipped (headers on): the disabled row shows the action's title, greyed.
  menu = await openQuickFix();
  result.menu = (await menu.innerText()).trim();
  const disabled = menu.locator(".monaco-list-row.option-disabled").first();
  // The row's first line is its label; the keybinding follows.
  result.disabledRow = (await disabled.innerText()).trim().split("\n")[0];
  result.disabledTooltip = (await disabled.getAttribute("title")) ?? "";
  result.disabledAria = (await disabled.getAttribute("aria-label")) ?? "";
  await shot("1-disabled-action.png");
  step("disabled-shown");
  await page.keyboard.press("Escape");

  // 2. The Settings UI: the authlint settings, "Authlint: Run" set to onSave with its dropdown.
  await command("Preferences: Open Settings (UI)");
  await settingsSearch("authlint");
  await page.locator(".settings-editor .setting-item-title", { hasText: "Authlint:" }).first().waitFor({ timeout: 30000 });
  result.settingsCount = (await page.locator(".settings-editor .settings-count-widget").innerText().catch(() => "")).trim();
  await shot("4-settings-ui.png");
  result.settingTitles = await settingTitles();
  await settingsSearch("@id:authlint.run");
  const run = page.locator(".settings-editor .setting-item-contents", {
    has: page.locator(".setting-item-title", { hasText: /Authlint:\s*Run$/ }),
  }).first();
  await run.waitFor({ timeout: 15000 });
  result.runTitle = (await run.locator(".setting-item-title").innerText()).replace(/\s+/g, " ").trim();
  await run.locator("select").first().click();
  const option = page.locator(".monaco-select-box-dropdown-container .monaco-list-row", { hasText: "onSave" });
  await option.first().waitFor({ timeout: 15000 });
  await shot("5-run-dropdown.png");
  await option.first().click();
  const until = Date.now() + 20000;
  result.runSaved = null;
  while (Date.now() < until && result.runSaved !== "onSave") {
    try {
      result.runSaved = JSON.parse(fs.readFileSync(process.env.USER_SETTINGS, "utf8"))["authlint.run"] ?? null;
    } catch {}
    if (result.runSaved !== "onSave") await page.waitForTimeout(300);
  }
  step("setting-changed");
  await shot("6-setting-changed.png");

  // 3. Without headers VS Code labels a disabled action with its reason (codeActionWidget's
  // toMenuItems: `label: action.disabled || action.title`). Turned off in the Settings UI too.
  await settingsSearch("@id:editor.codeActionWidget.showHeaders");
  const headers = page.locator(".settings-editor .setting-item-contents", {
    has: page.locator(".setting-item-title", { hasText: /Show Headers$/ }),
  }).first();
  await headers.waitFor({ timeout: 15000 });
  await headers.locator(".setting-value-checkbox").first().click();
  const until2 = Date.now() + 20000;
  result.headersSaved = null;
  while (Date.now() < until2 && result.headersSaved !== false) {
    try {
      result.headersSaved = JSON.parse(fs.readFileSync(process.env.USER_SETTINGS, "utf8"))["editor.codeActionWidget.showHeaders"] ?? null;
    } catch {}
    if (result.headersSaved !== false) await page.waitForTimeout(300);
  }

  await page.locator(".tabs-container .tab", { hasText: "app.py" }).first().click();
  await page.locator(".tabs-container .tab.active", { hasText: "app.py" }).waitFor({ timeout: 15000 });
  menu = await openQuickFix();
  const reasonRow = menu.locator(".monaco-list-row.option-disabled").first();
  result.reasonRow = (await reasonRow.innerText()).trim().split("\n")[0];
  result.reasonTooltip = (await reasonRow.getAttribute("title")) ?? "";
  result.menuNoHeaders = (await menu.innerText()).trim();
  await shot("2-disabled-reason.png");
  step("reason-shown");

  // 4. "Ignore AL604 on this line": Down arrow until it is focused (the context view's pointer
  // block takes clicks), Enter, Ctrl+S (authlint.run is onSave now).
  const title = process.env.IGNORE_TITLE ?? "";
  for (let i = 0; i < 10; i++) {
    const focused = (await menu.locator(".monaco-list-row.focused").innerText().catch(() => "")).trim();
    if (focused.includes(title)) break;
    await page.keyboard.press("ArrowDown");
    await page.waitForTimeout(150);
  }
  result.focused = (await menu.locator(".monaco-list-row.focused").innerText().catch(() => "")).trim().split("\n")[0];
  await page.keyboard.press("Enter");
  step("ignore-applied");
  await page.waitForTimeout(1000);
  await page.keyboard.press("Control+S");
  const want = process.env.FIXED_TEXT ?? "";
  const end = Date.now() + 15000;
  result.diskFixed = false; // the text is compared here, never written out
  while (Date.now() < end && !result.diskFixed) {
    result.diskFixed = fs.readFileSync(process.env.FIXED_PATH, "utf8") === want;
    if (!result.diskFixed) await page.waitForTimeout(200);
  }
  await page.waitForFunction((sel) => !document.querySelector(sel), SQUIGGLE, { timeout: 30000 });
  await page.keyboard.press("End");
  result.problemsAfter = await problems((t) => !t.includes("AL604"));
  step("saved");
  await shot("3-after-ignore.png");
}

async function outcome() {
  await quickOpen("app.py"); // activates the extension (onLanguage:python)
  result.statusOutcome = await statusText(/Claude auth: claude: /, 60000);
  await page.keyboard.press("Control+Shift+M");
  result.problemsOutcome = await problems((t) => t.includes("AL401"), 60000);
  step("outcome");
  await shot("1-outcome.png");
}

async function noPython() {
  const toast = page.locator(".notification-toast", { hasText: "authlint cannot start" }).first();
  await toast.waitFor({ timeout: 60000 });
  result.notification = (await toast.innerText()).trim();
  result.statusBefore = await statusText(/not checked/);
  step("notification");
  await shot("1-no-python.png");
  await toast.locator(".monaco-button", { hasText: "Show output" }).first().click();
  const output = page.locator(".panel .monaco-editor .view-lines", { hasText: "authlint cannot start" });
  await output.first().waitFor({ timeout: 15000 });
  result.output = (await output.first().innerText()).trim();
  step("output");
  await shot("2-output.png");
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
  if (mode === "quickfix") await quickfix();
  else if (mode === "no-python") await noPython();
  else if (mode === "outcome") await outcome();
  else if (mode === "actions") await actions();
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
