import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Result, Schema, Stream } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import {
  Anthropic,
  Azure,
  Bedrock,
  CallResponse,
  CallStream,
  Groq,
  LanguageModel,
  Message,
  OpenAI,
  ProviderError,
  Tool
} from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type { HttpClient } from "effect/http"
import * as FastCheck from "fast-check"
import * as ToolLoop from "../../../examples/tool-loop.js"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { effectProp } from "../../support/Property.js"

const key = Redacted.make("k")
const tool = <const Name extends string, F extends Schema.Struct.Fields>(name: Name, fields: F) =>
  Tool.make(name, {
    parameters: Schema.Struct(fields) as unknown as Schema.Codec<Schema.Struct.Type<F>, Schema.Struct.Encoded<F>>
  })

const tools = [
  tool("secret_retrieval_tool", { password: Schema.String }),
  tool("get_capital", { country: Schema.String }),
  tool("get_weather", { city: Schema.String, state: Schema.String }),
  tool("GetWeatherArgs", { city: Schema.String, country: Schema.String, units: Schema.Literals(["c", "f"]) }),
  tool("get_stock_price", { ticker: Schema.String, exchange: Schema.String }),
  tool("get_something_by_name", { name: Schema.String }),
  tool("get_temperature", { city: Schema.String }),
  tool("nova_code_interpreter", { snippet: Schema.String }),
  tool("final_result", { result: Schema.Number })
] as const

type ModelLayer = (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>

const openai: ModelLayer = (baseUrl) => OpenAI.model("m").pipe(Layer.provide(OpenAI.layer({ apiKey: key, baseUrl })))

const recordings: ReadonlyArray<{
  readonly provider: string
  readonly file: string
  readonly model: ModelLayer
  readonly contentType?: string
  /** The calls as the independent parser found them: [name, raw arguments]. */
  readonly expected: () => ReadonlyArray<readonly [string, string]>
}> = [
  ...["tool-calls-parallel", "tool-calls-parallel-2024", "tool-calls-on-role-chunk", "tool-calls-on-role-chunk-2026"]
    .map((
      name
    ) => ({
      provider: "openai",
      file: `${name}.sse`,
      model: openai,
      expected: () => fromChatCompletions("openai", name)
    })),
  {
    provider: "groq",
    file: "tool-call.sse",
    model: (baseUrl) => Groq.model("m").pipe(Layer.provide(Groq.layer({ apiKey: key, baseUrl }))),
    expected: () => fromChatCompletions("groq", "tool-call")
  },
  {
    provider: "azure",
    file: "tool-call.sse",
    model: (baseUrl) =>
      Azure.model("d").pipe(Layer.provide(Azure.layer({ endpoint: baseUrl, api: "deployments", apiKey: key }))),
    expected: () => fromChatCompletions("azure", "tool-call")
  },
  {
    provider: "anthropic",
    file: "tool-use.sse",
    model: (baseUrl) => Anthropic.model("m").pipe(Layer.provide(Anthropic.layer({ apiKey: key, baseUrl }))),
    expected: () =>
      Fixtures.json("anthropic", "tool-use.expected.json").toolUses.map((call: any) => [call.name, call.input] as const)
  },
  ...["tool-use", "server-tool-use"].map((name) => ({
    provider: "bedrock",
    file: `${name}.eventstream.b64`,
    contentType: "application/vnd.amazon.eventstream",
    model: ((baseUrl: string) =>
      Bedrock.model("m").pipe(
        Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key, baseUrl }))
      )) as ModelLayer,
    expected: () => {
      const expected = Fixtures.json("bedrock", `${name}.expected.json`)
      const serverBlocks = Fixtures.bedrockServerToolBlocks(expected)
      return expected.toolUses
        .filter((call: any) => !serverBlocks.has(call.contentBlockIndex))
        .map((call: any) => [call.name, call.input] as const)
    }
  }))
]

