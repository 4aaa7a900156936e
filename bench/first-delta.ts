/**
 * What a start costs up to its first delta, stage by stage: `k` browsers (default 200) POST a chat at once to a
 * `node:http` server in this process, which asks a loopback model (also here) with the client chosen; the model sends
 * the role's event and one text delta, then holds the rest of every answer until each browser has read its first
 * delta. Only that part is measured: in a burst of new chats, what the last one waits for is the starts before it
 * (and the deltas of those already started), not how answers end. Seven ways of serving the same answer, each a stage
 * more than the one before, taking turns:
 *
 * - by hand: the load benchmark's floor (`fetch` to the model with an abort signal, the body parsed by hand);
 * - Effect's `HttpClient` (tracer propagation off, as the library sends) and the body as an Effect `Stream`, the
 *   events parsed and written by hand: what Effect and `effect/http` cost before any library;
 * - the OpenAI client's `stream`, its chunks' text written by hand;
 * - `+ LanguageModel.stream` (the model layer: telemetry, spend, the call's basis);
 * - `+ fromStream`, its UI chunks written by hand;
 * - `+ toNodeResponse`;
 * - `+ readRequest` and `toMessages` instead of `JSON.parse`: the load benchmark's `plain` server whole.
 *
 * Per answer, to its first delta (the browsers' and the model's side are in every row alike): CPU time (user + system
 * of the process, the median of `BENCH_FIRST_RUNS` rounds, default 9), and two counts the machine's load does not
 * move: Effect steps with run-loop entries (bench/effect-steps.ts) and bytes allocated (V8's sampling heap profiler).
 * `BENCH_FIRST_CLIENT=default` asks with the client `layerModel` asks with on Node (`@effect/platform-node`'s over
 * `node:http`, keep-alive) instead of `fetch`, in every way but the first. `npm run bench -- first-delta`.
 */
import { Effect, Layer, ManagedRuntime, Redacted, Stream, Tracer } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import * as Http from "node:http"
import * as Inspector from "node:inspector/promises"
import { LanguageModel, Message, OpenAI, UIMessageStream } from "../src/index.js"
import * as EffectSteps from "./effect-steps.js"
import * as Harness from "./harness.js"
import { readBody } from "./load/contestant.js"
import * as Floor from "./load/floor.js"

const k = Number(process.env.BENCH_FIRST_K ?? 200)
const runs = Number(process.env.BENCH_FIRST_RUNS ?? 9)
const client = process.env.BENCH_FIRST_CLIENT ?? "fetch"

const head = `"id":"chatcmpl-first","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini"`
const event = (choice: string) => `data: {${head},"choices":[${choice}]}\n\n`
/** The answer's first piece (the role's event and the first delta), then the rest, written once released. */
const first = event(`{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}`) +
  event(`{"index":0,"delta":{"content":"Hello"},"finish_reason":null}`)
const rest = event(`{"index":0,"delta":{},"finish_reason":"stop"}`) +
  `data: {${head},"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":1,"total_tokens":13}}\n\n` +
  "data: [DONE]\n\n"

/** The body `useChat` sends. */
const chatBody = JSON.stringify({
  id: "c",
  messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: "Hello" }] }],
  trigger: "submit-message"
})

/** The prompt of a chat body, as the floor reads it. */
const readPrompt = async (request: Http.IncomingMessage): Promise<string> => Floor.promptOf(await readBody(request))

/** The floor's start of an answer. */
const writeStart = (response: Http.ServerResponse) => Floor.writeStart(response, "x")

type Handler = (request: Http.IncomingMessage, response: Http.ServerResponse) => Promise<unknown>

