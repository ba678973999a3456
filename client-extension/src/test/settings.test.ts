import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { CLIENT_KEYS, needsRestart, readClientSettings, SERVER_KEYS, serverSection } from "../settings";

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
  });
});

describe("readClientSettings", () => {
  it("trims the interpreter and ignores mistyped values", () => {
    const values: Record<string, unknown> = { enable: "no", interpreter: 42, scanHomeFiles: false };
    const settings = readClientSettings(<T>(key: string, fallback: T) => (key in values ? (values[key] as T) : fallback));
    assert.deepEqual(settings, { enable: true, interpreter: "", scanHomeFiles: false });
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
  it("turns anything that is not an object into an empty section", () => {
    for (const raw of [null, undefined, "x", 3, ["a"]]) {
      assert.deepEqual(serverSection(raw), {});
    }
  });
});
