/**
 * The decoders compared, per provider: each takes the body's pieces and returns the decoded text and
 * how many chunks (events) it produced.
 *
 * - floor: TextDecoder + line split + `JSON.parse` (Bedrock: prelude-length frame split + `JSON.parse` of
 *   the payload), no schema, no framing edge cases;
 * - this library through its provider service (`OpenAI.OpenAIClient` etc.) and through the generic
 *   `LanguageModel.stream`, over an in-memory `HttpClient`;
 * - the official SDKs, given the same bytes through a custom `fetch` (OpenAI, Anthropic) or a custom
 *   `requestHandler` (AWS);
 * - the Vercel AI SDK's `streamText`, given the same bytes through a custom `fetch`.
 *
 * Every client is built once per provider, as a program builds it (this library's layers into one context,
 * each SDK's client object), and answers each request with the pieces of the run in progress (`serve`):
 * runs are sequential, so one slot holds them.
 */
import { createAmazonBedrock } from "@ai-sdk/amazon-bedrock"
import { createAnthropic } from "@ai-sdk/anthropic"
import { createAzure } from "@ai-sdk/azure"
import { createGroq } from "@ai-sdk/groq"
import { createOpenAI } from "@ai-sdk/openai"
import AnthropicSdk from "@anthropic-ai/sdk"
import { BedrockRuntimeClient, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime"
import { GoogleGenAI } from "@google/genai"
import { streamText } from "ai"
import { Context, Effect, Layer, Scope, Stream } from "effect"
import { HttpClient, HttpClientResponse } from "effect/http"
import GroqSdk from "groq-sdk"
import { Readable } from "node:stream"
import OpenAISdk, { AzureOpenAI } from "openai"
import type { CallResponseChunk, Google, ProviderError } from "../src/index.js"
// The namespace, for the modules an earlier release run with `BENCH_LIBRARY` may not have (Google).
import * as Library from "../src/index.js"
import { Anthropic, Azure, Bedrock, Groq, LanguageModel, Message, OpenAI, OpenAIResponses } from "../src/index.js"
import type { Body, Provider } from "./bodies.js"
import { contentType } from "./bodies.js"
import { onPiece, response } from "./harness.js"

export interface Result {
  readonly text: string
  readonly count: number
}

/** The pieces every client built here answers its next request with. */
const current: { pieces: ReadonlyArray<Uint8Array> } = { pieces: [] }

/** Makes the next requests of every client here answer with `pieces`. */
export const serve = (pieces: ReadonlyArray<Uint8Array>): void => {
  current.pieces = pieces
}

/** A web `Response` of the pieces being served, as `provider` sends them. */
const served = (provider: Provider): Response => response(current.pieces, contentType(provider))

/** Built once, on first use. */
const once = <A>(make: () => A): () => A => {
  let value: { readonly built: A } | undefined
  return () => (value ??= { built: make() }).built
}

export interface Implementation {
  readonly name: string
  /** How many chunks it must produce for the body. */
  readonly expected: (body: Body) => number
  readonly run: (pieces: ReadonlyArray<Uint8Array>) => Promise<Result> | Result
}

// ---------------------------------------------------------------------------------------------------------
// Floors

const sseFloor = (content: (json: any) => string | undefined) => (pieces: ReadonlyArray<Uint8Array>): Result => {
  const decoder = new TextDecoder()
  let rest = ""
  let text = ""
  let count = 0
  const lines = (chunk: string) => {
    const split = (rest + chunk).split("\n")
    rest = split.pop()!
    for (const line of split) {
      if (!line.startsWith("data: ")) continue
      const data = line.slice(6)
      if (data === "[DONE]") continue
      const piece = content(JSON.parse(data))
      if (piece !== undefined) text += piece
      count++
    }
  }
  for (const piece of pieces) lines(decoder.decode(piece, { stream: true }))
  lines(decoder.decode())
  return { text, count }
}

const eventStreamFloor = (pieces: ReadonlyArray<Uint8Array>): Result => {
  const decoder = new TextDecoder()
  let text = ""
  let count = 0
  let buffer: Uint8Array = new Uint8Array(0)
  let offset = 0
  for (const piece of pieces) {
    if (offset === buffer.length) {
      buffer = piece
    } else {
      const joined = new Uint8Array(buffer.length - offset + piece.length)
      joined.set(buffer.subarray(offset))
      joined.set(piece, buffer.length - offset)
      buffer = joined
    }
    offset = 0
    while (buffer.length - offset >= 12) {
      const view = new DataView(buffer.buffer, buffer.byteOffset + offset)
      const total = view.getUint32(0)
      if (buffer.length - offset < total) break
      const headers = view.getUint32(4)
      const payload = buffer.subarray(offset + 12 + headers, offset + total - 4)
      const json = JSON.parse(decoder.decode(payload))
      const piece = json.delta?.text
      if (piece !== undefined) text += piece
      count++
      offset += total
    }
  }
  return { text, count }
}

// ---------------------------------------------------------------------------------------------------------
// This library

/** An in-memory `HttpClient` whose every response is the pieces being served (see `serve`). */
const httpClient = (provider: Provider) =>
  Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request) => Effect.sync(() => HttpClientResponse.fromWeb(request, served(provider))))
  )

