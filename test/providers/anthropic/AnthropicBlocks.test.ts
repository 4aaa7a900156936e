/**
 * Anthropic content blocks and deltas of kinds this library does not read never fail a stream, whatever
 * their fields hold; a block it reads (a `tool_use`) that breaks its documented shape is a typed error,
 * after every event before it.
 *
 * The stream is the recorded `text.sse` with blocks added before its text block, as the beta API sends
 * them (`@anthropic-ai/sdk` 1.12 `resources/beta/messages/messages.d.ts`): `BetaCompactionBlock`
 * (`content: string | null`, `encrypted_content: string | null`, `signature?: string | null`),
 * `BetaCompactionContentBlockDelta`, `BetaFallbackBlock` (`from`, `to`, `trigger` objects), and one block
 * and delta of a kind newer than the SDK, with objects and numbers where known kinds have strings. Each goes back as
 * it started, but the compaction, as its deltas left it (each carries the block's final `content` and, when it has
 * the key, `encrypted_content`: @anthropic-ai/sdk 1.14.0 `BetaMessageStream`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Anthropic, CallResponse, LanguageModel, Message, ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect, failureOf } from "../../support/Collect.js"

const sse = { "content-type": "text/event-stream; charset=utf-8" }

const model = (baseUrl: string, client: (typeof clients)[number][1]) =>
  Anthropic.model("claude-sonnet-4-0").pipe(
    Layer.provide(Anthropic.layer({ apiKey: Redacted.make("sk-ant-blocks-0123456789"), baseUrl })),
    Layer.provide(client)
  )

const event = (data: Readonly<Record<string, unknown>>) => `event: ${data["type"]}\ndata: ${JSON.stringify(data)}\n\n`

/** `text.sse` with `blocks` (each with its deltas) before its text block, whose index moves after them. */
const withBlocks = (blocks: ReadonlyArray<{ readonly block: unknown; readonly deltas: ReadonlyArray<unknown> }>) => {
  const text = Fixtures.text("anthropic", "text.sse").replace(/"index":0/g, `"index":${blocks.length}`)
  const added = blocks.map(({ block, deltas }, index) =>
    event({ type: "content_block_start", index, content_block: block }) +
    deltas.map((delta) => event({ type: "content_block_delta", index, delta })).join("") +
    event({ type: "content_block_stop", index })
  ).join("")
  const at = text.indexOf("event: content_block_start")
  return text.slice(0, at) + added + text.slice(at)
}

const compaction = {
  block: { type: "compaction", content: null, encrypted_content: null, signature: null },
  deltas: [
    { type: "compaction_delta", content: "The user asked for a sum.", encrypted_content: null },
    { type: "compaction_delta", content: null, encrypted_content: "EnRvcGFxdWU=" }
  ]
}
const fallback = {
  block: {
    type: "fallback",
    from: { model: "claude-fable-5-1" },
    to: { model: "claude-opus-5-5" },
    trigger: { type: "refusal" }
  },
  deltas: []
}
const future = {
  block: { type: "hologram", id: 7, name: { first: "h" }, text: ["x"], signature: 1, data: false, is_error: "no" },
  deltas: [{ type: "hologram_delta", text: { piece: 1 }, partial_json: 2, thinking: null, signature: [] }]
}

describe("Anthropic blocks this library does not read", () => {
  for (const [clientName, client] of clients) {
    it.effect(`compaction (signature null), fallback and unknown blocks pass, kept as they ended (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const body = withBlocks([compaction, fallback, future])
        const baseUrl = server.serve({ headers: sse, body, cuts: ReplayServer.randomCuts(body.length, 5, 41) })
        const { chunks, result } = yield* collect(LanguageModel.stream("x")).pipe(
          Effect.provide(model(baseUrl, client))
        )
        assert.strictEqual(result._tag, "Success")
        const response = chunks.reduce(CallResponse.append, CallResponse.empty)
        assert.strictEqual(response.content, "4200 + 42 = 4242")
        assert.strictEqual(response.reasoning, "")
        assert.deepStrictEqual(response.commonFinishReasons, ["stop"])
        const message = CallResponse.toMessage(response)
        const blocks = message._tag === "AssistantMessage" ? message.content?.blocks ?? [] : []
        // The compaction as its last delta left it (each carries the block's final value, as the SDK reads them).
        const compacted = { ...compaction.block, content: null, encrypted_content: "EnRvcGFxdWU=" }
        assert.deepStrictEqual(blocks.slice(0, 3), [compacted, fallback.block, future.block])
      }))
  }

  it.effect("a tool_use block whose id is not a string is a typed error after every event before it", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const text = Fixtures.text("anthropic", "text.sse")
      const stop = text.indexOf("event: message_delta")
      const broken = event({
        type: "content_block_start",
        index: 1,
        content_block: { type: "tool_use", id: 5, name: "f" }
      })
      const baseUrl = server.serve({ headers: sse, body: text.slice(0, stop) + broken + text.slice(stop) })
      const { chunks, result } = yield* collect(LanguageModel.stream({ messages: [Message.user("x")] })).pipe(
        Effect.provide(model(baseUrl, clients[0]![1]))
      )
      const error = failureOf(result)
      assert.instanceOf(error, ProviderError.MalformedPayloadError)
      assert.include(error.message, "content_block_start")
      assert.strictEqual(chunks.map((chunk) => chunk.content).join(""), "4200 + 42 = 4242")
    }))
})
