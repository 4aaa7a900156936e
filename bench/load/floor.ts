/**
 * The floors of the load benchmark: what serving the same answers costs without a library. Both are hand-written
 * `node:http` servers that read the body `useChat` sends (`JSON.parse`), ask the model for its last user text,
 * split the model's SSE events, and write each text delta as the UI message stream's `text-delta` (with the same
 * `start` ... `finish` around them), one write per piece read from the model. No schema, no fold, no store, no
 * Effect. They differ in how they ask the model:
 *
 * - mode `floor`, issue 56's floor: with `fetch` (undici, Node's own), reading the body's web stream, as a
 *   server written today without a library does;
 * - mode `floor-http`: with `node:http` (its native parser, a `data` event per piece), the least any server of
 *   these answers pays on this machine; a reference, not the target;
 * - mode `floor-slow`: the floor with busy work added (`Options.floorWork`: µs after each answer's response head and
 *   after each piece read), a calibration: what a start's or a delta's own cost does to the burst's first delta.
 */
import * as Http from "node:http"
import { type Contestant, type Options, readBody } from "./contestant.js"

/** The text of the last message's text parts. */
export const promptOf = (body: string): string => {
  const { messages } = JSON.parse(body) as {
    readonly messages: ReadonlyArray<
      { readonly parts: ReadonlyArray<{ readonly type: string; readonly text?: string }> }
    >
  }
  return messages.at(-1)?.parts.map((part) => part.type === "text" ? part.text : "").join("") ?? ""
}

/** The model request of the floors (and of the Effect reference, bench/load/effect.ts). */
export const requestBody = (prompt: string) =>
  JSON.stringify({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: prompt }] })

/** The response's head and the chunks before the first delta. */
export const writeStart = (response: Http.ServerResponse, id: string) => {
  response.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    "x-vercel-ai-ui-message-stream": "v1",
    "x-accel-buffering": "no"
  })
  response.write(
    `data: {"type":"start","messageId":"m-${id}"}\n\ndata: {"type":"start-step"}\n\ndata: {"type":"text-start","id":"t0"}\n\n`
  )
}

/** The step's metadata (the library's carries its signature), then the step's and the message's end. */
const lastChunks = `data: {"type":"text-end","id":"t0"}\n\n` +
  `data: {"type":"message-metadata","messageMetadata":{"step":0}}\n\ndata: {"type":"finish-step"}\n\n` +
  `data: {"type":"finish","finishReason":"stop"}\n\ndata: [DONE]\n\n`

/**
 * Splits the model's SSE events out of the text read so far: the UI chunks they make, and the text left over
 * (an event not yet whole).
 */
export const convert = (buffer: string): readonly [out: string, rest: string] => {
  let out = ""
  let end: number
  while ((end = buffer.indexOf("\n\n")) !== -1) {
    const data = buffer.slice(6, end)
    buffer = buffer.slice(end + 2)
    if (data === "[DONE]") {
      out += lastChunks
      continue
    }
    const content = JSON.parse(data).choices[0]?.delta?.content
    if (typeof content === "string" && content !== "") {
      out += `data: ${JSON.stringify({ type: "text-delta", id: "t0", delta: content })}\n\n`
    }
  }
  return [out, buffer]
}

/**
 * Keeps the thread busy for `micros` µs of wall-clock time (mode `floor-slow`'s added work): the event loop is held
 * that long, of which, on a machine shared with other processes, part is spent waiting for a core, not computing.
 */
const busy = (micros: number): void => {
  if (micros <= 0) return
  const until = performance.now() + micros / 1000
  while (performance.now() < until) {
    // Nothing: the time is the work.
  }
}

/** No work added: modes `floor` and `floor-http`. */
const none: Options["floorWork"] = { start: 0, delta: 0 }

/**
 * Mode `floor`: the model asked with `fetch`, its body read from the web stream (mode `floor-slow`: `work` µs added
 * after the response's head and each piece).
 */
export const serveFetch = async (
  modelUrl: string,
  id: string,
  prompt: string,
  response: Http.ServerResponse,
  work: Options["floorWork"] = none
) => {
  const abort = new AbortController()
  response.on("close", () => abort.abort())
  try {
    const upstream = await fetch(`${modelUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: requestBody(prompt),
      signal: abort.signal
    })
    busy(work.start)
    writeStart(response, id)
    const decoder = new TextDecoder()
    let buffer = ""
    for await (const piece of upstream.body!) {
      const [out, rest] = convert(buffer + decoder.decode(piece, { stream: true }))
      buffer = rest
      busy(work.delta)
      if (out !== "") response.write(out)
    }
    response.end()
  } catch {
    response.destroy()
  }
}

/** Mode `floor-http`: the model asked with `node:http`. */
const serveHttp = (agent: Http.Agent, modelUrl: string, id: string, prompt: string, response: Http.ServerResponse) => {
  const upstream = Http.request(`${modelUrl}/chat/completions`, {
    method: "POST",
    agent,
    headers: { "content-type": "application/json" }
  })
  upstream.end(requestBody(prompt))
  response.on("close", () => upstream.destroy())
  upstream.on("error", () => response.destroy())
  upstream.on("response", (model) => {
    writeStart(response, id)
    let buffer = ""
    model.setEncoding("utf8")
    model.on("data", (piece: string) => {
      const [out, rest] = convert(buffer + piece)
      buffer = rest
      if (out !== "") response.write(out)
    })
    model.on("end", () => response.end())
  })
}

export const make = async (options: Options): Promise<Contestant> => {
  const agent = new Http.Agent({ keepAlive: true, maxSockets: Infinity })
  return {
    answer: async (id, request, response) => {
      const prompt = promptOf(await readBody(request))
      return options.mode === "floor-http"
        ? serveHttp(agent, options.modelUrl, id, prompt, response)
        : serveFetch(options.modelUrl, id, prompt, response, options.mode === "floor-slow" ? options.floorWork : none)
    }
  }
}
