/**
 * The serving path under many answers at once, in one process and without sockets: `k` answers at once (default
 * 200), each an OpenAI stream of `deltas` text deltas (default 200) whose body hands on one event per
 * macrotask (as a socket read does when the model writes each delta on its own: nothing to batch), through
 * `LanguageModel.stream` and each stage of the serving path in turn, the CPU time per delta of each:
 *
 * - the OpenAI client's `stream` drained: the body read and decoded (issue 46's);
 * - `+ LanguageModel.stream` drained: what the model layer adds (the call's span, its ending, spend);
 * - `+ fromStream` drained: the UI chunk conversion;
 * - `+ toResponse`, the body read with a reader (as a server's adapter reads it): SSE writing and the Web body;
 * - `+ resumable` (memory store) `+ toResponse`, read the same way: the store's append and read;
 * - apart from the chain (its "over the stage before" meaningless): the browser's request read, `toMessages` of
 *   the body `useChat` sends (one user message), as a server does before it starts the call;
 * - apart: the tool loop (`runTools`, no tools) served by `fromSteps`, drained;
 * - apart: `ChatEndpoint` answering the body `useChat` sends (as `toWebHandler` does: the router, the loop,
 *   `resumable` on the memory store), its `Response` body read;
 * - apart: the same answered by its Node handler (`toNodeHandler`, as `serveNode` answers), to a response that takes
 *   every write at once;
 * - apart: the body `useChat` sends, in a Node request, read as the Node handler's chat route reads it: through Node's
 *   own request (as the chat route reads it under `NodeHttpServer`'s handler), and through a Web `Request` made of it
 *   with `Readable.toWeb` (the handler's before); with `BENCH_SERVING_DELTAS=1` the figures are per request;
 * - apart (where `redis-server` is installed): `resumable` on a Redis store (a `redis-server` started for the run) +
 *   `toNodeResponse`: compare it with the memory store's stage at `BENCH_SERVING_INTERVAL=20`, deltas paced as a
 *   model paces them (unpaced, the writer's wait for Redis lets deltas pile up, and it appends them in batches); and
 *   the commands its answers sent Redis, per answer, by name (`MONITOR`: bench/redis-commands.ts), and those of
 *   `ChatEndpoint`'s answers on the same Redis (its Node handler, counted only).
 *
 * `BENCH_SERVING_INTERVAL` (ms, default 0: one event per macrotask) spaces the model's events by a timer instead.
 *
 * With `BENCH_SERVING_DELTAS=1` each answer is one delta: the figures "per delta" are then per answer, mostly the
 * cost of starting one (the request, the HTTP exchange, each stage's start).
 * CPU time (user + system, this process), the median of `BENCH_SERVING_RUNS` (default 7) runs after one
 * warm-up, the stages taking turns, so the machine's load changes it less than wall time; and two counts the load
 * does not change: bytes allocated per delta (V8's sampling heap profiler) and Effect steps per delta, with the
 * fiber run-loop entries (bench/effect-steps.ts).
 * `npm run bench -- serving`; `BENCH_SERVING_PROFILE=file.cpuprofile` writes a CPU profile of the timed runs,
 * `BENCH_SERVING_HEAP=prefix` the heap profile of each stage's allocation run (`prefix-0.heapprofile`, ...), and
 * `BENCH_SERVING_SOURCES=40` prints each stage's steps per delta by what they evaluate, the 40 largest
 * (bench/effect-step-sources.ts).
 */
import { Effect, Layer, ManagedRuntime, Redacted, Stream } from "effect"
import { HttpClient, HttpClientResponse } from "effect/http"
import * as NodeEvents from "node:events"
import * as Fs from "node:fs"
import * as Inspector from "node:inspector/promises"
import * as NodeStream from "node:stream"
import * as UIServing from "../src/app/ui/UIServing.js"
import { ChatEndpoint, LanguageModel, Message, OpenAI, StreamStore, UIMessageStream } from "../src/index.js"
import { redisServer, startRedis } from "../test/support/RedisServer.js"
import * as EffectStepSources from "./effect-step-sources.js"
import * as EffectSteps from "./effect-steps.js"
import * as Harness from "./harness.js"
import { commandsSent } from "./redis-commands.js"

