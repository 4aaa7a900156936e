import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Redacted, Schema, Stream } from "effect"
import { Azure, CallResponse, Groq, LanguageModel, Message, ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect, failureOf } from "../../support/Collect.js"

const apiKey = "key-test-0123456789abcdef"

const groq = (baseUrl: string) =>
  collect(LanguageModel.stream("hi")).pipe(
    Effect.provide(
      Groq.model("llama-3.3-70b-versatile").pipe(
        Layer.provide(Groq.layer({ apiKey: Redacted.make(apiKey), baseUrl })),
        Layer.provide(clients[0]![1])
      )
    )
  )

const azure = (options: Partial<Azure.Options> & { readonly endpoint: string }, deployment = "my-deployment") =>
  collect(LanguageModel.stream("hi")).pipe(
    Effect.provide(
      Azure.model(deployment, { baseModel: "gpt-4o-2024-08-06", maxTokens: 64 }).pipe(
        Layer.provide(Azure.layer({ apiKey: Redacted.make(apiKey), ...options })),
        Layer.provide(clients[1]![1])
      )
    )
  )

describe("Groq", () => {
  it("reads usage from x_groq when the top-level usage is absent", () => {
    const chunk = Schema.decodeUnknownSync(Groq.GroqCallResponseChunkFromPayload)({
      id: "chatcmpl-1",
      model: "llama-3.3-70b-versatile",
      choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
      x_groq: {
        id: "req_01",
        usage: {
          prompt_tokens: 40,
          completion_tokens: 12,
          total_tokens: 52,
          queue_time: 0.01,
          prompt_time: 0.002,
          prompt_tokens_details: { cached_tokens: 32 }
        }
      }
    })
    assert.strictEqual(chunk.inputTokens, 40)
    assert.strictEqual(chunk.cachedTokens, 32)
    assert.strictEqual(chunk.outputTokens, 12)
    assert.strictEqual(chunk.groqRequestId, "req_01")
    assert.deepStrictEqual(chunk.commonFinishReasons, ["stop"])
  })

  it.effect("HTTP 401 and 404 bodies become typed errors with Groq's message", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const unauthorized = failureOf(
        (yield* groq(server.serve({ status: 401, body: Fixtures.bytes("groq", "http-401.json") }))).result
      )
      assert.instanceOf(unauthorized, ProviderError.AuthenticationError)
      assert.include(unauthorized.message, "Invalid API Key")
      assert.strictEqual(unauthorized.provider, "groq")
      const notFound = failureOf(
        (yield* groq(server.serve({ status: 404, body: Fixtures.bytes("groq", "http-404.json") }))).result
      )
      assert.instanceOf(notFound, ProviderError.InvalidRequestError)
      assert.strictEqual(notFound.errorType, "model_not_found")
    }))

  it.effect("sends the request to /openai/v1/chat/completions with a bearer key", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("groq", "text.sse") })
      const { result } = yield* groq(`${baseUrl}/openai/v1`)
      assert.strictEqual(result._tag, "Success")
      const [request] = server.requests(baseUrl)
      assert.isTrue(request!.path.endsWith("/openai/v1/chat/completions"))
      assert.strictEqual(request!.headers.authorization, `Bearer ${apiKey}`)
      assert.strictEqual(JSON.parse(request!.body).model, "llama-3.3-70b-versatile")
    }))
})

