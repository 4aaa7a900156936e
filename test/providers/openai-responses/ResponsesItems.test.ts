/**
 * Responses API output items of every kind, over real HTTP: an item of a shape this library does not model
 * (gpt-5.4's `tool_search_call`, with object `arguments` and `call_id: null`, or a kind newer than the
 * library) never fails the stream and is sent back as it came; the built-in tools the application executes
 * (`computer_call`, `local_shell_call`, `shell_call`, `apply_patch_call`, `custom_tool_call`, a client
 * `tool_search_call`) are tool calls, and their results go back as the matching `*_output` item.
 *
 * The `*_output` shapes are openai-node's `ResponseInputItem` (`resources/responses/responses.d.ts`:
 * `ComputerCallOutput`, `LocalShellCallOutput`, `ShellCallOutput`, `ApplyPatchCallOutput`,
 * `ResponseCustomToolCallOutput`, `ResponseToolSearchOutputItemParam`), and where a recording of the next
 * request exists (pydantic-ai's, see fixtures SOURCES.md) they are compared with it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { CallResponse, CallStream, LanguageModel, Message, OpenAIResponses, ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type * as SDK from "openai/resources/responses/responses"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect, failureOf } from "../../support/Collect.js"
import { approvalRequest } from "../../support/McpApprovals.js"

const folder = "openai-responses"
const sse = { "content-type": "text/event-stream; charset=utf-8" }

const model = (baseUrl: string, client: (typeof clients)[number][1]) =>
  OpenAIResponses.model("gpt-5.4").pipe(
    Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("sk-items-test-0123456789"), baseUrl })),
    Layer.provide(client)
  )

/** The `data:` JSON of each event of a recording. */
const eventsOf = (name: string): ReadonlyArray<any> =>
  Fixtures.text(folder, `${name}.sse`).split("\n").filter((line) => line.startsWith("data: ")).map((line) =>
    JSON.parse(line.slice(6))
  )

const doneItems = (name: string): ReadonlyArray<any> =>
  eventsOf(name).filter((event) => event.type === "response.output_item.done").map((event) => event.item)

/**
 * The recorded text answer with `items` streamed before its `response.completed`, each added and done at the output
 * indexes after the message's.
 */
const textWithItems = (items: ReadonlyArray<unknown>): string => {
  const events = items.flatMap((item, index) => [
    { type: "response.output_item.added", output_index: index + 1, item },
    { type: "response.output_item.done", output_index: index + 1, item }
  ]).map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join("")
  const completed = "event: response.completed"
  return Fixtures.text(folder, "text.sse").replace(completed, `${events}${completed}`)
}

