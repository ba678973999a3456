// Packages the extension with vsce, per VS Code target platform.
//
//   node scripts/package.mjs native   -> authlint.vsix for this machine (bundled/libs must already
//                                        hold this machine's bundle: `npm run bundle-python`)
//   node scripts/package.mjs all      -> packages/authlint-<target>.vsix for every target in
//                                        TARGETS (each bundling that platform's wheels for CPython
//                                        3.10-3.14) and packages/authlint-universal.vsix (no
//                                        bundle: uses the authlint installed in the user's Python)
//   node scripts/package.mjs linux-arm64 universal ...   -> just those
//
// A target whose wheels are missing on PyPI is skipped with a warning. The native bundle is
// rebuilt last, so bundled/libs ends as `npm run package` leaves it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const TARGETS = [
  "linux-x64",
  "linux-arm64",
  "darwin-x64",
  "darwin-arm64",
  "win32-x64",
  "alpine-x64",
  "alpine-arm64",
];

/** This machine's VS Code target (`linux-x64`, `alpine-arm64`, `darwin-arm64`, `win32-x64` ...). */
export function nativeTarget() {
  const arch = { x64: "x64", arm64: "arm64", arm: "armhf" }[process.arch] ?? process.arch;
  if (process.platform === "win32" || process.platform === "darwin") {
    return `${process.platform}-${arch}`;
  }
  const musl = existsSync("/lib") && readdirSync("/lib").some((name) => name.startsWith("ld-musl"));
  return `${musl ? "alpine" : "linux"}-${arch}`;
}

function run(command, args) {
  console.log(`package: ${command} ${args.join(" ")}`);
  execFileSync(command, args, { stdio: "inherit", shell: process.platform === "win32" });
}

function vsce(target, out) {
  const args = ["package", "--no-dependencies", "-o", out];
  if (target !== "universal") {
    args.push("--target", target);
  }
  run(join("node_modules", ".bin", process.platform === "win32" ? "vsce.cmd" : "vsce"), args);
}

function bundle(target) {
  run(process.platform === "win32" ? "python" : "python3", ["scripts/bundle_python.py", "--target", target]);
}

const requested = process.argv.slice(2);
if (requested.length === 1 && requested[0] === "native") {
  vsce(nativeTarget(), "authlint.vsix");
} else {
  const wanted = requested.length === 0 || requested.includes("all") ? ["universal", ...TARGETS] : requested;
  const native = nativeTarget();
  mkdirSync("packages", { recursive: true });
  const built = [];
  const skipped = [];
  // The native target last, so bundled/libs ends as this machine's bundle.
  for (const target of [...wanted.filter((t) => t !== native), ...wanted.filter((t) => t === native)]) {
    try {
      bundle(target);
    } catch {
      console.warn(`package: no bundle for ${target} (missing wheels?); skipped`);
      skipped.push(target);
      continue;
    }
    vsce(target, join("packages", `authlint-${target}.vsix`));
    built.push(target);
  }
  if (!wanted.includes(native)) {
    bundle(native);
  }
  console.log(`package: built ${built.join(", ") || "nothing"}${skipped.length ? `; skipped ${skipped.join(", ")}` : ""}`);
  if (!built.length) {
    process.exit(1);
  }
}
