/**
 * The documentation's programs run: every complete program of the README and docs/ (one that runs something,
 * not a test and not a page's code) is bundled as written, the package mapped to src/, and run by plain
 * `node`, all at once, offline, with only the environment `ReplayServer.serveSamples` gives (the recordings
 * the package ships); each must end with status 0, print its answer and no error. A sample that defines a
 * `program` without running it says how (a `// Run it` comment).
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { ReplayServer } from "effect-llm-stream/testing"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { isProgram, leavesProgramUnrun, markdownSamples, root } from "../support/DocSamples.js"
import * as Fixtures from "../support/Fixtures.js"

const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-llm-stream-doc-programs-"))
const scope = Effect.runSync(Scope.make())
afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  Fs.rmSync(dir, { recursive: true, force: true })
})

const samples = markdownSamples()
const programs = samples.filter((sample) => isProgram(sample.code))

/** Bundles the programs for Node, `effect-llm-stream` and its entry points mapped to src/; the file of each. */
const bundle = async (): Promise<Array<string>> => {
  const esbuild = await import("esbuild")
  const entries = programs.map((sample, index) => {
    const file = Path.join(dir, `program${index}.ts`)
    Fs.writeFileSync(file, sample.code)
    return file
  })
  await esbuild.build({
    entryPoints: entries,
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    logLevel: "silent",
    // The samples are written outside the repository: their imports resolve from its node_modules.
    nodePaths: [Path.join(root, "node_modules")],
    plugins: [{
      name: "effect-llm-stream-sources",
      setup: (build) =>
        build.onResolve({ filter: /^effect-llm-stream(\/\w+)?$/ }, ({ path }) => ({
          path: Path.join(root, "src", path === "effect-llm-stream" ? "index.ts" : `${path.slice(18)}.ts`)
        }))
    }]
  })
  return entries.map((file) => file.replace(/\.ts$/, ".mjs"))
}

const run = (file: string, env: Readonly<Record<string, string>>) =>
  new Promise<{ readonly status: number | null; readonly stdout: string; readonly stderr: string }>((resolve) => {
    const child = ChildProcess.spawn(process.execPath, [file], { env: { PATH: process.env["PATH"] ?? "", ...env } })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (data) => (stdout += data))
    child.stderr.on("data", (data) => (stderr += data))
    child.on("close", (status) => resolve({ status, stdout, stderr }))
  })

describe("the documentation's programs", () => {
  it("every complete program runs offline against the shipped recordings, and prints its answer", async () => {
    assert.includeMembers(programs.map((sample) => sample.origin), [
      "README.md#1",
      "README.md#2",
      "docs/getting-started.md#1",
      "docs/getting-started.md#2"
    ])
    const files = await bundle()
    const server = await Effect.runPromise(Scope.provide(ReplayServer.make, scope))
    const env = ReplayServer.serveSamples(server, { delayMs: 0 })
    const results = await Promise.all(files.map((file) => run(file, env)))
    const answer = Fixtures.json("openai", "text.expected.json").choices["0"].content
    results.forEach((result, index) => {
      const origin = programs[index]!.origin
      assert.strictEqual(result.status, 0, `${origin}: ${result.stdout}${result.stderr}`)
      assert.strictEqual(result.stderr, "", origin)
      assert.include(result.stdout, answer, origin)
    })
    // The README's usage and cost program prints the cost as a price.
    const usage = results[programs.findIndex((sample) => sample.origin === "README.md#2")]!.stdout
    assert.match(usage, /^cost: \$0\.\d+$/m)
    assert.notInclude(usage, "some(")
  }, 60_000)

  it("a sample that defines a program and does not run it says how to", () => {
    assert.deepStrictEqual(
      samples.filter((sample) => leavesProgramUnrun(sample.code)).map((sample) => sample.origin),
      []
    )
  })
})
