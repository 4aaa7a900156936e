/**
 * What an `OpenAICompatible` host is sent: the request bodies of a tool loop over a conversation, the replay server
 * answering in Chat Completions chunks (calls given, then "Done.").
 */
import { Effect, Layer, Redacted } from "effect"
import type { Message, Tool } from "effect-llm-stream"
import { LanguageModel, OpenAICompatible } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"

/** A streamed answer of the choices `choices` (each a chunk's one choice), as a host writes it. */
const streamOf = (model: string, choices: ReadonlyArray<unknown>) =>
  choices.map((choice) =>
    `data: ${
      JSON.stringify({ id: "cmpl-1", object: "chat.completion.chunk", created: 1, model, choices: [choice] })
    }\n\n`
  ).join("") + "data: [DONE]\n\n"

/** A streamed answer of "Done.", as a host writes it. */
const answer = (model: string) =>
  streamOf(model, [
    { index: 0, delta: { role: "assistant", content: "Done." }, finish_reason: null },
    { index: 0, delta: {}, finish_reason: "stop" }
  ])

/** A streamed answer calling `call.name` with `call.arguments` under `call.id`, as a host writes it. */
export const calling =
  (call: { readonly id: string; readonly name: string; readonly arguments: string }) => (model: string) =>
    streamOf(model, [
      {
        index: 0,
        delta: { role: "assistant", tool_calls: [{ index: 0, id: call.id, type: "function", function: call }] },
        finish_reason: null
      },
      { index: 0, delta: {}, finish_reason: "tool_calls" }
    ])

/**
 * The bodies the host `name` is sent in a tool loop over `messages` with `tools` (the model `model`): the n-th answer
 * of `before` to the n-th request, then "Done.".
 */
export const bodies = (
  name: string,
  messages: ReadonlyArray<Message.Message>,
  tools: ReadonlyArray<Tool.Tool>,
  before: ReadonlyArray<(model: string) => string> = [],
  model = "mistral-large-latest"
) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const headers = { "content-type": "text/event-stream" }
    const baseUrl = server.serve([...before, answer].map((write) => ({ headers, body: write(model) })))
    yield* LanguageModel.runToolsToEnd({ messages, tools }).pipe(
      Effect.provide(
        OpenAICompatible.model(model).pipe(
          Layer.provide(OpenAICompatible.layer({ name, apiKey: Redacted.make("k"), baseUrl })),
          Layer.provide(FetchHttpClient.layer)
        )
      )
    )
    return server.requests(baseUrl).map((request) => JSON.parse(request.body))
  })

/** The first body the host `name` is sent for `messages` with `tools` (the model `model`). */
export const firstBody = (
  name: string,
  messages: ReadonlyArray<Message.Message>,
  tools: ReadonlyArray<Tool.Tool>,
  model = "mistral-large-latest"
) => Effect.map(bodies(name, messages, tools, [], model), (sent) => sent[0])
