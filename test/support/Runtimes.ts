/**
 * The JavaScript runtimes other than Node that the packed package is run on, as the official SDKs' ecosystem tests
 * run theirs: Bun and Deno run the consumer app from its node_modules; a Cloudflare Worker (workerd, no
 * `nodejs_compat`) and the Vercel Edge runtime (`@edge-runtime/vm`) run an esbuild bundle of it. Each runtime comes
 * from the npm registry as a devDependency (its binary shipped in a platform package); a runtime whose binary is not
 * installed for this platform is `undefined`, and its test skips saying so.
 */
import type { ReplayServer } from "effect-llm-stream/testing"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Path from "node:path"
import { withCookies } from "./EndpointApp.js"
import { root } from "./PackedApp.js"
import { readResponse } from "./UIClient.js"

const binary = (path: string): string | undefined => {
  const full = Path.join(root, "node_modules", path)
  if (!Fs.existsSync(full)) return undefined
  // The package's launcher is a placeholder until its own postinstall runs (npm 11 asks before running one); the
  // platform package's binary is the runtime itself.
  const ran = ChildProcess.spawnSync(full, ["--version"], { encoding: "utf8", timeout: 30_000 })
  return ran.status === 0 ? full : undefined
}

/** Bun's binary (the `bun` package). */
export const bun: string | undefined = binary(Path.join("bun", "bin", "bun.exe"))

/** Deno's binary (the `deno` package). */
export const deno: string | undefined = binary(Path.join("deno", "deno"))

/** workerd's binary (the `workerd` package), the runtime of Cloudflare Workers. */
export const workerd: string | undefined = binary(Path.join("workerd", "bin", "workerd"))

/** A free TCP port on loopback. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as Net.AddressInfo).port
      server.close(() => resolve(port))
    })
  })

/** `program` run to its end by `command` in `cwd`, without blocking the event loop: its status and output. */
export const run = (command: string, args: ReadonlyArray<string>, cwd: string, timeoutMs = 60_000) =>
  new Promise<{ readonly status: number | null; readonly stdout: string; readonly output: string }>((resolve) => {
    const child = ChildProcess.spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: "1" } })
    let stdout = ""
    let output = ""
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
    child.stdout.on("data", (data) => {
      stdout += data
      output += data
    })
    child.stderr.on("data", (data) => (output += data))
    child.on("close", (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, output })
    })
  })

