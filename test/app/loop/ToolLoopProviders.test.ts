/**
 * The tool loop's round trip with every provider, over the replay server with both HTTP clients: the assistant
 * turn goes back as the provider needs it and the results in its shape, parallel results grouped as the API
 * requires, and every request declares the tools.
 *
 * Recorded conversations: Mirascope's `test_call_with_tools` cassettes (the `secret_retrieval_tool` called twice
 * in parallel, then the answer; see the fixtures' SOURCES.md): both steps for Anthropic
 * (`anthropic/tool-use.sse`, `anthropic/tool-loop-answer.sse`) and the Responses API
 * (`openai-responses/tool-calls-parallel.sse`, `tool-loop-answer.sse`), the first step for OpenAI Chat
 * (`openai/tool-calls-parallel.sse`) and Azure (`azure/tool-call.sse`). Groq and Bedrock, and the answers of Chat
 * and Azure, are scripted with the test kit's payload builders. Wire shapes: the Chat Completions `tool` message
 * (openai-node `ChatCompletionToolMessageParam`), Anthropic's `tool_result` blocks in one user turn
 * (`@anthropic-ai/sdk` `ToolResultBlockParam`), Bedrock's `toolResult` blocks (`@aws-sdk/client-bedrock-runtime`
 * `ToolResultBlock`), the Responses API's `function_call_output` item (openai-node `ResponseInputItem`). The Responses API
 * with reasoning: charmbracelet/fantasy's recordings (`reasoning-encrypted-tool-call.sse`, `azure-tool-call.sse`,
 * `azure-tool-loop-answer.sse`).
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Layer, Option, Redacted, Schema, Stream } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { Azure, LanguageModel, Message, OpenAIResponses, Tool, Usage } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as LoopWire from "../../support/LoopWire.js"

const secrets: Record<string, string> = { mellon: "Welcome to Moria!", radiance: "Life before Death" }

const secretRetrieval = Tool.handle(
  Tool.make("secret_retrieval_tool", {
    description: "A tool that requires a password to retrieve a secret.",
    parameters: Schema.Struct({ password: Schema.String })
  }),
  ({ password }) => Effect.succeed(secrets[password] ?? "no such password")
)

const question = Message.user("Please retrieve the secrets associated with each of these passwords: mellon,radiance")

const parallelCalls = [
  { id: "call_a1", name: "secret_retrieval_tool", arguments: "{\"password\":\"mellon\"}" },
  { id: "call_b2", name: "secret_retrieval_tool", arguments: "{\"password\":\"radiance\"}" }
]

const sse = { "content-type": "text/event-stream" }
const recorded = (folder: string, name: string) => ({
  headers: sse,
  body: Fixtures.bytes(folder, name),
  cuts: [200, 700]
})

/** Each provider's conversation: its two responses (recorded where public ones exist). */
const conversations: ReadonlyArray<readonly [CallResponseChunk.Provider, ReadonlyArray<ReplayServer.Scenario>]> = [
  ["openai", [
    recorded("openai", "tool-calls-parallel.sse"),
    LoopWire.scripted("openai", { texts: ["Welcome", " to Moria!"] })
  ]],
  ["azure", [recorded("azure", "tool-call.sse"), LoopWire.scripted("azure", { texts: ["Life before ", "Death"] })]],
  ["anthropic", [recorded("anthropic", "tool-use.sse"), recorded("anthropic", "tool-loop-answer.sse")]],
  ["groq", [
    LoopWire.scripted("groq", { calls: parallelCalls }, "1"),
    LoopWire.scripted("groq", { texts: ["Done."] }, "2")
  ]],
  [
    "bedrock",
    [
      LoopWire.scripted("bedrock", { calls: parallelCalls }, "1"),
      LoopWire.scripted("bedrock", { texts: ["Done."] }, "2")
    ]
  ],
  ...(["google", "google-vertex"] as const).map((provider) =>
    [provider, [
      LoopWire.scripted(provider, { calls: parallelCalls }, "1"),
      LoopWire.scripted(provider, { texts: ["Done."] }, "2")
    ]] as const
  )
]

const runLoop = Stream.runCollect(
  LanguageModel.runTools({ system: "Use parallel tool calling.", messages: [question], tools: [secretRetrieval] })
)

