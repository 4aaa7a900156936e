/**
 * The documentation's programs run: every complete program of the README and docs/ (one that runs something,
 * not a test and not a page's code) is bundled as written, the package mapped to src/, and run by plain
 * `node`, all at once, offline, with only the environment `ReplayServer.serveSamples` gives (the recordings
 * the package ships); each must end with status 0, print its answer and no error. A sample that defines a
 * `program` without running it says how (a `// Run it` comment). Every chat route handler of the docs answers a
 * chat request with its stream and bad bodies (not JSON, not a chat request, too large) with their 4xx; a server
 * program listens and answers so too, and, started with a mistake (no key, a Redis that is down), prints its one
 * line first and exits with 1 before it listens.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { ReplayServer } from "effect-llm-stream/testing"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import {
  bundleForNode,
  isHandler,
  isProgram,
  isServer,
  leavesProgramUnrun,
  markdownSamples,
  root
} from "../../support/DocSamples.js"
import * as Fixtures from "../../support/Fixtures.js"

const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-llm-stream-doc-programs-"))
// The optional peers a program loads when it runs (`@effect/platform-node`'s client and handler), as a deployed server
// has them beside its bundle.
Fs.symlinkSync(Path.join(root, "node_modules"), Path.join(dir, "node_modules"), "dir")
const scope = Effect.runSync(Scope.make())
afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  Fs.rmSync(dir, { recursive: true, force: true })
})

const samples = markdownSamples()
const programs = samples.filter((sample) => isProgram(sample.code) && !isServer(sample.code))
const servers = samples.filter((sample) => isServer(sample.code))
const handlers = samples.filter((sample) => isHandler(sample.code))

/**
 * A program that calls a handler sample's export as a Web handler (`POST`; `chat`, an Effect, with the model's layer;
 * `Chat`, an `effect/http` route, through `HttpRouter.toWebHandler`) with a chat request and bad bodies, and prints
 * each answer's status and the start of its body.
 */
const harness = (file: string) =>
  `import * as Sample from "./${file}"
import { Effect } from "effect"
import { OpenAI } from "effect-llm-stream"
import { HttpRouter } from "effect/http"
const exported = Sample as Record<string, any>
const handle = typeof exported.POST === "function"
  ? exported.POST
  : typeof exported.chat === "function"
  ? (request) => Effect.runPromise(Effect.provide(exported.chat(request), OpenAI.layerModel("gpt-4o-mini")))
  : HttpRouter.toWebHandler(exported.Chat, { disableLogger: true }).handler
const bodies = [
  JSON.stringify({ id: "doc", messages: [{ id: "u", role: "user", parts: [{ type: "text", text: "Hi" }] }] }),
  "{not json",
  JSON.stringify({ messages: 3 }),
  "x".repeat(8 * 1024 * 1024 + 1)
]
const answers = []
for (const body of bodies) {
  const response = await handle(new Request("http://localhost/api/chat", { method: "POST", body }))
  answers.push({ status: response.status, body: (await response.text()).slice(0, 4000) })
}
console.log(JSON.stringify(answers))
process.exit(0)
`

/** Bundles the samples for Node, `effect-llm-stream` and its entry points mapped to src/; the file of each. */
const bundle = async () => {
  const write = (name: string, code: string) => {
    const file = Path.join(dir, `${name}.ts`)
    Fs.writeFileSync(file, code)
    return file
  }
  const programFiles = programs.map((sample, index) => write(`program${index}`, sample.code))
  const serverFiles = servers.map((sample, index) => write(`server${index}`, sample.code))
  const harnessFiles = handlers.map((sample, index) => {
    write(`handler${index}`, sample.code)
    return write(`harness${index}`, harness(`handler${index}.ts`))
  })
  await bundleForNode([...programFiles, ...serverFiles, ...harnessFiles], dir)
  const mjs = (files: ReadonlyArray<string>) => files.map((file) => file.replace(/\.ts$/, ".mjs"))
  return { programs: mjs(programFiles), servers: mjs(serverFiles), harnesses: mjs(harnessFiles) }
}