const k = Number(process.env.BENCH_SERVING_K ?? 200)
const deltas = Number(process.env.BENCH_SERVING_DELTAS ?? 200)
const runs = Number(process.env.BENCH_SERVING_RUNS ?? 7)

const encoder = new TextEncoder()
const head = `"id":"chatcmpl-load","object":"chat.completion.chunk","created":1766084435,"model":"gpt-4o-mini",` +
  `"service_tier":"default","system_fingerprint":"fp_load"`
const event = (choice: string, usage = "null") =>
  encoder.encode(`data: {${head},"choices":[${choice}],"usage":${usage},"obfuscation":"nYdSaPIbhl6FsC"}\n\n`)
const events: ReadonlyArray<Uint8Array> = [
  event(`{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}`),
  ...Array.from(
    { length: deltas },
    (_, index) => event(`{"index":0,"delta":{"content":" word${index}"},"logprobs":null,"finish_reason":null}`)
  ),
  event(`{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}`),
  encoder.encode(
    `data: {${head},"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":${deltas},"total_tokens":${
      deltas + 12
    }}}\n\ndata: [DONE]\n\n`
  )
]

/** Milliseconds between the model's events (`BENCH_SERVING_INTERVAL`); 0: one event per macrotask. */
const interval = Number(process.env.BENCH_SERVING_INTERVAL ?? 0)
const later = (f: () => void) => interval > 0 ? setTimeout(f, interval) : setImmediate(f)

/** A body handing on one event per macrotask (or `interval` apart). */
const body = (): ReadableStream<Uint8Array> => {
  let index = 0
  let cancelled = false
  return new ReadableStream<Uint8Array>({
    pull: (controller) =>
      new Promise<void>((resolve) =>
        later(() => {
          if (!cancelled) {
            if (index < events.length) controller.enqueue(events[index++]!)
            else controller.close()
          }
          resolve()
        })
      ),
    cancel: () => {
      cancelled = true
    }
  }, { highWaterMark: 0 })
}

const client = HttpClient.make((request) =>
  Effect.succeed(
    HttpClientResponse.fromWeb(request, new Response(body(), { headers: { "content-type": "text/event-stream" } }))
  )
)

const openAI = OpenAI.layer({ apiKey: Redacted.make("k"), baseUrl: "http://model.test/v1" }).pipe(
  Layer.provide(Layer.succeed(HttpClient.HttpClient, client))
)
const runtime = ManagedRuntime.make(
  Layer.mergeAll(
    OpenAI.model("gpt-4o-mini").pipe(Layer.provide(openAI)),
    openAI,
    // Every answer here is one owner's, so the store lets one owner hold them all at once.
    StreamStore.layerMemory({ ttl: "1 minute", maxStreamsPerOwner: 4 * k })
  )
)

/** A Redis store on a `redis-server` of its own (where one is installed), for the Redis stage. */
const redis = redisServer === undefined ? undefined : await startRedis()
const redisRuntime = redis === undefined ? undefined : ManagedRuntime.make(
  Layer.mergeAll(
    OpenAI.model("gpt-4o-mini").pipe(Layer.provide(openAI)),
    StreamStore.layerRedis({ url: redis.url, ttl: "1 minute" })
  )
)

/** The chat endpoint over the same model and store, as a Web handler and as a Node handler. */
const endpointLayer = ChatEndpoint.layer({ owner: () => Effect.succeed("user-1"), log: false })
  .pipe(
    Layer.provide(
      Layer.mergeAll(
        OpenAI.model("gpt-4o-mini").pipe(Layer.provide(openAI)),
        StreamStore.layerMemory({ ttl: "1 minute", maxStreamsPerOwner: 4 * k })
      )
    )
  )