/** The workerd configuration of one Worker (`worker.js` beside it) listening on `port`, reaching loopback. */
const workerdConfig = (port: number, bindings: Readonly<Record<string, string>>) =>
  `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # The recordings are served on loopback: the Worker's fetch may reach it.
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2026-11-01",
  bindings = [${
    Object.entries(bindings).map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`)
      .join(", ")
  }],
  globalOutbound = "net",
);
`

/**
 * Starts workerd serving the Worker `code` (an ES module) with text `bindings`, once it answers: its origin, and the
 * function that ends it.
 */
export const startWorkerd = async (
  executable: string,
  dir: string,
  code: string,
  bindings: Readonly<Record<string, string>> = {}
): Promise<{ readonly origin: string; readonly stop: () => void; readonly output: () => string }> => {
  const port = await freePort()
  Fs.mkdirSync(dir, { recursive: true })
  Fs.writeFileSync(Path.join(dir, "worker.js"), code)
  Fs.writeFileSync(Path.join(dir, "config.capnp"), workerdConfig(port, bindings))
  const child = ChildProcess.spawn(executable, ["serve", "config.capnp", "--verbose"], { cwd: dir })
  let output = ""
  child.stdout.on("data", (data) => (output += data))
  child.stderr.on("data", (data) => (output += data))
  const origin = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    const listening = await new Promise<boolean>((resolve) => {
      const socket = Net.connect(port, "127.0.0.1", () => {
        socket.destroy()
        resolve(true)
      })
      socket.once("error", () => resolve(false))
    })
    if (listening) return { origin, stop: () => child.kill("SIGKILL"), output: () => output }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL")
      throw new Error(`workerd did not start:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * Runs the Worker `code` (an ES module whose `fetch` takes the base URLs as its request's JSON body) in workerd, and
 * returns the JSON it answers.
 */
export const inWorkerd = async (
  executable: string,
  dir: string,
  code: string,
  baseUrls: Readonly<Record<string, string>>
): Promise<any> => {
  const worker = await startWorkerd(executable, dir, code)
  try {
    const response = await fetch(worker.origin, { method: "POST", body: JSON.stringify(baseUrls) })
    return await response.json()
  } finally {
    worker.stop()
  }
}

/**
 * Starts `args` (a program printing `{"port":...}` once it listens, as test/consumer/serve-chat.mjs does) with
 * `command` in `cwd` and `env`: its origin, and the function that ends it.
 */
export const startServer = async (
  command: string,
  args: ReadonlyArray<string>,
  cwd: string,
  env: Readonly<Record<string, string>>
): Promise<{ readonly origin: string; readonly stop: () => void }> => {
  const child = ChildProcess.spawn(command, args, { cwd, env: { ...process.env, ...env, NO_COLOR: "1" } })
  let output = ""
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`${command} did not listen:\n${output}`))
    }, 30_000)
    child.stderr.on("data", (data) => (output += data))
    child.stdout.on("data", (data) => {
      output += data
      const port = /\{"port":(\d+)\}/.exec(output)?.[1]
      if (port === undefined) return
      clearTimeout(timer)
      resolve({ origin: `http://127.0.0.1:${port}`, stop: () => child.kill("SIGKILL") })
    })
    child.on("close", () => {
      clearTimeout(timer)
      reject(new Error(`${command} ended before it listened:\n${output}`))
    })
  })
}

/** Runs a browser bundle (see `BrowserRun.inVm`) in the Vercel Edge runtime's VM, and returns what it reported. */
export const inEdgeRuntime = async (code: string, consumerBaseUrls: Readonly<Record<string, string>>): Promise<any> => {
  const { EdgeVM } = await import("@edge-runtime/vm")
  return new Promise((report) => {
    const vm = new EdgeVM()
    Object.assign(vm.context, { consumerBaseUrls, report })
    vm.evaluate(code)
  })
}

/**
 * The chat endpoint's Web handler built in the Vercel Edge runtime's VM from the bundle `code` (which sets
 * `globalThis.chatHandler`, as test/consumer/chat-edge.mjs does), as a `fetch` of Node's realm.
 */
export const edgeChat = async (
  code: string,
  env: Readonly<Record<string, string>>
): Promise<{ readonly fetch: typeof globalThis.fetch; readonly stop: () => Promise<void> }> => {
  const { EdgeVM } = await import("@edge-runtime/vm")
  const vm = new EdgeVM()
  vm.evaluate(code)
  const web = await vm.context.chatHandler(env)
  const fetchInVm = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new vm.context.Request(String(input), {
      method: init?.method ?? "GET",
      headers: Object.fromEntries(new Headers(init?.headers)),
      ...(init?.body === undefined ? {} : { body: init.body })
    })
    const response = await web.handler(request)
    // The VM's response, read here through a stream of this realm.
    const reader = response.body?.getReader()
    const body = reader === undefined ? null : new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read()
        if (done) controller.close()
        else controller.enqueue(new Uint8Array(value))
      },
      cancel: (reason) => reader.cancel(reason)
    })
    const headers = new Headers()
    response.headers.forEach((value: string, name: string) => headers.append(name, value))
    return new Response(body, { status: response.status, headers })
  }) as typeof globalThis.fetch
  return { fetch: fetchInVm, stop: () => web.dispose() }
}

