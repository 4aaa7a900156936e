/**
 * `npm run demo`: streams "Recommend a fantasy book" from every provider through the generic
 * `LanguageModel`, printing text as it arrives, then the id, model, finish reason, usage and cost.
 *
 * A provider whose API key is set in the environment is called for real. Otherwise the demo starts the
 * bundled replay server on 127.0.0.1 and streams a real recorded response body from it, and says so.
 */
import { Config, Console, Effect, Layer, Option, Redacted, Result, Stream } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import {
  Anthropic,
  Azure,
  Bedrock,
  CallResponse,
  CallStream,
  Cost,
  Groq,
  LanguageModel,
  OpenAI
} from "effect-llm-stream"
import type { ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import type { HttpClient } from "effect/http"
import * as Fs from "node:fs"
import * as Path from "node:path"

const prompt = "Recommend a fantasy book"
const fixtures = Path.join(import.meta.dirname, "..", "test", "fixtures")

interface Recording {
  readonly file: string
  readonly prompt: string
  readonly contentType: string
  /** The request id the provider sent in its response headers, when the recording kept it. */
  readonly requestId?: string | undefined
}

const sse = "text/event-stream"
const eventStream = "application/vnd.amazon.eventstream"

/** The body of a recording; Bedrock's binary bodies are stored base64-encoded. */
const bodyOf = (recording: Recording): Uint8Array => {
  const bytes = Fs.readFileSync(recording.file)
  return recording.file.endsWith(".b64") ? new Uint8Array(Buffer.from(bytes.toString("utf8").trim(), "base64")) : bytes
}

interface Provider {
  readonly name: CallResponseChunk.Provider
  readonly keyVariable: string
  readonly recording: Recording
  /** The model layer against the real API (`apiKey` from the environment). */
  readonly live: (apiKey: Redacted.Redacted) => Layer.Layer<LanguageModel.LanguageModel, Config.ConfigError>
  /** The model layer against the replay server at `baseUrl`. */
  readonly replay: (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel, Config.ConfigError>
}

/** A published recording of a book recommendation when there is one, else another real recording. */
const recording = (provider: string, fallback: Recording): Recording => {
  const extension = fallback.contentType === eventStream ? "eventstream.b64" : "sse"
  const file = Path.join(fixtures, "demo", `${provider}.${extension}`)
  if (!Fs.existsSync(file)) return fallback
  const meta = JSON.parse(Fs.readFileSync(Path.join(fixtures, "demo", `${provider}.meta.json`), "utf8"))
  return { file, prompt: meta.prompt, contentType: fallback.contentType, requestId: meta.requestId ?? undefined }
}

/** A provider's model layer over its client layer and the fetch HTTP client. */
const over = <I>(
  model: Layer.Layer<LanguageModel.LanguageModel, never, I>,
  client: Layer.Layer<I, Config.ConfigError, HttpClient.HttpClient>
): Layer.Layer<LanguageModel.LanguageModel, Config.ConfigError> =>
  model.pipe(Layer.provide(client), Layer.provide(FetchHttpClient.layer))

const providers: ReadonlyArray<Provider> = [
  {
    name: "openai",
    keyVariable: "OPENAI_API_KEY",
    recording: recording("openai", {
      file: Path.join(fixtures, "openai", "text.sse"),
      prompt: "What is 4200 + 42?",
      contentType: sse
    }),
    live: (apiKey) => over(OpenAI.model("gpt-4o-mini", { maxTokens: 300 }), OpenAI.layer({ apiKey })),
    replay: (baseUrl) => over(OpenAI.model("gpt-4o"), OpenAI.layer({ apiKey: Redacted.make("replay"), baseUrl }))
  },
  {
    name: "anthropic",
    keyVariable: "ANTHROPIC_API_KEY",
    recording: recording("anthropic", {
      file: Path.join(fixtures, "anthropic", "text.sse"),
      prompt: "What is 4200 + 42?",
      contentType: sse
    }),
    live: (apiKey) => over(Anthropic.model("claude-haiku-4-5", { maxTokens: 300 }), Anthropic.layer({ apiKey })),
    replay: (baseUrl) =>
      over(Anthropic.model("claude-sonnet-4-0"), Anthropic.layer({ apiKey: Redacted.make("replay"), baseUrl }))
  },
  {
    name: "groq",
    keyVariable: "GROQ_API_KEY",
    recording: recording("groq", {
      file: Path.join(fixtures, "groq", "text.sse"),
      prompt: "(not stored with this recording; the answer describes an invented holiday)",
      contentType: sse
    }),
    live: (apiKey) => over(Groq.model("llama-3.3-70b-versatile", { maxTokens: 300 }), Groq.layer({ apiKey })),
    replay: (baseUrl) =>
      over(Groq.model("llama-3.3-70b-versatile"), Groq.layer({ apiKey: Redacted.make("replay"), baseUrl }))
  },
  {
    name: "azure",
    keyVariable: "AZURE_API_KEY",
    recording: recording("azure", {
      file: Path.join(fixtures, "azure", "text.sse"),
      prompt: "What is 4200 + 42?",
      contentType: sse
    }),
    // Azure also needs AZURE_ENDPOINT, and AZURE_DEPLOYMENT names the deployment to call.
    live: () =>
      Layer.unwrap(
        Effect.map(
          Config.String("AZURE_DEPLOYMENT").pipe(Config.withDefault("gpt-4o-mini")),
          (deployment) => over(Azure.model(deployment, { maxTokens: 300 }), Azure.layerConfig())
        )
      ),
    replay: (baseUrl) =>
      over(
        Azure.model("gpt-5-mini", { baseModel: "gpt-5-mini-2025-08-07" }),
        Azure.layer({ endpoint: baseUrl, api: "deployments", apiKey: Redacted.make("replay") })
      )
  },
  {
    name: "bedrock",
    keyVariable: "AWS_BEARER_TOKEN_BEDROCK",
    recording: recording("bedrock", {
      file: Path.join(fixtures, "bedrock", "converse-text.eventstream.b64"),
      prompt: "(see test/fixtures/bedrock/SOURCES.md)",
      contentType: eventStream
    }),
    // With AWS_BEARER_TOKEN_BEDROCK set; AWS_REGION defaults to us-east-1 here.
    live: (apiKey) =>
      Layer.unwrap(
        Effect.map(
          Config.String("AWS_REGION").pipe(Config.withDefault("us-east-1")),
          (region) =>
            over(Bedrock.model("us.amazon.nova-micro-v1:0", { maxTokens: 300 }), Bedrock.layer({ region, apiKey }))
        )
      ),
    replay: (baseUrl) =>
      over(
        Bedrock.model("amazon.nova-micro-v1:0"),
        Bedrock.layer({ region: "us-east-1", baseUrl, apiKey: Redacted.make("replay") })
      )
  }
]

const count = (tokens: number | undefined) => tokens ?? "not reported"

/**
 * How a recording is replayed: in about 100 network pieces of random sizes, 8 ms apart, so that every
 * provider streams visibly, as a model does, and the whole demo takes a few seconds whatever the size of
 * the recording.
 */
const pacing = (length: number, seed: number): { readonly cuts: Array<number>; readonly delayMs: number } => ({
  cuts: ReplayServer.randomCuts(length, seed, Math.max(8, Math.ceil((2 * length) / 100))),
  delayMs: 8
})

const streamOnce = Effect.gen(function*() {
  let response = CallResponse.empty
  yield* CallStream.scan(LanguageModel.stream(prompt)).pipe(
    Stream.runForEach(([chunk, soFar]) =>
      Effect.sync(() => {
        process.stdout.write(chunk.content)
        response = soFar
      })
    )
  )
  const model = yield* LanguageModel.LanguageModel
  const usage = response.usage
  yield* Console.log(
    [
      "",
      `  provider:      ${model.provider} (requested model ${model.model})`,
      `  id:            ${response.id ?? "not reported"}`,
      `  model:         ${response.model}`,
      `  finish reason: ${response.finishReasons.join(", ")} (common: ${response.commonFinishReasons.join(", ")})`,
      `  usage:         input ${count(usage.inputTokens)} (cached ${count(usage.cachedTokens)}), output ${
        count(usage.outputTokens)
      } (reasoning ${count(usage.reasoningTokens)})`,
      `  cost:          ${
        Result.match(response.costResult, {
          onFailure: (unavailable) => `not available (${unavailable.reason}: ${unavailable.message})`,
          onSuccess: (cost) =>
            `${Cost.format(cost)} (${cost.model}, prices checked ${cost.checkedAt} at ${cost.source})`
        })
      }`
    ].join("\n")
  )
})

/** A failed provider is reported and the demo goes on with the next one. */
const reportFailure = Effect.catch((error: ProviderError.ProviderError | Config.ConfigError) =>
  Console.error(`\n  failed with ${error._tag}: ${"message" in error ? error.message : String(error)}`)
)

const program = Effect.gen(function*() {
  const server = yield* ReplayServer.make
  for (const provider of providers) {
    const key = yield* Config.option(Config.Redacted(provider.keyVariable))
    yield* Console.log(`\n=== ${provider.name} ===`)
    if (Option.isSome(key)) {
      yield* Console.log(`(calling the real API: ${provider.keyVariable} is set)\nprompt: ${prompt}\n`)
      yield* streamOnce.pipe(Effect.provide(provider.live(key.value)), reportFailure)
    } else {
      const body = bodyOf(provider.recording)
      const requestIdHeader = provider.name === "bedrock" ? "x-amzn-requestid" : "x-request-id"
      const baseUrl = server.serve({
        headers: {
          "content-type": provider.recording.contentType,
          ...(provider.recording.requestId === undefined ? {} : { [requestIdHeader]: provider.recording.requestId })
        },
        body,
        ...pacing(body.length, 1)
      })
      yield* Console.log(
        `(${provider.keyVariable} is not set: replaying the recorded response ${
          Path.relative(process.cwd(), provider.recording.file)
        } from the local replay server at ${server.origin})\nrecorded prompt: ${provider.recording.prompt}\n`
      )
      yield* streamOnce.pipe(Effect.provide(provider.replay(baseUrl)), reportFailure)
    }
  }
})

Effect.runPromise(Effect.scoped(program)).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