/** The bundle, made once for all the tests. */
let bundled: ReturnType<typeof bundle> | undefined
const bundleOnce = () => (bundled ??= bundle())

/** The environment of the shipped recordings, on a replay server closed after the tests. */
let served: Promise<Readonly<Record<string, string>>> | undefined
const environment = () => (served ??= Effect.runPromise(
  Scope.provide(Effect.map(ReplayServer.make, (server) => ReplayServer.serveSamples(server, { delayMs: 0 })), scope)
))

const run = (file: string, env: Readonly<Record<string, string>>) =>
  new Promise<{ readonly status: number | null; readonly stdout: string; readonly stderr: string }>((resolve) => {
    const child = ChildProcess.spawn(process.execPath, [file], { env: { PATH: process.env["PATH"] ?? "", ...env } })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (data) => (stdout += data))
    child.stderr.on("data", (data) => (stderr += data))
    child.on("close", (status) => resolve({ status, stdout, stderr }))
  })

/** Starts a server program; resolves with its URL once it says it listens. */
const listening = (file: string, env: Readonly<Record<string, string>>) =>
  new Promise<{ readonly child: ChildProcess.ChildProcess; readonly url: string }>((resolve, reject) => {
    const child = ChildProcess.spawn(process.execPath, [file], { env: { PATH: process.env["PATH"] ?? "", ...env } })
    let output = ""
    child.stdout.on("data", (data) => {
      output += data
      const found = /listening on (http:\/\/\S+)/.exec(output)
      if (found !== null) resolve({ child, url: found[1]! })
    })
    child.stderr.on("data", (data) => (output += data))
    child.on("close", () => reject(new Error(`the server ended: ${output}`)))
  })

