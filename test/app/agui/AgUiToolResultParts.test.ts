/**
 * A tool result with parts (a text and an image) across two turns, through `@ag-ui/client`'s `HttpAgent` and a
 * `node:http` server of the library, the model Anthropic's Messages API (the scripted model on its wire):
 *
 * - `TOOL_CALL_RESULT` carries the parts as `@ag-ui/core` 1.0.0 defines them (`dist/schemas.js`:
 *   `ToolCallResultEventSchema.content` is `string | ContentPart[]`; an image's bytes a `DataSource`, base64 with its
 *   `mimeType`), each event parses with `EventSchemas` as sent and the run passes `verifyEvents`; the bytes travel
 *   once (no sealed copy beside them).
 * - Sent back in the next run's `messages`, the tool message reads back as the parts the model was told: the next
 *   request carries the image as a `tool_result` image block (Anthropic's rule: a `tool_result`'s content is text and
 *   image blocks, an image `{ type: "base64", media_type, data }`), as the loop's own request did.
 * - A part changed in the client (the image's bytes, its text, what the model is told beside it) is refused as a
 *   changed text result is: a 400 saying the result was not produced by this server.
 * - Each part (an image at a URL, a document, a recording) is written as 1.0's part (`ContentPartSchema` parses it)
 *   and read back as it was, with what the model is told of it beside (`alt`, `detail`, `filename`, `citations`); a
 *   part AG-UI has none for (a cache point) leaves the result as its text.
 */
import type { ContentPart, Message as ClientMessage, ToolMessage } from "@ag-ui/client"
import { HttpAgent } from "@ag-ui/client"
import { ContentPartSchema, EventSchemas } from "@ag-ui/core/schemas"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { AgUi, LanguageModel, Message, Tool } from "effect-llm-stream"
import * as AgUiContent from "../../../src/app/agui/AgUiContent.js"
import * as AgUiResultParts from "../../../src/app/agui/AgUiResultParts.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import { scriptedOnWire } from "../../support/EndpointApp.js"

/** A PNG's signature and header, then bytes enough to be an image's. */
const png = new Uint8Array([
  ...[137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82],
  ...Array.from({ length: 600 }, (_, i) => (i * 7) % 251)
])
const base64 = Buffer.from(png).toString("base64")

/** A tool that answers with what it saw: a text and an image (with the text sent in its place where not taken). */
const screenshot = Tool.handle(
  Tool.make("screenshot", { parameters: Schema.Struct({ page: Schema.String }) }),
  ({ page }) => Effect.succeed([Message.text(`the page ${page}`), Message.image(png, { alt: "a screenshot" })])
)

/** A tool that answers with text. */
const lookup = Tool.handle(
  Tool.make("lookup", { parameters: Schema.Struct({ page: Schema.String }) }),
  ({ page }) => Effect.succeed(`the text of ${page}`)
)

/** What the client is sent of the screenshot's result. */
const shown: Array<ContentPart> = [
  { type: "text", text: "the page home" },
  {
    type: "image",
    source: { type: "data", value: base64, mimeType: "image/png" },
    metadata: { "effect-llm-stream/part": { alt: "a screenshot" } }
  }
]

/** A server whose model calls `tool` once, then answers; the bodies the model was sent. */
const serving = (tool: Tool.Tool) =>
  Effect.gen(function*() {
    const bodies: Array<any> = []
    const model = yield* Layer.build(
      scriptedOnWire(
        [
          { toolCalls: [{ name: tool.name, arguments: { page: "home" } }] },
          { text: "I see it." },
          { text: "Still there." }
        ],
        "anthropic",
        bodies
      )
    )
    const url = yield* AgUiClient.serve((body) =>
      AgUi.readRunInput(body).pipe(
        Effect.flatMap((input) =>
          LanguageModel.runTools({ messages: input.messages, tools: [tool] }).pipe(
            AgUi.fromSteps({ threadId: input.threadId, runId: input.runId, tools: [tool] }),
            AgUi.toResponse()
          )
        )
      )
    ).pipe(Effect.provide(model))
    return { url, bodies }
  })

