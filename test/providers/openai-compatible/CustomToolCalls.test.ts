/**
 * Chat Completions custom tool calls (`type: "custom"` tool-call deltas, openai-node's
 * `ChatCompletionChunk.Choice.Delta.ToolCall.Custom`, 2026-08-12, commit 6fa9152 "support custom tool calls in
 * parser and ChatCompletionStream"): a header `{ index, id, type: "custom", custom: { name, input: "" } }`, then
 * pieces `{ index, custom: { input } }` with no discriminator. The library delivers such a call whole: its name and
 * its free-form input (as the call's arguments, a JSON string, like the Responses API's `custom_tool_call`), offered
 * to the loop's tool of that name, and sent back as the custom call it was (openai-node
 * `ChatCompletionMessageCustomToolCall`: `{ id, type: "custom", custom: { name, input } }`); never a call without
 * its name or input.
 *
 * The wire variants are inserted into a real recording (Mirascope's gpt-4o `tool-calls-parallel.sse`: two parallel
 * function calls), in its chunks' envelope, before its finish chunk, over the replay server with both HTTP clients.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema } from "effect"
import { CallStream, LanguageModel, Message, OpenAI, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { readResponse } from "../../support/UIClient.js"

const recording = Fixtures.text("openai", "tool-calls-parallel.sse")

/** The recording with `deltas` (each a `tool_calls` fragment) inserted before its finish chunk, in its envelope. */
const withCustom = (deltas: ReadonlyArray<object>): Uint8Array => {
  const events = recording.split("\n\n")
  const finish = events.findIndex((event) => event.includes("\"finish_reason\":\"tool_calls\""))
  const envelope = JSON.parse(events[finish]!.slice("data: ".length))
  const inserted = deltas.map((delta) =>
    `data: ${
      JSON.stringify({
        ...envelope,
        choices: [{ index: 0, delta: { tool_calls: [delta] }, logprobs: null, finish_reason: null }]
      })
    }`
  )
  return new TextEncoder().encode([...events.slice(0, finish), ...inserted, ...events.slice(finish)].join("\n\n"))
}

/** openai-node's test chunks for a custom call, at the index after the recording's two calls. */
const openaiNode = [
  { index: 2, id: "call_custom_123", type: "custom", custom: { name: "code_exec", input: "" } },
  { index: 2, custom: { input: "print(\"hel" } },
  { index: 2, custom: { input: "lo\")\nreturn 42" } }
]

const secrets = Tool.handle(
  Tool.make("secret_retrieval_tool", { parameters: Schema.Struct({ password: Schema.String }) }),
  ({ password }) => Effect.succeed(`secret of ${password}`)
)

/** A custom tool's handler: its input is free text (the tool's Schema decodes the call's JSON string). */
const codeExec = (ran: Array<string>) =>
  Tool.handle(
    Tool.make("code_exec", { parameters: Schema.String, jsonSchema: { type: "object", properties: {} } }),
    (code) => Effect.sync(() => ran.push(code)).pipe(Effect.as("42"))
  )

const sse = { "content-type": "text/event-stream" }

const model = (baseUrl: string) =>
  OpenAI.model("gpt-4o").pipe(Layer.provide(OpenAI.layer({ apiKey: Redacted.make("sk-custom"), baseUrl })))

/** The custom tool as the API declares it (`providerTools`): the loop's `code_exec` is declared by it alone. */
const custom = { type: "custom", custom: { name: "code_exec", description: "Executes source code" } }

