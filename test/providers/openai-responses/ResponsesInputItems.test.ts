/**
 * A Responses turn goes back as input items, as openai-node's own `toResponseInputItem` makes them (openai 7.57.0,
 * lib/responses/ResponseInputItems.js): output-only fields dropped (`created_by`, in a shell call output's chunks
 * too; the SDK's parsed values), and the items that cannot go back without changing their meaning left out (tools
 * added by another role than the developer's, a failed computer call output, a custom tool's output not completed).
 * And a shell call the service ran in a hosted container (`environment: { type: "container_reference" }`,
 * `ResponseFunctionShellToolCall.environment`) is its own: the program is not asked to run it, and the turn goes back
 * with the service's output for it, not an answer of the program's.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import { CallResponse, CallStream, LanguageModel, Message, OpenAIResponses } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as ResponsesInputItems from "../../../src/providers/openai-responses/ResponsesInputItems.js"
import * as Fixtures from "../../../support/Fixtures.js"

const sse = { "content-type": "text/event-stream; charset=utf-8" }

describe("ResponsesInputItems", () => {
  it("drops what only output items carry, as openai-node's toResponseInputItem does", () => {
    const by = { created_by: "user_1" }
    assert.deepStrictEqual(ResponsesInputItems.inputItemOf({ type: "web_search_call", id: "ws_1", ...by }), {
      type: "web_search_call",
      id: "ws_1"
    })
    assert.deepStrictEqual(
      ResponsesInputItems.inputItemOf({
        type: "shell_call_output",
        call_id: "c1",
        output: [{ stdout: "hi", stderr: "", ...by }],
        ...by
      }),
      { type: "shell_call_output", call_id: "c1", output: [{ stdout: "hi", stderr: "" }] }
    )
    assert.deepStrictEqual(
      ResponsesInputItems.inputItemOf({
        type: "message",
        role: "assistant",
        id: "m1",
        content: [{ type: "output_text", text: "{}", parsed: {}, annotations: [] }],
        ...by
      }),
      { type: "message", role: "assistant", id: "m1", content: [{ type: "output_text", text: "{}", annotations: [] }] }
    )
    assert.deepStrictEqual(
      ResponsesInputItems.inputItemOf({ type: "function_call", call_id: "c2", parsed_arguments: {}, arguments: "{}" }),
      { type: "function_call", call_id: "c2", arguments: "{}" }
    )
    assert.deepStrictEqual(
      ResponsesInputItems.inputItemOf({
        type: "custom_tool_call_output",
        call_id: "c3",
        output: "x",
        status: "completed"
      }),
      { type: "custom_tool_call_output", call_id: "c3", output: "x" }
    )
  })

  it("leaves out the items that cannot go back as they are", () => {
    assert.isUndefined(ResponsesInputItems.inputItemOf({ type: "additional_tools", role: "system", tools: [] }))
    assert.isDefined(ResponsesInputItems.inputItemOf({ type: "additional_tools", role: "developer", tools: [] }))
    assert.isUndefined(
      ResponsesInputItems.inputItemOf({ type: "computer_call_output", call_id: "c", status: "failed" })
    )
    assert.isUndefined(
      ResponsesInputItems.inputItemOf({ type: "custom_tool_call_output", call_id: "c", status: "incomplete" })
    )
  })

  it.effect("a hosted shell call is the service's: not asked of the program, sent back with the service's output", () =>
    Effect.gen(function*() {
      const hosted = {
        type: "shell_call",
        id: "sh_1",
        call_id: "call_sh_1",
        status: "completed",
        action: { commands: ["ls"] },
        environment: { type: "container_reference", container_id: "cntr_1" },
        created_by: "system"
      }
      const output = {
        type: "shell_call_output",
        id: "sho_1",
        call_id: "call_sh_1",
        status: "completed",
        output: [{ stdout: "a.txt\n", stderr: "", outcome: { type: "exit", exit_code: 0 }, created_by: "system" }],
        created_by: "system"
      }
      const events = [hosted, output].flatMap((item, index) => [
        { type: "response.output_item.added", output_index: index + 1, item },
        { type: "response.output_item.done", output_index: index + 1, item }
      ]).map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join("")
      const text = Fixtures.text("openai-responses", "text.sse")
      const body = text.replace("event: response.completed", `${events}event: response.completed`)
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([{ headers: sse, body }, { headers: sse, body: text }])
      const model = OpenAIResponses.model("gpt-5.4").pipe(
        Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("k"), baseUrl })),
        Layer.provide(FetchHttpClient.layer)
      )
      const question = Message.user("What is in the container?")
      const first = yield* CallStream.accumulate(LanguageModel.stream({ messages: [question] })).pipe(
        Effect.provide(model)
      )
      assert.deepStrictEqual(first.toolCalls, [])
      yield* LanguageModel.stream({ messages: [question, CallResponse.toMessage(first), Message.user("Thanks.")] })
        .pipe(
          Stream.runDrain,
          Effect.provide(model)
        )
      const input = JSON.parse(server.requests(baseUrl)[1]!.body).input as ReadonlyArray<any>
      const sent = input.filter((item) => item.type === "shell_call" || item.type === "shell_call_output")
      const { created_by: _, ...call } = hosted
      assert.deepStrictEqual(
        sent,
        [call, {
          ...output,
          created_by: undefined,
          output: [{ stdout: "a.txt\n", stderr: "", outcome: { type: "exit", exit_code: 0 } }]
        }].map((item) => JSON.parse(JSON.stringify(item)))
      )
      assert.notInclude(JSON.stringify(input), "created_by")
      assert.notInclude(JSON.stringify(input), "function_call_output")
    }).pipe(Effect.scoped))
})
