/**
 * The documentation stays true: every TypeScript sample in the README, docs/ and the JSDoc examples
 * type-checks against src/, and the generated API reference matches the JSDoc.
 */
import { assert, describe, it } from "@effect/vitest"
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"

const root = Path.join(import.meta.dirname, "..")
const script = (name: string, ...args: Array<string>) =>
  ChildProcess.spawnSync(process.execPath, ["--import", "tsx", Path.join(root, "scripts", name), ...args], {
    cwd: root,
    encoding: "utf8"
  })

describe("documentation", () => {
  it("every code sample type-checks", () => {
    const result = script("check-doc-samples.ts")
    assert.strictEqual(result.status, 0, result.stdout + result.stderr)
    assert.match(result.stdout, /\d+ samples type-check/)
  }, 120_000)

  it("the API reference in docs/api is generated from the current JSDoc", () => {
    const result = script("api-docs.ts", "--check")
    assert.strictEqual(result.status, 0, result.stdout + result.stderr)
  }, 60_000)
})