describe("Chat Completions custom tool calls", () => {
  for (const [clientName, client] of clients) {
    it.live(`delivered whole, run by the tool of that name, sent back as the custom call it was (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          { headers: sse, body: withCustom(openaiNode), cuts: [300, 2100] },
          { headers: sse, body: Fixtures.bytes("openai", "text.sse") }
        ])
        const ran: Array<string> = []
        const done = yield* LanguageModel.runToolsToEnd({
          messages: [Message.user("Run some code and find the secrets")],
          tools: [secrets, codeExec(ran)],
          providerTools: [custom]
        }).pipe(Effect.provide(Layer.provide(model(baseUrl), client)))
        assert.deepStrictEqual(ran, ["print(\"hello\")\nreturn 42"])
        const call = done.steps[0]!.response.toolCalls[2]!
        assert.deepStrictEqual([call.id, call.name, JSON.parse(call.arguments)], [
          "call_custom_123",
          "code_exec",
          "print(\"hello\")\nreturn 42"
        ])
        const [first, second] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
        // Each request declares the function tool, and the custom one as the API declares it (openai-node 7.57
        // `ChatCompletionCustomTool`), once.
        for (const sent of [first, second]) {
          assert.deepStrictEqual(sent.tools.map((tool: any) => tool.function?.name ?? tool), [
            "secret_retrieval_tool",
            custom
          ])
        }
        const assistant = second.messages.find((message: any) => message.role === "assistant")
        assert.deepStrictEqual(assistant.tool_calls[2], {
          id: "call_custom_123",
          type: "custom",
          custom: { name: "code_exec", input: "print(\"hello\")\nreturn 42" }
        })
        assert.strictEqual(assistant.tool_calls[0].type, "function")
        const results = second.messages.filter((message: any) => message.role === "tool")
        assert.deepStrictEqual(results.map((message: any) => message.tool_call_id).at(-1), "call_custom_123")
        assert.strictEqual(results.at(-1).content, "42")
      }).pipe(Effect.scoped))
  }

  it.effect("any input survives the pieces it streams in: quotes, backslashes, new lines, a character split in two", () =>
    Effect.gen(function*() {
      const input = "say \"hi\\n\" \u{1F600}\ttab"
      const pieces = ["say \"hi", "\\n\" \ud83d", "\ude00\ttab"]
      assert.strictEqual(pieces.join(""), input)
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        headers: sse,
        // A header that says nothing of its kind: the first `custom` object does (with the name).
        body: withCustom([
          { index: 2, id: "call_c" },
          ...pieces.map((piece, at) => ({
            index: 2,
            custom: { input: piece, ...(at === 0 ? { name: "code_exec" } : {}) }
          }))
        ])
      })
      const response = yield* CallStream.accumulate(LanguageModel.stream("Run it")).pipe(
        Effect.provide(Layer.provide(model(baseUrl), clients[0]![1]))
      )
      const call = response.toolCalls[2]!
      assert.strictEqual(call.name, "code_exec")
      assert.strictEqual(JSON.parse(call.arguments), input)
      assert.deepStrictEqual(response.toolCalls.map((call) => call.name), [
        "secret_retrieval_tool",
        "secret_retrieval_tool",
        "code_exec"
      ])
    }).pipe(Effect.scoped))

  it.live("without a tool of that name, the loop answers the call by its name, as any unknown tool", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        { headers: sse, body: withCustom(openaiNode) },
        { headers: sse, body: Fixtures.bytes("openai", "text.sse") }
      ])
      const done = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Run it")], tools: [secrets] }).pipe(
        Effect.provide(Layer.provide(model(baseUrl), clients[1]![1]))
      )
      assert.strictEqual(done.reason, "stop")
      const results = JSON.parse(server.requests(baseUrl)[1]!.body).messages.filter((m: any) => m.role === "tool")
      assert.strictEqual(results.at(-1).tool_call_id, "call_custom_123")
      assert.include(results.at(-1).content, "code_exec")
    }).pipe(Effect.scoped))

  it.live("the browser is shown the call with its name and its input as the text it is", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: withCustom(openaiNode) })
      const { message } = yield* LanguageModel.stream("Run it").pipe(
        UIMessageStream.fromStream(),
        UIMessageStream.toResponse(),
        Effect.flatMap((response) => Effect.promise(() => readResponse(response))),
        Effect.provide(Layer.provide(model(baseUrl), clients[0]![1]))
      )
      const part = message!.parts.find((part: any) => part.type === "tool-code_exec") as any
      assert.strictEqual(part.state, "input-available")
      assert.strictEqual(part.input, "print(\"hello\")\nreturn 42")
    }).pipe(Effect.scoped))
})
