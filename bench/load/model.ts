/**
 * The loopback model of the load benchmark, a process of its own: an OpenAI Chat Completions endpoint that
 * streams each answer as the recorded API does (`test/fixtures/openai/text.sse`'s event shape), `deltas` text
 * deltas `interval` ms apart, then the finish reason, the usage and `[DONE]`. Each delta says its index and
 * when it was written (`" 17@1732400000123.45"`, milliseconds since the epoch), so a client can check every
 * delta once and in order and measure how late it arrives. A request whose last user text is
 * `deltas=N interval=M` gets that instead (the benchmark's warm-up).
 *
 * Forked by bench/load.ts: it sends `{ port }` when listening and answers `{ type: "stats" }` with its CPU time.
 */
import * as Http from "node:http"

const deltas = Number(process.env.LOAD_DELTAS ?? 200)
const interval = Number(process.env.LOAD_INTERVAL ?? 20)

const head =
  `"id":"chatcmpl-load","object":"chat.completion.chunk","created":1766084435,"model":"gpt-4o-mini-2024-07-18",` +
  `"service_tier":"default","system_fingerprint":"fp_load"`
const event = (choice: string, usage = "null") =>
  `data: {${head},"choices":[${choice}],"usage":${usage},"obfuscation":"nYdSaPIbhl6FsC"}\n\n`
const first = event(
  `{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}`
)
const delta = (index: number) =>
  event(
    `{"index":0,"delta":{"content":" ${index}@${
      (performance.timeOrigin + performance.now()).toFixed(2)
    }"},"logprobs":null,"finish_reason":null}`
  )
const last = (count: number) =>
  event(`{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}`) +
  `data: {${head},"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":${count},"total_tokens":${
    count + 12
  }}}\n\n` +
  "data: [DONE]\n\n"

/** `deltas=N interval=M` in the request's body, for the warm-up; the configured pace otherwise. */
const paceOf = (body: string): { readonly count: number; readonly every: number } => {
  const match = /deltas=(\d+) interval=(\d+)/.exec(body)
  return match === null ? { count: deltas, every: interval } : { count: Number(match[1]), every: Number(match[2]) }
}

let open = 0
const handle = (request: Http.IncomingMessage, response: Http.ServerResponse) => {
  let body = ""
  request.setEncoding("utf8")
  request.on("data", (piece: string) => body += piece)
  request.on("end", () => {
    const { count, every } = paceOf(body)
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" })
    response.write(first)
    open++
    let index = 0
    const timer = setInterval(() => {
      if (index < count) response.write(delta(index++))
      if (index === count) {
        clearInterval(timer)
        open--
        response.end(last(count))
      }
    }, every)
    // The server stopped reading (its client went away or it stopped the answer): the answer stops.
    response.on("close", () => {
      if (index < count) {
        clearInterval(timer)
        open--
      }
    })
  })
}
// Several listening sockets: a busy Node server accepts one connection per turn of its loop and socket.
const listen = (port: number): Promise<number> =>
  new Promise((resolve) => {
    const server = Http.createServer(handle)
    server.keepAliveTimeout = 60_000
    server.listen({ port, host: "127.0.0.1", backlog: 8192, reusePort: true }, () => {
      const address = server.address()
      resolve(typeof address === "object" && address !== null ? address.port : 0)
    })
  })
const port = await listen(0)
for (let index = 1; index < 8; index++) await listen(port)
process.send!({ port })
process.on("message", (message: { readonly type: string }) => {
  if (message.type === "stats") {
    const usage = process.cpuUsage()
    process.send!({ type: "stats", cpuMs: (usage.user + usage.system) / 1000, open })
  }
})
process.on("disconnect", () => process.exit(0))
