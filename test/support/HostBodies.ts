/**
 * What an `OpenAICompatible` host is sent: the first request body of a tool loop over a conversation, the replay
 * server answering "Done." in Chat Completions chunks.
 */
import { Effect, Layer, Redacted } from "effect"
import type { Message, Tool } from "effect-llm-stream"
import { LanguageModel, OpenAICompatible } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"

/** A streamed answer of "Done.", as a host writes it. */
const answer = (model: string) =>
  [
    { index: 0, delta: { role: "assistant", content: "Done." }, finish_reason: null },
    { index: 0, delta: {}, finish_reason: "stop" }
  ].map((choice) =>
    `data: ${
      JSON.stringify({ id: "cmpl-1", object: "chat.completion.chunk", created: 1, model, choices: [choice] })
    }\n\n`
  ).join("") + "data: [DONE]\n\n"

/** The first body the host `name` is sent for `messages` with `tools` (the model `model`). */
export const firstBody = (
  name: string,
  messages: ReadonlyArray<Message.Message>,
  tools: ReadonlyArray<Tool.Tool>,
  model = "mistral-large-latest"
) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body: answer(model) })
    yield* LanguageModel.runToolsToEnd({ messages, tools }).pipe(
      Effect.provide(
        OpenAICompatible.model(model).pipe(
          Layer.provide(OpenAICompatible.layer({ name, apiKey: Redacted.make("k"), baseUrl })),
          Layer.provide(FetchHttpClient.layer)
        )
      )
    )
    return JSON.parse(server.requests(baseUrl)[0]!.body)
  })