const endpoint = await ChatEndpoint.toWebHandler(endpointLayer)
const nodeEndpoint = await ChatEndpoint.toNodeHandler(endpointLayer)
/** The chat endpoint on the Redis store (where `redis-server` is installed), its commands counted. */
const redisEndpoint = redis === undefined ? undefined : await ChatEndpoint.toNodeHandler(
  ChatEndpoint.layer({ owner: () => Effect.succeed("user-1"), log: false }).pipe(
    Layer.provide(
      Layer.mergeAll(
        OpenAI.model("gpt-4o-mini").pipe(Layer.provide(openAI)),
        StreamStore.layerRedis({ url: redis.url, ttl: "1 minute" })
      )
    )
  )
)

/**
 * A Node request of `useChat`'s body to `handler`, to a response that takes every write at once; resolves at its end.
 */
const nodeExchange = (id: string, handler = nodeEndpoint.handler): Promise<void> =>
  new Promise((resolve) => {
    const request = Object.assign(NodeStream.Readable.from([new TextEncoder().encode(chatBody(id))]), {
      method: "POST",
      url: "/api/chat",
      headers: { "content-type": "application/json" },
      rawHeaders: ["content-type", "application/json"]
    })
    const closed = (finished: boolean) => {
      response.writableFinished = finished
      response.destroyed = true
      response.emit("close")
      resolve()
    }
    const response = Object.assign(new NodeEvents.EventEmitter(), {
      destroyed: false,
      writableFinished: false,
      headersSent: false,
      writeHead: () => response.headersSent = true,
      write: () => true,
      end: () => closed(true),
      destroy: () => closed(false)
    })
    handler(request, response)
  })

const readAll = async (response: Response): Promise<number> => {
  const reader = response.body!.getReader()
  let bytes = 0
  while (true) {
    const { done, value } = await reader.read()
    if (done) return bytes
    bytes += value.length
  }
}

/** A Node request of `useChat`'s body, as the Node handler is given it, with a browser's headers. */
const nodeRequest = (id: string): ChatEndpoint.NodeIncomingMessage => {
  const body = new TextEncoder().encode(chatBody(id))
  return Object.assign(NodeStream.Readable.from([body]), {
    method: "POST",
    url: "/api/chat",
    headers: { "content-type": "application/json", "content-length": String(body.length) },
    rawHeaders: [
      ["Host", "127.0.0.1:3000"],
      ["Content-Type", "application/json"],
      ["Content-Length", String(body.length)],
      ["Origin", "http://127.0.0.1:3000"],
      ["Sec-Fetch-Site", "same-origin"],
      ["Cookie", "session=abc"]
    ].flat()
  })
}

/** A Node request as a Web `Request`, its body through `Readable.toWeb` (the Node handler's before `abb38ed`). */
const webRequest = (req: ChatEndpoint.NodeIncomingMessage): Request =>
  new Request("http://localhost/api/chat", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: NodeStream.Readable.toWeb(req as unknown as NodeStream.Readable) as ReadableStream<Uint8Array>,
    duplex: "half"
  } as RequestInit)

/** The body `useChat` sends for a new question (as bench/load/clients.ts sends it). */
const chatBody = (id: string) =>
  JSON.stringify({
    id,
    trigger: "submit-message",
    messages: [{ id: `u-${id}`, role: "user", parts: [{ type: "text", text: "Tell me a story" }] }]
  })

const chunks = () => UIMessageStream.fromStream(LanguageModel.stream("Hello"), { messageId: "m" })

/** A Node response that takes every write at once (a socket never full). */
const nodeResponse = (): UIMessageStream.NodeResponse => {
  let headersSent = false
  return {
    destroyed: false,
    get headersSent() {
      return headersSent
    },
    writeHead: () => (headersSent = true),
    write: () => true,
    end: () => undefined,
    destroy: () => undefined,
    once: () => undefined,
    off: () => undefined
  }
}

let ids = 0

/** An answer through `resumable` on the store of `answers`, written by `toNodeResponse`. */
const resumableAnswer = (answers: ManagedRuntime.ManagedRuntime<LanguageModel.LanguageModel, unknown>) => () =>
  answers.runPromise(
    chunks().pipe(
      UIMessageStream.resumable({ streamId: `s${ids++}`, owner: "user-1" }),
      Effect.flatMap(UIMessageStream.toNodeResponse(nodeResponse()))
    )
  )

