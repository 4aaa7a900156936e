/**
 * Structured output end to end, per provider, over real HTTP (the replay server, cutting each body into
 * random pieces, through `FetchHttpClient` and `NodeHttpClient.layerUndici`): the request goes out in the
 * provider's mode for the model, and the recorded answer comes back as the Schema's value
 * (`CallStream.object`) and as partial values that only grow (`CallStream.partialObjects`). Recordings are in
 * `test/fixtures/structured-output/` (SOURCES.md names each one's origin); bodies no public recording covers
 * are written here from the provider's API reference, as named beside each.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Result, Schema, Stream } from "effect"
import { Azure, CallStream, LanguageModel, Message, Output } from "effect-llm-stream"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import type * as HttpClient from "effect/http/HttpClient"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as Frames from "../../../support/Frames.js"
import { grows } from "../../support/JsonText.js"
import * as RecordedModels from "../../support/RecordedModels.js"

/** The Schema of the recordings' requests (Mirascope's end-to-end `Book`). */
const Author = Schema.Struct({ first_name: Schema.String, last_name: Schema.String })
const Book = Schema.Struct({ title: Schema.String, author: Author, rating: Schema.Int })
const book = { title: "THE NAME OF THE WIND", author: { first_name: "Patrick", last_name: "Rothfuss" }, rating: 7 }
const folder = "structured-output"

interface Case {
  readonly name: string
  readonly body: () => Uint8Array
  readonly contentType: string
  readonly model: (
    baseUrl: string,
    client: Layer.Layer<HttpClient.HttpClient>
  ) => Layer.Layer<LanguageModel.LanguageModel>
  readonly output: Output.Output
  /** What the request must carry for the model's strategy. */
  readonly sent: (body: any) => void
}

const sse = "text/event-stream"
const eventStream = "application/vnd.amazon.eventstream"
const recorded =
  (folderOf: RecordedModels.Folder, model: string) => (baseUrl: string, client: Layer.Layer<HttpClient.HttpClient>) =>
    RecordedModels.model(folderOf, baseUrl, client, { model })

const native = Output.make(Book, { name: "Book" })
const viaTool = Output.make(Book, { name: "__mirascope_formatted_output_tool__" })

const nativeChat = (body: any) => assert.strictEqual(body.response_format.type, "json_schema")
const forcedTool = (name: string) => (body: any) =>
  assert.deepStrictEqual(body.tool_choice, { type: "function", function: { name } })

/**
 * Groq streams Chat Completions chunks with its `x_groq` usage (GroqDocs API reference, "Chat", streaming;
 * groq-sdk `ChatCompletionChunk`); the answer of a `json_schema` call is the content.
 */
const groqBody = () => {
  const base = {
    id: "chatcmpl-0f4c",
    object: "chat.completion.chunk",
    created: 1767225600,
    model: "openai/gpt-oss-120b"
  }
  const pieces = [
    "{\"title\":\"THE NAME",
    " OF THE WIND\",\"author\":{\"first_name\":\"Pat",
    "rick\",\"last_name\":",
    "\"Rothfuss\"},\"rating\":7}"
  ]
  const chunks = [
    {
      ...base,
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
      x_groq: { id: "req_01" }
    },
    ...pieces.map((content) => ({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] })),
    {
      ...base,
      choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
      x_groq: { id: "req_01", usage: { prompt_tokens: 120, completion_tokens: 31, total_tokens: 151 } }
    }
  ]
  return Frames.sse([...chunks.map((chunk) => [undefined, chunk] as const), [undefined, "[DONE]"]])
}

/**
 * A ConverseStream answer in structured-output mode: text deltas holding the JSON (Bedrock API reference,
 * `ConverseStream` response events `messageStart`, `contentBlockDelta` with `delta.text`, `contentBlockStop`,
 * `messageStop`, `metadata`), framed as AWS event-stream messages.
 */
const bedrockBody = (stopReason: string, pieces: ReadonlyArray<string>) => () =>
  TestKit.concatBytes([
    TestKit.bedrockEventFrame("messageStart", { role: "assistant" }),
    ...pieces.map((text) => TestKit.bedrockEventFrame("contentBlockDelta", { contentBlockIndex: 0, delta: { text } })),
    TestKit.bedrockEventFrame("contentBlockStop", { contentBlockIndex: 0 }),
    TestKit.bedrockEventFrame("messageStop", { stopReason }),
    TestKit.bedrockEventFrame("metadata", {
      usage: { inputTokens: 410, outputTokens: 31, totalTokens: 441 },
      metrics: { latencyMs: 912 }
    })
  ])
const bookPieces = [
  "{\"title\":\"THE NAME OF",
  " THE WIND\",\"author\":{\"first_name\":",
  "\"Patrick\",\"last_name\":\"Rothfuss\"}",
  ",\"rating\":7}"
]

