/**
 * The request bodies of a structured-output call, per provider, model family and strategy, as the replay
 * server received them over HTTP: each expected body fragment is typed with the official SDK's request type
 * (openai `ChatCompletionCreateParamsStreaming` and `ResponseCreateParamsStreaming`, @anthropic-ai/sdk
 * `MessageCreateParamsStreaming`, groq-sdk `ChatCompletionCreateParams`, @aws-sdk/client-bedrock-runtime
 * `ConverseStreamRequest`), so a field the API does not have fails to compile. What cannot be sent fails with
 * an `InvalidRequestError` before any byte is sent.
 */
import type { MessageCreateParamsStreaming } from "@anthropic-ai/sdk/resources/messages"
import type { ConverseStreamRequest } from "@aws-sdk/client-bedrock-runtime"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Result, Schema, Stream } from "effect"
import { Azure, LanguageModel, Message, Output, ProviderError, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type { ChatCompletionCreateParams as GroqParams } from "groq-sdk/resources/chat/completions"
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions"
import type { ResponseCreateParamsStreaming } from "openai/resources/responses/responses"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const fetchClient = clients[0]![1]

/** A Schema with an optional field, an integer and a nested class: what strict mode rewrites. */
class Author extends Schema.Class<Author>("Author")({ name: Schema.String }) {}
const Book = Schema.Struct({
  title: Schema.String,
  year: Schema.Int,
  subtitle: Schema.optionalKey(Schema.String.annotate({ description: "if it has one" })),
  authors: Schema.Array(Author)
}).annotate({ identifier: "Book" })

/** Book's JSON Schema in OpenAI's strict mode: every field required, the optional one nullable. */
const strictBook = {
  type: "object",
  properties: {
    title: { type: "string" },
    year: { type: "integer" },
    subtitle: { anyOf: [{ type: "string" }, { type: "null" }], description: "if it has one" },
    authors: { type: "array", items: { $ref: "#/$defs/AuthorEncoded" } }
  },
  required: ["title", "year", "subtitle", "authors"],
  additionalProperties: false,
  $defs: {
    AuthorEncoded: {
      type: "object",
      properties: { name: { type: "string" } },
      required: ["name"],
      additionalProperties: false
    }
  }
}

/** Book's JSON Schema as Claude's JSON outputs take it: closed objects, optional fields optional. */
const claudeBook = {
  ...strictBook,
  properties: { ...strictBook.properties, subtitle: { type: "string", description: "if it has one" } },
  required: ["title", "year", "authors"]
}

const request = (output: Output.Input, extra: Partial<LanguageModel.Request> = {}): LanguageModel.Request => ({
  messages: [Message.user("Recommend a book")],
  output,
  ...extra
})

const responseOf: Record<RecordedModels.Folder, string> = {
  openai: "text.sse",
  anthropic: "text.sse",
  groq: "text.sse",
  azure: "text.sse",
  "openai-responses": "text.sse",
  bedrock: "converse-text.eventstream.b64",
  google: "text.sse"
}

/** Sends `request` to `model` (on the folder's host) and gives the body the server received, or the error. */
const sent = (
  folder: RecordedModels.Folder,
  model: string,
  input: LanguageModel.Request,
  layer?: (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel>
) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const body = folder === "bedrock"
      ? Fixtures.body(folder, responseOf[folder])
      : Fixtures.bytes(folder, responseOf[folder])
    const baseUrl = server.serve({ headers: { "content-type": RecordedModels.contentType(folder) }, body })
    const result = yield* LanguageModel.stream(input).pipe(
      Stream.runDrain,
      Effect.provide(layer?.(baseUrl) ?? RecordedModels.model(folder, baseUrl, fetchClient, { model })),
      Effect.result
    )
    const requests = server.requests(baseUrl)
    return { result, body: requests.length === 0 ? undefined : JSON.parse(requests[0]!.body), count: requests.length }
  })

const refused = (result: Result.Result<void, ProviderError.ProviderError>, fragment: string) => {
  assert.isTrue(Result.isFailure(result))
  const error = (result as Result.Failure<void, ProviderError.ProviderError>).failure
  assert.instanceOf(error, ProviderError.InvalidRequestError)
  assert.include(error.message, fragment)
}