function fromChatCompletions(provider: string, name: string): ReadonlyArray<readonly [string, string]> {
  const expected = Fixtures.json(provider, `${name}.expected.json`)
  return Object.values(expected.choices).flatMap((choice: any) =>
    choice.toolCalls.map((call: any) => [call.name, call.arguments] as const)
  )
}

const bodyOf = Fixtures.body

describe("CallStream.withToolCalls on every provider's recorded tool calls", () => {
  for (const recording of recordings) {
    it.effect(`${recording.provider} ${recording.file}`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const body = bodyOf(recording.provider, recording.file)
        const baseUrl = server.serve({
          headers: { "content-type": recording.contentType ?? "text/event-stream" },
          body,
          cuts: ReplayServer.randomCuts(body.length, 99, 77)
        })
        const model = recording.model(baseUrl).pipe(Layer.provide(clients[1]![1]))
        const plain = yield* Stream.runCollect(LanguageModel.stream("x")).pipe(Effect.provide(model))
        const events = yield* Stream.runCollect(LanguageModel.stream("x").pipe(CallStream.withToolCalls(tools))).pipe(
          Effect.provide(model)
        )
        const chunks = events.flatMap((event) => event._tag === "Chunk" ? [event.chunk] : [])
        const calls = events.flatMap((event) => event._tag === "ToolCall" ? [event] : [])
        // Every chunk is still there, and every call, in order, decoded.
        assert.strictEqual(chunks.length, plain.length)
        const expected = recording.expected()
        assert.deepStrictEqual(calls.map((call) => [call.name, call.arguments] as const), expected)
        assert.deepStrictEqual(calls.map((call) => call.input), expected.map(([, args]) => JSON.parse(args)))
        // Each call comes right after the chunk that completed it: one that ends calls or starts the next.
        for (const call of calls) {
          const before = events.slice(0, events.indexOf(call)).filter((event) => event._tag === "Chunk").at(-1)
          assert.isDefined(before)
          const chunk = (before as CallStream.ChunkEvent<(typeof chunks)[number]>).chunk
          assert.isTrue(
            chunk.toolCallsEnded.length > 0 || chunk.toolCallDeltas.some((delta) => delta.id !== undefined),
            `${call.name} was emitted after a chunk that does not complete it`
          )
        }
        // The accumulated response holds the same calls.
        const response = chunks.reduce(CallResponse.append, CallResponse.empty)
        assert.deepStrictEqual(response.toolCalls.map((call) => [call.name, call.arguments] as const), expected)
      }))
  }

  it.effect("Anthropic: each call is emitted at its block's content_block_stop, not at the end", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("anthropic", "tool-use.sse") })
      const events = yield* Stream.runCollect(LanguageModel.stream("x").pipe(CallStream.withToolCalls(tools))).pipe(
        Effect.provide(
          recordings.find((r) => r.provider === "anthropic")!.model(baseUrl).pipe(Layer.provide(clients[0]![1]))
        )
      )
      for (let index = 0; index < events.length; index++) {
        if (events[index]!._tag !== "ToolCall") continue
        const before = events[index - 1]!
        assert.strictEqual(before._tag, "Chunk")
        assert.strictEqual((before as any).chunk.chunk.type, "content_block_stop")
      }
    }))
})

