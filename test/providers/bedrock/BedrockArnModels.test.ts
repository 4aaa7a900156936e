/**
 * A model named by an ARN that does not hold its name: an application inference profile
 * (`arn:aws:bedrock:<region>:<account>:application-inference-profile/<id>`), a Provisioned Throughput, a custom model's
 * deployment, a prompt router (Bedrock API reference, `ConverseStream` `modelId`). Before, Claude behind such an ARN got
 * the rows of a model of no known family (no cache points, its blank text left out, tool results in a turn of their
 * own after `(no answer)`, no thinking) and no price. `Bedrock.model(arn, { baseModel })` now names the model behind
 * it: every request of a tool loop is the one the base model's id would send, the ARN is the URL's (encoded as
 * `@aws-sdk/client-bedrock-runtime` encodes its `modelId` label), and the call is priced as the base model. Without
 * `baseModel` the ARN stays a model of no known family, its cost unknown, never guessed. An ARN that holds the model's
 * id (a foundation model's, a system inference profile's) is read, and priced, as that id.
 */
import { assert, describe, it } from "@effect/vitest"
import { extendedEncodeURIComponent } from "@smithy/core/protocols"
import { Effect, Layer, Option, Redacted, Result, Schema } from "effect"
import {
  Bedrock,
  CallResponse,
  Cost,
  CostMetadata,
  LanguageModel,
  Message,
  PriceTable,
  ProviderError,
  Tool
} from "effect-llm-stream"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as TokenFamily from "../../../src/core/estimate/TokenFamily.js"
import * as Conversation from "../../../src/core/request/Conversation.js"
import * as BedrockProfile from "../../../src/providers/bedrock/BedrockProfile.js"
import { collect, failureOf } from "../../support/Collect.js"

const eventStream = { "content-type": "application/vnd.amazon.eventstream" }
const frame = TestKit.bedrockEventFrame

const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"
const base = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"

const weatherTool = Tool.make("weather", { parameters: Schema.Struct({ city: Schema.String }) })
const weather = Tool.handle(weatherTool, ({ city }) => Effect.succeed(`18°C in ${city}`))

const ending = (stopReason: string) => [
  frame("messageStop", { stopReason }),
  frame("metadata", {
    usage: { inputTokens: 100, outputTokens: 50, totalTokens: 1150, cacheReadInputTokens: 1000 },
    metrics: { latencyMs: 10 }
  })
]

/** Claude's first step: its reasoning, signed; a blank text block (as Claude streams one); a call. */
const calling = TestKit.concatBytes([
  frame("messageStart", { role: "assistant" }),
  frame("contentBlockDelta", { contentBlockIndex: 0, delta: { reasoningContent: { text: "Paris, then." } } }),
  frame("contentBlockDelta", { contentBlockIndex: 0, delta: { reasoningContent: { signature: "EqQBCkYIBxgC" } } }),
  frame("contentBlockStop", { contentBlockIndex: 0 }),
  frame("contentBlockDelta", { contentBlockIndex: 1, delta: { text: "" } }),
  frame("contentBlockStop", { contentBlockIndex: 1 }),
  frame("contentBlockStart", { contentBlockIndex: 2, start: { toolUse: { toolUseId: "tooluse_1", name: "weather" } } }),
  frame("contentBlockDelta", { contentBlockIndex: 2, delta: { toolUse: { input: "{\"city\":\"Paris\"}" } } }),
  frame("contentBlockStop", { contentBlockIndex: 2 }),
  ...ending("tool_use")
])

/** Its answer, once the result is back. */
const answering = TestKit.concatBytes([
  frame("messageStart", { role: "assistant" }),
  frame("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "It is 18°C in Paris." } }),
  frame("contentBlockStop", { contentBlockIndex: 0 }),
  ...ending("end_turn")
])

const modelAt = (baseUrl: string, name: string, defaults: Bedrock.ModelDefaults = {}) =>
  Bedrock.model(name, defaults).pipe(
    Layer.provide(Bedrock.layer({
      region: "us-east-1",
      baseUrl,
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: Redacted.make("secret") }
    })),
    Layer.provide(FetchHttpClient.layer)
  )

/** A tool loop of two steps on `name`: the requests it sent (path and body) and its end. */
const loop = (name: string, defaults: Bedrock.ModelDefaults, request: Partial<LanguageModel.RunRequest> = {}) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const scenarios = [calling, answering].map((body) => ({ headers: eventStream, body }))
    const baseUrl = server.serve(scenarios)
    const done = yield* LanguageModel.runToolsToEnd({
      messages: [Message.user("Weather in Paris?")],
      tools: [weather],
      cache: "auto",
      ...request
    }).pipe(Effect.provide(modelAt(baseUrl, name, defaults)))
    const sent = server.requests(baseUrl).map((sent) => ({
      path: sent.path.slice(sent.path.indexOf("/model/")),
      body: JSON.parse(sent.body) as { readonly messages: ReadonlyArray<{ readonly content: ReadonlyArray<any> }> }
    }))
    return { done, sent }
  })

const cachePoint = { cachePoint: { type: "default" } }

