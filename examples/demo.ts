/**
 * `npm run demo`: streams an answer from every provider through the generic `LanguageModel`, printing
 * the prompt, the text as it arrives, then the id, model, finish reason, usage and cost.
 *
 * A provider whose API key is set in the environment is called for real, with "Recommend a fantasy
 * book". Otherwise the demo starts the bundled replay server on 127.0.0.1 and streams a real recorded
 * response from it, with the prompt that recording answered (test/fixtures/demo/SOURCES.md names each
 * recording and its prompt), and says so.
 */
import { Config, Console, Effect, Layer, Option, Redacted, Result, Stream } from "effect"
import type { CallResponseChunk, ProviderError } from "effect-llm-stream"
import {
  Anthropic,
  Azure,
  Bedrock,
  CallResponse,
  CallStream,
  Cost,
  Google,
  Groq,
  LanguageModel,
  Message,
  OpenAI
} from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import type { HttpClient } from "effect/http"
import * as Fs from "node:fs"
import * as Path from "node:path"

const fixtures = Path.join(import.meta.dirname, "..", "test", "fixtures")

/** A prompt: an optional system prompt and the turns of a conversation, the last one the user's. */
interface Prompt {
  readonly system?: string | undefined
  readonly turns: ReadonlyArray<readonly [role: "user" | "assistant", text: string]>
}

/** What the demo asks when it calls a provider for real. */
const livePrompt: Prompt = { turns: [["user", "Recommend a fantasy book"]] }

/** A real recorded response, and the prompt it answered. */
interface Recording {
  /** Under test/fixtures/. */
  readonly file: string
  readonly prompt: Prompt
  readonly contentType: string
  /** The request id the provider sent in its response headers, when the recording kept it. */
  readonly requestId?: string | undefined
}