describe("OpenAI Chat Completions", () => {
  it.effect("a current model: response_format json_schema, strict, the schema in strict form", () =>
    Effect.gen(function*() {
      const { body } = yield* sent("openai", "gpt-4o-2024-08-06", request(Book))
      const expected: Pick<ChatCompletionCreateParamsStreaming, "response_format"> = {
        response_format: { type: "json_schema", json_schema: { name: "Book", schema: strictBook, strict: true } }
      }
      assert.deepStrictEqual(body.response_format, expected.response_format)
      assert.isUndefined(body.tools)
    }))

  it.effect("strict: false sends the schema as it is; a description and a name are sent", () =>
    Effect.gen(function*() {
      const output = Output.make(Book, { name: "book", description: "A book", strict: false })
      const { body } = yield* sent("openai", "gpt-5-mini", request(output))
      assert.deepStrictEqual(body.response_format, {
        type: "json_schema",
        json_schema: { name: "book", description: "A book", schema: output.jsonSchema, strict: false }
      })
    }))

  it.effect("a family without json_schema (gpt-4-turbo): a strict function tool, forced", () =>
    Effect.gen(function*() {
      const { body } = yield* sent("openai", "gpt-4-turbo-2024-04-09", request(Book))
      const expected: Pick<ChatCompletionCreateParamsStreaming, "tools" | "tool_choice"> = {
        tools: [{
          type: "function",
          function: {
            name: "Book",
            description: "Answer with the Book: its value is this tool's input.",
            parameters: strictBook,
            strict: true
          }
        }],
        tool_choice: { type: "function", function: { name: "Book" } }
      }
      assert.deepStrictEqual({ tools: body.tools, tool_choice: body.tool_choice }, expected)
      assert.isUndefined(body.response_format)
    }))

  it.effect("the tool strategy beside the request's own tools: the model must call one of them", () =>
    Effect.gen(function*() {
      const weather = Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) })
      const output = Output.make(Book, { strategy: "tool" })
      const { body } = yield* sent("openai", "gpt-4o", request(output, { tools: [weather] }))
      assert.deepStrictEqual(body.tools.map((tool: any) => tool.function.name), ["get_weather", "Book"])
      assert.strictEqual(body.tool_choice, "required")
    }))

  it.effect("a record with free keys cannot be strict: refused before sending, and sent with strict: false", () =>
    Effect.gen(function*() {
      const Scores = Schema.Struct({ scores: Schema.Record(Schema.String, Schema.Number) })
      const strict = yield* sent("openai", "gpt-4o", request(Scores))
      refused(strict.result, "$.scores: a record with free keys")
      assert.strictEqual(strict.count, 0)
      const loose = yield* sent("openai", "gpt-4o", request(Output.make(Scores, { strict: false })))
      assert.isTrue(Result.isSuccess(loose.result))
      assert.strictEqual(loose.body.response_format.json_schema.strict, false)
    }))

  it.effect("a tool named as the output is refused", () =>
    Effect.gen(function*() {
      const clash = Tool.make("Book", { parameters: Schema.Struct({ q: Schema.String }) })
      const { count, result } = yield* sent("openai", "gpt-4", request(Book, { tools: [clash] }))
      refused(result, "named Book")
      assert.strictEqual(count, 0)
    }))
})

describe("OpenAI Responses API", () => {
  it.effect("text.format json_schema, strict; the user's text options kept beside it", () =>
    Effect.gen(function*() {
      const { body } = yield* sent(
        "openai-responses",
        "gpt-4.1",
        request(Book, { extraBody: { text: { verbosity: "low" } } })
      )
      const expected: Pick<ResponseCreateParamsStreaming, "text"> = {
        text: { format: { type: "json_schema", name: "Book", schema: strictBook, strict: true }, verbosity: "low" }
      }
      assert.deepStrictEqual(body.text, expected.text)
    }))
})