describe("Bedrock: an application inference profile's ARN with the model behind it (baseModel)", () => {
  it.live("every request of a tool loop is the base model's, sent to the ARN as the SDK encodes it", () =>
    Effect.gen(function*() {
      const thinking = { reasoning: { budgetTokens: 2048 } } as const
      const viaArn = yield* loop(arn, { baseModel: base }, thinking)
      const direct = yield* loop(base, {}, thinking)
      assert.strictEqual(viaArn.done.reason, "stop")
      assert.strictEqual(viaArn.sent.length, 2)
      // The SDK's path: `/model/{modelId}/converse-stream`, the label encoded by smithy's extendedEncodeURIComponent.
      for (const { path } of viaArn.sent) {
        assert.strictEqual(path, `/model/${extendedEncodeURIComponent(arn)}/converse-stream`)
        assert.include(path, "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123")
      }
      // Claude's rows: each body is what the base model's id sends.
      assert.deepStrictEqual(viaArn.sent.map(({ body }) => body), direct.sent.map(({ body }) => body))
      const [first, second] = viaArn.sent.map(({ body }) => body as any)
      assert.deepStrictEqual(first.additionalModelRequestFields, { thinking: { type: "enabled", budget_tokens: 2048 } })
      assert.deepStrictEqual(first.messages[0].content.at(-1), cachePoint)
      // The turn goes back as it came (its signed reasoning, its blank text), the result in the next user turn.
      assert.deepStrictEqual(second.messages[1].content, [
        { reasoningContent: { reasoningText: { text: "Paris, then.", signature: "EqQBCkYIBxgC" } } },
        { text: "" },
        { toolUse: { toolUseId: "tooluse_1", name: "weather", input: { city: "Paris" } } }
      ])
      assert.deepStrictEqual(second.messages[2].content, [
        { toolResult: { toolUseId: "tooluse_1", content: [{ text: "18°C in Paris" }] } },
        cachePoint
      ])
    }).pipe(Effect.scoped))

  it.live("each step and the loop are priced as the base model; the response names the ARN", () =>
    Effect.gen(function*() {
      const { done } = yield* loop(arn, { baseModel: base })
      const price = Result.getOrThrow(PriceTable.bundled.lookup("bedrock", base))
      const step = Result.getOrThrow(Cost.compute(
        price,
        new CostMetadata.CostMetadata({ inputTokens: 1100, cachedTokens: 1000, outputTokens: 50 })
      ))
      for (const { response } of done.steps) {
        assert.strictEqual(response.model, arn)
        assert.strictEqual(response.pricingModel, base)
        assert.strictEqual(Cost.totalText(Result.getOrThrow(response.costResult)), Cost.totalText(step))
      }
      assert.isTrue(Option.isSome(done.cost))
    }).pipe(Effect.scoped))

  it.live("without baseModel: a model of no known family, its cost unknown, never guessed", () =>
    Effect.gen(function*() {
      const { done, sent } = yield* loop(arn, {})
      assert.strictEqual(done.reason, "stop")
      const second = sent[1]!.body
      // No cache points, and its own blank text left out (the rows every model on Converse takes).
      assert.notInclude(JSON.stringify(sent.map(({ body }) => body)), "cachePoint")
      assert.deepStrictEqual(second.messages[1]!.content.map((block: object) => Object.keys(block)[0]), [
        "reasoningContent",
        "toolUse"
      ])
      for (const { response } of done.steps) {
        assert.strictEqual(response.pricingModel, arn)
        assert.isTrue(Option.isNone(response.cost))
      }
      assert.isTrue(Option.isNone(done.cost))
    }).pipe(Effect.scoped))

  /** The conversation of a user's question right after tool results, sent once to `name`. */
  const afterResults = (name: string, defaults: Bedrock.ModelDefaults) =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: eventStream, body: answering })
      const messages = [
        Message.user("Weather in Paris?"),
        Message.assistant("", {
          toolCalls: [new Tool.ToolCall({ id: "t1", name: "weather", arguments: "{\"city\":\"Paris\"}" })]
        }),
        Message.toolResult({ toolCallId: "t1", name: "weather", content: "18°C" }),
        Message.user("And Lyon?")
      ]
      const { result } = yield* collect(LanguageModel.stream({ messages, tools: [weatherTool] })).pipe(
        Effect.provide(modelAt(baseUrl, name, defaults))
      )
      assert.isTrue(Result.isSuccess(result), JSON.stringify(result))
      return JSON.parse(server.requests(baseUrl)[0]!.body).messages as ReadonlyArray<{ readonly content: unknown }>
    })

  it.live("a user's message right after the results: one turn with them on Claude, apart from them otherwise", () =>
    Effect.gen(function*() {
      const claude = yield* afterResults(arn, { baseModel: base })
      assert.strictEqual(claude.length, 3)
      assert.deepStrictEqual(claude[2]!.content, [
        { toolResult: { toolUseId: "t1", content: [{ text: "18°C" }] } },
        { text: "And Lyon?" }
      ])
      const unknown = yield* afterResults(arn, {})
      assert.strictEqual(unknown.length, 5)
      assert.deepStrictEqual(unknown[3]!.content, [{ text: Conversation.noAnswer }])
    }).pipe(Effect.scoped))

  it.live("reasoning asked of such an ARN without baseModel: refused before sending, naming the option", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: eventStream, body: answering })
      const { result } = yield* collect(LanguageModel.stream({
        messages: [Message.user("hi")],
        reasoning: { effort: "high" }
      })).pipe(Effect.provide(modelAt(baseUrl, arn)))
      const error = failureOf(result)
      assert.instanceOf(error, ProviderError.InvalidRequestError)
      assert.include(error.message, "baseModel")
      assert.strictEqual(server.requests(baseUrl).length, 0)
    }).pipe(Effect.scoped))
})