describe("Azure", () => {
  it("decides the API from the endpoint", () => {
    assert.strictEqual(Azure.apiOf("https://my-resource.openai.azure.com"), "deployments")
    assert.strictEqual(Azure.apiOf("https://my-resource.cognitiveservices.azure.com/"), "deployments")
    assert.strictEqual(Azure.apiOf("https://my-model.eastus2.models.ai.azure.com"), "inference")
    assert.strictEqual(Azure.apiOf("https://models.inference.ai.azure.com"), "inference")
    // Custom domains (API Management, private endpoints): an `/openai` path segment is Azure OpenAI's.
    assert.strictEqual(Azure.apiOf("https://gateway.example.com/openai"), "deployments")
    assert.strictEqual(Azure.apiOf("https://apim.azure-api.net/team/openai/"), "deployments")
    assert.strictEqual(Azure.apiOf("https://gateway.example.com/openai/deployments/prod"), "deployments")
    // The v1 API (openai-node 7.5's docs/azure.md: `baseURL: ${endpoint}/openai/v1/`), on the resource's host too.
    assert.strictEqual(Azure.apiOf("https://gateway.example.com/openai/v1"), "v1")
    assert.strictEqual(Azure.apiOf("https://my-resource.openai.azure.com/openai/v1/"), "v1")
    assert.strictEqual(Azure.apiOf("https://my-resource.cognitiveservices.azure.com/openai/v1"), "v1")
    assert.strictEqual(Azure.apiOf("https://gateway.example.com/openaiproxy"), "inference")
  })

  it.effect("an endpoint on a custom domain whose path ends in /openai gets the deployments URL and native structured output", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("azure", "text.sse") })
      yield* collect(
        LanguageModel.stream({ messages: [Message.user("hi")], output: Schema.Struct({ title: Schema.String }) })
      ).pipe(
        Effect.provide(
          Azure.model("prod").pipe(
            Layer.provide(Azure.layer({ apiKey: Redacted.make(apiKey), endpoint: `${baseUrl}/openai` })),
            Layer.provide(clients[1]![1])
          )
        )
      )
      const [request] = server.requests(baseUrl)
      assert.isTrue(request!.path.includes("/openai/deployments/prod/chat/completions?"), request!.path)
      assert.isTrue(request!.path.endsWith("api-version=2024-10-21"))
      const body = JSON.parse(request!.body)
      assert.isUndefined(body.model)
      // Azure OpenAI's native structured output, not the forced tool the inference API gets.
      assert.strictEqual(body.response_format?.type, "json_schema")
      assert.isUndefined(body.tools)
    }))

  it.effect("the v1 API gets /openai/v1/chat/completions, the deployment as model, no api-version, native output", () =>
    Effect.gen(function*() {
      // openai-node 7.5's docs/azure.md: the v1 API with the standard client, `model` the deployment's name.
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("azure", "text.sse") })
      for (const endpoint of [`${baseUrl}/openai/v1`, `${baseUrl}/openai/v1/`]) {
        yield* collect(
          LanguageModel.stream({
            messages: [Message.user("hi")],
            maxTokens: 64,
            output: Schema.Struct({ title: Schema.String })
          })
        ).pipe(
          Effect.provide(
            Azure.model("prod-chat", { baseModel: "gpt-5-mini-2025-08-07" }).pipe(
              Layer.provide(Azure.layer({ apiKey: Redacted.make(apiKey), endpoint })),
              Layer.provide(clients[0]![1])
            )
          )
        )
      }
      for (const request of server.requests(baseUrl)) {
        assert.isTrue(request.path.endsWith(`${new URL(baseUrl).pathname}/openai/v1/chat/completions`), request.path)
        assert.strictEqual(request.headers["api-key"], apiKey)
        const body = JSON.parse(request.body)
        assert.strictEqual(body.model, "prod-chat")
        assert.strictEqual(body.max_completion_tokens, 64)
        assert.isUndefined(body.max_tokens)
        assert.strictEqual(body.response_format?.type, "json_schema")
      }
      // A resource endpoint with `api: "v1"` gets the v1 path after it; a given apiVersion (`preview`) is sent.
      yield* azure({ endpoint: baseUrl, api: "v1", apiVersion: "preview" }, "prod-chat")
      assert.isTrue(server.requests(baseUrl)[2]!.path.endsWith("/openai/v1/chat/completions?api-version=preview"))
      // Another provider's model on the v1 API (a Foundry DeepSeek deployment) answers through a forced tool.
      yield* collect(
        LanguageModel.stream({ messages: [Message.user("hi")], output: Schema.Struct({ title: Schema.String }) })
      ).pipe(
        Effect.provide(
          Azure.model("reasoner", { baseModel: "DeepSeek-R1" }).pipe(
            Layer.provide(Azure.layer({ apiKey: Redacted.make(apiKey), endpoint: `${baseUrl}/openai/v1` })),
            Layer.provide(clients[0]![1])
          )
        )
      )
      const foundry = JSON.parse(server.requests(baseUrl)[3]!.body)
      assert.strictEqual(foundry.model, "reasoner")
      assert.isUndefined(foundry.response_format)
      assert.strictEqual(foundry.tools?.length, 1)
    }))

  it.effect("a deployment gets the deployment URL, api-version, api-key and no model in the body", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("azure", "text.sse") })
      const { chunks, result } = yield* azure({ endpoint: baseUrl, api: "deployments" }, "gpt 4o/prod")
      assert.strictEqual(result._tag, "Success")
      const [request] = server.requests(baseUrl)
      assert.isTrue(request!.path.includes("/openai/deployments/gpt%204o%2Fprod/chat/completions?"))
      assert.isTrue(request!.path.endsWith("api-version=2024-10-21"))
      assert.strictEqual(request!.headers["api-key"], apiKey)
      assert.isUndefined(request!.headers.authorization)
      const body = JSON.parse(request!.body)
      assert.isUndefined(body.model)
      assert.strictEqual(body.max_completion_tokens, 64)
      // The prompt annotation chunk (empty id and model, no choices) does not hide the real id and model.
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.isDefined(response.id)
      assert.isTrue(response.model!.startsWith("gpt-5-mini"))
      const annotation = chunks[0] as Azure.AzureCallResponseChunk
      assert.isDefined(annotation.promptFilterResults)
      assert.isUndefined(annotation.id)
    }))

  it.effect("an inference endpoint gets /chat/completions, the model in the body and max_tokens", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("azure", "text.sse") })
      yield* azure({ endpoint: baseUrl, api: "inference", apiVersion: "2024-05-01-preview" }, "Llama-3.3-70B-Instruct")
      const [request] = server.requests(baseUrl)
      assert.isTrue(request!.path.endsWith("/chat/completions?api-version=2024-05-01-preview"))
      const body = JSON.parse(request!.body)
      assert.strictEqual(body.model, "Llama-3.3-70B-Instruct")
      assert.strictEqual(body.max_tokens, 64)
    }))

  it.effect("the LanguageModel keeps the deployment name and the base model apart", () =>
    Effect.gen(function*() {
      const model = yield* LanguageModel.LanguageModel
      assert.strictEqual(model.model, "my-deployment")
      assert.strictEqual(model.baseModel, "gpt-4o-2024-08-06")
      assert.strictEqual(model.provider, "azure")
    }).pipe(
      Effect.provide(
        Azure.model("my-deployment", { baseModel: "gpt-4o-2024-08-06" }).pipe(
          Layer.provide(Azure.layer({ endpoint: "https://x.openai.azure.com" })),
          Layer.provide(clients[0]![1])
        )
      )
    ))

  it.effect("a content_filter finish in an annotation chunk without delta ends the response", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("azure", "content-filter.sse"), cuts: [100, 700] })
      const { chunks, result } = yield* azure({ endpoint: baseUrl, api: "deployments" })
      assert.strictEqual(result._tag, "Success")
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.deepStrictEqual(response.commonFinishReasons, ["content_filter"])
      const last = chunks.filter((chunk) => chunk.finishReasons.length > 0).at(-1) as Azure.AzureCallResponseChunk
      assert.isDefined(last.contentFilterResults)
    }))

  it.effect("HTTP 401, 429 and a filtered prompt become typed errors with Azure's message", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const unauthorized = failureOf(
        (yield* azure({ endpoint: server.serve({ status: 401, body: Fixtures.bytes("azure", "http-401.json") }) }))
          .result
      )
      assert.instanceOf(unauthorized, ProviderError.AuthenticationError)
      assert.include(unauthorized.message, "Access denied due to invalid subscription key")
      const limited = failureOf(
        (yield* azure({
          endpoint: server.serve({
            status: 429,
            headers: { "retry-after": "8", "apim-request-id": "apim-1" },
            body: Fixtures.bytes("azure", "http-429.json")
          })
        })).result
      )
      assert.instanceOf(limited, ProviderError.RateLimitError)
      assert.strictEqual(limited.retryAfterMillis, 8000)
      assert.strictEqual(limited.requestId, "apim-1")
      const filtered = failureOf(
        (yield* azure({
          endpoint: server.serve({ status: 400, body: Fixtures.bytes("azure", "http-400-content-filter.json") })
        })).result
      )
      assert.instanceOf(filtered, ProviderError.InvalidRequestError)
      assert.strictEqual(filtered.errorType, "content_filter")
      assert.notInclude(JSON.stringify([unauthorized, limited, filtered]), apiKey)
    }))

  it.effect("layerConfig reads AZURE_ENDPOINT and AZURE_API_KEY, and fails clearly without an endpoint", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("azure", "text.sse") })
      const configured = (env: ReadonlyArray<readonly [string, string]>) =>
        Azure.layerConfig({ api: "deployments" }).pipe(
          Layer.provide(clients[0]![1]),
          Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: Object.fromEntries(env) })))
        )
      yield* Effect.gen(function*() {
        const client = yield* Azure.AzureClient
        yield* Stream.runDrain(client.stream({ model: "dep", messages: [] }))
      }).pipe(Effect.provide(configured([["AZURE_ENDPOINT", baseUrl], ["AZURE_API_KEY", "from-env"]])))
      assert.strictEqual(server.requests(baseUrl)[0]!.headers["api-key"], "from-env")
      const missing = yield* Azure.AzureClient.pipe(Effect.provide(configured([["AZURE_API_KEY", "k"]])), Effect.flip)
      assert.include(String(missing), "AZURE_ENDPOINT")
    }))
})
