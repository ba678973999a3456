import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import {
  CLIENT_KEYS,
  needsRestart,
  readClientSettings,
  SERVER_KEYS,
  serverSection,
  shouldNotify,
} from "../settings";

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));

describe("package.json and settings.ts agree", () => {
  it("every contributed authlint.* setting is either the client's or the server's", () => {
    const contributed = Object.keys(manifest.contributes.configuration.properties).sort();
    const known = [...CLIENT_KEYS, ...SERVER_KEYS].map((k) => `authlint.${k}`).sort();
    assert.deepEqual(contributed, known);
  });
  it("defaults in package.json are the ones readClientSettings falls back to", () => {
    const props = manifest.contributes.configuration.properties;
    const settings = readClientSettings((_key, fallback) => fallback);
    assert.equal(settings.enable, props["authlint.enable"].default);
    assert.equal(settings.interpreter, props["authlint.interpreter"].default);
    assert.equal(settings.scanHomeFiles, props["authlint.scanHomeFiles"].default);
    assert.equal(settings.importStrategy, props["authlint.importStrategy"].default);
    assert.equal(settings.path, props["authlint.path"].default);
    assert.equal(settings.run, props["authlint.run"].default);
    assert.equal(settings.showNotifications, props["authlint.showNotifications"].default);
  });
  it("every setting has a scope, and the interpreter is honoured in user and remote settings", () => {
    const props = manifest.contributes.configuration.properties;
    for (const [key, value] of Object.entries(props)) {
      assert.ok((value as { scope?: string }).scope, key);
    }
    // `machine` / `machine-overridable` settings in user settings are ignored in a remote window
    // (code-server, SSH): the settings that choose the program are window-scoped and restricted
    // in untrusted workspaces instead.
    for (const key of ["authlint.interpreter", "authlint.path", "authlint.importStrategy"]) {
      assert.equal(props[key].scope, "window", key);
      assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key), key);
    }
  });
  it("declares virtual workspaces unsupported, with a reason", () => {
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
    assert.match(manifest.capabilities.virtualWorkspaces.description, /reads files from disk/);
  });
  it("offers Reset Claude Code login only when there is a login", () => {
    const entry = manifest.contributes.menus.commandPalette.find(
      (m: { command: string }) => m.command === "authlint.resetLogin",
    );
    assert.equal(entry.when, "authlint.claudeLoginExists");
  });
  it("the enums of platform and shell are the server's (lsp/settings.py)", () => {
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(props["authlint.platform"].enum, ["", "linux", "macos", "windows"]);
    assert.deepEqual(props["authlint.shell"].enum, ["", "bash", "zsh", "fish", "pwsh"]);
    assert.deepEqual(props["authlint.run"].enum, ["onType", "onSave"]);
    assert.deepEqual(props["authlint.importStrategy"].enum, ["useBundled", "fromEnvironment"]);
  });
});

describe("readClientSettings", () => {
  it("trims the interpreter and ignores mistyped values", () => {
    const values: Record<string, unknown> = {
      enable: "no",
      interpreter: 42,
      scanHomeFiles: false,
      importStrategy: "fromPath",
      path: " /b/authlint ",
      run: "onSave",
      showNotifications: "never",
    };
    const settings = readClientSettings(<T>(key: string, fallback: T) => (key in values ? (values[key] as T) : fallback));
    assert.deepEqual(settings, {
      enable: true,
      interpreter: "",
      importStrategy: "useBundled",
      path: "/b/authlint",
      scanHomeFiles: false,
      run: "onSave",
      showNotifications: "onWarning",
    });
    const trimmed = readClientSettings(<T>(key: string, fallback: T) =>
      (key === "interpreter" ? " /usr/bin/python3.12 " : fallback) as T,
    );
    assert.equal(trimmed.interpreter, "/usr/bin/python3.12");
  });
});

describe("needsRestart", () => {
  const table: [string, boolean][] = [
    ["authlint.interpreter", true],
    ["authlint.enable", true],
    ["authlint.scanHomeFiles", true],
    ["authlint.importStrategy", true],
    ["authlint.path", true],
    ["authlint.run", true],
    ["authlint.showNotifications", false],
    ["authlint.logLevel", false],
    ["authlint.exclude", false],
    ["authlint.platform", false],
    ["authlint.shell", false],
    ["authlint.select", false],
    ["authlint.ignore", false],
    ["authlint.severity", false],
    ["authlint.trace.server", false],
    ["python.defaultInterpreterPath", false],
  ];
  for (const [changed, expected] of table) {
    it(`${changed} -> ${expected}`, () => {
      assert.equal(needsRestart((section) => section === changed), expected);
    });
  }
});

describe("serverSection", () => {
  it("keeps what the server reads and drops client keys and empty defaults", () => {
    const section = serverSection({
      enable: true,
      interpreter: "/usr/bin/python3",
      trace: { server: "verbose" },
      scanHomeFiles: true,
      select: [],
      ignore: ["AL601"],
      severity: { AL201: "warning" },
    });
    assert.deepEqual(section, { ignore: ["AL601"], severity: { AL201: "warning" } });
  });
  it("sends scanHomeFiles only when it is off, and a non-empty select", () => {
    assert.deepEqual(serverSection({ scanHomeFiles: false, select: ["AL2"], severity: {} }), {
      scanHomeFiles: false,
      select: ["AL2"],
    });
  });
  it("drops the new client-only keys and sends the new server keys", () => {
    const section = serverSection({
      importStrategy: "fromEnvironment",
      path: "/b/authlint",
      showNotifications: "off",
      run: "onSave",
      logLevel: "debug",
      exclude: ["fixtures/"],
      platform: "",
      shell: "zsh",
    });
    assert.deepEqual(section, { run: "onSave", logLevel: "debug", exclude: ["fixtures/"], shell: "zsh" });
  });
  it("turns anything that is not an object into an empty section", () => {
    for (const raw of [null, undefined, "x", 3, ["a"]]) {
      assert.deepEqual(serverSection(raw), {});
    }
  });
});

describe("shouldNotify", () => {
  const table: [Parameters<typeof shouldNotify>[0], boolean, boolean, boolean][] = [
    ["off", false, false, false],
    ["onError", true, false, false],
    ["onWarning", true, true, false],
    ["always", true, true, true],
  ];
  for (const [setting, error, warning, info] of table) {
    it(setting, () => {
      assert.deepEqual(
        [shouldNotify(setting, "error"), shouldNotify(setting, "warning"), shouldNotify(setting, "info")],
        [error, warning, info],
      );
    });
  }
});