const cases: ReadonlyArray<Case> = [
  {
    name: "OpenAI json_schema (gpt-4o, recorded)",
    body: () => Fixtures.bytes(folder, "openai-json-schema.sse"),
    contentType: sse,
    model: recorded("openai", "gpt-4o"),
    output: native,
    sent: nativeChat
  },
  {
    name: "OpenAI json_schema (gpt-4o-2024-08-06, recorded 2024)",
    body: () => Fixtures.bytes(folder, "openai-json-schema-2024.sse"),
    contentType: sse,
    model: recorded("openai", "gpt-4o-2024-08-06"),
    output: Output.make(
      Schema.Struct({ city: Schema.String, temperature: Schema.Number, units: Schema.Literals(["c", "f"]) }),
      {
        name: "Location"
      }
    ),
    sent: nativeChat
  },
  {
    name: "OpenAI forced strict tool (recorded)",
    body: () => Fixtures.bytes(folder, "openai-tool.sse"),
    contentType: sse,
    model: recorded("openai", "gpt-4-turbo"),
    output: viaTool,
    sent: forcedTool(viaTool.name)
  },
  {
    name: "OpenAI Responses text.format (recorded)",
    body: () => Fixtures.bytes(folder, "openai-responses-json-schema.sse"),
    contentType: sse,
    model: recorded("openai-responses", "gpt-4o"),
    output: native,
    sent: (body) => assert.strictEqual(body.text.format.type, "json_schema")
  },
  {
    name: "Azure deployment json_schema (OpenAI's recorded body through the Azure client)",
    body: () => Fixtures.bytes(folder, "openai-json-schema.sse"),
    contentType: sse,
    model: (baseUrl, client) =>
      Azure.model("gpt-4o", { baseModel: "gpt-4o-2024-08-06" }).pipe(
        Layer.provide(Azure.layer({ endpoint: baseUrl, api: "deployments", apiKey: Redacted.make("k") })),
        Layer.provide(client)
      ),
    output: native,
    sent: nativeChat
  },
  {
    name: "Groq json_schema strict (gpt-oss, written from the API reference)",
    body: groqBody,
    contentType: sse,
    model: recorded("groq", "openai/gpt-oss-120b"),
    output: native,
    sent: (body) => assert.isTrue(body.response_format.json_schema.strict)
  },
  {
    name: "Anthropic output_config.format (Claude Sonnet 4.5, recorded)",
    body: () => Fixtures.bytes(folder, "anthropic-json-outputs.sse"),
    contentType: sse,
    model: recorded("anthropic", "claude-sonnet-4-5"),
    output: native,
    sent: (body) => assert.strictEqual(body.output_config.format.type, "json_schema")
  },
  {
    name: "Anthropic forced tool (Claude Sonnet 4, recorded)",
    body: () => Fixtures.bytes(folder, "anthropic-tool.sse"),
    contentType: sse,
    model: recorded("anthropic", "claude-sonnet-4-0"),
    output: viaTool,
    sent: (body) => assert.deepStrictEqual(body.tool_choice, { type: "tool", name: viaTool.name })
  },
  {
    name: "Bedrock forced tool, arguments in one piece (Nova Micro, recorded)",
    body: () => Fixtures.body(folder, "bedrock-nova-tool.eventstream.b64"),
    contentType: eventStream,
    model: recorded("bedrock", "amazon.nova-micro-v1:0"),
    // Nova strips the leading underscores of a tool's name: the recording's call is to this one.
    output: Output.make(Book, { name: "mirascope_formatted_output_tool__" }),
    sent: (body) =>
      assert.deepStrictEqual(body.toolConfig.toolChoice, { tool: { name: "mirascope_formatted_output_tool__" } })
  },
  {
    name: "Bedrock outputConfig.textFormat (Claude Haiku 4.5, written from the API reference)",
    body: bedrockBody("end_turn", bookPieces),
    contentType: eventStream,
    model: recorded("bedrock", "us.anthropic.claude-haiku-4-5-20251001-v1:0"),
    output: native,
    sent: (body) => assert.strictEqual(body.outputConfig.textFormat.type, "json_schema")
  }
]

const expectedOf = (testCase: Case) =>
  testCase.name.includes("2024") ? { city: "San Francisco", temperature: 68, units: "f" } : book

