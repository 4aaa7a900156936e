/**
 * One id for each tool call of a response, on every provider's wire (`CallIds`, given as each provider's body is
 * decoded): a call sent with an empty id, and a call sent with the id of an earlier call of the response, are given
 * ids of their own, which the chunks, the response, its assistant turn and that turn's own content blocks all carry.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Result, Stream } from "effect"
import { CallResponse, LanguageModel, Message } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as CallIds from "../../../src/core/fold/CallIds.js"
import * as OpenAIChunk from "../../../src/providers/openai/OpenAIChunk.js"

/** A Chat Completions chunk carrying `toolCalls` (its `delta.tool_calls`), decoded. */
const chatChunk = (toolCalls: ReadonlyArray<unknown>) =>
  Result.getOrThrow(OpenAIChunk.decodeChunk({
    id: "r",
    object: "chat.completion.chunk",
    created: 0,
    model: "m",
    choices: [{ index: 0, delta: { tool_calls: toolCalls }, finish_reason: null }]
  }))

/** The ids of the program's calls in an assistant turn's own blocks, as each API writes them. */
const blockIds = (blocks: ReadonlyArray<any>): ReadonlyArray<string | undefined> =>
  blocks.flatMap((block) =>
    block.type === "tool_use"
      ? [block.id]
      : block.type === "function_call"
      ? [block.call_id]
      : block.toolUse !== undefined
      ? [block.toolUse.toolUseId]
      : block.functionCall !== undefined
      ? [block.functionCall.id]
      : []
  )

/** Each wire, and whether its turn goes back as its own content blocks. */
const formats = [
  ["openai", false],
  ["openai-responses", true],
  ["anthropic", true],
  ["groq", false],
  ["azure", false],
  ["bedrock", true],
  ["google", true],
  ["google-vertex", true],
  ["deepseek", false]
] as const

describe("one id for each call of a response", () => {
  it.effect.each(formats)(
    "%s: an empty id and a repeated one are given ids the chunks, turn and blocks carry",
    ([format, hasBlocks]) =>
      Effect.gen(function*() {
        const calls = [
          { id: "", name: "a", arguments: { n: 1 } },
          { id: "x1", name: "b", arguments: { n: 2 } },
          { id: "x1", name: "c", arguments: { n: 3 } }
        ]
        const chunks = yield* LanguageModel.stream({ messages: [Message.user("Go")] }).pipe(
          Stream.runCollect,
          Effect.provide(TestKit.scripted([{ toolCalls: calls }], { provider: format }))
        )
        const response = chunks.reduce(CallResponse.append, CallResponse.empty)
        const ids = response.toolCalls.map((call) => call.id)
        assert.deepStrictEqual(response.toolCalls.map((call) => call.name), ["a", "b", "c"])
        assert.strictEqual(ids[1], "x1")
        assert.isTrue(ids.every((id) => id !== ""), ids.join())
        assert.strictEqual(new Set(ids).size, 3, ids.join())
        // Every fragment that names an id names its call's.
        const positions = new Map(
          response.toolCallRecords.map(({ slot }, at) => [`${slot.choice ?? ""}:${slot.index}`, at])
        )
        for (const delta of chunks.flatMap((chunk) => chunk.toolCallDeltas)) {
          if (delta.id === undefined) continue
          assert.strictEqual(delta.id, ids[positions.get(`${delta.choice ?? ""}:${delta.index}`)!])
        }
        const turn = CallResponse.toMessage(response) as Message.AssistantMessage
        assert.deepStrictEqual(turn.toolCalls.map((call) => call.id), ids)
        const blocks = turn.content?.blocks ?? []
        assert.strictEqual(blocks.length > 0, hasBlocks)
        // Gemini is sent back only the ids it gave (`GoogleBlocks.realId`).
        const expected = format.startsWith("google") ? ids.map((id) => id === "x1" ? id : undefined) : ids
        if (hasBlocks) assert.deepStrictEqual(blockIds(blocks), expected)
      })
  )

  it("fixes a call's id at its first fragment that names it or its tool; a fragment naming neither is left as it came", () => {
    const ids = new CallIds.CallIds()
    const given = [
      // The rest of a call whose start another body had (a resumed stream): nothing to give.
      chatChunk([{ index: 0, function: { arguments: "{" } }]),
      chatChunk([{ index: 0, id: "", function: { name: "a" } }]),
      chatChunk([{ index: 0, id: "other", function: { arguments: "}" } }]),
      chatChunk([{ index: 1, id: "call_z", function: { name: "b", arguments: "{}" } }]),
      chatChunk([{ index: 2, id: "call_z", function: { name: "c", arguments: "{}" } }])
    ].map(ids.given)
    const sent = given.map((chunk) => chunk.toolCallDeltas[0]!.id)
    assert.strictEqual(sent[0], undefined)
    assert.match(sent[1]!, /^call_[A-Za-z0-9_-]{12}_0$/)
    assert.deepStrictEqual(sent.slice(2, 4), [sent[1], "call_z"])
    assert.match(sent[4]!, /^call_[A-Za-z0-9_-]{12}_1$/)
    const response = given.reduce(CallResponse.append, CallResponse.empty)
    assert.deepStrictEqual(response.toolCalls.map((call) => [call.id, call.arguments]), [
      [sent[1], "{}"],
      ["call_z", "{}"],
      [sent[4], "{}"]
    ])
    // Another response draws another stem.
    const next = new CallIds.CallIds().given(chatChunk([{ index: 0, function: { name: "a" } }]))
    assert.notStrictEqual(next.toolCallDeltas[0]!.id!.slice(0, 17), sent[1]!.slice(0, 17))
  })
})