describe("Responses API items this library does not model", () => {
  for (const [clientName, client] of clients) {
    it.effect(`gpt-5.4's server tool_search_call (object arguments, call_id null) is kept; the call after it arrives (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const body = Fixtures.bytes(folder, "tool-search-server.sse")
        const baseUrl = server.serve({ headers: sse, body, cuts: ReplayServer.randomCuts(body.length, 24, 61) })
        const { chunks, result } = yield* collect(LanguageModel.stream("USD to EUR?")).pipe(
          Effect.provide(model(baseUrl, client))
        )
        assert.strictEqual(result._tag, "Success")
        const response = chunks.reduce(CallResponse.append, CallResponse.empty)
        const expected = Fixtures.json(folder, "tool-search-server.expected.json")
        assert.deepStrictEqual(
          response.toolCalls.map((call) => [call.id, call.name, call.arguments]),
          expected.functionCalls.map((call: any) => [call.call_id, call.name, call.arguments])
        )
        assert.deepStrictEqual(response.commonFinishReasons, ["tool_calls"])
        assert.strictEqual(response.usage.inputTokens, expected.usage.input_tokens)
        // The search the service ran is a server tool call, its input the item's arguments.
        const search = response.serverToolCalls.find((call) => call.type === "tool_search_call")!
        assert.deepStrictEqual(search.input, { paths: ["get_exchange_rate"] })
        // Every item goes back as it came.
        const message = CallResponse.toMessage(response)
        assert.deepStrictEqual(
          message._tag === "AssistantMessage" ? message.content?.blocks : undefined,
          doneItems("tool-search-server")
        )
      }))
  }

  it.effect("a compaction item and an additional_tools item are the context's, not server tool calls; both go back", () =>
    Effect.gen(function*() {
      // openai-node 7.5 (`resources/responses/responses.ts`, `ResponseOutputItem`): `ResponseCompactionItem`
      // (`type: "compaction"`, `encrypted_content`) and `ResponseOutputItem.AdditionalTools` (`role`, `tools`).
      const server = yield* ReplayServer.make
      const text = Fixtures.text(folder, "text.sse")
      const items = [
        { type: "compaction", id: "cmp_1", encrypted_content: "gAAAAB-opaque", created_by: "server" },
        { type: "additional_tools", id: "at_1", role: "developer", tools: [{ type: "web_search" }] }
      ]
      const baseUrl = server.serve([{ headers: sse, body: textWithItems(items) }, { headers: sse, body: text }])
      const first = yield* CallStream.accumulate(LanguageModel.stream("x")).pipe(
        Effect.provide(model(baseUrl, clients[0]![1]))
      )
      assert.deepStrictEqual(first.serverToolCalls, [])
      assert.deepStrictEqual(first.serverToolResults, [])
      assert.deepStrictEqual(first.toolCalls, [])
      assert.deepStrictEqual(first.commonFinishReasons, ["stop"])
      yield* CallStream.accumulate(LanguageModel.stream({
        messages: [Message.user("x"), CallResponse.toMessage(first), Message.user("y")]
      })).pipe(Effect.provide(model(baseUrl, clients[0]![1])))
      const sent = JSON.parse(server.requests(baseUrl)[1]!.body)
      // As input items: without `created_by`, which only output items carry (openai 7.57.0 `toResponseInputItem`).
      for (const { created_by: _, ...item } of items) {
        assert.deepStrictEqual(sent.input.find((entry: any) => entry.type === item.type), item)
      }
    }))

  it.effect("an item of an unknown kind and any shape is kept and sent back; a known item breaking its schema fails", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const text = Fixtures.text(folder, "text.sse")
      // A kind no version of the API has yet, with fields of every JSON type where known kinds have strings.
      const item = { type: "hologram_call", id: 7, status: { phase: 2 }, call_id: null, arguments: { x: [1] } }
      const completed = "event: response.completed"
      const baseUrl = server.serve([{ headers: sse, body: textWithItems([item]) }, { headers: sse, body: text }])
      const first = yield* CallStream.accumulate(LanguageModel.stream("x")).pipe(
        Effect.provide(model(baseUrl, clients[0]![1]))
      )
      assert.strictEqual(first.content, Fixtures.json(folder, "text.expected.json").text)
      assert.deepStrictEqual(first.commonFinishReasons, ["stop"])
      assert.deepStrictEqual(first.toolCalls, [])
      yield* CallStream.accumulate(LanguageModel.stream({
        messages: [Message.user("x"), CallResponse.toMessage(first), Message.user("y")]
      })).pipe(Effect.provide(model(baseUrl, clients[0]![1])))
      const sent = JSON.parse(server.requests(baseUrl)[1]!.body)
      assert.deepStrictEqual(sent.input.find((entry: any) => entry.type === "hologram_call"), item)

      const broken = { type: "function_call", id: "fc_1", call_id: "call_1", name: "f", arguments: { not: "text" } }
      const brokenUrl = server.serve({
        headers: sse,
        body: text.replace(
          completed,
          `event: response.output_item.done\ndata: ${
            JSON.stringify({ type: "response.output_item.done", output_index: 1, item: broken })
          }\n\n${completed}`
        )
      })
      const failed = yield* collect(LanguageModel.stream("x")).pipe(Effect.provide(model(brokenUrl, clients[1]![1])))
      const error = failureOf(failed.result)
      assert.instanceOf(error, ProviderError.MalformedPayloadError)
      assert.include(error.message, "response.output_item.done")
      // Every event before the broken one was delivered.
      assert.strictEqual(
        failed.chunks.map((chunk) => chunk.content).join(""),
        Fixtures.json(folder, "text.expected.json").text
      )
    }))
})

/** For each recorded client call: a result, and the `*_output` item it must be sent as (openai-node's types). */
const answers: ReadonlyArray<{
  readonly fixture: string
  readonly result: { readonly content: string; readonly isError?: boolean }
  readonly output: (callId: string) => unknown
}> = [
  {
    fixture: "custom-tool-call",
    result: { content: "Result: 5 users found" },
    // As pydantic-ai's recording of the next request sent it.
    output: (callId) => ({ type: "custom_tool_call_output", call_id: callId, output: "Result: 5 users found" })
  },
  {
    fixture: "computer-call-constructed",
    result: { content: "data:image/png;base64,iVBORw0KGgo=" },
    output: (callId) => ({
      type: "computer_call_output",
      call_id: callId,
      output: { type: "computer_screenshot", image_url: "data:image/png;base64,iVBORw0KGgo=" }
    })
  },
  {
    fixture: "local-shell-call",
    result: { content: "{\"stdout\":\".\\n..\\n\",\"exit_code\":0}" },
    // `LocalShellCallOutput.id`: "the unique ID of the local shell tool call generated by the model".
    output: (callId) => ({
      type: "local_shell_call_output",
      id: callId,
      output: "{\"stdout\":\".\\n..\\n\",\"exit_code\":0}"
    })
  },
  {
    fixture: "shell-call",
    result: { content: "ls: ~/Desktop: No such file or directory", isError: true },
    output: (callId) => ({
      type: "shell_call_output",
      call_id: callId,
      output: [{
        stdout: "",
        stderr: "ls: ~/Desktop: No such file or directory",
        outcome: { type: "exit", exit_code: 1 }
      }]
    })
  },
  {
    fixture: "apply-patch-call",
    result: { content: "Created shopping-checklist.md" },
    output: (callId) => ({
      type: "apply_patch_call_output",
      call_id: callId,
      status: "completed",
      output: "Created shopping-checklist.md"
    })
  }
]

describe("built-in tools the application executes", () => {
  for (const answer of answers) {
    it.effect(`${answer.fixture}: a tool call, finished for it, answered with its own output item`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          { headers: sse, body: Fixtures.bytes(folder, `${answer.fixture}.sse`) },
          { headers: sse, body: Fixtures.bytes(folder, "text.sse") }
        ])
        const first = yield* CallStream.accumulate(LanguageModel.stream("Act")).pipe(
          Effect.provide(model(baseUrl, clients[1]![1]))
        )
        const [call] = first.toolCalls
        const expected = Fixtures.json(folder, `${answer.fixture}.expected.json`).clientCalls[0]
        assert.strictEqual(call!.id, expected.call_id)
        assert.deepStrictEqual(JSON.parse(call!.arguments), expected.input)
        assert.deepStrictEqual(first.commonFinishReasons, ["tool_calls"])
        assert.deepStrictEqual(first.finishReasons, [expected.type])
        yield* CallStream.accumulate(LanguageModel.stream({
          messages: [
            Message.user("Act"),
            CallResponse.toMessage(first),
            Message.toolResult({ toolCallId: call!.id, name: call!.name, ...answer.result })
          ]
        })).pipe(Effect.provide(model(baseUrl, clients[1]![1])))
        const input = JSON.parse(server.requests(baseUrl)[1]!.body).input as ReadonlyArray<unknown>
        // The turn goes back as its items, then the result as the item that answers the call.
        assert.deepStrictEqual(input.slice(1, -1), doneItems(answer.fixture))
        assert.deepStrictEqual(input[input.length - 1], answer.output(call!.id))
      }))
  }

  it.effect("a client tool search is answered with tool_search_output, as recorded (pydantic-ai)", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        { headers: sse, body: Fixtures.bytes(folder, "tool-search-client.sse") },
        { headers: sse, body: Fixtures.bytes(folder, "tool-search-client-function-call.sse") }
      ])
      const question = "What is the current exchange rate from USD to EUR?"
      const first = yield* CallStream.accumulate(LanguageModel.stream(question)).pipe(
        Effect.provide(model(baseUrl, clients[0]![1]))
      )
      const [call] = first.toolCalls
      assert.strictEqual(call!.name, "tool_search")
      assert.deepStrictEqual(first.commonFinishReasons, ["tool_calls"])
      const recorded = Fixtures.json(folder, "tool-search-client.request-2.json")
      const found = recorded.input[2].tools
      const second = yield* CallStream.accumulate(LanguageModel.stream({
        messages: [
          Message.user(question),
          CallResponse.toMessage(first),
          Message.toolResult({ toolCallId: call!.id, name: call!.name, content: JSON.stringify(found) })
        ]
      })).pipe(Effect.provide(model(baseUrl, clients[0]![1])))
      assert.deepStrictEqual(JSON.parse(server.requests(baseUrl)[1]!.body).input, recorded.input)
      // The function the search found is then called.
      assert.deepStrictEqual(second.toolCalls.map((next) => next.name), ["get_exchange_rate"])
    }))

  it.effect("a result that cannot be the output item of its call is refused before anything is sent", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        { headers: sse, body: Fixtures.bytes(folder, "computer-call-constructed.sse") },
        { headers: sse, body: Fixtures.bytes(folder, "text.sse") }
      ])
      const first = yield* CallStream.accumulate(LanguageModel.stream("Act")).pipe(
        Effect.provide(model(baseUrl, clients[0]![1]))
      )
      const call = first.toolCalls[0]!
      const error = yield* Effect.flip(
        CallStream.accumulate(LanguageModel.stream({
          messages: [
            Message.user("Act"),
            CallResponse.toMessage(first),
            Message.toolResult({ toolCallId: call.id, name: call.name, content: "clicked" })
          ]
        })).pipe(Effect.provide(model(baseUrl, clients[0]![1])))
      )
      assert.instanceOf(error, ProviderError.InvalidRequestError)
      assert.include(error.message, "computer_call")
      assert.strictEqual(server.requests(baseUrl).length, 1)
    }))
})

describe("an MCP server's call the service asks the application to approve", () => {
  const answers: ReadonlyArray<{
    readonly name: string
    readonly result: { readonly content: string; readonly isError: boolean }
    readonly sent: SDK.ResponseInputItem.McpApprovalResponse
  }> = [
    {
      name: "approved",
      result: { content: "", isError: false },
      sent: { type: "mcp_approval_response", approval_request_id: approvalRequest.id, approve: true }
    },
    {
      name: "denied",
      result: { content: "The user denied this tool call: not now", isError: true },
      sent: {
        type: "mcp_approval_response",
        approval_request_id: approvalRequest.id,
        approve: false,
        reason: "The user denied this tool call: not now"
      }
    }
  ]
  for (const answer of answers) {
    it.effect(`a tool call; its request goes back as it came, ${answer.name} right after it`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          { headers: sse, body: textWithItems([approvalRequest]) },
          { headers: sse, body: Fixtures.bytes(folder, "text.sse") }
        ])
        const first = yield* CallStream.accumulate(LanguageModel.stream("Roll 2d4+1")).pipe(
          Effect.provide(model(baseUrl, clients[0]![1]))
        )
        assert.deepStrictEqual(first.toolCalls.map((call) => [call.id, call.name, call.arguments]), [
          [approvalRequest.id, approvalRequest.name, approvalRequest.arguments]
        ])
        assert.deepStrictEqual(first.serverToolCalls, [])
        yield* CallStream.accumulate(LanguageModel.stream({
          messages: [
            Message.user("Roll 2d4+1"),
            CallResponse.toMessage(first),
            Message.toolResult({ toolCallId: approvalRequest.id, name: approvalRequest.name, ...answer.result })
          ]
        })).pipe(Effect.provide(model(baseUrl, clients[0]![1])))
        const input = JSON.parse(server.requests(baseUrl)[1]!.body).input as ReadonlyArray<unknown>
        assert.deepStrictEqual(input.slice(-2), [approvalRequest, answer.sent])
      }))
  }
})

describe("an image the service's image generation tool made", () => {
  it.effect("is its call's result, whole, as @ai-sdk/openai reads it; no file of the answer beside it", () =>
    Effect.gen(function*() {
      // @ai-sdk/openai's Responses model reads a finished `image_generation_call` as the provider-executed tool's
      // result (`{ result }`, the base64), which UIs show from the tool's part: a file part beside it would show the
      // image twice, and carry it twice in every message sent back.
      const server = yield* ReplayServer.make
      const body = Fixtures.bytes(folder, "image-generation.sse")
      const baseUrl = server.serve({ headers: sse, body, cuts: ReplayServer.randomCuts(body.length, 31, 89) })
      const { chunks, result } = yield* collect(LanguageModel.stream("Draw an echidna")).pipe(
        Effect.provide(model(baseUrl, clients[0]![1]))
      )
      assert.strictEqual(result._tag, "Success")
      const image = doneItems("image-generation").find((item) => item.type === "image_generation_call")
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.deepStrictEqual(response.serverToolResults.map((result) => result.content), [image])
      assert.isFalse(chunks.flatMap((chunk) => chunk.events).some((event) => event._tag === "FileOutput"))
    }))
})
