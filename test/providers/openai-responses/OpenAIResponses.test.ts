/**
 * The Responses API (OpenAI and Azure OpenAI) over real HTTP with recorded streams: every recording
 * decodes to the text, refusal, reasoning, function calls, built-in tool calls, finish reason, usage and
 * cost an independent reading of it gives (`*.expected.json`, see SOURCES.md); requests, tool loops,
 * errors and truncation.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import {
  Azure,
  CallResponse,
  CallStream,
  LanguageModel,
  Message,
  OpenAIResponses,
  ProviderError,
  Tool
} from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type { HttpClient } from "effect/http"
import * as Schema from "effect/Schema"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect, failureOf } from "../../support/Collect.js"
import { clientCallName, commonOf, type Expected, finishOf } from "../../support/ResponsesExpected.js"

const folder = "openai-responses"
const apiKey = "sk-responses-test-0123456789"
const sse = { "content-type": "text/event-stream; charset=utf-8", "x-request-id": "req_replay" }

const isAzure = (name: string) => name.startsWith("azure-")

const modelLayer = (name: string, baseUrl: string, client: Layer.Layer<HttpClient.HttpClient>) =>
  (isAzure(name)
    ? Azure.responsesModel("gpt-5-mini", { baseModel: "gpt-5-mini-2025-08-07" }).pipe(
      Layer.provide(Azure.responsesLayer({ endpoint: baseUrl, apiKey: Redacted.make(apiKey) }))
    )
    : OpenAIResponses.model("gpt-4o").pipe(
      Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make(apiKey), baseUrl }))
    )).pipe(Layer.provide(client))

describe("Responses API over HTTP, recorded streams", () => {
  for (const [clientName, client] of clients) {
    for (const name of Fixtures.streams(folder)) {
      it.effect(`${name} via ${clientName}`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const body = Fixtures.bytes(folder, `${name}.sse`)
          const expected = Fixtures.json<Expected>(folder, `${name}.expected.json`)
          const baseUrl = server.serve({
            headers: sse,
            body,
            cuts: ReplayServer.randomCuts(body.length, name.length * 7919 + 11, 97)
          })
          const { chunks, result } = yield* collect(LanguageModel.stream("Recommend a fantasy book")).pipe(
            Effect.provide(modelLayer(name, baseUrl, client))
          )
          const typed = chunks as ReadonlyArray<OpenAIResponses.OpenAIResponsesCallResponseChunk>
          const response = chunks.reduce(CallResponse.append, CallResponse.empty)
          assert.strictEqual(response.provider, isAzure(name) ? "azure" : "openai")
          assert.strictEqual(response.content, expected.text)
          assert.strictEqual(typed.map((chunk) => chunk.refusal).join(""), expected.refusal)
          assert.strictEqual(response.refusal, expected.refusal)
          assert.strictEqual(response.reasoning, expected.reasoningSummary)
          assert.strictEqual(response.id, expected.id)
          assert.strictEqual(response.model, expected.model)
          assert.deepStrictEqual(
            response.toolCalls.slice(0, expected.functionCalls.length).map((call) => ({
              call_id: call.id,
              name: call.name,
              arguments: call.arguments
            })),
            expected.functionCalls
          )
          // Built-in tools the application runs are tool calls too: the call id, and the item's input as JSON.
          assert.deepStrictEqual(
            response.toolCalls.slice(expected.functionCalls.length).map((call) => ({
              call_id: call.id,
              name: call.name,
              input: JSON.parse(call.arguments)
            })),
            expected.clientCalls.map((call) => ({
              call_id: call.call_id,
              name: call.name ?? clientCallName[call.type]!,
              input: call.input
            }))
          )
          assert.deepStrictEqual(
            response.serverToolCalls.map((call) => ({ type: call.type, id: call.id })),
            expected.builtInTools.map((tool) => ({ type: tool.type, id: tool.id }))
          )
          assert.deepStrictEqual(
            response.serverToolResults.map((result) => result.toolUseId),
            expected.builtInTools.map((tool) => tool.id)
          )
          if (expected.status === "failed") {
            // Every event before the failure is a chunk; the failure carries the provider's error.
            const error = failureOf(result)
            assert.strictEqual(chunks.length, 2)
            assert.instanceOf(error, ProviderError.RateLimitError)
            assert.strictEqual(error.errorType, "insufficient_quota")
            assert.include(error.message, "You exceeded your current quota")
            return
          }
          assert.isTrue(result._tag === "Success", `stream failed: ${JSON.stringify(result)}`)
          // Every event is a chunk.
          assert.strictEqual(chunks.length, expected.eventCount)
          assert.deepStrictEqual(response.finishReasons, finishOf(expected))
          assert.deepStrictEqual(response.commonFinishReasons, finishOf(expected).map((raw) => commonOf[raw]))
          const usage = expected.usage
          assert.strictEqual(response.usage.inputTokens, usage.input_tokens)
          assert.strictEqual(response.usage.cachedTokens, usage.input_tokens_details.cached_tokens)
          assert.strictEqual(response.usage.outputTokens, usage.output_tokens)
          assert.strictEqual(response.usage.reasoningTokens, usage.output_tokens_details.reasoning_tokens)
          // The searches its web_search tool ran, billed per call: the service's own count when it sends one
          // (`tool_usage.web_search.num_requests`), else each recorded `web_search_call` a search.
          const searches = expected.builtInTools.filter((tool) => tool.type === "web_search_call").length
          assert.strictEqual(
            response.usage.webSearchRequests,
            expected.toolUsage?.web_search?.num_requests ?? (searches === 0 ? undefined : searches)
          )
          // Every recorded model is priced (Azure's through its baseModel).
          assert.isTrue(response.cost._tag === "Some", `no cost: ${JSON.stringify(response.costResult)}`)
          // The assistant turn holds every output item, as it came.
          const message = CallResponse.toMessage(response)
          assert.strictEqual(message._tag, "AssistantMessage")
          const items = message._tag === "AssistantMessage" ? message.content?.blocks ?? [] : []
          const reasoning = items.filter((item: any) => item.type === "reasoning") as ReadonlyArray<any>
          assert.deepStrictEqual(
            reasoning.map((item) => ({
              id: item.id,
              summaryParts: item.summary.length,
              encryptedContentLength: item.encrypted_content?.length ?? null
            })),
            [...expected.reasoningItems]
          )
          const [request] = server.requests(baseUrl)
          if (isAzure(name)) {
            assert.isTrue(request!.path.endsWith("/openai/v1/responses"), request!.path)
            assert.strictEqual(request!.headers["api-key"], apiKey)
          } else {
            assert.isTrue(request!.path.endsWith("/responses"), request!.path)
            assert.strictEqual(request!.headers.authorization, `Bearer ${apiKey}`)
          }
          const sent = JSON.parse(request!.body)
          assert.deepStrictEqual(sent, {
            model: isAzure(name) ? "gpt-5-mini" : "gpt-4o",
            input: [{ role: "user", content: "Recommend a fantasy book" }],
            stream: true
          })
        }))
    }
  }
})

const secretTool = Tool.make("secret_retrieval_tool", {
  description: "Retrieves a secret for a password",
  parameters: Schema.Struct({ password: Schema.String })
})

describe("Responses API tool loops and requests", () => {
  it.effect("a two-step tool loop: the calls and their outputs go back as items, and the answer streams", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        { headers: sse, body: Fixtures.bytes(folder, "tool-calls-parallel.sse") },
        { headers: sse, body: Fixtures.bytes(folder, "tool-loop-answer.sse") }
      ])
      const model = modelLayer("text", baseUrl, clients[0]![1])
      const asked = "Retrieve the secrets for the passwords mellon and radiance"
      const question = Message.user(asked)
      const secrets: Record<string, string> = { mellon: "Welcome to Moria!", radiance: "Life before Death" }
      const first = yield* LanguageModel.streamWithToolCalls({
        messages: [question],
        system: "Use the tool.",
        tools: [secretTool]
      }).pipe(Stream.runCollect, Effect.provide(model))
      const calls = first.flatMap((event) => event._tag === "ToolCall" ? [event] : [])
      assert.deepStrictEqual(calls.map((call) => call.input.password), ["mellon", "radiance"])
      const response = first.flatMap((event) => event._tag === "Chunk" ? [event.chunk] : []).reduce(
        CallResponse.append,
        CallResponse.empty
      )
      const second = yield* CallStream.accumulate(LanguageModel.stream({
        messages: [
          question,
          CallResponse.toMessage(response),
          ...calls.map((call) =>
            Message.toolResult({ toolCallId: call.id, name: call.name, content: secrets[call.input.password]! })
          )
        ],
        system: "Use the tool.",
        tools: [secretTool]
      })).pipe(Effect.provide(model))
      assert.strictEqual(second.content, Fixtures.json<Expected>(folder, "tool-loop-answer.expected.json").text)

      const [firstRequest, secondRequest] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.deepStrictEqual(firstRequest.tools, [{
        type: "function",
        name: "secret_retrieval_tool",
        description: "Retrieves a secret for a password",
        parameters: Tool.jsonSchemaOf(Schema.Struct({ password: Schema.String })),
        strict: false
      }])
      assert.strictEqual(firstRequest.instructions, "Use the tool.")
      const input = secondRequest.input as ReadonlyArray<any>
      assert.deepStrictEqual(input[0], { role: "user", content: asked })
      assert.deepStrictEqual(
        input.slice(1, 3).map((item) => [item.type, item.call_id, item.name, item.arguments]),
        Fixtures.json<Expected>(folder, "tool-calls-parallel.expected.json").functionCalls.map((
          call
        ) => ["function_call", call.call_id, call.name, call.arguments])
      )
      assert.deepStrictEqual(input.slice(3), [
        { type: "function_call_output", call_id: calls[0]!.id, output: "Welcome to Moria!" },
        { type: "function_call_output", call_id: calls[1]!.id, output: "Life before Death" }
      ])
    }))

  it.effect("reasoning with encrypted content goes back with the function call it led to (store: false)", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const recorded = Fixtures.text(folder, "reasoning-encrypted-tool-call.sse")
      const baseUrl = server.serve([{ headers: sse, body: recorded }, {
        headers: sse,
        body: Fixtures.bytes(folder, "azure-tool-loop-answer.sse")
      }])
      const model = OpenAIResponses.model("gpt-5-mini", {
        store: false,
        include: ["reasoning.encrypted_content"],
        reasoning: { effort: "low", summary: "auto" }
      }).pipe(
        Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make(apiKey), baseUrl })),
        Layer.provide(clients[1]![1])
      )
      const first = yield* CallStream.accumulate(LanguageModel.stream("Weather in Florence?")).pipe(
        Effect.provide(model)
      )
      const call = first.toolCalls[0]!
      yield* CallStream.accumulate(LanguageModel.stream({
        messages: [
          Message.user("Weather in Florence?"),
          CallResponse.toMessage(first),
          Message.toolResult({ toolCallId: call.id, name: call.name, content: "40 C" })
        ]
      })).pipe(Effect.provide(model))
      const [firstRequest, secondRequest] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.strictEqual(firstRequest.store, false)
      assert.deepStrictEqual(firstRequest.include, ["reasoning.encrypted_content"])
      assert.deepStrictEqual(firstRequest.reasoning, { effort: "low", summary: "auto" })
      // The output items exactly as `response.output_item.done` gave them.
      const done = recorded.split("\n").filter((line) => line.startsWith("data: ")).map((line) =>
        JSON.parse(line.slice(6))
      ).filter((event) => event.type === "response.output_item.done").map((event) => event.item)
      assert.deepStrictEqual(secondRequest.input.slice(1, 1 + done.length), done)
      assert.strictEqual(secondRequest.input[1].type, "reasoning")
      assert.isString(secondRequest.input[1].encrypted_content)
    }))

  it.effect("a Chat Completions response_format is sent as the Responses API's text.format", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes(folder, "text.sse") })
      const schema = { type: "object", properties: { title: { type: "string" } }, required: ["title"] }
      yield* CallStream.accumulate(LanguageModel.stream({
        messages: [Message.user("x")],
        extraBody: { response_format: { type: "json_schema", json_schema: { name: "Book", schema, strict: true } } }
      })).pipe(Effect.provide(modelLayer("text", baseUrl, clients[0]![1])))
      const sent = JSON.parse(server.requests(baseUrl)[0]!.body)
      assert.isUndefined(sent.response_format)
      assert.deepStrictEqual(sent.text, { format: { type: "json_schema", name: "Book", schema, strict: true } })
    }))

  it.effect("stop sequences are refused before anything is sent: the Responses API has none", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes(folder, "text.sse") })
      const error = yield* Effect.flip(
        CallStream.accumulate(LanguageModel.stream({ messages: [Message.user("x")], stopSequences: ["END"] })).pipe(
          Effect.provide(modelLayer("text", baseUrl, clients[0]![1]))
        )
      )
      assert.instanceOf(error, ProviderError.InvalidRequestError)
      assert.include(error.message, "stop sequences")
      assert.strictEqual(server.requests(baseUrl).length, 0)
    }))

  it.effect("a dated Azure API version goes to /openai/responses?api-version=..., a bearer token as such", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes(folder, "azure-text.sse") })
      yield* CallStream.accumulate(LanguageModel.stream("x")).pipe(
        Effect.provide(
          Azure.responsesModel("my-deployment").pipe(
            Layer.provide(Azure.responsesLayer({
              endpoint: baseUrl,
              bearerToken: Redacted.make("entra-token-0123456789"),
              apiVersion: "2025-04-01-preview"
            })),
            Layer.provide(clients[0]![1])
          )
        )
      )
      const [request] = server.requests(baseUrl)
      assert.isTrue(request!.path.endsWith("/openai/responses?api-version=2025-04-01-preview"), request!.path)
      assert.strictEqual(request!.headers.authorization, "Bearer entra-token-0123456789")
      assert.isUndefined(request!.headers["api-key"])
      assert.strictEqual(JSON.parse(request!.body).model, "my-deployment")
    }))
})

describe("Responses API errors", () => {
  const cases = [
    ["http-401.json", 401, ProviderError.AuthenticationError, "invalid_api_key"],
    ["http-400-model-not-found.json", 400, ProviderError.InvalidRequestError, "model_not_found"],
    ["http-400-invalid-function-parameters.json", 400, ProviderError.InvalidRequestError, "invalid_function_parameters"]
  ] as const
  for (const [file, status, errorClass, code] of cases) {
    it.effect(`${file}: a typed error with the provider's message and code`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({
          status,
          headers: { "content-type": "application/json" },
          body: Fixtures.bytes(folder, file)
        })
        const { result } = yield* collect(LanguageModel.stream("x")).pipe(
          Effect.provide(modelLayer("text", baseUrl, clients[0]![1]))
        )
        const error = failureOf(result)
        assert.instanceOf(error, errorClass as new(...args: Array<any>) => ProviderError.ProviderError)
        assert.strictEqual(error.status, status)
        assert.strictEqual(error.errorType, code)
        assert.include(error.message, Fixtures.json(folder, file.replace(".json", ".expected.json")).error.message)
      }))
  }

  // The Responses API ends with `response.completed` or `response.incomplete` (a proxy's `[DONE]` after them is never
  // read); a body that ends before either, or a `[DONE]` before either, has no finish and no usage.
  for (const [ending, after] of [["cut", ""], ["a proxy's data: [DONE]", "data: [DONE]\n\n"]] as const) {
    it.effect(`a stream ended by ${ending} before its terminal event is truncated, after every event before`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const text = Fixtures.text(folder, "text.sse")
        const cut = text.indexOf("event: response.completed")
        const baseUrl = server.serve({ headers: sse, body: text.slice(0, cut) + after })
        const { chunks, result } = yield* collect(LanguageModel.stream("x")).pipe(
          Effect.provide(modelLayer("text", baseUrl, clients[0]![1]))
        )
        assert.instanceOf(failureOf(result), ProviderError.TruncatedStreamError)
        assert.strictEqual(
          chunks.map((chunk) => chunk.content).join(""),
          Fixtures.json<Expected>(folder, "text.expected.json").text
        )
      }))
  }

  it.effect("events this library does not know are skipped; a known event that breaks its schema is a typed error", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const text = Fixtures.text(folder, "text.sse")
      const unknown = `event: response.future_event\ndata: {"type":"response.future_event","sequence_number":99}\n\n` +
        `event: keepalive\ndata: not json\n\n` + `data: {"type":"response.future_event"}\n\n`
      const withUnknown = server.serve({ headers: sse, body: unknown + text })
      const model = (baseUrl: string) => modelLayer("text", baseUrl, clients[0]![1])
      const ok = yield* collect(LanguageModel.stream("x")).pipe(Effect.provide(model(withUnknown)))
      assert.strictEqual(ok.result._tag, "Success")
      assert.strictEqual(ok.chunks.length, Fixtures.json<Expected>(folder, "text.expected.json").eventCount)
      const broken =
        `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","output_index":0,"item_id":"m","content_index":0,"delta":7}\n\n`
      const withBroken = server.serve({
        headers: sse,
        body: text.replace(/(event: response\.completed)/, `${broken}$1`)
      })
      const failed = yield* collect(LanguageModel.stream("x")).pipe(Effect.provide(model(withBroken)))
      const error = failureOf(failed.result)
      assert.instanceOf(error, ProviderError.MalformedPayloadError)
      assert.include(error.message, "response.output_text.delta")
    }))
  it.effect("a response.failed the schema does not take (no model) fails with its own error, not as malformed", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const failed = (code: string, message: string) =>
        `event: response.failed\ndata: ${
          JSON.stringify({
            type: "response.failed",
            sequence_number: 1,
            response: { id: "resp_1", status: "failed", error: { code, message } }
          })
        }\n\n`
      const errorOf = (body: string) =>
        collect(LanguageModel.stream("x")).pipe(
          Effect.provide(modelLayer("text", server.serve({ headers: sse, body }), clients[0]![1])),
          Effect.map(({ result }) => failureOf(result))
        )
      const limited = yield* errorOf(failed("rate_limit_exceeded", "Rate limit reached"))
      assert.instanceOf(limited, ProviderError.RateLimitError)
      assert.strictEqual(limited.message, "openai [rate_limit_exceeded]: Rate limit reached")
      const down = yield* errorOf(failed("server_error", "The model failed"))
      assert.instanceOf(down, ProviderError.ProviderUnavailableError)
      assert.isTrue(down.retryable)
    }))
})