describe("Bedrock: the tool loop reads the model behind the ARN", () => {
  const answered = [Message.user("The capital of France?"), Message.assistant("Paris.", { finishReason: "stop" })]
  it.live("a finished answer on an ARN of a model that takes no prefill: the loop ends, as on its id", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: eventStream, body: answering })
      for (
        const [name, defaults] of [[arn, { baseModel: "us.anthropic.claude-opus-4-6-v1" }], [
          "us.anthropic.claude-opus-4-6-v1",
          {}
        ]] as const
      ) {
        const done = yield* LanguageModel.runToolsToEnd({ messages: answered }).pipe(
          Effect.provide(modelAt(baseUrl, name, defaults))
        )
        assert.strictEqual(done.reason, "stop", name)
        assert.deepStrictEqual(done.steps, [], name)
      }
      assert.strictEqual(server.requests(baseUrl).length, 0, "nothing sent")
    }).pipe(Effect.scoped))
})

describe("Bedrock: a prompt router's ARN with baseModel", () => {
  const router = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1"
  const invoked = "us.anthropic.claude-3-5-haiku-20241022-v1:0"
  const routed = (trace: unknown) =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = TestKit.concatBytes([
        frame("messageStart", { role: "assistant" }),
        frame("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Hi." } }),
        frame("contentBlockStop", { contentBlockIndex: 0 }),
        frame("messageStop", { stopReason: "end_turn" }),
        frame("metadata", {
          usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12 },
          metrics: { latencyMs: 1 },
          ...(trace === undefined ? {} : { trace })
        })
      ])
      const baseUrl = server.serve({ headers: eventStream, body })
      const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(
        Effect.provide(modelAt(baseUrl, router, { baseModel: base }))
      )
      assert.isTrue(Result.isSuccess(result), JSON.stringify(result))
      return chunks.reduce(CallResponse.append, CallResponse.empty)
    })

  it.live("the model the router invoked is priced; without its trace, the base model", () =>
    Effect.gen(function*() {
      const traced = yield* routed({ promptRouter: { invokedModelId: invoked } })
      assert.strictEqual(traced.pricingModel, invoked)
      const untraced = yield* routed(undefined)
      assert.strictEqual(untraced.pricingModel, base)
      assert.isTrue(Option.isSome(untraced.cost))
    }).pipe(Effect.scoped))
})

describe("Bedrock: ARNs and profile ids that hold the model's id", () => {
  const answered = (name: string) =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: eventStream, body: answering })
      const { chunks, result } = yield* collect(LanguageModel.stream({
        messages: [Message.user("hi")],
        cache: "auto"
      })).pipe(Effect.provide(modelAt(baseUrl, name)))
      assert.isTrue(Result.isSuccess(result), JSON.stringify(result))
      const sent = server.requests(baseUrl)[0]!
      return {
        response: chunks.reduce(CallResponse.append, CallResponse.empty),
        body: JSON.parse(sent.body),
        path: sent.path
      }
    })

  const cases = [
    [`arn:aws:bedrock:us-east-1:123456789012:inference-profile/${base}`, base],
    ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0", base.slice(3)],
    ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"],
    [base, base]
  ] as const
  for (const [name, id] of cases) {
    it.live(`${name}: Claude's rows, priced as ${id}`, () =>
      Effect.gen(function*() {
        const { body, path, response } = yield* answered(name)
        assert.include(path, `/model/${extendedEncodeURIComponent(name)}/converse-stream`)
        assert.deepStrictEqual(body.messages[0].content.at(-1), cachePoint)
        assert.strictEqual(response.model, name)
        assert.strictEqual(response.pricingModel, id)
        assert.isTrue(Result.isSuccess(PriceTable.bundled.lookup("bedrock", id)))
        assert.isTrue(Option.isSome(response.cost), `${name} is priced`)
      }).pipe(Effect.scoped))
  }
})

describe("Bedrock's profile reads Claude in an ARN", () => {
  it("a foundation model's ARN has Claude's output cap and tokens; an application profile's is unknown", () => {
    const foundation = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"
    assert.strictEqual(BedrockProfile.profile.maxOutputTokens?.(foundation), 64_000)
    assert.strictEqual(BedrockProfile.profile.tokenFamily?.(foundation), TokenFamily.claude)
    assert.isUndefined(BedrockProfile.profile.maxOutputTokens?.(arn))
  })
})
