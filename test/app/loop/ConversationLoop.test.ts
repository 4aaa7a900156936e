/**
 * The provider's opaque state through the tool loop (`LanguageModel.runTools`), three turns each, over the replay
 * server with both HTTP clients: recorded conversations whose first answer carries state and a tool call
 * (Anthropic `thinking` with its `signature` and `redacted_thinking`, Gemini and Vertex `thoughtSignature`, the
 * Responses API's reasoning items by id or with `encrypted_content`, Bedrock `reasoningContent`; see
 * `support/Conversations.ts` and `test/fixtures/conversations/SOURCES.md`). The second request (after the tool's
 * result) is read against the provider's documented rule (cited in `support/Conversations.ts`: Anthropic's
 * "Preserving thinking blocks", Google's "Thought signatures", openai-node's `ResponseIncludable` /
 * `ResponseReasoningItem`, `@aws-sdk/client-bedrock-runtime`'s `ReasoningContentBlock`) and, where the recording
 * has it, against the next request the provider accepted; the third (a follow-up) sends the first turn as the
 * second did.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Azure, CallResponse, CallStream, LanguageModel, Message, OpenAIResponses } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as Conversations from "../../support/Conversations.js"

describe("the tool loop keeps the provider's state across three turns", () => {
  for (const [clientName, client] of clients) {
    for (const conversation of Conversations.conversations) {
      it.live(`${conversation.name} (${clientName})`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const baseUrl = server.serve(conversation.responses())
          const model = Layer.provide(conversation.model(baseUrl), client)
          const tools = [Conversations.handled(conversation)]
          const first = yield* LanguageModel.runToolsToEnd({ messages: [Message.user(conversation.question)], tools })
            .pipe(Effect.provide(model))
          assert.strictEqual(first.reason, "stop")
          const second = yield* LanguageModel.runToolsToEnd({
            messages: [...first.messages, Message.user(conversation.followUp)],
            tools
          }).pipe(Effect.provide(model))
          assert.strictEqual(second.steps.length, 1)
          const bodies = server.requests(baseUrl).map((request) => JSON.parse(request.body))
          assert.strictEqual(bodies.length, 3)
          Conversations.checkSecond(conversation, bodies[1])
          Conversations.checkThird(conversation, bodies[1], bodies[2])
        }).pipe(Effect.scoped))
    }
  }
})

describe("the Responses API without storage (store: false)", () => {
  it.live("a reasoning item of a stored turn (its id alone) is left out, and the request asks for encrypted reasoning", () =>
    Effect.gen(function*() {
      // openai-node `ResponseIncludable`: "reasoning.encrypted_content ... enables reasoning items to be used in
      // multi-turn conversations when using the Responses API statelessly"; an item named by its id alone is a 404
      // "Item with id 'rs_…' not found. Items are not persisted when `store` is set to false".
      const [stored] = Conversations.conversations.filter((conversation) => conversation.name.includes("stored"))
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(stored!.responses())
      const tools = [Conversations.handled(stored!)]
      const azure = (options: { readonly store?: boolean; readonly include?: ReadonlyArray<string> }) =>
        Azure.responsesModel("gpt-5-mini", { baseModel: "gpt-5-mini-2025-08-07", ...options }).pipe(
          Layer.provide(Azure.responsesLayer({ endpoint: baseUrl, apiKey: Redacted.make("az-conv") })),
          Layer.provide(clients[0]![1])
        )
      const first = yield* LanguageModel.runToolsToEnd({ messages: [Message.user(stored!.question)], tools })
        .pipe(Effect.provide(azure({})))
      yield* LanguageModel.runToolsToEnd({ messages: [...first.messages, Message.user(stored!.followUp)], tools })
        .pipe(Effect.provide(azure({ store: false, include: ["message.output_text.logprobs"] })))
      const [second, third] = server.requests(baseUrl).slice(1).map((request) => JSON.parse(request.body))
      // Stored: the reasoning item goes by its id (its recorded summary is empty, it has no encrypted content).
      const reasoning = second.input.filter((item: any) => item.type === "reasoning")
      assert.strictEqual(reasoning.length, 1)
      assert.isUndefined(reasoning[0].encrypted_content)
      assert.notProperty(second, "include")
      // Not stored: it cannot be named by its id, so it is not sent; the rest of the turn is.
      assert.strictEqual(third.store, false)
      assert.deepStrictEqual(third.include, ["message.output_text.logprobs", "reasoning.encrypted_content"])
      assert.isEmpty(
        third.input.filter((item: any) => item.type === "reasoning" && item.encrypted_content === undefined)
      )
      assert.deepStrictEqual(
        third.input.filter((item: any) => item.type === "function_call"),
        second.input.filter((item: any) => item.type === "function_call")
      )
    }).pipe(Effect.scoped))
})

describe("a Responses stream cut inside an item", () => {
  it.live("the turn goes back without the item it was cut in (no id of an item that may not exist, no bare reasoning)", () =>
    Effect.gen(function*() {
      const body = Fixtures.text("openai-responses", "reasoning-encrypted-tool-call.sse")
      const at = (event: string, nth: number) =>
        body.split(`event: ${event}\n`).slice(0, nth).join(`event: ${event}\n`).length
      const server = yield* ReplayServer.make
      const model = (baseUrl: string) =>
        OpenAIResponses.model("gpt-5", { store: false }).pipe(
          Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("sk-cut"), baseUrl })),
          Layer.provide(clients[0]![1])
        )
      // Cut inside the reasoning item (its summary streamed, its `done` never came), then inside the call after it:
      // the reasoning led to that call alone, and the API refuses a reasoning item without the item that follows it
      // ("Item 'rs_…' of type 'reasoning' was provided without its required following item", openai/openai-node#1567).
      const cuts: ReadonlyArray<readonly [number, ReadonlyArray<string>]> = [
        [at("response.output_item.done", 1), []],
        [at("response.output_item.done", 2), []]
      ]
      for (const [cut, items] of cuts) {
        const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body: body.slice(0, cut) })
        const ending = yield* CallStream.settle(LanguageModel.stream("Weather?")).pipe(Effect.provide(model(baseUrl)))
        assert.strictEqual(ending._tag, "Failed")
        assert.isAbove(ending.response.reasoning.length, 0)
        const turn = CallResponse.toMessage(ending.response) as Message.AssistantMessage
        assert.deepStrictEqual((turn.content?.blocks ?? []).map((item: any) => item.type), [...items])
      }
    }).pipe(Effect.scoped))
})
