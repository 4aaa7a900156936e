/**
 * A turn stopped inside its reasoning goes on to the next question without it. A user who stops an answer while the
 * model thinks (the browser's stop, a `Stream.take`, a timeout) keeps what arrived; the thinking block has no
 * signature then (Anthropic streams it last, in a `signature_delta`), and the next request must not carry it:
 * Anthropic takes thinking back only signed (`ThinkingBlockParam.signature`, a required string, @anthropic-ai/sdk
 * 1.14.0 resources/messages/messages.d.ts; "the signature field ... must be passed back unmodified", the extended
 * thinking guide), and Claude on Bedrock the same (`ReasoningTextBlock.signature`, @aws-sdk/client-bedrock-runtime
 * 3.1164.0 models_0.d.ts). Before, the block went back with `signature: ""`, and every later turn failed.
 *
 * Through the program's path (the stopped response as a message, also stored as JSON and read back) and the
 * browser's (the UI message the `ai` client kept, sent back with the next question by `toMessages`), on the
 * recorded thinking of both providers.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { CallResponse, CallStream, LanguageModel, Message, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as AssistantTurn from "../../../src/core/provider/AssistantTurn.js"
import * as AnthropicBlocks from "../../../src/providers/anthropic/AnthropicBlocks.js"
import * as BedrockBlocks from "../../../src/providers/bedrock/BedrockBlocks.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import { nextQuestion, readServed } from "../../support/UIClient.js"

const codec = Schema.toCodecJson(Schema.Array(Message.Message))

const cases = [
  {
    folder: "anthropic" as const,
    name: "thinking.sse",
    model: "claude-sonnet-4-5",
    /** The assistant blocks of a request body that are thinking. */
    thinking: (body: any): ReadonlyArray<any> =>
      body.messages.filter((turn: any) => turn.role === "assistant").flatMap((turn: any) =>
        Array.isArray(turn.content) ? turn.content.filter((block: any) => block.type === "thinking") : []
      )
  },
  {
    folder: "bedrock" as const,
    name: "reasoning.eventstream.b64",
    model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    thinking: (body: any): ReadonlyArray<any> =>
      body.messages.filter((turn: any) => turn.role === "assistant").flatMap((turn: any) =>
        turn.content.filter((block: any) => block.reasoningContent !== undefined)
      )
  }
]

const question = Message.user("Think it over.")
const next = Message.user("And then?")

describe("a turn stopped inside its reasoning goes on without it", () => {
  for (const { folder, model, name, thinking } of cases) {
    it.effect(`${folder}: the program's message and its stored JSON send no unsigned reasoning`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const { baseUrl, layer } = RecordedModels.replaying(server, folder, name, 3, { model })
        // The whole answer: its reasoning is signed, and goes back.
        const whole = yield* CallStream.accumulate(LanguageModel.stream({ messages: [question] })).pipe(
          Effect.provide(layer)
        )
        // Stopped as soon as some reasoning arrived, before its signature.
        const stopped = yield* CallStream.accumulate(
          LanguageModel.stream({ messages: [question] }).pipe(Stream.takeUntil((chunk) => chunk.reasoning !== ""))
        ).pipe(Effect.provide(layer))
        assert.notStrictEqual(stopped.reasoning, "")
        assert.isTrue(whole.reasoning.startsWith(stopped.reasoning))
        const history = [question, CallResponse.toMessage(stopped), next]
        const stored = Schema.decodeUnknownSync(codec)(JSON.parse(JSON.stringify(Schema.encodeSync(codec)(history))))
        for (const messages of [history, stored]) {
          yield* LanguageModel.stream({ messages }).pipe(Stream.runDrain, Effect.provide(layer))
        }
        const bodies = server.requests(baseUrl).map((request) => JSON.parse(request.body))
        assert.strictEqual(bodies.length, 4)
        for (const body of bodies.slice(2)) assert.deepStrictEqual(thinking(body), [])
        // The whole answer's turn keeps its signed reasoning (the rule is about the signature, not the reasoning).
        const signed = CallResponse.toMessage(whole)
        assert.isAbove(
          (signed._tag === "AssistantMessage" ? signed.content?.blocks ?? [] : []).filter((block: any) =>
            block.type === "thinking" || block.reasoningContent !== undefined
          ).length,
          0
        )
      }).pipe(Effect.scoped))

    it.effect(`${folder}: the browser's stopped message, sent back with the next question, carries no reasoning`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const recorded = {
          headers: { "content-type": RecordedModels.contentType(folder) },
          body: Fixtures.body(folder, name)
        }
        const baseUrl = server.serve([recorded, recorded])
        const layer = RecordedModels.model(folder, baseUrl, FetchHttpClient.layer, { model })
        const { message } = yield* LanguageModel.stream({ messages: [question] }).pipe(
          Stream.takeUntil((chunk) => chunk.reasoning !== ""),
          readServed,
          Effect.provide(layer)
        )
        assert.isTrue(message!.parts.some((part) => part.type === "reasoning"))
        const request = yield* UIMessageStream.toMessages(nextQuestion("Think it over.", message!, "And then?"))
        yield* LanguageModel.stream({ messages: request.messages }).pipe(Stream.runDrain, Effect.provide(layer))
        const body = JSON.parse(server.requests(baseUrl)[1]!.body)
        assert.deepStrictEqual(thinking(body), [])
        assert.deepStrictEqual(body.messages.at(-1).role, "user")
      }).pipe(Effect.scoped))
  }

  it("a turn's neutral parts (an effect/ai prompt's, another provider's) write no block for unsigned reasoning", () => {
    const parts: ReadonlyArray<AssistantTurn.Part> = [
      { _tag: "Reasoning", text: "thought elsewhere" },
      { _tag: "Reasoning", text: "signed", state: { signature: "sig-1" } },
      { _tag: "Text", text: "Answer." }
    ]
    assert.deepStrictEqual(AssistantTurn.blocks(AnthropicBlocks.turn, parts), [
      { type: "thinking", thinking: "signed", signature: "sig-1" },
      { type: "text", text: "Answer." }
    ])
    assert.deepStrictEqual(AssistantTurn.blocks(BedrockBlocks.turn, parts), [
      { reasoningContent: { reasoningText: { text: "signed", signature: "sig-1" } } },
      { text: "Answer." }
    ])
  })
})
