/**
 * The README's first example is a hello world of at most 8 lines, imports included, and it runs as written:
 * bundled from the README's text and run by plain `node`, with `OPENAI_API_KEY` and `OPENAI_BASE_URL` (a
 * replay server serving a real recording) in its environment, it prints the recorded answer as it arrives.
 * (test/package/Docs.test.ts type-checks it with the README's other samples.)
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { ReplayServer } from "effect-llm-stream/testing"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Fixtures from "../../support/Fixtures.js"
import * as TestPaths from "../support/TestPaths.js"

const root = TestPaths.root
const readme = Fs.readFileSync(Path.join(root, "README.md"), "utf8")
const firstBlock = /```(\w*)\n([\s\S]*?)```/.exec(readme)!

describe("the README's hello world", () => {
  it("is the README's first example, TypeScript, of at most 8 lines", () => {
    assert.strictEqual(firstBlock[1], "ts")
    const lines = firstBlock[2]!.trimEnd().split("\n")
    assert.isAtMost(lines.length, 8, firstBlock[2])
    assert.include(firstBlock[2], "Main.runMain")
  })

  it.live("streams the answer with the key and base URL from the environment", () =>
    Effect.gen(function*() {
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-llm-stream-hello-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true })))
      const esbuild = yield* Effect.promise(() => import("esbuild"))
      yield* Effect.promise(() =>
        esbuild.build({
          stdin: { contents: firstBlock[2]!, loader: "ts", resolveDir: root },
          outfile: Path.join(dir, "hello.mjs"),
          bundle: true,
          platform: "node",
          format: "esm",
          alias: { "effect-llm-stream": Path.join(root, "src", "index.ts") },
          logLevel: "silent"
        })
      )
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        headers: { "content-type": "text/event-stream" },
        body: Fixtures.bytes("openai", "text.sse"),
        cuts: [300, 900, 1500],
        delayMs: 10
      })
      const { output, status, stdout } = yield* Effect.promise(() =>
        new Promise<{ readonly status: number | null; readonly stdout: string; readonly output: string }>(
          (resolve) => {
            const child = ChildProcess.spawn(process.execPath, [Path.join(dir, "hello.mjs")], {
              env: { PATH: process.env["PATH"] ?? "", OPENAI_API_KEY: "sk-hello", OPENAI_BASE_URL: baseUrl }
            })
            let stdout = ""
            let output = ""
            child.stdout.on("data", (data) => {
              stdout += data
              output += data
            })
            child.stderr.on("data", (data) => (output += data))
            child.on("close", (status) => resolve({ status, stdout, output }))
          }
        )
      )
      assert.strictEqual(status, 0, output)
      assert.strictEqual(stdout, Fixtures.json("openai", "text.expected.json").choices["0"].content)
      const [request] = server.requests(baseUrl)
      assert.strictEqual(request!.headers.authorization, "Bearer sk-hello")
      assert.strictEqual(JSON.parse(request!.body).model, "gpt-6-luna")
    }), 60_000)
})
