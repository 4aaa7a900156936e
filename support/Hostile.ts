/**
 * Hostile-input harness shared by test/core/Hostile.test.ts and scripts/fuzz.ts: every recorded body with
 * its provider's synchronous decoding core, one runtime per provider for thousands of bodies, body
 * mutations, and the property every outcome must satisfy.
 */
import { Cause, Duration, Effect, Exit, Layer, ManagedRuntime, Redacted, Stream } from "effect"
import {
  Anthropic,
  Azure,
  Bedrock,
  CallResponseChunk,
  Groq,
  LanguageModel,
  OpenAI,
  OpenAIResponses,
  ProviderError
} from "effect-llm-stream"
import { randomCuts, splitAt } from "effect-llm-stream/ReplayServer"
import type { HttpClient } from "effect/http"
import * as FastCheck from "fast-check"
import type * as BodyDecoder from "../src/core/framing/BodyDecoder.js"
import * as AnthropicDecoder from "../src/providers/anthropic/AnthropicDecoder.js"
import * as AzureChunk from "../src/providers/azure/AzureChunk.js"
import * as BedrockDecoder from "../src/providers/bedrock/BedrockDecoder.js"
import * as GoogleDecoder from "../src/providers/google/GoogleDecoder.js"
import * as GroqChunk from "../src/providers/groq/GroqChunk.js"
import * as ResponsesDecoder from "../src/providers/openai-responses/ResponsesDecoder.js"
import * as OpenAIChunk from "../src/providers/openai/OpenAIChunk.js"
import * as Fixtures from "./Fixtures.js"
import * as PiecesClient from "./PiecesClient.js"