describe("tool call errors", () => {
  const run = (schemaTools: ReadonlyArray<Tool.Tool>) =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("openai", "tool-calls-parallel.sse") })
      const chunks: Array<unknown> = []
      const result = yield* LanguageModel.stream("x").pipe(
        CallStream.withToolCalls(schemaTools),
        Stream.runForEach((event) => Effect.sync(() => chunks.push(event))),
        Effect.result,
        Effect.provide(openai(baseUrl).pipe(Layer.provide(clients[0]![1])))
      )
      return { chunks, result }
    })

  it.effect("arguments that do not match the tool's Schema fail with the tool's name and raw arguments", () =>
    Effect.gen(function*() {
      const { chunks, result } = yield* run([tool("secret_retrieval_tool", { password: Schema.Number })])
      assert.isTrue(Result.isFailure(result))
      const error = (result as Result.Failure<void, Tool.ToolCallError>).failure
      assert.instanceOf(error, Tool.ToolCallError)
      assert.strictEqual(error.reason, "invalid-arguments")
      assert.strictEqual(error.toolName, "secret_retrieval_tool")
      assert.strictEqual(error.arguments, "{\"password\": \"mellon\"}")
      assert.include(error.message, "password")
      assert.isTrue(chunks.length > 0, "the chunks before the failure were delivered")
    }))

  it.effect("a call to a tool the program does not know fails naming it", () =>
    Effect.gen(function*() {
      const { result } = yield* run([tool("other_tool", {})])
      const error = (result as Result.Failure<void, Tool.ToolCallError>).failure
      assert.strictEqual(error.reason, "unknown-tool")
      assert.include(error.message, "secret_retrieval_tool")
    }))

  it("empty arguments decode as {}, invalid JSON is reported", () => {
    const noArgs = Tool.make("now", { parameters: Schema.Struct({}) })
    assert.isTrue(
      Result.isSuccess(Tool.decodeCall([noArgs], new Tool.ToolCall({ id: "1", name: "now", arguments: "" })))
    )
    const bad = Tool.decodeCall([noArgs], new Tool.ToolCall({ id: "1", name: "now", arguments: "{\"a\":" }))
    assert.strictEqual(
      Result.getFailure(bad).pipe((o) => o._tag === "Some" ? o.value.reason : undefined),
      "invalid-json"
    )
  })
})