const chatRequest = { id: "doc-chat", messages: [{ id: "u", role: "user", parts: [{ type: "text", text: "Hi" }] }] }

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/chat`, { method: "POST", body, headers }).then(async (response) => ({
    status: response.status,
    cookie: response.headers.get("set-cookie"),
    text: await response.text()
  }))

/** The text of a UI message stream's deltas. */
const deltas = (events: string) =>
  events.split("\n\n").flatMap((event) => {
    const chunk = event.startsWith("data: {") ? JSON.parse(event.slice(6)) : undefined
    return chunk?.type === "text-delta" ? [chunk.delta] : []
  }).join("")

/** The text of the recording the sample environment answers with. */
const recordedText = () => Fixtures.json("openai", "text.expected.json").choices["0"].content

/** The stored answer replays for its session, and is unknown (204) to none and to another session. */
const resumedOnlyBy = async (url: string, session: string) => {
  const resumed = await fetch(`${url}/api/chat/doc-chat/stream`, { headers: { cookie: session } })
  assert.strictEqual(resumed.status, 200)
  assert.strictEqual(deltas(await resumed.text()), recordedText())
  assert.strictEqual((await fetch(`${url}/api/chat/doc-chat/stream`)).status, 204)
  const stranger = { cookie: `${session.split("=")[0]}=${"A".repeat(22)}` }
  assert.strictEqual((await fetch(`${url}/api/chat/doc-chat/stream`, { headers: stranger })).status, 204)
}

/**
 * A Stop naming the person's next message (`messageId`), sent before that message in the chat whose answer is stored:
 * the answer to it stops as it starts, no delta; a stop body that is not its JSON is a 400.
 */
const stoppedByName = async (url: string, session: string) => {
  const stop = (body: string) =>
    fetch(`${url}/api/chat/doc-chat/stop`, { method: "POST", body, headers: { cookie: session } }).then((response) =>
      response.status
    )
  assert.strictEqual(await stop("{not json"), 400)
  assert.strictEqual(await stop(JSON.stringify({ messageId: "u2" })), 204)
  const next = { id: "u2", role: "user", parts: [{ type: "text", text: "Hi again" }] }
  const body = JSON.stringify({ ...chatRequest, messages: [...chatRequest.messages, next] })
  const answer = await post(url, body, { cookie: session })
  assert.strictEqual(answer.status, 200)
  assert.strictEqual(deltas(answer.text), "")
  assert.include(answer.text, "\"finishReason\":\"interrupted\"")
}

/** The status of a POST of a chat request to `url` that names another host (DNS rebinding). */
const reboundStatus = (url: string) =>
  new Promise<number>((resolve) => {
    const { hostname, port } = new URL(url)
    Http.request({ host: hostname, port, path: "/api/chat", method: "POST", headers: { host: "evil.example" } }, (
      response
    ) => {
      response.resume()
      resolve(response.statusCode!)
    }).end(JSON.stringify(chatRequest))
  })

/** A port nothing listens on. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const probe = Net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as Net.AddressInfo
      probe.close(() => resolve(port))
    })
  })

describe("the documentation's programs", () => {
  it("every complete program runs offline against the shipped recordings, and prints its answer", async () => {
    assert.includeMembers(programs.map((sample) => sample.origin), [
      "README.md#1",
      "README.md#2",
      "docs/getting-started.md#1",
      "docs/getting-started.md#2"
    ])
    const { programs: files } = await bundleOnce()
    const env = await environment()
    // Every program at once: a minute on a loaded two-core machine, hence the test's two.
    const results = await Promise.all(files.map((file) => run(file, env)))
    const answer = Fixtures.json("openai", "text.expected.json").choices["0"].content
    results.forEach((result, index) => {
      const origin = programs[index]!.origin
      assert.strictEqual(result.status, 0, `${origin}: ${result.stdout}${result.stderr}`)
      assert.strictEqual(result.stderr, "", origin)
      assert.include(result.stdout, answer, origin)
    })
    // The README's usage and cost program prints the cost as a price.
    const usage = results[
      programs.findIndex((sample) => sample.origin.startsWith("README.md#") && sample.code.includes("Cost.format"))
    ]!.stdout
    assert.match(usage, /^cost: \$0\.\d+$/m)
    assert.notInclude(usage, "some(")
  }, 120_000)

  it(
    "every chat handler answers a chat request with its stream, and a body not JSON, not a chat request or over 8 MiB with its 4xx",
    async () => {
      assert.includeMembers(handlers.map((sample) => sample.origin), ["docs/ui.md#4", "docs/ui.md#7", "docs/ui.md#8"])
      const { harnesses } = await bundleOnce()
      const env = await environment()
      const results = await Promise.all(harnesses.map((file) => run(file, env)))
      results.forEach((result, index) => {
        const origin = handlers[index]!.origin
        assert.strictEqual(result.status, 0, `${origin}: ${result.stdout}${result.stderr}`)
        const [answer, notJson, notChat, tooLarge] = JSON.parse(result.stdout) as Array<
          { status: number; body: string }
        >
        assert.strictEqual(answer!.status, 200, `${origin}: ${answer!.body}`)
        assert.include(answer!.body, `"type":"text-delta"`, origin)
        assert.include(answer!.body, `"type":"finish"`, origin)
        assert.strictEqual(notJson!.status, 400, origin)
        assert.include(JSON.parse(notJson!.body).error, "invalid chat request", origin)
        assert.strictEqual(notChat!.status, 400, origin)
        assert.include(JSON.parse(notChat!.body).error, "messages", origin)
        assert.strictEqual(tooLarge!.status, 413, origin)
      })
    },
    60_000
  )

  it(
    "the complete Node server listens and answers; started without its key or with Redis down, it prints one line and exits with 1 before it listens",
    async () => {
      const origins = servers.map((sample) => sample.origin)
      assert.deepStrictEqual(origins.filter((origin) => origin.startsWith("docs/")), ["docs/ui.md#9"])
      const index = origins.indexOf("docs/ui.md#9")
      // The server is the chat example, as written.
      const example = Fs.readFileSync(Path.join(root, "examples", "chat", "node-http.ts"), "utf8")
      assert.strictEqual(example.slice(example.indexOf("\n") + 1), servers[index]!.code)
      const file = (await bundleOnce()).servers[index]!
      const env = { ...await environment(), PORT: "0" }
      const { child, url } = await listening(file, env)
      try {
        const answer = await post(url, JSON.stringify(chatRequest))
        assert.strictEqual(answer.status, 200)
        // The browser's session: an HttpOnly cookie the server set, the owner of its streams.
        const session = /^session=[\w-]{22}/.exec(answer.cookie ?? "")?.[0]
        assert.isDefined(session, `set-cookie: ${answer.cookie}`)
        assert.match(answer.cookie!, /HttpOnly/)
        assert.strictEqual(deltas(answer.text), recordedText())
        await resumedOnlyBy(url, session!)
        await stoppedByName(url, session!)
        assert.strictEqual((await post(url, "{not json")).status, 400)
        assert.strictEqual((await post(url, "x".repeat(8 * 1024 * 1024 + 1))).status, 413)
        assert.strictEqual(await reboundStatus(url), 403)
        assert.strictEqual(child.exitCode, null, "still serving")
      } finally {
        child.kill()
      }
      const { OPENAI_API_KEY: _, ...withoutKey }: Record<string, string> = env
      const [noKey, noRedis] = await Promise.all([
        run(file, withoutKey),
        run(file, { ...env, REDIS_URL: `redis://127.0.0.1:${await closedPort()}` })
      ])
      for (
        const [result, line] of [[noKey, /^ConfigurationError: openai: OPENAI_API_KEY is not set: /], [
          noRedis,
          /^StreamStoreError: /
        ]] as const
      ) {
        assert.strictEqual(result.status, 1, result.stdout + result.stderr)
        assert.strictEqual(result.stdout, "", "nothing listened")
        assert.match(result.stderr.split("\n")[0]!, line)
      }
    },
    60_000
  )

  it(
    "the README's chat server (ChatEndpoint): it listens and answers, resumes for its session only, stops; without its key it prints one line and exits with 1 before it listens",
    async () => {
      const index = servers.findIndex((sample) => sample.origin.startsWith("README.md#"))
      assert.notStrictEqual(index, -1, "the README has a chat server")
      // At most 30 lines of server code, serving included (its three limits for anonymous users: 6).
      assert.isAtMost(servers[index]!.code.trim().split("\n").length, 30)
      const file = (await bundleOnce()).servers[index]!
      const env = { ...await environment(), PORT: "0" }
      const { child, url } = await listening(file, env)
      try {
        const answer = await post(url, JSON.stringify(chatRequest))
        assert.strictEqual(answer.status, 200, answer.text)
        const session = /^chat_session=[\w-]{22}\.[0-9a-z]+\.[\w-]{22}/.exec(answer.cookie ?? "")?.[0]
        assert.isDefined(session, `set-cookie: ${answer.cookie}`)
        assert.match(answer.cookie!, /HttpOnly; SameSite=Lax/)
        assert.strictEqual(deltas(answer.text), recordedText())
        await resumedOnlyBy(url, session!)
        const stop = await fetch(`${url}/api/chat/doc-chat/stop`, { method: "POST", headers: { cookie: session! } })
        assert.strictEqual(stop.status, 204)
        assert.strictEqual((await post(url, "{not json")).status, 400)
        assert.strictEqual((await post(url, "x".repeat(8 * 1024 * 1024 + 1))).status, 413)
        assert.strictEqual(child.exitCode, null, "still serving")
      } finally {
        child.kill()
      }
      const { OPENAI_API_KEY: _, ...withoutKey }: Record<string, string> = env
      const noKey = await run(file, withoutKey)
      assert.strictEqual(noKey.status, 1, noKey.stdout + noKey.stderr)
      assert.strictEqual(noKey.stdout, "", "nothing listened")
      assert.match(noKey.stderr.split("\n")[0]!, /^ConfigurationError: openai: OPENAI_API_KEY is not set: /)
    },
    60_000
  )

  it("a sample that defines a program and does not run it says how to", () => {
    assert.deepStrictEqual(
      samples.filter((sample) => leavesProgramUnrun(sample.code)).map((sample) => sample.origin),
      []
    )
  })
})