describe("Azure", () => {
  it.effect("a deployment (API version 2024-10-21): response_format json_schema, strict", () =>
    Effect.gen(function*() {
      const { body } = yield* sent("azure", "my-deployment", request(Book))
      assert.deepStrictEqual(body.response_format, {
        type: "json_schema",
        json_schema: { name: "Book", schema: strictBook, strict: true }
      })
    }))

  it.effect("an API version before 2024-08-01 has no json_schema: the strict tool", () =>
    Effect.gen(function*() {
      const { body } = yield* sent("azure", "d", request(Book), (baseUrl) =>
        Azure.model("d").pipe(
          Layer.provide(
            Azure.layer({ endpoint: baseUrl, api: "deployments", apiKey: Redacted.make("k"), apiVersion: "2024-06-01" })
          ),
          Layer.provide(fetchClient)
        ))
      assert.deepStrictEqual(body.tool_choice, { type: "function", function: { name: "Book" } })
      assert.isTrue(body.tools[0].function.strict)
    }))

  it.effect("an Azure AI Inference endpoint: a forced tool, the schema as it is", () =>
    Effect.gen(function*() {
      const output = Output.make(Book)
      const { body } = yield* sent("azure", "Llama-3.3-70B-Instruct", request(output), (baseUrl) =>
        Azure.model("Llama-3.3-70B-Instruct").pipe(
          Layer.provide(Azure.layer({ endpoint: baseUrl, api: "inference", apiKey: Redacted.make("k") })),
          Layer.provide(fetchClient)
        ))
      assert.deepStrictEqual(body.tools[0].function.parameters, output.jsonSchema)
      assert.isUndefined(body.tools[0].function.strict)
      assert.deepStrictEqual(body.tool_choice, { type: "function", function: { name: "Book" } })
    }))
})

describe("Groq", () => {
  it.effect("GPT-OSS: json_schema with strict", () =>
    Effect.gen(function*() {
      const { body } = yield* sent("groq", "openai/gpt-oss-120b", request(Book))
      const expected: Pick<GroqParams, "response_format"> = {
        response_format: { type: "json_schema", json_schema: { name: "Book", schema: strictBook, strict: true } }
      }
      assert.deepStrictEqual(body.response_format, expected.response_format)
    }))

  it.effect("Kimi K2 and Llama 4: json_schema best-effort, the schema as it is", () =>
    Effect.gen(function*() {
      const output = Output.make(Book)
      for (const model of ["moonshotai/kimi-k2-instruct-0905", "meta-llama/llama-4-scout-17b-16e-instruct"]) {
        const { body } = yield* sent("groq", model, request(output))
        assert.deepStrictEqual(body.response_format.json_schema, {
          name: "Book",
          schema: output.jsonSchema,
          strict: false
        })
      }
    }))

  it.effect("other models, and any model with tools of the request: a forced tool", () =>
    Effect.gen(function*() {
      const plain = yield* sent("groq", "llama-3.3-70b-versatile", request(Book))
      assert.deepStrictEqual(plain.body.tool_choice, { type: "function", function: { name: "Book" } })
      assert.isUndefined(plain.body.response_format)
      const weather = Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) })
      const withTools = yield* sent("groq", "openai/gpt-oss-20b", request(Book, { tools: [weather] }))
      assert.isUndefined(withTools.body.response_format)
      assert.strictEqual(withTools.body.tool_choice, "required")
    }))
})

