/**
 * The documentation's samples that run a program with `Effect.runSync` (the testing entry's synchronous property
 * tests) run as written in a fresh process, where nothing has loaded the bundled price table yet: a response that
 * needs it and finds it unloaded would make `runSync` fail with an `AsyncFiberError`. (test/package/DocPrograms.test.ts
 * runs the samples that use `Effect.runPromise`, `runFork` or `runMain`; these never reach the loaded table of
 * another test, as a sample run in this process would.)
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { bundleForNode, jsDocSamples, markdownSamples } from "../../../support/DocSamples.js"

const samples = [...markdownSamples(), ...jsDocSamples()].filter((sample) => /\bEffect\.runSync\(/.test(sample.code))

const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-llm-stream-run-sync-"))
afterAll(() => Fs.rmSync(dir, { recursive: true, force: true }))

describe("the documentation's Effect.runSync samples", () => {
  it("include the testing entry's synchronous property test and replay", () => {
    assert.includeMembers(samples.map((sample) => sample.origin), [
      "src/testkit/TestKit.ts#1",
      "src/testkit/TestKit.ts#2"
    ])
  })

  it("run as written in a fresh process", async () => {
    const files = samples.map((sample, index) => {
      const file = Path.join(dir, `sample${index}.ts`)
      Fs.writeFileSync(file, sample.code)
      return file
    })
    await bundleForNode(files, dir)
    for (const [index, sample] of samples.entries()) {
      const run = ChildProcess.spawnSync(process.execPath, [Path.join(dir, `sample${index}.mjs`)], {
        encoding: "utf8",
        timeout: 60_000
      })
      assert.strictEqual(run.status, 0, `${sample.origin}: ${run.stderr.slice(0, 2000)}`)
    }
  }, 120_000)
})
