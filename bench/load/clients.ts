/**
 * The browsers of the load benchmark, a process of its own: `n` concurrent clients, each POSTing a chat
 * request (the body `useChat` sends) and reading the UI message stream to its end, checking every chunk in its
 * place: `start`, `start-step`, `text-start`, the model's deltas, each once and in order, `text-end`,
 * `finish-step`, `finish`, `[DONE]` (`message-metadata` chunks may come between any two: this library's signed
 * history). A fraction `drop` of them disconnect after a random number of deltas and resume
 * (`GET /chat/:id/stream?after=k`, k the chunks they hold, `message-metadata` ones included), after a pause of up
 * to `pause` ms, and must get exactly the rest. The lag of a delta is when it arrived less when the model wrote it; deltas written
 * while their client was away (a resume replays them) are not counted.
 *
 * Forked by bench/load.ts with `{ type: "run", ... }`; answers with `{ type: "report", ... }`.
 */
import * as Http from "node:http"

export interface RunMessage {
  readonly type: "run"
  readonly url: string
  readonly n: number
  readonly deltas: number
  readonly drop: number
  readonly pause: number
  readonly ramp: number
  /** A tag making the stream ids of this run unique. */
  readonly tag: string
  /** Warm-up: `deltas=N interval=M` in the user's text asks the model for that pace. */
  readonly prompt?: string | undefined
}

export interface Report {
  readonly type: "report"
  readonly answers: number
  readonly complete: number
  readonly failures: ReadonlyArray<string>
  readonly resumed: number
  readonly lag: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number }
  readonly lagCount: number
  /** The lag of the deltas clients read after resuming (they are in `lag` too). */
  readonly resumedLag: { readonly p50: number; readonly p99: number; readonly max: number }
  /** From a resume's request to its first chunk. */
  readonly resumeFirst: { readonly p50: number; readonly p99: number }
  /** From the POST to its response's headers. */
  readonly headers: { readonly p50: number; readonly p99: number }
  /** From the POST to the first delta. */
  readonly firstDelta: { readonly p50: number; readonly p99: number }
  readonly wallMs: number
  readonly cpuMs: number
}

const agent = new Http.Agent({ keepAlive: true, maxSockets: Infinity })
const now = () => performance.timeOrigin + performance.now()

/** A failure of one answer: what was wrong, where. */
class Wrong extends Error {}

/** Reads SSE `data:` events off a response, calling `onEvent` with each one's data. */
const readEvents = (
  response: Http.IncomingMessage,
  onEvent: (data: string) => void
): Promise<void> =>
  new Promise((resolve, reject) => {
    let buffer = ""
    response.setEncoding("utf8")
    response.on("data", (piece: string) => {
      buffer += piece
      let end: number
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        const event = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        if (!event.startsWith("data: ")) return reject(new Wrong(`not a data event: ${event.slice(0, 80)}`))
        try {
          onEvent(event.slice(6))
        } catch (error) {
          reject(error)
          response.destroy()
          return
        }
      }
    })
    response.on("end", () => buffer === "" ? resolve() : reject(new Wrong(`trailing bytes: ${buffer.slice(0, 80)}`)))
    response.on("error", reject)
    response.on("aborted", () => reject(new Wrong("aborted")))
  })

const request = (
  url: string,
  method: "GET" | "POST",
  body?: string
): Promise<{ readonly request: Http.ClientRequest; readonly response: Http.IncomingMessage }> =>
  new Promise((resolve, reject) => {
    const req = Http.request(url, {
      method,
      agent,
      headers: body === undefined ? {} : { "content-type": "application/json" }
    })
    req.on("response", (response) => resolve({ request: req, response }))
    req.on("error", reject)
    req.end(body)
  })

/** A response's status and its body's start. */
const statusOf = (response: Http.IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let body = ""
    response.setEncoding("utf8")
    response.on("data", (piece: string) => body += piece)
    response.on("end", () => resolve(`status ${response.statusCode} ${body.slice(0, 200)}`))
    response.on("error", () => resolve(`status ${response.statusCode}`))
  })

const chatBody = (id: string, prompt: string) =>
  JSON.stringify({
    id,
    trigger: "submit-message",
    messages: [{ id: `u-${id}`, role: "user", parts: [{ type: "text", text: prompt }] }]
  })

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