/** The loop's checks common to every provider: two steps, the results sent back grouped, the sums exact. */
const checkRoundTrip = (
  provider: CallResponseChunk.Provider | "responses",
  events: ReadonlyArray<LanguageModel.StepEvent>,
  requests: ReadonlyArray<ReplayServer.RecordedRequest>
) => {
  const done = events[events.length - 1]!
  assert.strictEqual(done._tag, "DoneEvent")
  if (done._tag !== "DoneEvent") return
  assert.strictEqual(done.reason, "stop")
  assert.strictEqual(done.steps.length, 2)
  assert.strictEqual(requests.length, 2)
  const first = LoopWire.sent(provider, requests[0]!.body)
  const second = LoopWire.sent(provider, requests[1]!.body)
  // Every request declares the tools.
  assert.deepStrictEqual(first.declared, ["secret_retrieval_tool"])
  assert.deepStrictEqual(second.declared, ["secret_retrieval_tool"])
  // The assistant turn goes back with its calls, each answered by its handler's result, grouped.
  const calls = done.steps[0]!.response.toolCalls
  assert.strictEqual(calls.length, 2)
  assert.deepStrictEqual(second.calls, calls.map((call) => call.id))
  assert.deepStrictEqual(
    second.results.map((result) => [result.id, result.content]),
    calls.map((call) => [call.id, secrets[JSON.parse(call.arguments).password]])
  )
  assert.isTrue(second.grouped)
  for (const result of second.results) assert.notStrictEqual(result.isError, true)
  // A result event per call, before its step's end.
  const results = events.filter((event) => event._tag === "ToolResultEvent")
  assert.deepStrictEqual(results.map((event) => event.step), [1, 1])
  const firstEnd = events.findIndex((event) => event._tag === "StepEndEvent")
  assert.isTrue(events.slice(firstEnd).every((event) => event._tag !== "ToolResultEvent"))
  // Usage summed over the steps (a field no step reported stays undefined), cost summed exactly.
  const [a, b] = done.steps.map((step) => step.response)
  assert.strictEqual(done.usage.inputTokens, a!.usage.inputTokens! + b!.usage.inputTokens!)
  assert.strictEqual(done.usage.outputTokens, a!.usage.outputTokens! + b!.usage.outputTokens!)
  for (const field of Object.keys(Usage.counts) as Array<keyof typeof Usage.counts>) {
    const reported = [a!.usage[field], b!.usage[field]].filter((value) => value !== undefined)
    assert.strictEqual(done.usage[field], reported.length === 0 ? undefined : reported.reduce((x, y) => x! + y!, 0))
  }
  const totals = done.steps.map((step) =>
    step.response.cost.pipe((cost) => cost._tag === "Some" ? cost.value.total : undefined)
  )
  if (totals.every((total) => total !== undefined)) {
    assert.isTrue(BigDecimal.equals(Option.getOrThrow(done.cost).total, BigDecimal.sum(totals[0]!, totals[1]!)))
    assert.isTrue(BigDecimal.isZero(Option.getOrThrow(done.overshoot).total))
  }
  // The conversation to continue: the question, the turn, both results, the answer.
  assert.deepStrictEqual(done.messages.map((message) => message._tag), [
    "UserMessage",
    "AssistantMessage",
    "ToolResultMessage",
    "ToolResultMessage",
    "AssistantMessage"
  ])
}

