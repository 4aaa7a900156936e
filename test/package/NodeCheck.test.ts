/**
 * On a Node older than development needs, the README's test command stops at once with one line naming the
 * version needed and how to get it; CI runs exactly that command. The old Node is a real one (22.0.0, from
 * the npm registry, test/support/NodeBinary.ts), running `npm test` on a copy of package.json and the check
 * script (so that nothing past the check could run, were it to pass).
 */
import { assert, describe, it } from "@effect/vitest"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as NodeBinary from "../support/NodeBinary.js"
import * as TestPaths from "../support/TestPaths.js"

const root = TestPaths.root
const readme = Fs.readFileSync(Path.join(root, "README.md"), "utf8")
const oldNode = "22.0.0"

const line = (version: string) =>
  `effect-llm-stream: development needs Node.js 22.19 or newer, and this is v${version}: run \`. .ci/node22.sh\` to put Node 22 on the PATH (it fetches it from the npm registry), or install it from https://nodejs.org`

describe("the Node development needs", () => {
  it("the README's set-up commands bring their Node step inside the command block, and CI runs its test command", () => {
    const block = /## Development: two commands\n\n```sh\n([\s\S]*?)```/.exec(readme)![1]!
    const commands = block.split("\n").map((command) => command.replace(/\s+#.*$/, "")).filter((line) => line !== "")
    assert.deepStrictEqual(commands, [". .ci/node22.sh", "npm install && npm run demo", "npm install && npm test"])
    const ci = Fs.readFileSync(Path.join(root, ".ci", "run"), "utf8").split("\n")
    assert.include(ci, ". .ci/node22.sh || exit 1")
    assert.include(ci, "npm install && npm test")
  })

  it("on this Node, the check says nothing and lets the tests run", () => {
    const checked = ChildProcess.spawnSync(process.execPath, ["scripts/check-node.cjs"], {
      cwd: root,
      encoding: "utf8"
    })
    assert.strictEqual(checked.status, 0)
    assert.strictEqual(checked.stdout + checked.stderr, "")
  })

  it.skipIf(NodeBinary.packageName === undefined)(
    `on Node ${oldNode}, npm test stops at once with one line naming the version and how to get it`,
    () => {
      const node = NodeBinary.nodeBinary(oldNode)!
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-llm-stream-node-check-"))
      try {
        Fs.copyFileSync(Path.join(root, "package.json"), Path.join(dir, "package.json"))
        Fs.mkdirSync(Path.join(dir, "scripts"))
        Fs.copyFileSync(Path.join(root, "scripts", "check-node.cjs"), Path.join(dir, "scripts", "check-node.cjs"))
        const started = Date.now()
        const ran = ChildProcess.spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["test"], {
          cwd: dir,
          encoding: "utf8",
          timeout: 60_000,
          env: { ...process.env, PATH: `${Path.dirname(node)}${Path.delimiter}${process.env["PATH"]}` }
        })
        const output = `${ran.stdout}${ran.stderr}`
        assert.notStrictEqual(ran.status, 0, output)
        const lines = output.split("\n").filter((line) => line.trim() !== "")
        // npm's own lines (its warning about the old Node, the script it runs), then the check's one line.
        assert.strictEqual(lines[lines.length - 1], line(oldNode), output)
        assert.strictEqual(lines.filter((line) => line.startsWith("effect-llm-stream:")).length, 1)
        assert.notMatch(output, /not found|Test Files|error TS/, "nothing past the check ran")
        assert.isBelow(Date.now() - started, 30_000)
      } finally {
        Fs.rmSync(dir, { recursive: true, force: true })
      }
    },
    120_000
  )
})