const key = Redacted.make("k")
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
    name: "openai-responses",
    body: Fixtures.bytes("openai-responses", "tool-calls-parallel.sse"),
    contentType: "text/event-stream",
    model: OpenAIResponses.model("m").pipe(
      Layer.provide(OpenAIResponses.layer({ apiKey: key, baseUrl: "http://x" }))
    )
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
  const run = async (pieces: ReadonlyArray<Uint8Array>) => {
    // An in-memory run settles in microtasks alone; without a macrotask turn between runs, thousands of
    // them in a row would starve the event loop (and the test runner's RPC with it) for their whole length.
    await new Promise((resolve) => setImmediate(resolve))
    client.set(pieces)
    return runtime.runPromiseExit(
      Effect.suspend(() => {
        const chunks: Array<CallResponseChunk.CallResponseChunk> = []
        return LanguageModel.stream("x").pipe(
          Stream.runForEach((chunk) => Effect.sync(() => chunks.push(chunk))),
          Effect.timeoutOrElse({ duration: Duration.seconds(5), orElse: () => Effect.fail(new Error("hang")) }),
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
  const failure = Cause.findErrorOption(exit.cause)
  if (failure._tag === "None") throw new Error(`a defect or interruption: ${Cause.pretty(exit.cause)}`)
  const { error } = failure.value as { error: unknown }
  if (!ProviderError.isProviderError(error)) throw new Error(`not a ProviderError: ${String(error)}`)
  return true
}

// ---------------------------------------------------------------------------------------------------
// The synchronous decoding core of every recording
// ---------------------------------------------------------------------------------------------------

/** A recorded body with a fresh decoder of its provider's bytes → chunks core (no HTTP, no Effect). */
export interface Recording {
  readonly provider: string
  readonly name: string
  readonly body: Uint8Array
  readonly decoder: () => BodyDecoder.BodyDecoder<CallResponseChunk.CallResponseChunk>
}

type AnyDecoder = () => BodyDecoder.BodyDecoder<CallResponseChunk.CallResponseChunk>

// A decoder only ever pushes its own provider's chunks into the array it is given.
const anyChunk = <C extends CallResponseChunk.CallResponseChunk>(decoder: () => BodyDecoder.BodyDecoder<C>) =>
  decoder as unknown as AnyDecoder

const sseDecoders: Readonly<Record<string, AnyDecoder>> = {
  openai: anyChunk(() => OpenAIChunk.bodyDecoder()),
  anthropic: anyChunk(() => AnthropicDecoder.bodyDecoder()),
  groq: anyChunk(() => GroqChunk.bodyDecoder()),
  azure: anyChunk(() => AzureChunk.bodyDecoder({})),
  "openai-responses": anyChunk(() => ResponsesDecoder.bodyDecoder({ provider: "openai" })),
  google: anyChunk(() => GoogleDecoder.bodyDecoder("google"))
}

const bedrockDecoder = anyChunk(() => BedrockDecoder.bodyDecoder({ modelId: "us.amazon.nova-micro-v1:0" }))

/** Every recorded stream of every provider (the demo's recordings included). */
export const recordings: ReadonlyArray<Recording> = [
  ...Object.entries(sseDecoders).flatMap(([provider, decoder]) =>
    Fixtures.streams(provider).map((name) => ({
      provider,
      name: `${name}.sse`,
      body: Fixtures.bytes(provider, `${name}.sse`),
      decoder
    }))
  ),
  ...Fixtures.files("bedrock", ".eventstream.b64").map((name) => ({
    provider: "bedrock",
    name,
    body: Fixtures.body("bedrock", name),
    decoder: bedrockDecoder
  })),
  ...(["anthropic", "azure"] as const).map((provider) => ({
    provider: `demo/${provider}`,
    name: `${provider}.sse`,
    body: Fixtures.bytes("demo", `${provider}.sse`),
    decoder: sseDecoders[provider]!
  })),
  {
    provider: "demo/bedrock",
    name: "bedrock.eventstream.b64",
    body: Fixtures.body("demo", "bedrock.eventstream.b64"),
    decoder: bedrockDecoder
  }
]

/** How a body decoder ended, and what it emitted. */
export interface Decoded {
  readonly chunks: ReadonlyArray<CallResponseChunk.CallResponseChunk>
  /** `complete`, or the error the stream fails with (a truncated body included). */
  readonly status: typeof BodyDecoder.complete | ProviderError.ProviderError
  /** How many bytes had been pushed when the decoder completed or failed (the body length if it never did). */
  readonly settledAt: number
}

/** Drives a fresh decoder with `pieces`, then ends the body if the decoder has not settled yet. */
export const decodePieces = (recording: Recording, pieces: ReadonlyArray<Uint8Array>): Decoded => {
  const decoder = recording.decoder()
  const chunks: Array<CallResponseChunk.CallResponseChunk> = []
  let pushed = 0
  for (const piece of pieces) {
    pushed += piece.length
    const status = decoder.push(piece, chunks)
    if (status !== undefined) return { chunks, status, settledAt: pushed }
  }
  const status = decoder.end(chunks)
  if (status === undefined) throw new Error("a body decoder ended without a status")
  return { chunks, status, settledAt: pushed }
}

/** Drives a fresh decoder one byte at a time: a single pass that visits every byte position. */
export const decodeBytewise = (recording: Recording): Decoded => {
  const decoder = recording.decoder()
  const chunks: Array<CallResponseChunk.CallResponseChunk> = []
  const body = recording.body
  for (let position = 0; position < body.length; position++) {
    const status = decoder.push(body.subarray(position, position + 1), chunks)
    if (status !== undefined) return { chunks, status, settledAt: position + 1 }
  }
  const status = decoder.end(chunks)
  if (status === undefined) throw new Error("a body decoder ended without a status")
  return { chunks, status, settledAt: body.length }
}

/** The body offsets where the frames of an AWS event stream start. */
export const frameOffsets = (body: Uint8Array): ReadonlyArray<number> => {
  const offsets: Array<number> = []
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
  for (let offset = 0; offset + 4 <= body.length; offset += view.getUint32(offset)) {
    offsets.push(offset)
    if (view.getUint32(offset) < 16) break
  }
  return offsets
}

/** The offsets of UTF-8 continuation bytes: a cut there splits a multi-byte character. */
export const insideCharacters = (body: Uint8Array): ReadonlyArray<number> => {
  const offsets: Array<number> = []
  for (let offset = 0; offset < body.length; offset++) {
    if ((body[offset]! & 0xc0) === 0x80) offsets.push(offset)
  }
  return offsets
}

/** `count` distinct offsets in `[0, below)`, from a seeded generator. */
export const sampleOffsets = (below: number, count: number, seed: number): ReadonlyArray<number> => {
  if (below <= count) return Array.from({ length: below }, (_, offset) => offset)
  const cuts = new Set<number>()
  let state = seed >>> 0 || 1
  while (cuts.size < count) {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    cuts.add(state % below)
  }
  return [...cuts].sort((a, b) => a - b)
}