/** The recorded answer for the text question, and a model that never ends for the question about `forever`. */
export const chatModel = (recording: Uint8Array): ReplayServer.ScenarioInput => (request) => {
  if (!request.body.includes("forever")) return { headers: { "content-type": "text/event-stream" }, body: recording }
  const chunk = (delta: object) =>
    `data: ${
      JSON.stringify({
        id: "chatcmpl-forever",
        object: "chat.completion.chunk",
        created: 1,
        model: "gpt-4o",
        choices: [{ index: 0, delta, finish_reason: null }]
      })
    }\n\n`
  const first = chunk({ role: "assistant", content: "" })
  return {
    headers: { "content-type": "text/event-stream" },
    body: first + chunk({ content: "tick " }),
    cuts: [first.length],
    delayMs: 20,
    endless: true
  }
}

const question = (id: string, text: string) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    id,
    trigger: "submit-message",
    messages: [{ id: "u1", role: "user", parts: [{ type: "text", text }] }]
  })
})

/**
 * What a client of the chat endpoint at `origin` (reached with `fetch`) gets: the answer's text to a question, read by
 * the `ai` package's client; then, for an answer that never ends, the stop route's status once the answer streams, and
 * whether the answer then ended (within 10 s) with its last chunk.
 */
export const chatSession = async (fetch: typeof globalThis.fetch, origin: string) => {
  const session = withCookies(fetch)
  const answered = await readResponse(await session(`${origin}/api/chat`, question("runtime-text", "A book, please")))
  const text = answered.message?.parts.flatMap((part) => part.type === "text" ? [part.text] : []).join("") ?? ""
  const running = await session(`${origin}/api/chat`, question("runtime-stop", "Count forever"))
  const reader = running.body!.pipeThrough(new TextDecoderStream()).getReader()
  let seen = ""
  while (!seen.includes(`"text-delta"`)) {
    const { done, value } = await reader.read()
    if (done) break
    seen += value
  }
  const stop = await session(`${origin}/api/chat/runtime-stop/stop`, { method: "POST" })
  const ended = await Promise.race([
    (async () => {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return true
        seen += value
      }
    })(),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000))
  ])
  const last = seen.trim().split("\n\n").filter((event) => event !== "data: [DONE]").at(-1)
  return { status: running.status, text, stopStatus: stop.status, ended, last }
}

/** A run an AG-UI client starts (`RunAgentInput`) with one user message. */
const runInput = (runId: string, content: string) => ({
  method: "POST",
  headers: { "content-type": "application/json", accept: "text/event-stream" },
  body: JSON.stringify({
    threadId: "runtime-thread",
    runId,
    state: {},
    messages: [{ id: "u1", role: "user", content }],
    tools: [],
    context: [],
    forwardedProps: {}
  })
})

/** The events of an AG-UI response's `data:` lines, read until `until` holds of one, or to the end. */
const readEvents = async (
  reader: ReadableStreamDefaultReader<string>,
  until: (event: { readonly type: string }) => boolean = () => false
) => {
  const events: Array<{ readonly type: string; readonly delta?: string }> = []
  let buffered = ""
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return events
    buffered += value
    const lines = buffered.split("\n")
    buffered = lines.pop()!
    for (const line of lines) {
      if (!line.startsWith("data: ")) continue
      const event = JSON.parse(line.slice(6))
      events.push(event)
      if (until(event)) return events
    }
  }
}

/**
 * What an AG-UI client of the agent at `origin` gets: the events of a run (the text of its message, its last event),
 * then, for a run that never ends, the first text event before the client drops it (`abortRun`).
 */
export const agentSession = async (fetch: typeof globalThis.fetch, origin: string) => {
  const answered = await fetch(`${origin}/api/agent`, runInput("runtime-run", "A book, please"))
  const events = await readEvents(answered.body!.pipeThrough(new TextDecoderStream()).getReader())
  const text = events.flatMap((event) => event.type === "TEXT_MESSAGE_CONTENT" ? [event.delta] : []).join("")
  const endless = await fetch(`${origin}/api/agent`, runInput("runtime-endless", "Count forever"))
  const reader = endless.body!.pipeThrough(new TextDecoderStream()).getReader()
  const before = await readEvents(reader, (event) => event.type === "TEXT_MESSAGE_CONTENT")
  await reader.cancel()
  return { status: answered.status, text, last: events.at(-1)?.type, dropped: before.at(-1)?.type }
}
