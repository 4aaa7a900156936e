/**
 * A tool call's arguments as the UI message stream sends them, read by the `ai` package's own client
 * (`readUIMessageStream`), which parses a call's whole text so far again on each `tool-input-delta`: a short call's
 * fragments go one for one, a long call's in a number of deltas that grows with the logarithm of its size (512 KB in
 * 32-byte pieces was 16,386 deltas, some 16,000 parses of up to 512 KB in the browser), the first fragment at once,
 * nothing lost and nothing out of order, whatever ends the answer. AG-UI's `TOOL_CALL_ARGS` are made of the same
 * chunks (`@ag-ui/client` reads a call's whole text again on each one too).
 */
import { assert, describe, it } from "@effect/vitest"
import { readUIMessageStream, type UIMessage, type UIMessageChunk } from "ai"
import { Effect, Layer, Redacted, Stream } from "effect"
import { AgUi, LanguageModel, OpenAI, UIMessageStream } from "effect-llm-stream"
import { clients } from "../../../support/Clients.js"
import * as RawServer from "../../support/RawServer.js"

const event = RawServer.chatEvent

/** The events of call `index` to `write_file` with `text` in pieces of `size` characters. */
const callEvents = (index: number, text: string, size: number) => {
  let body = event({
    ...(index === 0 ? { role: "assistant" } : {}),
    tool_calls: [{ index, id: `call_${index}`, type: "function", function: { name: "write_file", arguments: "" } }]
  })
  for (let at = 0; at < text.length; at += size) {
    body += event({ tool_calls: [{ index, function: { arguments: text.slice(at, at + size) } }] })
  }
  return body
}

/** A response calling `write_file` with each text in pieces of `size` characters; cut short without its end. */
const calling = (texts: string | ReadonlyArray<string>, size: number, options: { readonly cut?: boolean } = {}) => {
  const body = (typeof texts === "string" ? [texts] : texts).map((text, index) => callEvents(index, text, size)).join(
    ""
  )
  return options.cut === true ? body : `${body}${event({}, "tool_calls")}data: [DONE]\n\n`
}

/** A model whose every response is `body` (kept open after it, when `open`). */
const serving = (body: string, open = false) =>
  Effect.map(
    RawServer.make((_, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" })
      if (open) response.write(body)
      else response.end(body)
    }),
    (server) =>
      OpenAI.model("gpt-4o").pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make("k"), baseUrl: server.origin })),
        Layer.provide(clients[0]![1])
      )
  )

/**
 * The UI chunks `fromStream` sends for a response with `body`, up to its end or its failure; `open`: the response
 * stays open after `body`, and the call's stream is stopped from within after a while.
 */
const served = (body: string, options: { readonly open?: boolean } = {}) =>
  Effect.gen(function*() {
    const model = yield* serving(body, options.open === true)
    const call = LanguageModel.stream("hi")
    const chunks: Array<UIMessageChunk> = []
    yield* UIMessageStream.fromStream(
      options.open === true ? call.pipe(Stream.interruptWhen(Effect.sleep("500 millis"))) : call,
      { messageId: "m" }
    ).pipe(
      Stream.runForEach((chunk) => Effect.sync(() => chunks.push(chunk as UIMessageChunk))),
      Effect.provide(model),
      Effect.ignore
    )
    return chunks
  })

/** The message the `ai` client builds of `chunks`, and how many times it was updated. */
const read = (chunks: ReadonlyArray<UIMessageChunk>) =>
  Effect.promise(async () => {
    const stream = new ReadableStream<UIMessageChunk>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk)
        controller.close()
      }
    })
    let message: UIMessage | undefined
    for await (const snapshot of readUIMessageStream({ stream })) message = snapshot
    return message!
  })

const deltasOf = (chunks: ReadonlyArray<UIMessageChunk>) =>
  chunks.flatMap((chunk) => chunk.type === "tool-input-delta" ? [chunk.inputTextDelta] : [])

const toolPart = (message: UIMessage) => message.parts.find((part) => part.type === "tool-write_file") as any

