/**
 * Hostile-input harness shared by test/Hostile.test.ts and scripts/fuzz.ts: one runtime per provider
 * for thousands of bodies, body mutations, and the property every outcome must satisfy.
 */
import type { HttpClient } from "@effect/platform"
import { Cause, Duration, Effect, Exit, FastCheck, Layer, ManagedRuntime, Redacted, Stream } from "effect"
import {
  Anthropic,
  Azure,
  Bedrock,
  CallResponseChunk,
  Groq,
  LanguageModel,
  OpenAI,
  ProviderError
} from "effect-llm-stream"
import * as Fixtures from "./Fixtures.js"
import * as PiecesClient from "./PiecesClient.js"
import { randomCuts, splitAt } from "./ReplayServer.js"

const key = Redacted.make("k")
const providerErrors = [
  ProviderError.AuthenticationError,
  ProviderError.RateLimitError,
  ProviderError.InvalidRequestError,
  ProviderError.ProviderUnavailableError,
  ProviderError.TransportError,
  ProviderError.MalformedPayloadError,
  ProviderError.TruncatedStreamError
]
const isProviderError = (error: unknown) => providerErrors.some((errorClass) => error instanceof errorClass)

export interface Target {
  readonly name: string
  readonly body: Uint8Array
  readonly contentType: string
  readonly model: Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>
}

export const targets: ReadonlyArray<Target> = [
  {
    name: "openai",
    body: Fixtures.bytes("openai", "length-2024.sse"),
    contentType: "text/event-stream",
    model: OpenAI.model("m").pipe(Layer.provide(OpenAI.layer({ apiKey: key, baseUrl: "http://x" })))
  },
  {
    name: "anthropic",
    body: Fixtures.bytes("anthropic", "text.sse"),
    contentType: "text/event-stream",
    model: Anthropic.model("m").pipe(Layer.provide(Anthropic.layer({ apiKey: key, baseUrl: "http://x" })))
  },
  {
    name: "groq",
    body: Fixtures.bytes("groq", "tool-call.sse"),
    contentType: "text/event-stream",
    model: Groq.model("m").pipe(Layer.provide(Groq.layer({ apiKey: key, baseUrl: "http://x" })))
  },
  {
    name: "azure",
    body: Fixtures.bytes("azure", "text.sse"),
    contentType: "text/event-stream",
    model: Azure.model("d").pipe(Layer.provide(Azure.layer({ endpoint: "http://x", api: "deployments", apiKey: key })))
  },
  {
    name: "bedrock",
    body: Fixtures.body("bedrock", "empty-text-delta.eventstream.b64"),
    contentType: "application/vnd.amazon.eventstream",
    model: Bedrock.model("m").pipe(
      Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key, baseUrl: "http://x" }))
    )
  }
]

/** A runner for one target: one runtime for thousands of bodies. */
export const runnerFor = (target: Target) => {
  const client = PiecesClient.settable({ "content-type": target.contentType })
  const runtime = ManagedRuntime.make(target.model.pipe(Layer.provide(client.layer)))
  const run = (pieces: ReadonlyArray<Uint8Array>) => {
    client.set(pieces)
    return runtime.runPromiseExit(
      Effect.suspend(() => {
        const chunks: Array<CallResponseChunk.CallResponseChunk> = []
        return LanguageModel.stream("x").pipe(
          Stream.runForEach((chunk) => Effect.sync(() => chunks.push(chunk))),
          Effect.timeoutFail({ duration: Duration.seconds(5), onTimeout: () => new Error("hang") }),
          Effect.as(chunks),
          Effect.mapError((error) => ({ error, chunks }))
        )
      })
    )
  }
  return { run, dispose: () => runtime.dispose() }
}

export const contentOf = (chunks: ReadonlyArray<CallResponseChunk.CallResponseChunk>) =>
  chunks.map((chunk) => chunk.content).join("")

export const mutation = FastCheck.oneof(
  FastCheck.record({
    kind: FastCheck.constant("flip" as const),
    at: FastCheck.nat(),
    bits: FastCheck.integer({ min: 1, max: 255 })
  }),
  FastCheck.record({
    kind: FastCheck.constant("delete" as const),
    at: FastCheck.nat(),
    length: FastCheck.integer({ min: 1, max: 40 })
  }),
  FastCheck.record({
    kind: FastCheck.constant("insert" as const),
    at: FastCheck.nat(),
    bytes: FastCheck.uint8Array({ minLength: 1, maxLength: 40 })
  }),
  FastCheck.record({
    kind: FastCheck.constant("duplicate" as const),
    at: FastCheck.nat(),
    length: FastCheck.integer({ min: 1, max: 300 })
  })
)

export const mutate = (
  body: Uint8Array,
  mutations: ReadonlyArray<typeof mutation extends FastCheck.Arbitrary<infer A> ? A : never>
) => {
  let bytes = Array.from(body)
  for (const change of mutations) {
    const at = bytes.length === 0 ? 0 : change.at % bytes.length
    switch (change.kind) {
      case "flip":
        bytes[at] = bytes[at]! ^ change.bits
        break
      case "delete":
        bytes.splice(at, change.length)
        break
      case "insert":
        bytes.splice(at, 0, ...change.bytes)
        break
      case "duplicate":
        bytes.splice(at, 0, ...bytes.slice(at, at + change.length))
        break
    }
  }
  return new Uint8Array(bytes)
}

/** The property every hostile body must satisfy: a result or a typed error, no defect, no hang. */
export const survives = async (
  runner: ReturnType<typeof runnerFor>,
  body: Uint8Array,
  seed: number,
  maxPiece: number
) => {
  const exit = await runner.run(splitAt(body, randomCuts(body.length, seed, maxPiece)))
  if (Exit.isSuccess(exit)) return true
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "None") throw new Error(`a defect or interruption: ${Cause.pretty(exit.cause)}`)
  const { error } = failure.value as { error: unknown }
  if (!isProviderError(error)) throw new Error(`not a ProviderError: ${String(error)}`)
  return true
}