const stages: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
  [
    "the OpenAI client's `stream` drained",
    () =>
      runtime.runPromise(Effect.flatMap(OpenAI.OpenAIClient, (openai) =>
        Stream.runDrain(
          openai.stream({ model: "gpt-4o-mini", messages: [Message.user("Hello")] })
        )))
  ],
  ["+ `LanguageModel.stream` drained", () => runtime.runPromise(Stream.runDrain(LanguageModel.stream("Hello")))],
  ["+ `fromStream` drained", () => runtime.runPromise(Stream.runDrain(chunks()))],
  [
    "+ `toResponse`, body read",
    () => runtime.runPromise(UIMessageStream.toResponse(chunks())).then(readAll)
  ],
  ["+ `toNodeResponse`", () => runtime.runPromise(UIMessageStream.toNodeResponse(chunks(), nodeResponse()))],
  ["+ `resumable` (memory) + `toNodeResponse`", resumableAnswer(runtime)],
  [
    "+ `resumable` (memory) + `toResponse`, body read",
    () =>
      runtime.runPromise(
        chunks().pipe(
          UIMessageStream.resumable({ streamId: `s${ids++}`, owner: "user-1" }),
          Effect.flatMap(UIMessageStream.toResponse())
        )
      ).then(readAll)
  ],
  [
    "apart: the browser's request, `toMessages`",
    () => runtime.runPromise(UIMessageStream.toMessages(chatBody(`c${ids++}`)))
  ],
  [
    "apart: `runTools` + `fromSteps` drained",
    () =>
      runtime.runPromise(
        Stream.runDrain(
          UIMessageStream.fromSteps(LanguageModel.runTools({ messages: [Message.user("Hello")] }), { messageId: "m" })
        )
      )
  ],
  [
    "apart: `ChatEndpoint` (`toWebHandler`), body read",
    () =>
      endpoint.handler(
        new Request("http://localhost/api/chat", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: chatBody(`e${ids++}`)
        })
      ).then(readAll)
  ],
  ["apart: `ChatEndpoint` (`toNodeHandler`)", () => nodeExchange(`n${ids++}`)],
  [
    "apart: a Node chat request read as Node hands it on",
    () => Effect.runPromise(UIServing.readRequest(nodeRequest(`r${ids++}`)))
  ],
  [
    "apart: the same through a Web `Request` made of it",
    () => Effect.runPromise(UIServing.readRequest(webRequest(nodeRequest(`r${ids++}`))))
  ],
  // Where `redis-server` is installed.
  ...(redisRuntime === undefined ? [] : [
    [
      "apart: `resumable` (Redis, a `redis-server` of its own) + `toNodeResponse`",
      resumableAnswer(redisRuntime)
    ] as const
  ])
]

/**
 * Bytes allocated per delta by each stage's run (collected or not), from V8's sampling heap profiler: a count the
 * machine's load does not change.
 */
const allocations = async (answers: ReadonlyArray<() => Promise<unknown>>): Promise<Array<number>> => {
  const session = new Inspector.Session()
  session.connect()
  await session.post("HeapProfiler.enable")
  const bytes: Array<number> = []
  for (const answer of answers) {
    const { bytes: total, profile } = await Harness.allocatedBytes(
      session,
      () => Promise.all(Array.from({ length: k }, answer))
    )
    if (process.env.BENCH_SERVING_HEAP !== undefined) {
      Fs.writeFileSync(`${process.env.BENCH_SERVING_HEAP}-${bytes.length}.heapprofile`, JSON.stringify(profile))
    }
    bytes.push(total / (k * deltas))
  }
  session.disconnect()
  return bytes
}

/** `BENCH_SERVING_STAGES=0,2`: only those stages (by index). */
const selected = process.env.BENCH_SERVING_STAGES?.split(",").map(Number)

