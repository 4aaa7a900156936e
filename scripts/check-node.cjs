// `npm test` runs this first: development needs Node.js 22.19 or newer (vitest 5, @effect/platform-node 4),
// and on an older Node the tests would fail by the hundred with no word of why. One line instead, naming the
// version needed and how to get it. CommonJS and old syntax on purpose: it must run on any Node.
"use strict"
var required = [22, 19]
var current = process.versions.node.split(".").map(Number)
if (current[0] < required[0] || (current[0] === required[0] && current[1] < required[1])) {
  console.error(
    "effect-llm-stream: development needs Node.js " + required.join(".") + " or newer, and this is " + process.version
      + ": run `. .ci/node22.sh` to put Node 22 on the PATH (it fetches it from the npm registry), or install it from https://nodejs.org"
  )
  process.exit(1)
}
