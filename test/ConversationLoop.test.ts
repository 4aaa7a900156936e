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
import { Effect, Layer } from "effect"
import { LanguageModel, Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../support/Clients.js"
import * as Conversations from "./support/Conversations.js"

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