/** The first turn through an `HttpAgent`: its run and the agent. */
const firstTurn = (url: string) =>
  Effect.gen(function*() {
    const agent = AgUiClient.agentOf(url)
    agent.addMessage({ id: "u1", role: "user", content: "look at home" })
    const run = yield* AgUiClient.run(agent)
    assert.deepStrictEqual(run.warnings, [])
    assert.deepStrictEqual(AgUiClient.problems(run.events), [])
    return { agent, run }
  })

const toolMessageOf = (messages: ReadonlyArray<ClientMessage>) =>
  messages.find((message): message is ToolMessage => message.role === "tool")!

/** The thread as the client holds it, changed by `change` (of its tool message), with a new question. */
const changed = (url: string, messages: ReadonlyArray<ClientMessage>, change: (message: any) => void) => {
  const copy = structuredClone(messages) as Array<ClientMessage>
  change(toolMessageOf(copy))
  copy.push({ id: "u2", role: "user", content: "and now?" })
  return new HttpAgent({ url, threadId: "thread-1", initialMessages: copy })
}

/** A changed thread's run: refused as a result this server did not produce, before the model is asked. */
const refused = (url: string, messages: ReadonlyArray<ClientMessage>, change: (message: any) => void) =>
  Effect.map(AgUiClient.runFailing(changed(url, messages, change)), (error: any) => {
    assert.strictEqual(error.status, 400)
    assert.match(
      error.payload.error,
      /^invalid chat request: messages\[2\]: the result of tool call .* was not produced/
    )
  })

describe("a tool result with parts, through HttpAgent", () => {
  it.live("TOOL_CALL_RESULT carries the parts, each event as @ag-ui/core 1.0.0's EventSchemas reads it", () =>
    Effect.gen(function*() {
      const { url } = yield* serving(screenshot)
      const { agent, run } = yield* firstTurn(url)
      for (const event of run.events) {
        const parsed = EventSchemas.safeParse(event)
        assert.isTrue(parsed.success, `${event.type}: ${parsed.error?.message}`)
        assert.deepStrictEqual(parsed.data, event as unknown, `${event.type}: a member stripped`)
      }
      const result = run.events.find((event) => event.type === "TOOL_CALL_RESULT") as any
      assert.deepStrictEqual(result.content, shown)
      // The client's tool message holds the parts; the bytes travel once, not sealed again beside them.
      const message = toolMessageOf(agent.messages)
      assert.deepStrictEqual(message.content, shown)
      assert.notProperty(message.metadata ?? {}, "effect-llm-stream/results")
      assert.strictEqual(JSON.stringify(agent.messages).split(base64).length - 1, 1)
    }).pipe(Effect.scoped))

  it.live("sent back, the next request tells the model the image as a tool_result part, as the loop did", () =>
    Effect.gen(function*() {
      const { bodies, url } = yield* serving(screenshot)
      const { agent } = yield* firstTurn(url)
      agent.addMessage({ id: "u2", role: "user", content: "and now?" })
      const second = yield* AgUiClient.run(agent)
      assert.deepStrictEqual(AgUiClient.problems(second.events), [])
      assert.strictEqual(bodies.length, 3)
      const resultOf = (body: any) =>
        body.messages.flatMap((message: any) =>
          Array.isArray(message.content) ? message.content.filter((block: any) => block.type === "tool_result") : []
        )[0]
      assert.deepStrictEqual(resultOf(bodies[2]).content, [
        { type: "text", text: "the page home" },
        { type: "image", source: { type: "base64", media_type: "image/png", data: base64 } }
      ])
      // The turn before the new question, as the loop itself sent it in the first run.
      assert.deepStrictEqual(bodies[2].messages.slice(0, bodies[1].messages.length), bodies[1].messages)
      // Read back, the image keeps what the model is told in its place where an API takes no image in a result.
      const input = yield* AgUi.readRunInput(
        JSON.stringify({ threadId: "thread-1", runId: "r", messages: agent.messages, tools: [], context: [] })
      )
      const read = input.messages.find((message) => message._tag === "ToolResultMessage")!
      assert.deepStrictEqual(read.parts, [
        Message.text("the page home"),
        Message.image(`data:image/png;base64,${base64}`, { mediaType: "image/png", alt: "a screenshot" })
      ])
    }).pipe(Effect.scoped))

  it.live("a part changed in the client is refused as a changed text result is; as served, it is taken", () =>
    Effect.gen(function*() {
      const { bodies, url } = yield* serving(screenshot)
      const { agent } = yield* firstTurn(url)
      const served = agent.messages
      const flipped = `${base64.slice(0, 40)}${base64[40] === "A" ? "B" : "A"}${base64.slice(41)}`
      yield* refused(url, served, (message) => void (message.content[1].source.value = flipped))
      yield* refused(url, served, (message) => void (message.content[0].text = "the page of another"))
      yield* refused(url, served, (message) => void (message.content[1].metadata["effect-llm-stream/part"].alt = "x"))
      yield* refused(url, served, (message) => void (message.content[1].source.mimeType = "image/jpeg"))
      yield* refused(url, served, (message) => void message.content.pop())
      yield* refused(url, served, (message) => void (message.content = "the page home"))
      assert.strictEqual(bodies.length, 2)
      // As served, it is taken.
      const taken = yield* AgUiClient.run(changed(url, served, () => undefined))
      assert.deepStrictEqual(AgUiClient.problems(taken.events), [])
      assert.strictEqual(bodies.length, 3)
    }).pipe(Effect.scoped))

  it.live("a text result changed in the client: the same refusal", () =>
    Effect.gen(function*() {
      const { url } = yield* serving(lookup)
      const { agent } = yield* firstTurn(url)
      assert.strictEqual(toolMessageOf(agent.messages).content, "the text of home")
      yield* refused(url, agent.messages, (message) => void (message.content = "the text of another"))
    }).pipe(Effect.scoped))
})