/** Runs a stream of chunks with `Stream.runForEach` (an Effect per chunk, as a program writes it): their text and count. */
export const consume = <E, R>(stream: Stream.Stream<{ readonly content: string }, E, R>): Effect.Effect<Result, E, R> =>
  Effect.suspend(() => {
    let text = ""
    let count = 0
    return Stream.runForEach(stream, (chunk) =>
      Effect.sync(() => {
        text += chunk.content
        count++
      })).pipe(Effect.map(() => ({ text, count })))
  })

const messages = [Message.user("Write a long story.")]

/** Each provider's service layer and `LanguageModel` layer, made when the provider is first used. */
const layersOf = (
  provider: Provider
): readonly [service: Layer.Layer<any, never, any>, model: Layer.Layer<any, never, any>] => {
  const pair = <S, M>(service: Layer.Layer<S, never, any>, model: (service: Layer.Layer<S, never, any>) => M) =>
    [service, model(service)] as const
  switch (provider) {
    case "openai":
      return pair(OpenAI.layer(), (service) => OpenAI.model("gpt-4o").pipe(Layer.provide(service)))
    case "groq":
      return pair(Groq.layer(), (service) => Groq.model("llama-3.3-70b-versatile").pipe(Layer.provide(service)))
    case "azure":
      return pair(
        Azure.layer({ endpoint: "http://bench.invalid", api: "deployments" }),
        (service) => Azure.model("gpt-5-mini", { baseModel: "gpt-5-mini-2025-08-07" }).pipe(Layer.provide(service))
      )
    case "openai-responses":
      return pair(OpenAIResponses.layer(), (service) => OpenAIResponses.model("gpt-4o").pipe(Layer.provide(service)))
    case "anthropic":
      return pair(
        Anthropic.layer(),
        (service) => Anthropic.model("claude-sonnet-4-20250514").pipe(Layer.provide(service))
      )
    case "bedrock":
      return pair(
        Bedrock.layer({ region: "us-east-1", baseUrl: "http://bench.invalid" }),
        (service) => Bedrock.model("us.amazon.nova-micro-v1:0").pipe(Layer.provide(service))
      )
    case "google":
      return pair(
        Library.Google.layer({ baseUrl: "http://bench.invalid/v1beta" }),
        (service) => Library.Google.model("gemini-3-pro-preview").pipe(Layer.provide(service))
      )
  }
}

const providers: ReadonlyArray<Provider> = [
  "openai",
  "groq",
  "azure",
  "openai-responses",
  "anthropic",
  "bedrock",
  "google"
]

/** The services a provider's context holds: its client and a `LanguageModel` over it. */
export type Services =
  | OpenAI.OpenAIClient
  | Groq.GroqClient
  | Azure.AzureClient
  | OpenAIResponses.OpenAIResponsesClient
  | Anthropic.AnthropicClient
  | Bedrock.BedrockClient
  | Google.GoogleClient
  | LanguageModel.LanguageModel

const build = <I>(layer: Layer.Layer<I>): Context.Context<I> =>
  Effect.runSync(Layer.buildWithScope(layer, Scope.makeUnsafe()))

/** Each provider's client and `LanguageModel`, built once over its in-memory `HttpClient`. */
const contexts = Object.fromEntries(
  providers.map((provider) => [
    provider,
    once(() => {
      const [service, model] = layersOf(provider)
      const layer = Layer.merge(
        service as Layer.Layer<Services, never, HttpClient.HttpClient>,
        model as Layer.Layer<Services, never, HttpClient.HttpClient>
      )
      return build(layer.pipe(Layer.provide(httpClient(provider))))
    })
  ])
) as Record<Provider, () => Context.Context<Services>>