interface Provider {
  readonly name: CallResponseChunk.Provider
  readonly keyVariable: string
  readonly recording: Recording
  /** The model layer against the real API, configured from the environment. */
  readonly live: Layer.Layer<LanguageModel.LanguageModel, ProviderError.ConfigurationError>
  /** The model layer against the replay server at `baseUrl`. */
  readonly replay: (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel>
}

const sse = "text/event-stream"
const eventStream = "application/vnd.amazon.eventstream"
const replayKey = Redacted.make("replay")
/** A provider's model over its client, both over the fetch HTTP client. */
const replayOver = <Client>(
  model: Layer.Layer<LanguageModel.LanguageModel, never, Client | HttpClient.HttpClient>,
  client: Layer.Layer<Client, never, HttpClient.HttpClient>
): Layer.Layer<LanguageModel.LanguageModel> => model.pipe(Layer.provide(client), Layer.provide(FetchHttpClient.layer))
const whatIs = "What is 4200 + 42?"
const strawberry = "How many \"r\"s are in the word \"strawberry\"?"

/** The model OpenAI's recording was made with (its answer names it), asked for again when it is replayed. */
const recordedOpenAIModel = "gpt-4o-2024-08-06"

/** The recording each provider replays without a key (sources: test/fixtures/demo/SOURCES.md). */
const recordings: Readonly<Record<CallResponseChunk.Provider, Recording>> = {
  openai: { file: "openai/text.sse", prompt: { turns: [["user", whatIs]] }, contentType: sse },
  anthropic: {
    file: "demo/anthropic.sse",
    prompt: {
      system: "Be as concise as possible",
      turns: [
        ["user", "Recommend a book"],
        ["assistant", "I'd be happy to. What genre would you like?"],
        ["user", "Something about the fall of the Roman Empire"]
      ]
    },
    contentType: sse,
    requestId: "req_011CSwp4Zh2yM3h4svUXsKk8"
  },
  groq: {
    file: "groq/text.sse",
    prompt: { turns: [["user", "Invent a new holiday and describe its traditions."]] },
    contentType: sse
  },
  azure: { file: "azure/text.sse", prompt: { turns: [["user", whatIs]] }, contentType: sse },
  bedrock: {
    file: "bedrock/converse-text.eventstream.b64",
    prompt: { system: "You are a helpful chatbot.", turns: [["user", "What is the capital of France?"]] },
    contentType: eventStream
  },
  google: {
    file: "google/text.sse",
    prompt: { turns: [["user", strawberry]] },
    contentType: sse
  },
  // Vertex AI serves the same events; its recordings are tool calls, so the demo replays the Gemini API's.
  "google-vertex": {
    file: "google/text.sse",
    prompt: { turns: [["user", strawberry]] },
    contentType: sse
  }
}

/** The body of a recording; Bedrock's binary bodies are stored base64-encoded. */
const bodyOf = (recording: Recording): Uint8Array => {
  const bytes = Fs.readFileSync(Path.join(fixtures, recording.file))
  return recording.file.endsWith(".b64") ? new Uint8Array(Buffer.from(bytes.toString("utf8").trim(), "base64")) : bytes
}

const providers: ReadonlyArray<Provider> = [
  {
    name: "openai",
    keyVariable: "OPENAI_API_KEY",
    recording: recordings.openai,
    live: OpenAI.layerModel("gpt-6-luna", { maxTokens: 300, reasoning: { effort: "none" } }),
    replay: (baseUrl) => replayOver(OpenAI.model(recordedOpenAIModel), OpenAI.layer({ apiKey: replayKey, baseUrl }))
  },
  {
    name: "anthropic",
    keyVariable: "ANTHROPIC_API_KEY",
    recording: recordings.anthropic,
    live: Anthropic.layerModel("claude-haiku-4-5", { maxTokens: 300 }),
    replay: (baseUrl) =>
      replayOver(Anthropic.model("claude-sonnet-4-0"), Anthropic.layer({ apiKey: replayKey, baseUrl }))
  },
  {
    name: "groq",
    keyVariable: "GROQ_API_KEY",
    recording: recordings.groq,
    // Groq retired llama-3.3-70b-versatile on August 16th, 2026 (gpt-oss-120b its replacement); the recording replayed
    // is of it. gpt-oss always reasons, its reasoning counted in the output cap: it is asked to reason little.
    live: Groq.layerModel("openai/gpt-oss-120b", { maxTokens: 500, reasoning: { effort: "low" } }),
    replay: (baseUrl) => replayOver(Groq.model("llama-3.3-70b-versatile"), Groq.layer({ apiKey: replayKey, baseUrl }))
  },
  {
    name: "azure",
    keyVariable: "AZURE_API_KEY",
    recording: recordings.azure,
    // Azure also needs AZURE_ENDPOINT, and AZURE_DEPLOYMENT names the deployment to call.
    live: Layer.unwrap(
      Effect.map(
        Config.String("AZURE_DEPLOYMENT").pipe(Config.withDefault("gpt-4o-mini"), Effect.orDie),
        (deployment) => Azure.layerModel(deployment, { maxTokens: 300 })
      )
    ),
    replay: (baseUrl) =>
      replayOver(
        Azure.model("gpt-5-mini", { baseModel: "gpt-5-mini-2025-08-07" }),
        Azure.layer({ endpoint: baseUrl, api: "deployments", apiKey: replayKey })
      )
  },
  {
    name: "bedrock",
    keyVariable: "AWS_BEARER_TOKEN_BEDROCK",
    recording: recordings.bedrock,
    // With AWS_BEARER_TOKEN_BEDROCK and AWS_REGION set.
    live: Bedrock.layerModel("us.amazon.nova-micro-v1:0", { maxTokens: 300 }),
    replay: (baseUrl) =>
      replayOver(
        Bedrock.model("amazon.nova-micro-v1:0"),
        Bedrock.layer({ region: "us-east-1", baseUrl, apiKey: replayKey })
      )
  },
  {
    name: "google",
    keyVariable: "GEMINI_API_KEY",
    recording: recordings.google,
    // Gemini 3 always thinks, its thoughts counted in the output's cap: at its least, the answer has the 300 tokens.
    live: Google.layerModel("gemini-3.5-flash", { maxTokens: 300, reasoning: { effort: "minimal" } }),
    replay: (baseUrl) => replayOver(Google.model("gemini-3-pro-preview"), Google.layer({ apiKey: replayKey, baseUrl }))
  }
]

/** The request a prompt makes. */
const requestOf = (prompt: Prompt): LanguageModel.Request => ({
  ...(prompt.system === undefined ? {} : { system: prompt.system }),
  messages: prompt.turns.map(([role, text]) => role === "user" ? Message.user(text) : Message.assistant(text))
})

/** The prompt as the demo prints it: the system prompt, then each turn. */
const printPrompt = (prompt: Prompt): string =>
  [
    ...(prompt.system === undefined ? [] : [`system:    ${prompt.system}`]),
    ...prompt.turns.map(([role, text]) => `${`${role}:`.padEnd(10)} ${text}`)
  ].join("\n")

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

const streamOnce = (prompt: Prompt) =>
  Effect.gen(function*() {
    let response = CallResponse.empty
    yield* CallStream.scan(LanguageModel.stream(requestOf(prompt))).pipe(
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
const reportFailure = Effect.catch((error: ProviderError.ProviderError | ProviderError.ConfigurationError) =>
  Console.error(`\n  failed with ${error._tag}: ${error.message}`)
)

const program = Effect.gen(function*() {
  const server = yield* ReplayServer.make
  for (const provider of providers) {
    const key = yield* Config.option(Config.Redacted(provider.keyVariable))
    yield* Console.log(`\n=== ${provider.name} ===`)
    if (Option.isSome(key)) {
      yield* Console.log(`(calling the real API: ${provider.keyVariable} is set)\n${printPrompt(livePrompt)}\n`)
      yield* streamOnce(livePrompt).pipe(Effect.provide(provider.live), reportFailure)
    } else {
      const { recording } = provider
      const body = bodyOf(recording)
      const requestIdHeader = provider.name === "bedrock" ? "x-amzn-requestid" : "request-id"
      const baseUrl = server.serve({
        headers: {
          "content-type": recording.contentType,
          ...(recording.requestId === undefined ? {} : { [requestIdHeader]: recording.requestId })
        },
        body,
        ...pacing(body.length, 1)
      })
      yield* Console.log(
        `(${provider.keyVariable} is not set: replaying the recorded answer test/fixtures/${recording.file} from the local replay server at ${server.origin})\n${
          printPrompt(recording.prompt)
        }\n`
      )
      yield* streamOnce(recording.prompt).pipe(Effect.provide(provider.replay(baseUrl)), reportFailure)
    }
  }
})

Effect.runPromise(Effect.scoped(program)).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
