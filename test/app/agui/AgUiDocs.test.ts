/**
 * docs/ag-ui.md's complete server and its `HttpAgent` front end, as written: both bundled (the package mapped to
 * src/), the server run by plain `node` against a scripted model (`ReplayServer.serveScripted`: OpenAI's wire,
 * configured from the environment alone), the page's `turn` run by `@ag-ui/client`'s `HttpAgent` against it. A turn
 * whose call needs approval asks the user and resumes; a turn that calls the page's tool answers it and runs again;
 * a body that is not an input is a 400 with a JSON body.
 */
import { HttpAgent } from "@ag-ui/client"
import type { Interrupt } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { ReplayServer } from "effect-llm-stream/testing"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Url from "node:url"
import { bundleForNode, markdownSamples } from "../../../support/DocSamples.js"

const samples = markdownSamples().filter((sample) => sample.origin.startsWith("docs/ag-ui.md#"))
const serverSample = samples.find((sample) => sample.code.includes("Http.createServer"))!
const pageSample = samples.find((sample) => sample.code.includes("new HttpAgent"))!

/** Both samples bundled for Node into `dir`: the server's file and the page's. */
const bundle = async (dir: string) => {
  const write = (name: string, code: string) => {
    const file = Path.join(dir, `${name}.ts`)
    Fs.writeFileSync(file, code)
    return file
  }
  await bundleForNode([write("server", serverSample.code), write("page", pageSample.code)], dir)
  return { server: Path.join(dir, "server.mjs"), page: Path.join(dir, "page.mjs") }
}

/** Runs the server's bundle with `env`; its URL once it listens, and a way to stop it. */
const start = (file: string, env: Readonly<Record<string, string>>) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly url: string; readonly child: ChildProcess.ChildProcess }>((resume) => {
      const child = ChildProcess.spawn(process.execPath, [file], {
        env: { PATH: process.env["PATH"] ?? "", PORT: "0", ...env }
      })
      let output = ""
      const read = (data: Buffer) => {
        output += data
        const listening = /listening on (http:\/\/\S+)/.exec(output)
        if (listening !== null) resume(Effect.succeed({ url: listening[1]!, child }))
      }
      child.stdout.on("data", read)
      child.stderr.on("data", (data) => (output += data))
      child.on("close", () => resume(Effect.die(new Error(`the server ended: ${output}`))))
    }),
    ({ child }) => Effect.sync(() => void child.kill())
  )

describe("docs/ag-ui.md", () => {
  it.live(
    "the complete server and the HttpAgent front end, as written: approvals, the page's tool, refusals",
    () =>
      Effect.gen(function*() {
        const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-llm-stream-ag-ui-doc-"))
        yield* Effect.addFinalizer(() => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true })))
        const files = yield* Effect.promise(() => bundle(dir))
        const replay = yield* ReplayServer.make
        const env = ReplayServer.serveScripted(replay, [
          { toolCalls: [{ name: "delete_file", arguments: { path: "a.txt" } }] },
          { text: "Deleted a.txt." },
          { toolCalls: [{ name: "get_location", arguments: {} }] },
          { text: "You are in Paris." }
        ], { delayMs: 0 })
        const { url } = yield* start(files.server, env)
        const page = (yield* Effect.promise(() => import(Url.pathToFileURL(files.page).href))) as {
          readonly turn: (agent: HttpAgent, text: string, page: object) => Promise<Array<any>>
        }
        const shown: Array<string> = []
        const asked: Array<Interrupt> = []
        const agent = new HttpAgent({ url: `${url}/api/agent` })
        const ui = {
          show: (delta: string) => void shown.push(delta),
          confirm: async (interrupt: Interrupt) => {
            asked.push(interrupt)
            return true
          },
          locate: async () => "Paris"
        }
        const first = yield* Effect.promise(() => page.turn(agent, "Delete a.txt", ui))
        assert.strictEqual(asked.length, 1)
        assert.strictEqual(asked[0]!.reason, "tool_call")
        assert.deepStrictEqual(JSON.parse(first.find((message) => message.role === "tool").content), {
          deleted: "a.txt"
        })
        assert.strictEqual(first.at(-1).content, "Deleted a.txt.")
        const second = yield* Effect.promise(() => page.turn(agent, "Where am I?", ui))
        assert.deepStrictEqual(second.filter((message) => message.role === "tool").map((message) => message.content), [
          JSON.stringify({ deleted: "a.txt" }),
          "Paris"
        ])
        assert.strictEqual(second.at(-1).content, "You are in Paris.")
        assert.strictEqual(shown.join(""), "Deleted a.txt.You are in Paris.")
        const refused = yield* Effect.promise(() =>
          fetch(`${url}/api/agent`, { method: "POST", body: "{not json" }).then(async (response) => ({
            status: response.status,
            type: response.headers.get("content-type"),
            body: await response.json()
          }))
        )
        assert.deepStrictEqual([refused.status, refused.type], [400, "application/json"])
        assert.include(refused.body.error, "not JSON")
      }).pipe(Effect.scoped),
    60_000
  )
})
