/**
 * The cost of starting an answer over a real connection, in one process: `k` calls at once (default 200) to a
 * loopback `node:http` model in the same process that answers at once with one delta, the finish, the usage and
 * `[DONE]` (its body's end 2 ms later, in a packet of its own, as a provider's often arrives; `BENCH_START_SPLIT=0`:
 * with the last event), read five ways taking turns:
 *
 * - the OpenAI client's `stream` drained, through `FetchHttpClient`, `NodeHttpClient.layerUndici` and node:http
 *   with keep-alive connections (`NodeHttpClient.layerNodeHttpOptions({ keepAlive: true })`, docs/ui.md's server);
 * - the same request by hand: `fetch`, and `node:http` (a keep-alive agent), each event's JSON parsed as the load
 *   benchmark's floor parses it.
 *
 * CPU time per answer (user + system of the process, so the model's side is in every figure alike: at most the
 * `node:http` row), the median of `BENCH_START_RUNS` (default 7) rounds; bytes allocated per answer (V8's sampling
 * heap profiler); and the connections the model accepted over the whole run. `npm run bench -- start`.
 *
 * With `BENCH_START_DELTAS=200` the model sends that many text deltas, each written alone `BENCH_START_GAP` ms
 * (default 2) after the one before, as a paced model does (a network piece per delta), and the table adds the CPU
 * per answer divided by its deltas (its start included: take the run of one delta from it for the cost of reading
 * an answer beyond starting it), on each client.
 */
import { Effect, Layer, ManagedRuntime, Redacted, Stream } from "effect"
import { FetchHttpClient, type HttpClient } from "effect/http"
import * as Http from "node:http"
import * as Inspector from "node:inspector/promises"
import { Message, OpenAI } from "../src/index.js"
import * as Harness from "./harness.js"

const k = Number(process.env.BENCH_START_K ?? 200)
const runs = Number(process.env.BENCH_START_RUNS ?? 7)
const split = process.env.BENCH_START_SPLIT !== "0"
const deltas = Number(process.env.BENCH_START_DELTAS ?? 1)
const gap = Number(process.env.BENCH_START_GAP ?? 2)

const head = `"id":"chatcmpl-start","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini"`
const event = (choice: string) => `data: {${head},"choices":[${choice}]}\n\n`
/** The answer in the pieces the model writes: the first delta with the role's event, then one piece per delta. */
const pieces: ReadonlyArray<string> = [
  event(`{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}`) +
  event(`{"index":0,"delta":{"content":"Hello"},"finish_reason":null}`),
  ...Array.from(
    { length: deltas - 1 },
    (_, index) => event(`{"index":0,"delta":{"content":" word${index}"},"finish_reason":null}`)
  ),
  event(`{"index":0,"delta":{},"finish_reason":"stop"}`) +
  `data: {${head},"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":${deltas},"total_tokens":${
    12 + deltas
  }}}\n\n` +
  "data: [DONE]\n\n"
]

/** Writes the pieces after the first, `gap` ms apart, then `end`. */
const paced = (response: Http.ServerResponse, next: number, end: () => void): void => {
  if (next === pieces.length) return end()
  setTimeout(() => {
    response.write(pieces[next])
    paced(response, next + 1, end)
  }, gap)
}

/** Parses each event of an SSE text as the floor does: the events' JSON, `[DONE]` skipped; returns the rest. */
const parseEvents = (text: string): string => {
  let start = 0
  for (let end = text.indexOf("\n\n"); end !== -1; end = text.indexOf("\n\n", start)) {
    const data = text.slice(start + 6, end)
    if (data !== "[DONE]") JSON.parse(data)
    start = end + 2
  }
  return text.slice(start)
}

const requestBody = JSON.stringify({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Hello" }],
  stream: true,
  stream_options: { include_usage: true }
})