export const run = async (): Promise<void> => {
  const chosen = stages.filter((_, index) => selected === undefined || selected.includes(index))
  const once = async (answer: () => Promise<unknown>) => {
    const started = Harness.cpuMicros()
    await Promise.all(Array.from({ length: k }, answer))
    return (Harness.cpuMicros() - started) / (k * deltas)
  }
  for (const [, answer] of chosen) await once(answer)
  const allocated = await allocations(chosen.map(([, answer]) => answer))
  const steps: Array<{ steps: number; entries: number }> = []
  for (const [, answer] of chosen) {
    steps.push(await EffectSteps.count(() => Promise.all(Array.from({ length: k }, answer))))
  }
  const sources = process.env.BENCH_SERVING_SOURCES
  if (sources !== undefined) {
    for (const [name, answer] of chosen) {
      const counts = await EffectStepSources.attribute(() => Promise.all(Array.from({ length: k }, answer)))
      console.log(`\n${name}, Effect steps per delta by what they evaluate:\n`)
      console.log(EffectStepSources.table(counts, k * deltas, Number(sources)))
    }
  }
  const profiling = process.env.BENCH_SERVING_PROFILE
  const session = profiling === undefined ? undefined : new Inspector.Session()
  if (session !== undefined) {
    session.connect()
    await session.post("Profiler.enable")
    await session.post("Profiler.setSamplingInterval", { interval: 100 })
    await session.post("Profiler.start")
  }
  // The stages take turns, so that a change in the machine's load falls on all of them alike.
  const samples = chosen.map((): Array<number> => [])
  for (let round = 0; round < runs; round++) {
    for (let index = 0; index < chosen.length; index++) samples[index]!.push(await once(chosen[index]![1]))
  }
  if (session !== undefined) {
    Fs.writeFileSync(profiling!, JSON.stringify((await session.post("Profiler.stop")).profile))
    session.disconnect()
  }
  const rows: Array<Array<string>> = []
  let previous: number | undefined
  chosen.forEach(([name], index) => {
    const median = Harness.median(samples[index]!)
    rows.push([
      name,
      `${median.toFixed(2)} µs`,
      `${Math.min(...samples[index]!).toFixed(2)}–${Math.max(...samples[index]!).toFixed(2)}`,
      previous === undefined ? "" : `${median >= previous ? "+" : ""}${(median - previous).toFixed(2)} µs`,
      `${allocated[index]!.toFixed(0)} B`,
      `${(steps[index]!.steps / (k * deltas)).toFixed(1)} (${(steps[index]!.entries / (k * deltas)).toFixed(2)})`
    ])
    previous = median
  })
  console.log(
    `\n${k} answers at once, ${deltas} deltas each, one event per macrotask: CPU time per delta (median of ${runs}, ` +
      `the stages taking turns)\n`
  )
  console.log(
    Harness.markdownTable([
      "stage",
      "CPU / delta",
      "range",
      "over the stage before",
      "allocated / delta",
      "Effect steps / delta (run-loop entries)"
    ], rows)
  )
  if (redis !== undefined && redisRuntime !== undefined && redisEndpoint !== undefined) {
    const answers: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
      ["The Redis stage", resumableAnswer(redisRuntime)],
      ["`ChatEndpoint` on Redis (`toNodeHandler`)", () => nodeExchange(`r${ids++}`, redisEndpoint.handler)]
    ]
    for (const [name, answer] of answers) {
      const sent = await commandsSent(redis.url, () => Promise.all(Array.from({ length: k }, answer)))
      const total = [...sent.values()].reduce((sum, count) => sum + count, 0)
      const each = [...sent].sort(([a], [b]) => a.localeCompare(b)).map(([name, count]) =>
        `${name} ${(count / k).toFixed(2)}`
      )
      console.log(`\n${name}, commands sent per answer (MONITOR): ${(total / k).toFixed(2)} (${each.join(", ")})`)
    }
  }
  await runtime.dispose()
  await redisRuntime?.dispose()
  redis?.kill()
  await endpoint.dispose()
  await nodeEndpoint.dispose()
  await redisEndpoint?.dispose()
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