/** Runs `effect` with the provider's context (built once), as a program's runtime does. */
export const runWith = <A, E>(
  provider: Provider,
  effect: Effect.Effect<A, E, Services>
): Promise<A> => Effect.runPromiseWith(contexts[provider]())(effect)

/** A call through this library's provider service (`OpenAI.OpenAIClient` etc.). */
export const clientStream = (
  provider: Provider
): Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError, Services> => {
  switch (provider) {
    case "openai":
      return Stream.unwrap(Effect.map(OpenAI.OpenAIClient, (client) => client.stream({ model: "gpt-4o", messages })))
    case "groq":
      return Stream.unwrap(
        Effect.map(Groq.GroqClient, (client) => client.stream({ model: "llama-3.3-70b-versatile", messages }))
      )
    case "azure":
      return Stream.unwrap(Effect.map(Azure.AzureClient, (client) => client.stream({ model: "gpt-5-mini", messages })))
    case "openai-responses":
      return Stream.unwrap(
        Effect.map(OpenAIResponses.OpenAIResponsesClient, (client) => client.stream({ model: "gpt-4o", messages }))
      )
    case "anthropic":
      return Stream.unwrap(
        Effect.map(
          Anthropic.AnthropicClient,
          (client) => client.stream({ model: "claude-sonnet-4-20250514", messages })
        )
      )
    case "bedrock":
      return Stream.unwrap(
        Effect.map(Bedrock.BedrockClient, (client) => client.stream({ model: "us.amazon.nova-micro-v1:0", messages }))
      )
    case "google":
      return Stream.unwrap(
        Effect.map(Library.Google.GoogleClient, (client) => client.stream({ model: "gemini-3-pro-preview", messages }))
      )
  }
}

/** A call through `LanguageModel.stream` (span, metrics, the request as a program writes it). */
export const modelStream: Stream.Stream<
  CallResponseChunk.CallResponseChunk,
  ProviderError.ProviderError,
  LanguageModel.LanguageModel
> = LanguageModel.stream("Write a long story.")

/**
 * This library's provider service over the pieces, with its context: a stream that needs nothing, for the
 * benchmarks that run it with `Effect.runPromise`.
 */
export const serviceStream = (
  provider: Provider,
  pieces: ReadonlyArray<Uint8Array>
): Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError> =>
  Stream.suspend(() => {
    serve(pieces)
    return clientStream(provider)
  }).pipe(Stream.provideContext(contexts[provider]()))

export const libraryService = (provider: Provider) => (pieces: ReadonlyArray<Uint8Array>): Promise<Result> => {
  serve(pieces)
  return runWith(provider, consume(clientStream(provider)))
}

export const libraryLanguageModel = (provider: Provider) => (pieces: ReadonlyArray<Uint8Array>): Promise<Result> => {
  serve(pieces)
  return runWith(provider, consume(modelStream))
}

// ---------------------------------------------------------------------------------------------------------
// Official SDKs, each client built once

const fetchOf = (provider: Provider) => async () => served(provider)

/** Consumes a Chat Completions chunk stream as the SDKs' users do: `for await`, the first choice's text. */
const consumeChatCompletions = async (
  stream: AsyncIterable<{ readonly choices: ReadonlyArray<{ readonly delta?: { readonly content?: string | null } }> }>
): Promise<Result> => {
  let text = ""
  let count = 0
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? ""
    count++
  }
  return { text, count }
}

const openaiClient = once(() => new OpenAISdk({ apiKey: "sk-bench", maxRetries: 0, fetch: fetchOf("openai") }))

const openaiSdk = async (pieces: ReadonlyArray<Uint8Array>): Promise<Result> => {
  serve(pieces)
  const stream = await openaiClient().chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "user", content: "Write a long story." }],
    stream: true,
    stream_options: { include_usage: true }
  })
  return consumeChatCompletions(stream)
}

const groqClient = once(() => new GroqSdk({ apiKey: "gsk-bench", maxRetries: 0, fetch: fetchOf("groq") }))

const groqSdk = async (pieces: ReadonlyArray<Uint8Array>): Promise<Result> => {
  serve(pieces)
  const stream = await groqClient().chat.completions.create({
    model: "llama-3.3-70b-versatile",
    messages: [{ role: "user", content: "Write a long story." }],
    stream: true
  })
  return consumeChatCompletions(stream)
}

const azureClient = once(() =>
  new AzureOpenAI({
    apiKey: "azure-bench",
    endpoint: "http://bench.invalid",
    apiVersion: "2024-10-21",
    deployment: "gpt-5-mini",
    maxRetries: 0,
    fetch: fetchOf("azure")
  })
)

