/**
 * The cost of starting an answer over a real connection, in one process: `k` calls at once (default 200) to a
 * loopback `node:http` model in the same process that answers at once with one delta, the finish, the usage and
 * `[DONE]` (its body's end 2 ms later, in a packet of its own, as a provider's often arrives; `BENCH_START_SPLIT=0`:
 * with the last event), read five ways taking turns:
 *
 * - the OpenAI client's `stream` drained, through `FetchHttpClient`, `NodeHttpClient.layerUndici` and node:http
 *   with keep-alive connections (`NodeHttpClient.layerNodeHttpOptions({ keepAlive: true })`, docs/ui.md's server);
 * - the same request by hand: `fetch` and its body read, and `node:http` (a keep-alive agent) and its body read.
 *
 * CPU time per answer (user + system of the process, so the model's side is in every figure alike: at most the
 * `node:http` row), the median of `BENCH_START_RUNS` (default 7) rounds; bytes allocated per answer (V8's sampling
 * heap profiler); and the connections the model accepted over the whole run. `npm run bench -- start`.
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

const head = `"id":"chatcmpl-start","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini"`
const event = (choice: string) => `data: {${head},"choices":[${choice}]}\n\n`
const answer = event(`{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}`) +
  event(`{"index":0,"delta":{"content":"Hello"},"finish_reason":null}`) +
  event(`{"index":0,"delta":{},"finish_reason":"stop"}`) +
  `data: {${head},"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":1,"total_tokens":13}}\n\n` +
  "data: [DONE]\n\n"

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
      if (!split) return void response.end(answer)
      response.write(answer)
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
      "by hand: `fetch`, the body read",
      async () => (await fetch(`${baseUrl}/chat/completions`, { method: "POST", headers, body: requestBody })).text()
    ],
    [
      "by hand: `node:http`, the body read",
      () =>
        new Promise<void>((resolve) =>
          Http.request(`${baseUrl}/chat/completions`, { method: "POST", agent, headers }, (response) => {
            response.resume()
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
  console.log(
    `\n${k} answers at once over loopback, the body's end ${split ? "2 ms after" : "with"} its last event: per ` +
      `answer (median of ${runs}, taking turns); the model accepted ${counts.connections} connections in all\n`
  )
  console.log(Harness.markdownTable(
    ["way", "CPU / answer", "range", "allocated / answer"],
    ways.map(([name], index) => [
      name,
      `${Harness.median(samples[index]!).toFixed(0)} µs`,
      `${Math.min(...samples[index]!).toFixed(0)}–${Math.max(...samples[index]!).toFixed(0)}`,
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