export const run = async (): Promise<void> => {
  const counts = { connections: 0 }
  const model = Http.createServer((request, response) => {
    request.resume()
    request.on("end", () => {
      response.writeHead(200, { "content-type": "text/event-stream" })
      if (deltas > 1) {
        response.write(pieces[0])
        return paced(response, 1, () => response.end())
      }
      if (!split) return void response.end(pieces.join(""))
      response.write(pieces.join(""))
      setTimeout(() => response.end(), 2)
    })
  })
  model.keepAliveTimeout = 60_000
  model.on("connection", () => counts.connections++)
  await new Promise<void>((resolve) => model.listen(0, "127.0.0.1", resolve))
  const baseUrl = `http://127.0.0.1:${(model.address() as { port: number }).port}/v1`
  const runtimeOf = (client: Layer.Layer<HttpClient.HttpClient>) =>
    ManagedRuntime.make(Layer.provide(OpenAI.layer({ apiKey: Redacted.make("k"), baseUrl }), client))
  const viaFetch = runtimeOf(FetchHttpClient.layer)
  const NodeHttpClient = await import("@effect/platform-node/NodeHttpClient")
  const viaUndici = runtimeOf(NodeHttpClient.layerUndici)
  const viaNode = runtimeOf(NodeHttpClient.layerNodeHttpOptions({ keepAlive: true }))
  const call = (runtime: typeof viaFetch) => () =>
    runtime.runPromise(
      Effect.flatMap(OpenAI.OpenAIClient, (openai) =>
        Stream.runDrain(openai.stream({ model: "gpt-4o-mini", messages: [Message.user("Hello")] })))
    )
  const agent = new Http.Agent({ keepAlive: true })
  const headers = { "content-type": "application/json", authorization: "Bearer k", accept: "text/event-stream" }
  const ways: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
    ["this library, `FetchHttpClient`", call(viaFetch)],
    ["this library, `NodeHttpClient.layerUndici`", call(viaUndici)],
    ["this library, `NodeHttpClient.layerNodeHttpOptions({ keepAlive: true })`", call(viaNode)],
    [
      "by hand: `fetch`, each event parsed",
      async () => {
        const response = await fetch(`${baseUrl}/chat/completions`, { method: "POST", headers, body: requestBody })
        const decoder = new TextDecoder()
        let rest = ""
        for await (const piece of response.body!) rest = parseEvents(rest + decoder.decode(piece, { stream: true }))
      }
    ],
    [
      "by hand: `node:http`, each event parsed",
      () =>
        new Promise<void>((resolve) =>
          Http.request(`${baseUrl}/chat/completions`, { method: "POST", agent, headers }, (response) => {
            let rest = ""
            response.setEncoding("utf8")
            response.on("data", (piece: string) => rest = parseEvents(rest + piece))
            response.on("end", resolve)
          }).end(requestBody)
        )
    ]
  ]
  const once = async (answer: () => Promise<unknown>) => {
    const started = Harness.cpuMicros()
    await Promise.all(Array.from({ length: k }, answer))
    return (Harness.cpuMicros() - started) / k
  }
  for (const [, answer] of ways) await once(answer)
  const session = new Inspector.Session()
  session.connect()
  await session.post("HeapProfiler.enable")
  const bytes: Array<number> = []
  for (const [, answer] of ways) {
    bytes.push((await Harness.allocatedBytes(session, () => Promise.all(Array.from({ length: k }, answer)))).bytes / k)
  }
  session.disconnect()
  const samples = ways.map((): Array<number> => [])
  for (let round = 0; round < runs; round++) {
    for (let index = 0; index < ways.length; index++) samples[index]!.push(await once(ways[index]![1]))
  }
  const shape = deltas > 1
    ? `${deltas} deltas ${gap} ms apart`
    : `the body's end ${split ? "2 ms after" : "with"} its last event`
  console.log(
    `\n${k} answers at once over loopback, ${shape}: per answer (median of ${runs}, taking turns); the model ` +
      `accepted ${counts.connections} connections in all\n`
  )
  console.log(Harness.markdownTable(
    ["way", "CPU / answer", "range", ...(deltas > 1 ? ["CPU ÷ deltas"] : []), "allocated / answer"],
    ways.map(([name], index) => [
      name,
      `${Harness.median(samples[index]!).toFixed(0)} µs`,
      `${Math.min(...samples[index]!).toFixed(0)}–${Math.max(...samples[index]!).toFixed(0)}`,
      ...(deltas > 1 ? [`${(Harness.median(samples[index]!) / deltas).toFixed(1)} µs`] : []),
      `${(bytes[index]! / 1024).toFixed(1)} KB`
    ])
  ))
  await viaFetch.dispose()
  await viaUndici.dispose()
  await viaNode.dispose()
  agent.destroy()
  model.closeAllConnections()
  await new Promise<void>((resolve) => model.close(() => resolve()))
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
