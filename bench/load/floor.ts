/**
 * The floor of the load benchmark (mode `floor`): what serving the same answers costs without a library, a
 * hand-written `node:http` proxy that reads the body `useChat` sends (`JSON.parse`), asks the model with
 * `node:http` for its last user text, splits the model's SSE events, and writes each text delta as the UI message
 * stream's `text-delta` (with the same `start` ... `finish` around them), one write per piece read from the model.
 * No schema, no fold, no store, no Effect: the sockets, the HTTP parsers and `JSON.parse` / `JSON.stringify` of
 * each event, what any server of these answers pays on this machine.
 */
import * as Http from "node:http"
import { type Contestant, type Options, readBody } from "./contestant.js"

/** The text of the last message's text parts. */
const promptOf = (body: string): string => {
  const { messages } = JSON.parse(body) as {
    readonly messages: ReadonlyArray<
      { readonly parts: ReadonlyArray<{ readonly type: string; readonly text?: string }> }
    >
  }
  return messages.at(-1)?.parts.map((part) => part.type === "text" ? part.text : "").join("") ?? ""
}

const serve = (agent: Http.Agent, modelUrl: string, id: string, prompt: string, response: Http.ServerResponse) => {
  const upstream = Http.request(`${modelUrl}/chat/completions`, {
    method: "POST",
    agent,
    headers: { "content-type": "application/json" }
  })
  upstream.end(JSON.stringify({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: prompt }] }))
  response.on("close", () => upstream.destroy())
  upstream.on("error", () => response.destroy())
  upstream.on("response", (model) => {
    response.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-vercel-ai-ui-message-stream": "v1",
      "x-accel-buffering": "no"
    })
    response.write(
      `data: {"type":"start","messageId":"m-${id}"}\n\ndata: {"type":"start-step"}\n\ndata: {"type":"text-start","id":"t0"}\n\n`
    )
    let buffer = ""
    model.setEncoding("utf8")
    model.on("data", (piece: string) => {
      buffer += piece
      let out = ""
      let end: number
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        const data = buffer.slice(6, end)
        buffer = buffer.slice(end + 2)
        if (data === "[DONE]") {
          // The step's metadata (the library's carries its signature), then the step's and the message's end.
          out += `data: {"type":"text-end","id":"t0"}\n\n` +
            `data: {"type":"message-metadata","messageMetadata":{"step":0}}\n\ndata: {"type":"finish-step"}\n\n` +
            `data: {"type":"finish","finishReason":"stop"}\n\ndata: [DONE]\n\n`
          continue
        }
        const content = JSON.parse(data).choices[0]?.delta?.content
        if (typeof content === "string" && content !== "") {
          out += `data: ${JSON.stringify({ type: "text-delta", id: "t0", delta: content })}\n\n`
        }
      }
      if (out !== "") response.write(out)
    })
    model.on("end", () => response.end())
  })
}

export const make = async (options: Options): Promise<Contestant> => {
  const agent = new Http.Agent({ keepAlive: true, maxSockets: Infinity })
  return {
    answer: async (id, request, response) =>
      serve(agent, options.modelUrl, id, promptOf(await readBody(request)), response)
  }
}
