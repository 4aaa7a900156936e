/**
 * `layerConfig` reads keys from the environment, and a missing key is a `ConfigurationError` (an `Error`
 * with a one-line message) that names the variable and how to pass a key instead: never a request sent
 * without credentials. A server that takes no key is an explicit choice.
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, ConfigProvider, Effect, Layer, Stream } from "effect"
import {
  Anthropic,
  Azure,
  Bedrock,
  Google,
  Groq,
  LanguageModel,
  OpenAI,
  OpenAIResponses,
  ProviderError
} from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type * as HttpClient from "effect/http/HttpClient"
import * as HttpClientService from "effect/http/HttpClient"
import { clients } from "../../support/Clients.js"
import * as Fixtures from "../../support/Fixtures.js"

const env = (variables: Record<string, string>) => ConfigProvider.layer(ConfigProvider.fromEnv({ env: variables }))

const missing: ReadonlyArray<
  readonly [
    provider: string,
    layer: Layer.Layer<LanguageModel.LanguageModel, ProviderError.ConfigurationError, HttpClient.HttpClient>,
    variables: Record<string, string>,
    named: ReadonlyArray<string>
  ]
> = [
  ["openai", OpenAI.model("gpt-4o").pipe(Layer.provide(OpenAI.layerConfig())), {}, ["OPENAI_API_KEY"]],
  ["anthropic", Anthropic.model("claude-sonnet-4-5").pipe(Layer.provide(Anthropic.layerConfig())), {}, [
    "ANTHROPIC_API_KEY"
  ]],
  ["groq", Groq.model("llama-3.3-70b-versatile").pipe(Layer.provide(Groq.layerConfig())), {}, ["GROQ_API_KEY"]],
  [
    "azure",
    Azure.model("d").pipe(Layer.provide(Azure.layerConfig())),
    { AZURE_ENDPOINT: "https://x.openai.azure.com" },
    [
      "AZURE_API_KEY"
    ]
  ],
  ["google", Google.model("gemini-2.5-flash").pipe(Layer.provide(Google.layerConfig())), {}, [
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "Google.layer({ apiKey"
  ]],
  ["openai responses", OpenAIResponses.model("gpt-5").pipe(Layer.provide(OpenAIResponses.layerConfig())), {}, [
    "OPENAI_API_KEY"
  ]],
  [
    "azure responses",
    Azure.responsesModel("d").pipe(Layer.provide(Azure.responsesLayerConfig())),
    { AZURE_ENDPOINT: "https://x.openai.azure.com" },
    ["AZURE_API_KEY"]
  ],
  ["bedrock", Bedrock.model("m").pipe(Layer.provide(Bedrock.layerConfig())), { AWS_REGION: "us-east-1" }, [
    "AWS_BEARER_TOKEN_BEDROCK",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "Bedrock.layer({ region, apiKey })"
  ]],
  ["bedrock without a region", Bedrock.model("m").pipe(Layer.provide(Bedrock.layerConfig())), {
    AWS_BEARER_TOKEN_BEDROCK: "token"
  }, ["AWS_REGION", "Bedrock.layerConfig({ region"]],
  ["azure without an endpoint", Azure.model("d").pipe(Layer.provide(Azure.layerConfig())), { AZURE_API_KEY: "k" }, [
    "AZURE_ENDPOINT is not set",
    "Azure.layer({ endpoint, apiKey })"
  ]],
  [
    "azure with an endpoint that is not a URL",
    Azure.model("d").pipe(Layer.provide(Azure.layerConfig())),
    { AZURE_API_KEY: "k", AZURE_ENDPOINT: "my-resource" },
    ["not an http(s) URL", `"my-resource"`, "https://<resource>.openai.azure.com"]
  ]
]

describe("layerConfig without a key", () => {
  for (const [provider, layer, variables, named] of missing) {
    it.effect(`${provider}: fails with a ConfigurationError naming ${named.join(", ")}`, () =>
      Effect.gen(function*() {
        const error = yield* LanguageModel.LanguageModel.pipe(
          Effect.provide(layer.pipe(Layer.provide(clients[0]![1]), Layer.provide(env(variables)))),
          Effect.flip
        )
        assert.instanceOf(error, ProviderError.ConfigurationError)
        assert.instanceOf(error, Error)
        assert.strictEqual(error.provider, provider.split(" ")[0])
        assert.match(error.message, new RegExp(`^${error.provider}: `))
        assert.notInclude(error.message, "\n")
        assert.isFalse(error.retryable)
        for (const name of named) assert.include(String(error), name)
      }))
  }

  it.effect("a keyless server is an explicit choice: apiKey: Config.succeed(undefined) sends no Authorization", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        headers: { "content-type": "text/event-stream" },
        body: Fixtures.bytes("openai", "text.sse")
      })
      yield* Stream.runDrain(LanguageModel.stream("hi")).pipe(
        Effect.provide(
          OpenAI.model("gpt-4o").pipe(
            Layer.provide(OpenAI.layerConfig({ apiKey: Config.succeed(undefined), baseUrl: Config.succeed(baseUrl) })),
            Layer.provide(clients[0]![1]),
            Layer.provide(env({}))
          )
        )
      )
      assert.isUndefined(server.requests(baseUrl)[0]!.headers.authorization)
    }))

  it.effect("a Config the program passes that fails is a ConfigurationError too, naming its variable", () =>
    Effect.gen(function*() {
      const error = yield* LanguageModel.LanguageModel.pipe(
        Effect.provide(
          OpenAI.model("gpt-4o").pipe(
            Layer.provide(OpenAI.layerConfig({ apiKey: Config.Redacted("MY_OPENAI_KEY") })),
            Layer.provide(clients[0]![1]),
            Layer.provide(env({}))
          )
        ),
        Effect.flip
      )
      assert.instanceOf(error, ProviderError.ConfigurationError)
      assert.strictEqual(error.message, "openai: MY_OPENAI_KEY is not set or not valid (Expected string)")
    }))

  it.effect("with the key set, it is sent", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        headers: { "content-type": "text/event-stream" },
        body: Fixtures.bytes("openai", "text.sse")
      })
      yield* Stream.runDrain(LanguageModel.stream("hi")).pipe(
        Effect.provide(
          OpenAI.model("gpt-4o").pipe(
            Layer.provide(OpenAI.layerConfig()),
            Layer.provide(clients[0]![1]),
            Layer.provide(env({ OPENAI_API_KEY: "sk-from-env", OPENAI_BASE_URL: baseUrl }))
          )
        )
      )
      assert.strictEqual(server.requests(baseUrl)[0]!.headers.authorization, "Bearer sk-from-env")
    }))
})

describe("layerModel's HTTP client", () => {
  /** An HTTP client that counts the requests it sends, over `client`. */
  const counted = (client: Layer.Layer<HttpClient.HttpClient>, count: { sent: number }) =>
    Layer.effect(
      HttpClientService.HttpClient,
      Effect.gen(function*() {
        const inner = yield* HttpClientService.HttpClient
        return HttpClientService.tapRequest(inner, () => Effect.sync(() => count.sent++))
      })
    ).pipe(Layer.provide(client))

  it.effect("asks with the HTTP client it is given (Layer.provide), else with its own, which needs nothing", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        headers: { "content-type": "text/event-stream" },
        body: Fixtures.bytes("openai", "text.sse")
      })
      const variables = env({ OPENAI_API_KEY: "sk-from-env", OPENAI_BASE_URL: baseUrl })
      for (const [name, client] of clients) {
        const count = { sent: 0 }
        const text = yield* Stream.runFold(LanguageModel.stream("hi"), () => "", (text, chunk) => text + chunk.content)
          .pipe(
            Effect.provide(
              OpenAI.layerModel("gpt-4o").pipe(Layer.provide(counted(client, count)), Layer.provide(variables))
            )
          )
        assert.isAbove(text.length, 0, name)
        assert.strictEqual(count.sent, 1, name)
      }
      // Given none, it asks with its own (on Node, over node:http: test/core/http/NodeClient.test.ts): the request is sent
      // all the same.
      yield* Stream.runDrain(LanguageModel.stream("hi")).pipe(
        Effect.provide(OpenAI.layerModel("gpt-4o").pipe(Layer.provide(variables)))
      )
      assert.strictEqual(server.requests(baseUrl).length, clients.length + 1)
    }))
})
