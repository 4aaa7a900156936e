/**
 * A budget cuts a Responses API step while the model makes a function call (`incomplete_details.reason:
 * "max_output_tokens"`), and the conversation goes on. The next request is read against the API's rules (openai-node
 * `ResponseInputItem`, `ResponseFunctionToolCall`, `ResponseReasoningItem`): a `function_call` item goes back only
 * with its `function_call_output` (same `call_id`), and a reasoning item only before the item it led to (the API
 * answers 400 "Item 'rs_…' of type 'reasoning' was provided without its required following item"). So the cut
 * step's text stays with the reasoning before it, the call goes (streamed unfinished, or closed `incomplete`), and a
 * reasoning item left last goes too. Through `runTools` (the durable loop shares the decision: ConversationCut.test).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema } from "effect"
import { LanguageModel, Message, OpenAIResponses, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"

const lookup = Tool.handle(
  Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
  ({ q }) => Effect.succeed(`found ${q}`)
)

const said = "Let me look that up."
const model = "gpt-5-2025-08-07"
const reasoning = { id: "rs_1", type: "reasoning", summary: [], encrypted_content: "enc-1" }
const message = {
  id: "msg_1",
  type: "message",
  status: "completed",
  role: "assistant",
  content: [{ type: "output_text", text: said, annotations: [] }]
}

/** A response's usage, in the API's shape. */
const usage = (input: number, output: number, reasoningTokens: number) => ({
  input_tokens: input,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: output,
  output_tokens_details: { reasoning_tokens: reasoningTokens },
  total_tokens: input + output
})

/** The events of an output item streamed whole at `index`. */
const item = (index: number, done: object): ReadonlyArray<object> => {
  const value = done as { readonly type: string; readonly id: string }
  if (value.type !== "message") {
    return [
      { type: "response.output_item.added", output_index: index, item: done },
      { type: "response.output_item.done", output_index: index, item: done }
    ]
  }
  const part = { type: "output_text", text: "", annotations: [] }
  const at = { item_id: value.id, output_index: index, content_index: 0 }
  return [
    { type: "response.output_item.added", output_index: index, item: { ...done, status: "in_progress", content: [] } },
    { type: "response.content_part.added", ...at, part },
    { type: "response.output_text.delta", ...at, delta: said },
    { type: "response.output_text.done", ...at, text: said },
    { type: "response.content_part.done", ...at, part: { ...part, text: said } },
    { type: "response.output_item.done", output_index: index, item: done }
  ]
}

/**
 * A response whose items are `items`, then a function call whose arguments stop at `max_output_tokens` (its item
 * closed `incomplete` when `callDone`).
 */
const cut = (items: ReadonlyArray<object>, callDone: boolean) => {
  const response = { id: "resp_1", object: "response", created_at: 1_760_000_000, model, output: [] }
  const index = items.length
  const call = {
    id: "fc_1",
    type: "function_call",
    status: "in_progress",
    arguments: "",
    call_id: "call_1",
    name: "lookup"
  }
  const events = [
    { type: "response.created", response: { ...response, status: "in_progress" } },
    ...items.flatMap((done, at) => item(at, done)),
    { type: "response.output_item.added", output_index: index, item: call },
    { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: index, delta: "{\"q\": \"mor" },
    ...(callDone
      ? [{
        type: "response.output_item.done",
        output_index: index,
        item: { ...call, status: "incomplete", arguments: "{\"q\": \"mor" }
      }]
      : []),
    {
      type: "response.incomplete",
      response: {
        ...response,
        status: "incomplete",
        incomplete_details: { reason: "max_output_tokens" },
        usage: usage(100, 300, 200)
      }
    }
  ]
  return sse(events)
}

const sse = (events: ReadonlyArray<object>) => ({
  headers: { "content-type": "text/event-stream" },
  body: events.map((event, at) =>
    `event: ${(event as { type: string }).type}\ndata: ${JSON.stringify({ ...event, sequence_number: at })}\n\n`
  ).join("")
})

const answer = sse([
  {
    type: "response.created",
    response: { id: "resp_2", object: "response", created_at: 1, model, status: "in_progress", output: [] }
  },
  ...item(0, { ...message, id: "msg_2" }),
  {
    type: "response.completed",
    response: {
      id: "resp_2",
      object: "response",
      created_at: 1,
      model,
      status: "completed",
      output: [{ ...message, id: "msg_2" }],
      usage: usage(120, 5, 0)
    }
  }
])

const cases = [
  {
    name: "reasoning, text, a call: the reasoning and the text stay",
    items: [reasoning, message],
    callDone: false,
    kept: ["reasoning", "message"]
  },
  {
    name: "reasoning, text, a call closed incomplete: the call goes",
    items: [reasoning, message],
    callDone: true,
    kept: ["reasoning", "message"]
  },
  {
    name: "text, reasoning, a call: the reasoning left last goes",
    items: [message, reasoning],
    callDone: false,
    kept: ["message"]
  }
] as const

describe("a Responses API conversation goes on after a budget cut a function call", () => {
  for (const testCase of cases) {
    it.live(testCase.name, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const url = server.serve([cut(testCase.items, testCase.callDone), answer])
        const layer = OpenAIResponses.model("gpt-5", { store: false }).pipe(
          Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("sk-cut"), baseUrl: url })),
          Layer.provide(FetchHttpClient.layer)
        )
        const first = [Message.user("What is Moria?")]
        const done = yield* LanguageModel.runToolsToEnd({ messages: first, tools: [lookup], budget: { usd: "0.01" } })
          .pipe(Effect.provide(layer))
        assert.strictEqual(done.reason, "budget")
        yield* LanguageModel.runToolsToEnd({ messages: [...done.messages, Message.user("Go on")], tools: [lookup] })
          .pipe(Effect.provide(layer))
        const input: Array<any> = JSON.parse(server.requests(url)[1]!.body).input
        const outputs = new Set(
          input.filter((entry) => entry.type === "function_call_output").map((entry) => entry.call_id)
        )
        for (const call of input.filter((entry) => entry.type === "function_call")) {
          assert.isTrue(outputs.has(call.call_id), call.call_id)
        }
        input.forEach((entry, at) => {
          if (entry.type === "reasoning") assert.notInclude(["function_call", undefined], input[at + 1]?.type)
        })
        const turn = input.filter((entry) => entry.role !== "user")
        assert.deepStrictEqual(turn.map((entry) => entry.type), [...testCase.kept])
        assert.strictEqual(input[input.length - 1].role, "user")
      }).pipe(Effect.scoped))
  }
})