const azureSdk = async (pieces: ReadonlyArray<Uint8Array>): Promise<Result> => {
  serve(pieces)
  const stream = await azureClient().chat.completions.create({
    model: "gpt-5-mini",
    messages: [{ role: "user", content: "Write a long story." }],
    stream: true,
    stream_options: { include_usage: true }
  })
  return consumeChatCompletions(stream)
}

const responsesClient = once(() =>
  new OpenAISdk({ apiKey: "sk-bench", maxRetries: 0, fetch: fetchOf("openai-responses") })
)

const openaiResponsesSdk = async (pieces: ReadonlyArray<Uint8Array>): Promise<Result> => {
  serve(pieces)
  const stream = await responsesClient().responses.create({
    model: "gpt-4o",
    input: "Write a long story.",
    stream: true
  })
  let text = ""
  let count = 0
  for await (const event of stream) {
    if (event.type === "response.output_text.delta") text += event.delta
    count++
  }
  return { text, count }
}

const anthropicClient = once(() =>
  new AnthropicSdk({ apiKey: "sk-ant-bench", maxRetries: 0, fetch: fetchOf("anthropic") })
)

const anthropicSdk = async (pieces: ReadonlyArray<Uint8Array>): Promise<Result> => {
  serve(pieces)
  const stream = await anthropicClient().messages.create({
    model: "claude-sonnet-4-20250514",
    max_tokens: 4096,
    messages: [{ role: "user", content: "Write a long story." }],
    stream: true
  })
  let text = ""
  let count = 0
  for await (const event of stream) {
    if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text
    count++
  }
  return { text, count }
}

/** The pieces, reporting each one read as `readable` does (for the peak-heap benchmark). */
function* sampledPieces(pieces: ReadonlyArray<Uint8Array>): Generator<Uint8Array> {
  for (const piece of pieces) {
    onPiece.current?.()
    yield piece
  }
}

const bedrockClient = once(() =>
  new BedrockRuntimeClient({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: 200,
          headers: { "content-type": contentType("bedrock"), "x-amzn-requestid": "bench" },
          body: Readable.from(sampledPieces(current.pieces))
        }
      })
    } as any
  })
)

const bedrockSdk = async (pieces: ReadonlyArray<Uint8Array>): Promise<Result> => {
  serve(pieces)
  const output = await bedrockClient().send(
    new ConverseStreamCommand({
      modelId: "us.amazon.nova-micro-v1:0",
      messages: [{ role: "user", content: [{ text: "Write a long story." }] }]
    })
  )
  let text = ""
  let count = 0
  for await (const event of output.stream!) {
    if (event.contentBlockDelta !== undefined) text += event.contentBlockDelta.delta?.text ?? ""
    count++
  }
  return { text, count }
}

const googleClient = once(() =>
  new GoogleGenAI({
    apiKey: "bench",
    httpOptions: {
      baseUrl: "http://bench.invalid",
      fetch: fetchOf("google") as unknown as typeof globalThis.fetch,
      retryOptions: { attempts: 1 }
    }
  })
)

const googleSdk = async (pieces: ReadonlyArray<Uint8Array>): Promise<Result> => {
  serve(pieces)
  const stream = await googleClient().models.generateContentStream({
    model: "gemini-3-pro-preview",
    contents: "Write a long story."
  })
  let text = ""
  let count = 0
  for await (const chunk of stream) {
    for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
      if (part.thought !== true) text += part.text ?? ""
    }
    count++
  }
  return { text, count }
}

// ---------------------------------------------------------------------------------------------------------
// Vercel AI SDK, each model built once

const vercelModel = (provider: Provider) => {
  const fetch = fetchOf(provider) as unknown as typeof globalThis.fetch
  switch (provider) {
    case "openai":
      return createOpenAI({ apiKey: "sk-bench", fetch }).chat("gpt-4o")
    case "openai-responses":
      return createOpenAI({ apiKey: "sk-bench", fetch }).responses("gpt-4o")
    case "groq":
      return createGroq({ apiKey: "gsk-bench", fetch })("llama-3.3-70b-versatile")
    case "azure":
      return createAzure({ apiKey: "azure-bench", baseURL: "http://bench.invalid/openai", fetch }).chat("gpt-5-mini")
    case "anthropic":
      return createAnthropic({ apiKey: "sk-ant-bench", fetch })("claude-sonnet-4-20250514")
    case "bedrock":
      return createAmazonBedrock({
        region: "us-east-1",
        accessKeyId: "AKIDBENCH",
        secretAccessKey: "bench",
        fetch
      })("us.amazon.nova-micro-v1:0")
    case "google":
      // @ai-sdk/google is not a dependency: Gemini has no Vercel row.
      return undefined
  }
}