export const run = async (): Promise<void> => {
  let held: Array<() => void> = []
  const model = Http.createServer((request, response) => {
    request.resume()
    request.on("end", () => {
      response.writeHead(200, { "content-type": "text/event-stream" })
      response.write(first)
      held.push(() => response.end(rest))
    })
  })
  model.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => model.listen(0, "127.0.0.1", resolve))
  const modelUrl = `http://127.0.0.1:${(model.address() as { port: number }).port}/v1`
  const clientLayer = client === "default"
    ? (await import("@effect/platform-node/NodeHttpClient")).layerNodeHttpOptions({ keepAlive: true })
    : FetchHttpClient.layer
  const runtime = ManagedRuntime.make(
    OpenAI.model("gpt-4o-mini").pipe(
      Layer.provideMerge(OpenAI.layer({ apiKey: Redacted.make("k"), baseUrl: modelUrl })),
      Layer.provideMerge(clientLayer)
    )
  )
  await runtime.runPromise(Effect.void)

  const byHand: Handler = async (request, response) =>
    Floor.serveFetch(modelUrl, "x", await readPrompt(request), response)
  const effectHttp: Handler = async (request, response) => {
    const prompt = await readPrompt(request)
    await runtime.runPromise(
      Effect.gen(function*() {
        const http = yield* HttpClient.HttpClient
        const sent = HttpClientRequest.bodyText(
          HttpClientRequest.post(`${modelUrl}/chat/completions`),
          Floor.requestBody(prompt),
          "application/json"
        )
        const upstream = yield* http.execute(sent)
        writeStart(response)
        const decoder = new TextDecoder()
        let buffer = ""
        yield* Stream.runForEach(upstream.stream, (piece) =>
          Effect.sync(() => {
            const [out, left] = Floor.convert(buffer + decoder.decode(piece, { stream: true }))
            buffer = left
            if (out !== "") response.write(out)
          }))
        response.end()
      }).pipe(Effect.scoped, Effect.provideService(Tracer.DisablePropagation, true))
    )
  }
  /** Writes each chunk's text as a `text-delta` event, between the floor's start and end. */
  const writeText = <E, R>(chunks: Stream.Stream<{ readonly content: string }, E, R>, response: Http.ServerResponse) =>
    Effect.sync(() => writeStart(response)).pipe(
      Effect.andThen(Stream.runForEach(chunks, (chunk) =>
        Effect.sync(() => {
          if (chunk.content !== "") {
            response.write(`data: ${JSON.stringify({ type: "text-delta", id: "t0", delta: chunk.content })}\n\n`)
          }
        }))),
      Effect.andThen(Effect.sync(() => response.end(`data: {"type":"finish"}\n\ndata: [DONE]\n\n`)))
    )
  const clientStream: Handler = async (request, response) => {
    const prompt = await readPrompt(request)
    await runtime.runPromise(Effect.flatMap(OpenAI.OpenAIClient, (openai) =>
      Effect.ignore(writeText(
        openai.stream({ model: "gpt-4o-mini", messages: [Message.user(prompt)] }),
        response
      ))))
  }
  const modelStream: Handler = async (request, response) => {
    const prompt = await readPrompt(request)
    await runtime.runPromise(
      Effect.ignore(writeText(LanguageModel.stream({ messages: [Message.user(prompt)] }), response))
    )
  }
  const uiChunks: Handler = async (request, response) => {
    const prompt = await readPrompt(request)
    const chunks = LanguageModel.stream({ messages: [Message.user(prompt)] }).pipe(
      UIMessageStream.fromStream({ messageId: "m" })
    )
    await runtime.runPromise(
      Effect.sync(() => response.writeHead(200, { "content-type": "text/event-stream" })).pipe(
        Effect.andThen(
          Stream.runForEach(chunks, (chunk) => Effect.sync(() => response.write(`data: ${JSON.stringify(chunk)}\n\n`)))
        ),
        Effect.ignore,
        Effect.andThen(Effect.sync(() => response.end()))
      )
    )
  }
  const nodeResponse: Handler = async (request, response) => {
    const prompt = await readPrompt(request)
    const chunks = LanguageModel.stream({ messages: [Message.user(prompt)] }).pipe(
      UIMessageStream.fromStream({ messageId: "m" })
    )
    await runtime.runPromise(UIMessageStream.toNodeResponse(chunks, response))
  }
  const plain: Handler = (request, response) =>
    runtime.runPromise(
      UIMessageStream.readRequest(request).pipe(
        Effect.flatMap(UIMessageStream.toMessages),
        Effect.flatMap(({ messages }) =>
          UIMessageStream.toNodeResponse(
            LanguageModel.stream({ messages }).pipe(UIMessageStream.fromStream({ messageId: "m" })),
            response
          )
        ),
        Effect.catch((error) =>
          UIMessageStream.toNodeResponse(Response.json({ error: error.message }, { status: 400 }), response)
        )
      )
    )
  const ways: ReadonlyArray<readonly [string, Handler]> = [
    ["by hand: the load benchmark's floor (`fetch`)", byHand],
    ["Effect's `HttpClient`, the body as a `Stream`, parsed by hand", effectHttp],
    ["the OpenAI client's `stream`, its text written by hand", clientStream],
    ["`+ LanguageModel.stream`", modelStream],
    ["`+ fromStream`, its chunks written by hand", uiChunks],
    ["`+ toNodeResponse`", nodeResponse],
    ["`+ readRequest`, `toMessages`: the load benchmark's `plain`", plain]
  ]

  let handler: Handler = byHand
  const server = Http.createServer((request, response) => void handler(request, response))
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
  const agent = new Http.Agent({ keepAlive: true, maxSockets: Infinity })
  /** One browser: its answer whole, `onFirst` told when its first delta arrived. */
  const browse = (onFirst: () => void) =>
    new Promise<void>((resolve, reject) => {
      let seen = false
      const sent = Http.request(
        url,
        { method: "POST", agent, headers: { "content-type": "application/json" } },
        (res) => {
          let text = ""
          res.setEncoding("utf8")
          res.on("data", (piece: string) => {
            text += piece
            if (!seen && text.includes("Hello")) {
              seen = true
              onFirst()
            }
          })
          res.on("end", () => text.includes("Hello") ? resolve() : reject(new Error(`no delta in ${text}`)))
        }
      )
      sent.on("error", reject)
      sent.end(chatBody)
    })
  /**
   * `k` answers at once, measured by `around`, which calls `work` once its measure has begun: the browsers start then,
   * and `work` completes when every first delta is in. The rest of the answers is released after the measure.
   */
  const burst = async <A>(way: Handler, around: (work: () => Promise<void>) => Promise<A>): Promise<A> => {
    handler = way
    let count = 0
    let allIn: () => void = () => {}
    const firsts = new Promise<void>((resolve) => allIn = resolve)
    let begun: () => void = () => {}
    const ready = new Promise<void>((resolve) => begun = resolve)
    const measured = around(() => {
      begun()
      return firsts
    })
    await ready
    const answers = Promise.all(Array.from({ length: k }, () => browse(() => ++count === k && allIn())))
    const result = await measured
    const release = held
    held = []
    for (const end of release) end()
    await answers
    return result
  }
  const cpu = (way: Handler) =>
    burst(way, async (work) => {
      const started = Harness.cpuMicros()
      await work()
      return (Harness.cpuMicros() - started) / k
    })
  for (const [, way] of ways) {
    await cpu(way)
    await cpu(way)
  }
  const steps: Array<{ readonly steps: number; readonly entries: number }> = []
  for (const [, way] of ways) {
    steps.push(await burst(way, (work) => EffectSteps.count(work)))
  }
  const session = new Inspector.Session()
  session.connect()
  await session.post("HeapProfiler.enable")
  const bytes: Array<{ readonly bytes: number }> = []
  for (const [, way] of ways) {
    bytes.push(await burst(way, (work) => Harness.allocatedBytes(session, work)))
  }
  session.disconnect()
  const samples = ways.map((): Array<number> => [])
  for (let round = 0; round < runs; round++) {
    for (let index = 0; index < ways.length; index++) samples[index]!.push(await cpu(ways[index]![1]))
  }
  console.log(
    `\n${k} chats at once, each answer measured to its first delta (median of ${runs} rounds, taking turns); the ` +
      `library asking with ${client === "default" ? "node:http (keep-alive)" : "fetch"}\n`
  )
  console.log(Harness.markdownTable(
    ["way", "CPU / answer", "range", "Effect steps (run-loop entries)", "allocated / answer"],
    ways.map(([name], index) => [
      name,
      `${Harness.median(samples[index]!).toFixed(0)} µs`,
      `${Math.min(...samples[index]!).toFixed(0)}–${Math.max(...samples[index]!).toFixed(0)}`,
      `${(steps[index]!.steps / k).toFixed(0)} (${(steps[index]!.entries / k).toFixed(1)})`,
      `${(bytes[index]!.bytes / k / 1024).toFixed(1)} KB`
    ])
  ))
  await runtime.dispose()
  agent.destroy()
  model.closeAllConnections()
  server.closeAllConnections()
  await new Promise<void>((resolve) => model.close(() => resolve()))
  await new Promise<void>((resolve) => server.close(() => resolve()))
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