describe("each part of a tool result, written and read back", () => {
  const pdf = new TextEncoder().encode("%PDF-1.7 a document")
  const wav = new Uint8Array([82, 73, 70, 70, 1, 2, 3, 4])
  const rows: ReadonlyArray<
    { readonly part: Message.Part; readonly written: ContentPart; readonly read: Message.Part }
  > = [
    {
      part: Message.image("https://example.com/a.png", { detail: "low" }),
      written: {
        type: "image",
        source: { type: "url", value: "https://example.com/a.png" },
        metadata: { "effect-llm-stream/part": { detail: "low" } }
      },
      read: Message.image("https://example.com/a.png", { detail: "low" })
    },
    {
      part: Message.file(pdf, { mediaType: "application/pdf", filename: "a.pdf", citations: true }),
      written: {
        type: "document",
        source: { type: "data", value: Buffer.from(pdf).toString("base64"), mimeType: "application/pdf" },
        metadata: { "effect-llm-stream/part": { filename: "a.pdf", citations: true } }
      },
      read: Message.file(`data:application/pdf;base64,${Buffer.from(pdf).toString("base64")}`, {
        mediaType: "application/pdf",
        filename: "a.pdf",
        citations: true
      })
    },
    {
      part: Message.audio(wav, { mediaType: "audio/wav", alt: "a recording" }),
      written: {
        type: "audio",
        source: { type: "data", value: Buffer.from(wav).toString("base64"), mimeType: "audio/wav" },
        metadata: { "effect-llm-stream/part": { alt: "a recording" } }
      },
      read: Message.audio(`data:audio/wav;base64,${Buffer.from(wav).toString("base64")}`, {
        mediaType: "audio/wav",
        alt: "a recording"
      })
    }
  ]

  it.effect("an image at a URL, a document, a recording: as @ag-ui/core 1.0.0's parts, read back as they were", () =>
    Effect.gen(function*() {
      for (const row of rows) {
        const written = AgUiResultParts.contentOf([row.part])
        assert.deepStrictEqual<unknown>(written, [row.written])
        assert.isTrue(ContentPartSchema.safeParse(written![0]).success)
        const read = yield* AgUiContent.contentOf(JSON.parse(JSON.stringify(written)), ["content"], true)
        assert.deepStrictEqual(read, [row.read])
      }
    }))

  it("a part AG-UI has none for (a cache point, bytes of no known image type): the result goes as its text", () => {
    assert.isUndefined(AgUiResultParts.contentOf([Message.text("a"), Message.cachePoint()]))
    assert.isUndefined(AgUiResultParts.contentOf([Message.image(new Uint8Array([1, 2, 3, 4]))]))
  })
})