describe("the tool loop's round trip, every provider", () => {
  for (const [clientName, client] of clients) {
    for (const [provider, scenarios] of conversations) {
      it.live(`${provider} (${clientName})`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const baseUrl = server.serve(scenarios)
          const events = yield* runLoop.pipe(Effect.provide(LoopWire.modelAt(provider, baseUrl, client)))
          checkRoundTrip(provider, events, server.requests(baseUrl))
          if (provider === "anthropic") {
            // The assistant turn goes back block by block, as it came: its text, then the calls.
            const turn = JSON.parse(server.requests(baseUrl)[1]!.body).messages[1]
            assert.deepStrictEqual(turn.content.map((block: any) => block.type), ["text", "tool_use", "tool_use"])
          }
        }).pipe(Effect.scoped))
    }

    for (const provider of ["anthropic", "bedrock"] as const) {
      it.live(`${provider}: a turn that thought goes back with its reasoning and signature (${clientName})`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const baseUrl = server.serve([
            LoopWire.scripted(provider, { reasoning: ["Two calls", " at once."], calls: parallelCalls }, "1"),
            LoopWire.scripted(provider, { texts: ["Done."] }, "2")
          ])
          const events = yield* runLoop.pipe(Effect.provide(LoopWire.modelAt(provider, baseUrl, client)))
          checkRoundTrip(provider, events, server.requests(baseUrl))
          const turn = JSON.parse(server.requests(baseUrl)[1]!.body).messages[1]
          const thought = provider === "anthropic"
            ? turn.content.find((block: any) => block.type === "thinking")
            : turn.content.find((block: any) => block.reasoningContent !== undefined)?.reasoningContent.reasoningText
          assert.strictEqual(thought?.signature, "sig-1")
          assert.strictEqual(thought?.thinking ?? thought?.text, "Two calls at once.")
        }).pipe(Effect.scoped))
    }

    it.live(`the Responses API: the recorded calls go back as items, each answered (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          recorded("openai-responses", "tool-calls-parallel.sse"),
          recorded("openai-responses", "tool-loop-answer.sse")
        ])
        const model = OpenAIResponses.model("gpt-4o").pipe(
          Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("sk-loop"), baseUrl })),
          Layer.provide(client)
        )
        const events = yield* runLoop.pipe(Effect.provide(model))
        checkRoundTrip("responses", events, server.requests(baseUrl))
        const second = LoopWire.sent("responses", server.requests(baseUrl)[1]!.body)
        assert.deepStrictEqual(second.calls, ["call_sKC7OABqf2A2PTLCm0CLeRWV", "call_OdR3s3xop0vtgkDyWRMLafuH"])
      }).pipe(Effect.scoped))

    it.live(`the Responses API, OpenAI and Azure: reasoning goes back with the call it led to (${clientName})`, () =>
      Effect.gen(function*() {
        // charmbracelet/fantasy's recordings: gpt-5 (store: false, encrypted reasoning) and Azure's gpt-5-mini,
        // each a reasoning item then a `weather` call; the Azure cassette's answer after the result.
        const weather = Tool.handle(
          Tool.make("weather", { parameters: Schema.Struct({ location: Schema.String }) }),
          () => Effect.succeed("40 C")
        )
        const server = yield* ReplayServer.make
        const models = [
          [
            "reasoning-encrypted-tool-call.sse",
            (baseUrl: string) =>
              OpenAIResponses.model("gpt-5", { store: false, include: ["reasoning.encrypted_content"] }).pipe(
                Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("sk-loop"), baseUrl }))
              )
          ],
          [
            "azure-tool-call.sse",
            (baseUrl: string) =>
              Azure.responsesModel("gpt-5-mini", { baseModel: "gpt-5-mini-2025-08-07" }).pipe(
                Layer.provide(Azure.responsesLayer({ endpoint: baseUrl, apiKey: Redacted.make("az-loop") }))
              )
          ]
        ] as const
        for (const [first, model] of models) {
          const baseUrl = server.serve([
            recorded("openai-responses", first),
            recorded("openai-responses", "azure-tool-loop-answer.sse")
          ])
          const done = yield* LanguageModel.runToolsToEnd({
            messages: [Message.user("Weather in Florence?")],
            tools: [weather]
          })
            .pipe(Effect.provide(Layer.provide(model(baseUrl), client)))
          assert.strictEqual(done.reason, "stop")
          const input: Array<any> = JSON.parse(server.requests(baseUrl)[1]!.body).input
          const types = input.map((item) => item.type ?? item.role)
          assert.deepStrictEqual(types.slice(-3), ["reasoning", "function_call", "function_call_output"])
          assert.strictEqual(input[input.length - 1].output, "40 C")
          assert.strictEqual(input[input.length - 1].call_id, input[input.length - 2].call_id)
          if (first.startsWith("reasoning")) assert.isString(input[input.length - 3].encrypted_content)
        }
      }).pipe(Effect.scoped))
  }
})