const run = async (options: RunMessage): Promise<Report> => {
  const { deltas, n } = options
  const lags = new Float64Array(n * deltas)
  let lagCount = 0
  const firstDeltas: Array<number> = []
  const headerTimes: Array<number> = []
  const failures: Array<string> = []
  let complete = 0
  let resumed = 0
  const resumedLags: Array<number> = []
  const resumeFirsts: Array<number> = []
  /** The type of the chunk at `position` in every answer. */
  const typeAt = (position: number): string =>
    position === 0
      ? "start"
      : position === 1
      ? "start-step"
      : position === 2
      ? "text-start"
      : position < 3 + deltas
      ? "text-delta"
      : ["text-end", "finish-step", "finish"][position - 3 - deltas] ?? "nothing"
  /** The chunks of an answer but `message-metadata` ones (which `onEvent` does not place). */
  const total = deltas + 6

  const one = async (index: number): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, options.ramp * index / n))
    const id = `${options.tag}-${index}`
    const dropAfter = Math.random() < options.drop ? 1 + Math.floor(Math.random() * (deltas - 2)) : undefined
    /** The chunks read but `message-metadata`: the place of the next one in the answer. */
    let position = 0
    /** Every chunk read: what a resume asks after. */
    let received = 0
    let done = false
    let connectedAt = 0
    let resuming = false
    const postedAt = now()
    const onEvent = (data: string) => {
      if (data === "[DONE]") {
        if (position !== total) throw new Wrong(`[DONE] after ${position} of ${total} chunks`)
        done = true
        return
      }
      if (done) throw new Wrong("a chunk after [DONE]")
      const chunk = JSON.parse(data) as { readonly type: string; readonly delta?: string }
      received++
      if (chunk.type === "message-metadata") return
      const expected = typeAt(position)
      if (chunk.type !== expected) throw new Wrong(`chunk ${position}: ${chunk.type}, expected ${expected}`)
      if (chunk.type === "text-delta") {
        const [deltaIndex, sentAt] = chunk.delta!.trim().split("@").map(Number) as [number, number]
        if (deltaIndex !== position - 3) throw new Wrong(`chunk ${position}: delta ${deltaIndex}`)
        const at = now()
        if (sentAt >= connectedAt) {
          lags[lagCount++] = at - sentAt
          if (resuming) resumedLags.push(at - sentAt)
        }
        if (deltaIndex === 0) firstDeltas.push(at - postedAt)
      }
      position++
    }
    try {
      connectedAt = postedAt
      const first = await request(`${options.url}/chat/${id}`, "POST", chatBody(id, options.prompt ?? "Hello"))
      headerTimes.push(now() - postedAt)
      if (first.response.statusCode !== 200) throw new Wrong(`POST: ${await statusOf(first.response)}`)
      if (dropAfter === undefined) {
        await readEvents(first.response, onEvent)
      } else {
        await new Promise<void>((resolve, reject) => {
          readEvents(first.response, (data) => {
            onEvent(data)
            if (position === 3 + dropAfter) {
              first.request.destroy()
              resolve()
            }
          }).then(() => reject(new Wrong("ended before the drop")), () => resolve())
        })
        await new Promise((resolve) => setTimeout(resolve, Math.random() * options.pause))
        connectedAt = now()
        resuming = true
        resumed++
        const again = await request(`${options.url}/chat/${id}/stream?after=${received}`, "GET")
        resumeFirsts.push(now() - connectedAt)
        if (again.response.statusCode !== 200) throw new Wrong(`resume: ${await statusOf(again.response)}`)
        await readEvents(again.response, onEvent)
      }
      if (!done) throw new Wrong(`no [DONE] after ${position} chunks`)
      complete++
    } catch (error) {
      failures.push(`${id}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  const cpuAtStart = process.cpuUsage()
  const started = performance.now()
  await Promise.all(Array.from({ length: n }, (_, index) => one(index)))
  const wallMs = performance.now() - started
  const cpu = process.cpuUsage(cpuAtStart)
  const sorted = lags.subarray(0, lagCount).sort()
  const resumedSorted = Float64Array.from(resumedLags).sort()
  const resumeFirstSorted = Float64Array.from(resumeFirsts).sort()
  const firsts = Float64Array.from(firstDeltas).sort()
  const heads = Float64Array.from(headerTimes).sort()
  return {
    type: "report",
    answers: n,
    complete,
    failures: failures.slice(0, 20),
    resumed,
    lag: {
      p50: percentile(sorted, 0.5),
      p90: percentile(sorted, 0.9),
      p99: percentile(sorted, 0.99),
      max: sorted[sorted.length - 1] ?? NaN
    },
    lagCount,
    resumedLag: {
      p50: percentile(resumedSorted, 0.5),
      p99: percentile(resumedSorted, 0.99),
      max: resumedSorted[resumedSorted.length - 1] ?? NaN
    },
    resumeFirst: { p50: percentile(resumeFirstSorted, 0.5), p99: percentile(resumeFirstSorted, 0.99) },
    headers: { p50: percentile(heads, 0.5), p99: percentile(heads, 0.99) },
    firstDelta: { p50: percentile(firsts, 0.5), p99: percentile(firsts, 0.99) },
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000
  }
}

process.on("message", async (message: RunMessage) => {
  if (message.type === "run") process.send!(await run(message))
})
process.on("disconnect", () => process.exit(0))
process.send!({ type: "ready" })
