/**
 * The heap each answer holds while it is in flight (issue 56: RSS per concurrent answer): `n` answers at once
 * (default 1,000), each an OpenAI stream halfway through (`deltas` text deltas sent, default 100, then the model
 * waits), served as a server serves them; the heap in use after a full GC, less the same before they started, per
 * answer. Three ways of serving: `toNodeResponse(fromStream(LanguageModel.stream(...)))`, the same through
 * `resumable` on the memory store (which keeps the chunks), and `ChatEndpoint`'s Node handler (the tool loop,
 * `fromSteps`, `resumable`). What a server's RSS per concurrent answer is beyond this is the heap V8 keeps for
 * the garbage a busy server makes, not what the answers hold.
 *
 * `npm run bench -- in-flight`; `BENCH_IN_FLIGHT_N`, `BENCH_IN_FLIGHT_DELTAS`, and `BENCH_IN_FLIGHT_SNAPSHOT=prefix`
 * to write heap snapshots before and during (`prefix-plain-before.heapsnapshot`, ...).
 */
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { HttpClient, HttpClientResponse } from "effect/http"
import * as NodeEvents from "node:events"
import * as NodeStream from "node:stream"
import * as V8 from "node:v8"
import { ChatEndpoint, LanguageModel, OpenAI, StreamStore, UIMessageStream } from "../src/index.js"
import * as Harness from "./harness.js"

const n = Number(process.env.BENCH_IN_FLIGHT_N ?? 1000)
const deltas = Number(process.env.BENCH_IN_FLIGHT_DELTAS ?? 100)
const snapshots = process.env.BENCH_IN_FLIGHT_SNAPSHOT

const encoder = new TextEncoder()
const event = (delta: string) =>
  encoder.encode(
    `data: {"id":"chatcmpl-live","object":"chat.completion.chunk","created":1766084435,"model":"gpt-4o-mini",` +
      `"choices":[{"index":0,"delta":${delta},"finish_reason":null}],"usage":null}\n\n`
  )
const events = [
  event(`{"role":"assistant","content":""}`),
  ...Array.from({ length: deltas }, (_, index) => event(`{"content":" word${index}"}`))
]

/** The model's bodies waiting after their last delta, and how many are waiting. */
class Model {
  waiting: Array<() => void> = []
  /** Why an answer failed, once one has: `reached` throws it rather than wait for bodies that never come. */
  failure: unknown = undefined

  /** Records an answer's failure (the first one). */
  fail = (cause: unknown): void => {
    this.failure ??= cause
  }

  /** A body handing on one event per macrotask, then waiting until `release`. */
  body(): ReadableStream<Uint8Array> {
    let index = 0
    return new ReadableStream<Uint8Array>({
      pull: (controller) =>
        new Promise<void>((resolve) => {
          if (index < events.length) {
            setImmediate(() => {
              controller.enqueue(events[index++]!)
              resolve()
            })
          } else {
            this.waiting.push(() => {
              controller.close()
              resolve()
            })
          }
        })
    }, { highWaterMark: 0 })
  }

  /** Waits until `count` bodies wait. */
  async reached(count: number): Promise<void> {
    while (this.waiting.length < count) {
      if (this.failure !== undefined) throw this.failure
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  /** Ends every body waiting, and lets the answers end. */
  async release(): Promise<void> {
    for (const end of this.waiting) end()
    this.waiting = []
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
}

/** A Node response that takes every write at once; an error status fails the run (`fail`). */
const sink = (fail: (cause: unknown) => void) => {
  const response = Object.assign(new NodeEvents.EventEmitter(), {
    destroyed: false,
    writableFinished: false,
    headersSent: false,
    writeHead: (status: number) => {
      if (status >= 400) fail(new Error(`an answer was refused with status ${status}`))
      response.headersSent = true
    },
    write: () => true,
    end: () => {
      response.writableFinished = true
      response.emit("close")
    },
    destroy: () => response.emit("close")
  })
  return response
}

/** The heap in use once it has settled (three full GCs, apart). */
const settledHeap = async (): Promise<number> => {
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    Harness.gc()
  }
  return process.memoryUsage().heapUsed
}

export const run = async (): Promise<void> => {
  const model = new Model()
  const client = HttpClient.make((request) =>
    Effect.sync(() =>
      HttpClientResponse.fromWeb(
        request,
        new Response(model.body(), { headers: { "content-type": "text/event-stream" } })
      )
    )
  )
  const openAI = OpenAI.model("gpt-4o-mini").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make("k"), baseUrl: "http://model.test/v1" })),
    Layer.provide(Layer.succeed(HttpClient.HttpClient, client))
  )
  const services = Layer.mergeAll(openAI, StreamStore.layerMemory({ ttl: "1 minute" }))
  const runtime = ManagedRuntime.make(services)
  const endpoint = await ChatEndpoint.toNodeHandler(
    // Each answer its own owner, as each browser is: one owner's streams are bounded (`maxStreamsPerOwner`).
    ChatEndpoint.layer({ owner: (request) => Effect.succeed(request.headers["x-user"] ?? "user"), log: false }).pipe(
      Layer.provide(services)
    )
  )
  let ids = 0
  const chunks = () => UIMessageStream.fromStream(LanguageModel.stream("Hello"), { messageId: "m" })
  const ways: ReadonlyArray<readonly [string, () => void]> = [
    [
      "plain",
      () => void runtime.runPromise(UIMessageStream.toNodeResponse(chunks(), sink(model.fail))).catch(model.fail)
    ],
    [
      "memory",
      () =>
        void runtime.runPromise(
          chunks().pipe(
            UIMessageStream.resumable({ streamId: `s${ids}`, owner: `user-${ids++}` }),
            Effect.flatMap(UIMessageStream.toNodeResponse(sink(model.fail)))
          )
        ).catch(model.fail)
    ],
    ["endpoint", () => {
      const id = `e${ids++}`
      const body = JSON.stringify({
        id,
        trigger: "submit-message",
        messages: [{ id: `u-${id}`, role: "user", parts: [{ type: "text", text: "Tell me a story" }] }]
      })
      const request = Object.assign(NodeStream.Readable.from([encoder.encode(body)]), {
        method: "POST",
        url: "/api/chat",
        headers: { "content-type": "application/json", "x-user": `user-${id}` },
        rawHeaders: ["content-type", "application/json", "x-user", `user-${id}`]
      })
      endpoint.handler(request, sink(model.fail))
    }]
  ]
  const rows: Array<Array<string>> = []
  for (const [name, answer] of ways) {
    // A warm-up: the code compiled, the pools made.
    for (let index = 0; index < 50; index++) answer()
    await model.reached(50)
    await model.release()
    const before = await settledHeap()
    if (snapshots !== undefined) V8.writeHeapSnapshot(`${snapshots}-${name}-before.heapsnapshot`)
    for (let index = 0; index < n; index++) answer()
    await model.reached(n)
    const during = await settledHeap()
    if (snapshots !== undefined) V8.writeHeapSnapshot(`${snapshots}-${name}.heapsnapshot`)
    await model.release()
    rows.push([name, `${((during - before) / n / 1024).toFixed(1)} KB`])
  }
  console.log(`\n${n} answers at once, ${deltas} deltas in, the model waiting: the heap each holds\n`)
  console.log(Harness.markdownTable(["served as", "live heap per answer in flight"], rows))
  await runtime.dispose()
  await endpoint.dispose()
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
