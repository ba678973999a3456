// Bundles the extension (src/extension.ts -> dist/extension.js) or, with --tests, the unit tests
// (src/test/*.test.ts -> out/test/*.test.js, run with `node --test out/test/`).
// Shape of esbonio's code/esbuild.mjs: cjs, node, `vscode` external, sourcemap; --production minifies.
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";

const production = process.argv.includes("--production");
const tests = process.argv.includes("--tests");

const common = { bundle: true, format: "cjs", platform: "node", target: "node18", logLevel: "warning" };

if (tests) {
  const entryPoints = readdirSync("src/test")
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => `src/test/${name}`);
  // The pure modules under test import nothing from `vscode`; marking it external makes a
  // stray import fail loudly at run time instead of being bundled.
  await esbuild.build({ ...common, entryPoints, outdir: "out/test", external: ["vscode"], sourcemap: "inline" });
} else {
  await esbuild.build({
    ...common,
    entryPoints: ["src/extension.ts"],
    outfile: "dist/extension.js",
    external: ["vscode"],
    minify: production,
    sourcemap: !production,
  });
}