const vercel = (provider: Provider) => {
  const model = once(() => vercelModel(provider))
  return async (pieces: ReadonlyArray<Uint8Array>): Promise<Result> => {
    serve(pieces)
    let failure: unknown = undefined
    const result = streamText({
      model: model()!,
      prompt: "Write a long story.",
      maxRetries: 0,
      onError: ({ error }) => {
        failure = error
      }
    })
    let text = ""
    let count = 0
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") {
        text += part.text
        count++
      } else if (part.type === "error") {
        failure = part.error
      }
    }
    if (failure !== undefined) throw failure
    return { text, count }
  }
}

// ---------------------------------------------------------------------------------------------------------

const openaiContent = (json: any): string | undefined => json.choices[0]?.delta?.content
const responsesContent = (json: any): string | undefined =>
  json.type === "response.output_text.delta" ? json.delta : undefined
const anthropicContent = (json: any): string | undefined =>
  json.type === "content_block_delta" ? json.delta.text : undefined
const googleContent = (json: any): string | undefined => json.candidates?.[0]?.content?.parts?.[0]?.text

export const floors: Record<Provider, Implementation> = {
  openai: {
    name: "floor (TextDecoder + split + JSON.parse)",
    expected: (b) => b.payloads,
    run: sseFloor(openaiContent)
  },
  groq: { name: "floor (TextDecoder + split + JSON.parse)", expected: (b) => b.payloads, run: sseFloor(openaiContent) },
  azure: {
    name: "floor (TextDecoder + split + JSON.parse)",
    expected: (b) => b.payloads,
    run: sseFloor(openaiContent)
  },
  "openai-responses": {
    name: "floor (TextDecoder + split + JSON.parse)",
    expected: (b) => b.payloads,
    run: sseFloor(responsesContent)
  },
  anthropic: {
    name: "floor (TextDecoder + split + JSON.parse)",
    expected: (b) => b.payloads,
    run: sseFloor(anthropicContent)
  },
  bedrock: { name: "floor (frame split + JSON.parse)", expected: (b) => b.payloads, run: eventStreamFloor },
  google: {
    name: "floor (TextDecoder + split + JSON.parse)",
    expected: (b) => b.payloads,
    run: sseFloor(googleContent)
  }
}

export const sdks: Record<Provider, Implementation> = {
  openai: { name: "`openai` SDK (chat.completions.create)", expected: (b) => b.chunks, run: openaiSdk },
  "openai-responses": { name: "`openai` SDK (responses.create)", expected: (b) => b.chunks, run: openaiResponsesSdk },
  groq: { name: "`groq-sdk` (chat.completions.create)", expected: (b) => b.chunks, run: groqSdk },
  azure: { name: "`openai` SDK `AzureOpenAI` (chat.completions.create)", expected: (b) => b.chunks, run: azureSdk },
  anthropic: {
    name: "`@anthropic-ai/sdk` (messages.create)",
    expected: (b) => b.chunks,
    run: anthropicSdk
  },
  bedrock: {
    name: "`@aws-sdk/client-bedrock-runtime` (ConverseStream)",
    expected: (b) => b.chunks,
    run: bedrockSdk
  },
  google: { name: "`@google/genai` (models.generateContentStream)", expected: (b) => b.chunks, run: googleSdk }
}

const serviceNames: Record<Provider, string> = {
  openai: "this library: OpenAI.OpenAIClient",
  "openai-responses": "this library: OpenAIResponses.OpenAIResponsesClient",
  groq: "this library: Groq.GroqClient",
  azure: "this library: Azure.AzureClient",
  anthropic: "this library: Anthropic.AnthropicClient",
  bedrock: "this library: Bedrock.BedrockClient",
  google: "this library: Google.GoogleClient"
}

/** The implementations compared for a provider, the floor first. */
export const implementations = (provider: Provider): ReadonlyArray<Implementation> => [
  floors[provider],
  { name: serviceNames[provider], expected: (b) => b.chunks, run: libraryService(provider) },
  { name: "this library: LanguageModel.stream", expected: (b) => b.chunks, run: libraryLanguageModel(provider) },
  sdks[provider],
  ...(provider === "google"
    ? []
    : [{ name: "Vercel AI SDK streamText (text-delta parts)", expected: (b: Body) => b.n, run: vercel(provider) }])
]