describe("tools declared once, and calls that cannot be used as values", () => {
  // The recording holds two parallel calls to secret_retrieval_tool: "mellon", then "radiance".
  const onlyRadiance = Tool.make("secret_retrieval_tool", {
    description: "Retrieves a secret",
    parameters: Schema.Struct({ password: Schema.Literal("radiance") })
  })
  const serve = Effect.map(ReplayServer.make, (server) => ({
    server,
    baseUrl: server.serve({ body: Fixtures.bytes("openai", "tool-calls-parallel.sse") })
  }))

  it.effect("LanguageModel.streamWithToolCalls sends the request's tools and decodes the calls with them", () =>
    Effect.gen(function*() {
      const { baseUrl, server } = yield* serve
      const secret = tool("secret_retrieval_tool", { password: Schema.String })
      const events = yield* Stream.runCollect(
        LanguageModel.streamWithToolCalls({ messages: [Message.user("x")], tools: [secret] })
      ).pipe(Effect.provide(openai(baseUrl).pipe(Layer.provide(clients[1]![1]))))
      const calls = events.flatMap((event) => event._tag === "ToolCall" ? [event] : [])
      // `input` is typed by the tool's Schema: `password` is a string.
      assert.deepStrictEqual(calls.map((call) => call.input.password.toUpperCase()), ["MELLON", "RADIANCE"])
      const sent = JSON.parse(server.requests(baseUrl)[0]!.body)
      assert.deepStrictEqual(sent.tools.map((declared: any) => declared.function.name), ["secret_retrieval_tool"])
    }))

  it.effect("invalidCalls: \"emit\": an unusable call is a value, and every chunk and call after it still comes", () =>
    Effect.gen(function*() {
      const { baseUrl } = yield* serve
      const model = openai(baseUrl).pipe(Layer.provide(clients[0]![1]))
      const plain = yield* Stream.runCollect(LanguageModel.stream("x")).pipe(Effect.provide(model))
      // The error channel holds only provider errors: no ToolCallError can end this stream.
      const stream: Stream.Stream<
        CallStream.ToolCallEvent<CallResponseChunk.CallResponseChunk, readonly [typeof onlyRadiance], "emit">,
        ProviderError.ProviderError,
        LanguageModel.LanguageModel
      > = LanguageModel.streamWithToolCalls(
        { messages: [Message.user("x")], tools: [onlyRadiance] },
        { invalidCalls: "emit" }
      )
      const events = yield* Stream.runCollect(stream).pipe(Effect.provide(model))
      const calls = events.filter((event) => event._tag === "ToolCall" || event._tag === "InvalidToolCall")
      assert.deepStrictEqual(calls.map((call) => [call._tag, call.name, call.arguments]), [
        ["InvalidToolCall", "secret_retrieval_tool", "{\"password\": \"mellon\"}"],
        ["ToolCall", "secret_retrieval_tool", "{\"password\": \"radiance\"}"]
      ])
      const invalid = calls[0] as Tool.InvalidToolCall
      assert.strictEqual(invalid.id, "call_M26z19sncd7b4LBgzKRRbaUE")
      assert.strictEqual(invalid.error.reason, "invalid-arguments")
      assert.include(invalid.error.message, "password")
      assert.strictEqual(events.filter((event) => event._tag === "Chunk").length, plain.length)

      // The default still fails at the unusable call, after the chunk that completed it.
      const failed = yield* Stream.runCollect(
        LanguageModel.streamWithToolCalls({ messages: [Message.user("x")], tools: [onlyRadiance] })
      ).pipe(Effect.provide(model), Effect.flip)
      assert.instanceOf(failed, Tool.ToolCallError)
    }))

  it.effect("CallStream.toolCalls with invalidCalls: \"emit\" gives the unknown tool's call as a value", () =>
    Effect.gen(function*() {
      const { baseUrl } = yield* serve
      const other = tool("other_tool", {})
      const calls = yield* Stream.runCollect(
        LanguageModel.stream("x").pipe(CallStream.toolCalls([other], { invalidCalls: "emit" }))
      ).pipe(Effect.provide(openai(baseUrl).pipe(Layer.provide(clients[0]![1]))))
      assert.deepStrictEqual(calls.map((call) => call._tag === "InvalidToolCall" ? call.error.reason : call._tag), [
        "unknown-tool",
        "unknown-tool"
      ])
    }))
})

/** Cuts `text` at the given offsets. */
const pieces = (text: string, cuts: ReadonlyArray<number>) => {
  const sorted = [...new Set(cuts)].filter((cut) => cut > 0 && cut < text.length).sort((a, b) => a - b)
  return [0, ...sorted].map((start, index) => text.slice(start, sorted[index] ?? text.length))
}