describe("structured output over HTTP, every provider", () => {
  for (const [clientName, client] of clients) {
    for (const testCase of cases) {
      it.effect(`${testCase.name} via ${clientName}`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const body = testCase.body()
          const baseUrl = server.serve({
            headers: { "content-type": testCase.contentType },
            body,
            cuts: ReplayServer.randomCuts(body.length, body.length % 97, 61)
          })
          const request = {
            messages: [Message.user("Please recommend the most popular book by Patrick Rothfuss")],
            output: testCase.output
          }
          const partials = yield* LanguageModel.stream(request).pipe(
            CallStream.partialObjects(testCase.output),
            Stream.runCollect,
            Effect.provide(testCase.model(baseUrl, client))
          )
          const value = yield* LanguageModel.stream(request).pipe(
            CallStream.object(testCase.output),
            Effect.provide(testCase.model(baseUrl, client))
          )
          const expected = expectedOf(testCase)
          assert.deepStrictEqual(value, expected)
          assert.deepStrictEqual(partials.at(-1), expected)
          for (let i = 1; i < partials.length; i++) {
            assert.isUndefined(grows(partials[i - 1], partials[i]))
            // Each value once: never one equal to the value before it (two partials, or the last and the final).
            assert.notDeepEqual(partials[i], partials[i - 1], `partials ${i - 1} and ${i} are equal`)
          }
          if (testCase.name.includes("one piece")) assert.deepStrictEqual(partials, [expected])
          else assert.isAbove(partials.length, 1)
          const sent = server.requests(baseUrl).map((received) => JSON.parse(received.body))
          assert.strictEqual(sent.length, 2)
          testCase.sent(sent[0])
        }))
    }
  }
})

describe("endings over HTTP: refusals, cut answers", () => {
  const fetchClient = clients[0]![1]
  const run = (folderOf: RecordedModels.Folder, model: string, body: Uint8Array, contentType: string) =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: { "content-type": contentType }, body })
      return yield* LanguageModel.stream({ messages: [Message.user("...")], output: native }).pipe(
        CallStream.object(native),
        Effect.provide(RecordedModels.model(folderOf, baseUrl, fetchClient, { model })),
        Effect.result
      )
    })
  const failure = (result: Result.Result<unknown, unknown>) => {
    assert.isTrue(Result.isFailure(result))
    const error = (result as Result.Failure<unknown, unknown>).failure
    assert.instanceOf(error, Output.OutputError)
    return error as Output.OutputError
  }

  it.effect("OpenAI's refusal (recorded, json_schema): reason refusal, with the refusal's text", () =>
    Effect.gen(function*() {
      const expected = Fixtures.json("openai", "refusal.expected.json").choices["0"].refusal
      const error = failure(yield* run("openai", "gpt-4o", Fixtures.bytes("openai", "refusal.sse"), sse))
      assert.strictEqual(error.reason, "refusal")
      assert.strictEqual(error.text, expected)
    }))

  it.effect("OpenAI cut by max_tokens (recorded, json_schema): reason length, with the text so far", () =>
    Effect.gen(function*() {
      const expected = Fixtures.json("openai", "length-2024.expected.json").choices["0"].content
      const error = failure(yield* run("openai", "gpt-4o", Fixtures.bytes("openai", "length-2024.sse"), sse))
      assert.strictEqual(error.reason, "length")
      assert.strictEqual(error.text, expected)
    }))

  it.effect("Anthropic stop_reason refusal (Messages API reference, streaming): reason refusal", () =>
    Effect.gen(function*() {
      const events = [
        ["message_start", {
          type: "message_start",
          message: {
            id: "msg_01",
            type: "message",
            role: "assistant",
            model: "claude-sonnet-4-5-20250929",
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 20, output_tokens: 1 }
          }
        }],
        ["content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }],
        ["content_block_delta", {
          type: "content_block_delta",
          index: 0,
          delta: { type: "text_delta", text: "{\"title\":\"" }
        }],
        ["content_block_stop", { type: "content_block_stop", index: 0 }],
        ["message_delta", {
          type: "message_delta",
          delta: { stop_reason: "refusal", stop_sequence: null },
          usage: { output_tokens: 5 }
        }],
        ["message_stop", { type: "message_stop" }]
      ] as const
      const body = Frames.sse(events)
      const error = failure(yield* run("anthropic", "claude-sonnet-4-5", body, sse))
      assert.strictEqual(error.reason, "refusal")
      assert.strictEqual(error.text, "{\"title\":\"")
    }))

  it.effect("Bedrock guardrail intervention (ConverseStream stopReason guardrail_intervened): reason refusal", () =>
    Effect.gen(function*() {
      const said = "Sorry, the model cannot answer this question."
      const error = failure(
        yield* run(
          "bedrock",
          "us.anthropic.claude-haiku-4-5-20251001-v1:0",
          bedrockBody("guardrail_intervened", [said])(),
          eventStream
        )
      )
      assert.strictEqual(error.reason, "refusal")
      assert.strictEqual(error.text, said)
    }))

  it.effect("Bedrock cut by the token limit (stopReason max_tokens): reason length", () =>
    Effect.gen(function*() {
      const error = failure(
        yield* run(
          "bedrock",
          "us.anthropic.claude-haiku-4-5-20251001-v1:0",
          bedrockBody("max_tokens", bookPieces.slice(0, 2))(),
          eventStream
        )
      )
      assert.strictEqual(error.reason, "length")
      assert.strictEqual(error.text, bookPieces.slice(0, 2).join(""))
    }))
})