describe("a tool call's arguments in tool-input-delta chunks", () => {
  it.live("512 KB in 32-byte pieces: under 100 deltas, the first piece at once, the input exact", () =>
    Effect.gen(function*() {
      const text = JSON.stringify({ path: "notes.txt", content: "x".repeat(512 * 1024) })
      const chunks = yield* served(calling(text, 32))
      const deltas = deltasOf(chunks)
      // One delta per piece was 16,386 here.
      assert.isBelow(deltas.length, 100)
      assert.strictEqual(deltas[0], text.slice(0, 32))
      assert.strictEqual(deltas.join(""), text)
      const types = chunks.map((chunk) => chunk.type)
      const last = types.lastIndexOf("tool-input-delta")
      assert.strictEqual(types[types.indexOf("tool-input-start") + 1], "tool-input-delta")
      assert.strictEqual(types[last + 1], "tool-input-available")
      const message = yield* read(chunks)
      const part = toolPart(message)
      assert.strictEqual(part.state, "input-available")
      assert.deepStrictEqual(part.input, JSON.parse(text))
    }))

  it.live("AG-UI, read from the same chunks: under 100 TOOL_CALL_ARGS, the arguments exact", () =>
    Effect.gen(function*() {
      const text = JSON.stringify({ path: "notes.txt", content: "x".repeat(512 * 1024) })
      const model = yield* serving(calling(text, 32))
      const events = yield* LanguageModel.stream("hi").pipe(
        AgUi.fromStream({ threadId: "t", runId: "r" }),
        Stream.runCollect,
        Effect.provide(model)
      )
      const args = events.flatMap((event) => event.type === "TOOL_CALL_ARGS" ? [event.delta] : [])
      assert.isBelow(args.length, 100)
      assert.strictEqual(args.join(""), text)
    }))

  it.live("two long calls, one after the other: each call's text whole before the next begins", () =>
    Effect.gen(function*() {
      const texts = ["a", "b"].map((letter) => JSON.stringify({ path: letter, content: letter.repeat(16 * 1024) }))
      const chunks = yield* served(calling(texts, 32))
      const at = (type: string, id: string) =>
        chunks.flatMap((chunk, index) => chunk.type === type && (chunk as any).toolCallId === id ? [index] : [])
      // The first call's text all sent before the second call starts.
      assert.isBelow(Math.max(...at("tool-input-delta", "call_0")), at("tool-input-start", "call_1")[0]!)
      for (const [index, text] of texts.entries()) {
        const deltas = chunks.flatMap((chunk) =>
          chunk.type === "tool-input-delta" && chunk.toolCallId === `call_${index}` ? [chunk.inputTextDelta] : []
        )
        assert.isBelow(deltas.length, 60)
        assert.strictEqual(deltas.join(""), text)
      }
      const message = yield* read(chunks)
      const inputs = message.parts.flatMap((part: any) => part.type === "tool-write_file" ? [part.input] : [])
      assert.deepStrictEqual(inputs, texts.map((text) => JSON.parse(text)))
    }))

  it.live("a call of a few hundred bytes is sent one delta per piece, as the provider sent it", () =>
    Effect.gen(function*() {
      const text = JSON.stringify({ path: "notes.txt", content: "y".repeat(300) })
      const chunks = yield* served(calling(text, 8))
      const pieces = Array.from({ length: Math.ceil(text.length / 8) }, (_, i) => text.slice(8 * i, 8 * i + 8))
      assert.deepStrictEqual(deltasOf(chunks), pieces)
      const part = toolPart(yield* read(chunks))
      assert.deepStrictEqual(part.input, JSON.parse(text))
    }))

  it.live("a long call that comes slowly shows its progress: what is held goes with a piece 250 ms on", () =>
    Effect.gen(function*() {
      const text = JSON.stringify({ path: "notes.txt", content: "s".repeat(4096) })
      const fast = 2048
      const slow = Array.from({ length: 6 }, (_, i) => text.slice(fast + 32 * i, fast + 32 * i + 32))
      const rest = text.slice(fast + 32 * slow.length)
      const piece = (part: string) => event({ tool_calls: [{ index: 0, function: { arguments: part } }] })
      const server = yield* RawServer.make((_, response) => {
        response.writeHead(200, { "content-type": "text/event-stream" })
        response.write(calling(text.slice(0, fast), 32, { cut: true }))
        // Six pieces 300 ms apart: under the size rule alone they would all wait for the call's end.
        slow.forEach((part, i) => setTimeout(() => response.write(piece(part)), 300 * (i + 1)))
        setTimeout(() => response.end(`${piece(rest)}${event({}, "tool_calls")}data: [DONE]\n\n`), 300 * 7)
      })
      const model = OpenAI.model("gpt-4o").pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make("k"), baseUrl: server.origin })),
        Layer.provide(clients[0]![1])
      )
      const chunks = yield* UIMessageStream.fromStream(LanguageModel.stream("hi"), { messageId: "m" }).pipe(
        Stream.runCollect,
        Effect.provide(model)
      )
      const deltas = deltasOf(chunks as ReadonlyArray<UIMessageChunk>)
      assert.strictEqual(deltas.join(""), text)
      // Where each delta ends in the text: under the size rule alone none ends among the slow pieces (they waited
      // for the call's end); each held piece now goes with the next one, 300 ms later.
      let at = 0
      const ends = deltas.map((delta) => at += delta.length)
      const amongSlow = ends.filter((end) => end > fast && end <= fast + 32 * slow.length)
      assert.isAtLeast(amongSlow.length, 2, `deltas ending at ${ends.join(", ")}`)
    }))

  for (const [ending, open] of [["error", false], ["abort", true]] as const) {
    it.live(`an answer that ends mid-call (${ending}) sends what it held before its end`, () =>
      Effect.gen(function*() {
        const text = JSON.stringify({ path: "notes.txt", content: "z".repeat(64 * 1024) }).slice(0, 50_000)
        const chunks = yield* served(calling(text, 32, { cut: true }), { open })
        const deltas = deltasOf(chunks)
        assert.isBelow(deltas.length, 100)
        assert.strictEqual(deltas.join(""), text)
        const types = chunks.map((chunk) => chunk.type)
        assert.strictEqual(types[types.length - 1], ending)
        // The call's text all came before anything of the answer's end.
        assert.strictEqual(types[types.lastIndexOf("tool-input-delta") + 1], open ? "message-metadata" : "error")
        const part = toolPart(yield* read(chunks))
        assert.strictEqual(part.state, "input-streaming")
        assert.strictEqual(part.rawInput, text)
      }))
  }
})