describe("tool-call assembly properties", () => {
  const args = FastCheck.dictionary(
    FastCheck.string({ maxLength: 8 }),
    FastCheck.oneof(FastCheck.string(), FastCheck.integer(), FastCheck.boolean()),
    { maxKeys: 6 }
  )
  const anyTool = Tool.make("f", { parameters: Schema.Record(Schema.String, Schema.Unknown) })
  const decodeOpenAI = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
  const decodeAnthropic = Schema.decodeUnknownSync(Anthropic.AnthropicCallResponseChunkFromPayload)

  effectProp(
    "OpenAI: any split of the arguments into deltas (first fragment on the role chunk or not) assembles to the same call",
    [args, FastCheck.array(FastCheck.nat(200), { maxLength: 12 }), FastCheck.boolean()],
    ([input, cuts, onRoleChunk]) =>
      Effect.gen(function*() {
        const text = JSON.stringify(input)
        const fragments = pieces(text, cuts)
        const chunks = [
          decodeOpenAI({
            id: "c",
            model: "m",
            choices: [{
              index: 0,
              delta: {
                role: "assistant",
                content: null,
                ...(onRoleChunk
                  ? {
                    tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "" } }]
                  }
                  : {})
              }
            }]
          }),
          ...fragments.map((fragment, index) =>
            decodeOpenAI({
              id: "c",
              model: "m",
              choices: [{
                index: 0,
                delta: {
                  tool_calls: [
                    index === 0 && !onRoleChunk
                      ? { index: 0, id: "call_1", type: "function", function: { name: "f", arguments: fragment } }
                      : { index: 0, function: { arguments: fragment } }
                  ]
                }
              }]
            })
          ),
          decodeOpenAI({ id: "c", model: "m", choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] })
        ]
        const calls = yield* Stream.runCollect(CallStream.toolCalls(Stream.fromIterable(chunks), [anyTool]))
        assert.strictEqual(calls.length, 1)
        assert.strictEqual(calls[0]!.arguments, text)
        assert.deepStrictEqual(calls[0]!.input, input)
        assert.strictEqual(chunks.reduce(CallResponse.append, CallResponse.empty).toolCalls[0]!.arguments, text)
      }),
    { fastCheck: { numRuns: 200, seed: 8 } }
  )

  effectProp(
    "Anthropic: any split into input_json_delta fragments assembles to the same call",
    [args, FastCheck.array(FastCheck.nat(200), { maxLength: 12 })],
    ([input, cuts]) =>
      Effect.gen(function*() {
        const text = JSON.stringify(input)
        const chunks = [
          decodeAnthropic({
            type: "content_block_start",
            index: 1,
            content_block: { type: "tool_use", id: "toolu_1", name: "f", input: {} }
          }),
          decodeAnthropic({
            type: "content_block_delta",
            index: 1,
            delta: { type: "input_json_delta", partial_json: "" }
          }),
          ...pieces(text, cuts).map((fragment) =>
            decodeAnthropic({
              type: "content_block_delta",
              index: 1,
              delta: { type: "input_json_delta", partial_json: fragment }
            })
          ),
          decodeAnthropic({ type: "content_block_stop", index: 1 })
        ]
        const events = yield* Stream.runCollect(
          CallStream.withToolCalls(Stream.fromIterable(chunks), [anyTool], { partial: true })
        )
        const calls = events.flatMap((event) => event._tag === "ToolCall" ? [event] : [])
        assert.deepStrictEqual(calls.map((call) => call.input), [input])
        // The call is emitted right after its block stop; progress events only grow.
        assert.strictEqual(events[events.length - 1]!._tag, "ToolCall")
        const progress = events.flatMap((event) => event._tag === "ToolCallProgress" ? [event.argumentsSoFar] : [])
        for (let index = 1; index < progress.length; index++) {
          assert.isTrue(progress[index]!.startsWith(progress[index - 1]!))
        }
      }),
    { fastCheck: { numRuns: 200, seed: 4 } }
  )
})

describe("the tool-loop example", () => {
  it.effect("runs the tools, sends their results back and streams the answer", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const { baseUrl, layer } = ToolLoop.replayModel(server)
      const done = yield* ToolLoop.program.pipe(Effect.provide(layer))
      assert.strictEqual(done.reason, "stop")
      const response = done.steps[done.steps.length - 1]!.response
      assert.include(response.content, "Life before Death")
      assert.deepStrictEqual(response.commonFinishReasons, ["stop"])
      const [first, second] = server.requests(baseUrl)
      assert.strictEqual(JSON.parse(first!.body).tools[0].name, "secret_retrieval_tool")
      const followUp = JSON.parse(second!.body).messages
      assert.deepStrictEqual(
        followUp[1].content.filter((block: any) => block.type === "tool_use").map((block: any) => block.input),
        [
          { password: "mellon" },
          { password: "radiance" }
        ]
      )
      assert.deepStrictEqual(followUp[2], {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_015cUijgET79LXjgeYQerN2h", content: "Welcome to Moria!" },
          { type: "tool_result", tool_use_id: "toolu_01XZTimPexA7h3EVKesnKt5T", content: "Life before Death" }
        ]
      })
    }))
})

void ProviderError