describe("Anthropic", () => {
  it.effect("Claude 4.5 and later: output_config.format, no beta header, the effort kept beside it", () =>
    Effect.gen(function*() {
      for (const model of ["claude-sonnet-4-5-20250929", "claude-haiku-4-5", "claude-opus-4-6", "claude-sonnet-5"]) {
        const { body } = yield* sent(
          "anthropic",
          model,
          request(Book, { extraBody: { output_config: { effort: "low" } } })
        )
        const expected: Pick<MessageCreateParamsStreaming, "output_config"> = {
          output_config: { format: { type: "json_schema", schema: claudeBook }, effort: "low" }
        }
        assert.deepStrictEqual(body.output_config, expected.output_config, model)
        assert.isUndefined(body.tools)
      }
    }))

  it.effect("constraints Claude's JSON outputs do not take go into the description", () =>
    Effect.gen(function*() {
      const Bounded = Schema.Struct({
        n: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 5 })),
        tags: Schema.Array(Schema.String).check(Schema.isMinLength(2))
      })
      const { body } = yield* sent("anthropic", "claude-sonnet-4-5", request(Bounded))
      const { n, tags } = body.output_config.format.schema.properties
      assert.deepStrictEqual(n, { type: "integer", description: "{minimum: 1, maximum: 5}" })
      assert.deepStrictEqual(tags, { type: "array", items: { type: "string" }, description: "{minItems: 2}" })
    }))

  it.effect("older models (Claude 3.x, Sonnet 4, Opus 4.1): a forced tool", () =>
    Effect.gen(function*() {
      const output = Output.make(Book)
      for (const model of ["claude-3-5-haiku-20241022", "claude-sonnet-4-20250514", "claude-opus-4-1-20250805"]) {
        const { body } = yield* sent("anthropic", model, request(output))
        const expected: Pick<MessageCreateParamsStreaming, "tools" | "tool_choice"> = {
          tools: [{
            name: "Book",
            description: "Answer with the Book: its value is this tool's input.",
            input_schema: output.jsonSchema as MessageCreateParamsStreaming["tools"] extends
              ReadonlyArray<infer T> | undefined ? T extends { input_schema: infer S } ? S : never : never
          }],
          tool_choice: { type: "tool", name: "Book" }
        }
        assert.deepStrictEqual({ tools: body.tools, tool_choice: body.tool_choice }, expected, model)
        assert.isUndefined(body.output_config)
      }
    }))

  it.effect("a forced tool with extended thinking is refused before sending", () =>
    Effect.gen(function*() {
      const { count, result } = yield* sent(
        "anthropic",
        "claude-opus-4-1-20250805",
        request(Book, { extraBody: { thinking: { type: "enabled", budget_tokens: 2048 } } })
      )
      refused(result, "cannot be combined with extended thinking")
      assert.strictEqual(count, 0)
    }))
})

describe("Bedrock Converse", () => {
  it.effect("Claude 4.5 and later: outputConfig.textFormat, the schema as a JSON string", () =>
    Effect.gen(function*() {
      const { body } = yield* sent("bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", request(Book))
      const expected: Pick<ConverseStreamRequest, "outputConfig"> = {
        outputConfig: {
          textFormat: {
            type: "json_schema",
            structure: { jsonSchema: { schema: JSON.stringify(claudeBook), name: "Book" } }
          }
        }
      }
      assert.deepStrictEqual(body.outputConfig, expected.outputConfig)
      assert.deepStrictEqual(JSON.parse(body.outputConfig.textFormat.structure.jsonSchema.schema), claudeBook)
      assert.isUndefined(body.toolConfig)
    }))

  it.effect("Nova and the other models: a forced tool", () =>
    Effect.gen(function*() {
      const output = Output.make(Book)
      const { body } = yield* sent("bedrock", "us.amazon.nova-pro-v1:0", request(output))
      const expected: Pick<ConverseStreamRequest, "toolConfig"> = {
        toolConfig: {
          tools: [{
            toolSpec: {
              name: "Book",
              description: "Answer with the Book: its value is this tool's input.",
              inputSchema: { json: output.jsonSchema as any }
            }
          }],
          toolChoice: { tool: { name: "Book" } }
        }
      }
      assert.deepStrictEqual(body.toolConfig, expected.toolConfig)
      assert.isUndefined(body.outputConfig)
    }))

  it.effect("a tool name with a leading underscore is refused (Nova strips it)", () =>
    Effect.gen(function*() {
      const { count, result } = yield* sent(
        "bedrock",
        "amazon.nova-lite-v1:0",
        request(Output.make(Book, { name: "_book" }))
      )
      refused(result, "leading underscore")
      assert.strictEqual(count, 0)
    }))

  it.effect("a Schema that is not an object is refused", () =>
    Effect.gen(function*() {
      const { count, result } = yield* sent("bedrock", "amazon.nova-lite-v1:0", request(Schema.Array(Schema.String)))
      refused(result, "Struct-like")
      assert.strictEqual(count, 0)
    }))
})
