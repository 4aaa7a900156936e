/**
 * The provider's opaque state through the `effect/ai` adapter (`AiLanguageModel.layer`), three turns of an
 * `effect/ai` `Chat` each: the recorded conversations of `support/Conversations.ts` (state and a tool call, then
 * the answer after the tool's result, then a follow-up). The adapter puts each part's state on its stream part's
 * metadata, `Chat` keeps it as the prompt part's options, and the adapter sends it back as the provider's blocks:
 * the second request is read against the provider's documented rule (see `support/Conversations.ts`), the third
 * sends the first turn as the second did.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema, Stream } from "effect"
import { CallStream, LanguageModel } from "effect-llm-stream"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { ReplayServer } from "effect-llm-stream/testing"
import { Chat, Tool as AiTool, Toolkit } from "effect/ai"
import { FetchHttpClient } from "effect/http"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as Conversations from "../../support/Conversations.js"
import * as RecordedModels from "../../support/RecordedModels.js"

describe("the effect/ai adapter keeps the provider's state across three turns", () => {
  for (const [index, conversation] of Conversations.conversations.entries()) {
    for (const mode of ["generateText", "streamText"] as const) {
      it.effect(`${conversation.name} (${mode})`, () =>
        Effect.gen(function*() {
          const Tools = Toolkit.make(
            AiTool.make(conversation.tool.name, {
              parameters: conversation.tool.parameters as Schema.Struct<{}>,
              success: Schema.String
            })
          )
          const handlers = Tools.toLayer({ [conversation.tool.name]: () => Effect.succeed(conversation.tool.output) })
          const server = yield* ReplayServer.make
          const baseUrl = server.serve(conversation.responses())
          const model = AiLanguageModel.layer.pipe(
            Layer.provide(conversation.model(baseUrl)),
            Layer.provide(index % 2 === 0 ? FetchHttpClient.layer : clients[1]![1])
          )
          const chat = yield* Chat.empty
          const turn = (prompt: string | []) =>
            (mode === "generateText"
              ? Effect.asVoid(chat.generateText({ prompt, toolkit: Tools }))
              : Stream.runDrain(chat.streamText({ prompt, toolkit: Tools }))).pipe(
                Effect.provide(model),
                Effect.provide(handlers)
              )
          yield* turn(conversation.question)
          yield* turn([])
          yield* turn(conversation.followUp)
          const bodies = server.requests(baseUrl).map((request) => JSON.parse(request.body))
          assert.strictEqual(bodies.length, 3)
          Conversations.checkSecond(conversation, bodies[1])
          Conversations.checkThird(conversation, bodies[1], bodies[2])
        }).pipe(Effect.scoped))
    }
  }
})

describe("a turn with more than its parts show, through an effect/ai Chat", () => {
  // A provider's own tool calls and results, citations: carried whole on the turn's last part (`TurnCarry`), so the
  // next request sends the turn as the provider returned it (Anthropic's prefix checks, platform.claude.com,
  // preserved-thinking/prefix-checks: "send each assistant turn back exactly as the API returned it").
  const cases = [
    ["anthropic", "web-search.sse", "claude-sonnet-4-6"],
    ["anthropic", "code-execution-bash.sse", "claude-sonnet-4-6"],
    ["openai-responses", "web-search.sse", "gpt-5-mini"],
    ["google", "code-execution.sse", "gemini-3-pro-preview"]
  ] as const
  for (const [folder, name, modelName] of cases) {
    const modelOf = (baseUrl: string) => RecordedModels.model(folder, baseUrl, clients[0]![1], { model: modelName })
    for (const mode of ["generateText", "streamText"] as const) {
      it.effect(`${folder}/${name} (${mode}): the next request carries the turn as the provider returned it`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const recording = Fixtures.bytes(folder, name)
          const sse = (body: Uint8Array) => ({ headers: { "content-type": "text/event-stream" }, body })
          const baseUrl = server.serve([sse(recording), sse(Fixtures.bytes(folder, "text.sse"))])
          const model = AiLanguageModel.layer.pipe(Layer.provide(modelOf(baseUrl)))
          const chat = yield* Chat.empty
          const turn = (prompt: string) =>
            (mode === "generateText"
              ? Effect.asVoid(chat.generateText({ prompt }))
              : Stream.runDrain(chat.streamText({ prompt }))).pipe(Effect.provide(model))
          yield* turn("q")
          yield* turn("f")
          const [, second] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
          // The same response, folded by the library alone: its turn as the tool loop sends it back.
          const replayed = yield* ReplayServer.make
          const response = yield* CallStream.accumulate(LanguageModel.stream("q")).pipe(
            Effect.provide(modelOf(replayed.serve(sse(recording))))
          )
          const sent = folder === "google"
            ? second.contents[1].parts
            : folder === "openai-responses"
            ? second.input.slice(1, -1)
            : second.messages[1].content
          assert.deepStrictEqual(sent, response.contentBlocks)
        }).pipe(Effect.scoped))
    }
  }
})
