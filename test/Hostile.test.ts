/**
 * Hostile and broken input: every provider's body cut at every byte, and random and mutated bodies
 * (fixed seeds here; `npx tsx scripts/fuzz.ts` runs longer). The outcome is always the full result or a
 * typed `ProviderError`: never a defect, a hang or a wrong success.
 */
import type { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Duration, Effect, Exit, FastCheck, Layer, ManagedRuntime, Redacted, Stream } from "effect"
import {
  Anthropic,
  Azure,
  Bedrock,
  CallResponse,
  CallResponseChunk,
  Groq,
  LanguageModel,
  OpenAI,
  ProviderError
} from "effect-llm-stream"
import * as Sse from "../src/internal/Sse.js"
import * as Fixtures from "./support/Fixtures.js"
import * as PiecesClient from "./support/PiecesClient.js"
import { randomCuts, splitAt } from "./support/ReplayServer.js"

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

interface Target {
  readonly name: string
  readonly body: Uint8Array
  readonly contentType: string
  readonly model: Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>
}

const b64 = (provider: string, file: string) =>
  new Uint8Array(Buffer.from(new TextDecoder().decode(Fixtures.bytes(provider, file)).trim(), "base64"))

const targets: ReadonlyArray<Target> = [
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
    body: b64("bedrock", "empty-text-delta.eventstream.b64"),
    contentType: "application/vnd.amazon.eventstream",
    model: Bedrock.model("m").pipe(
      Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key, baseUrl: "http://x" }))
    )
  }
]

/** A runner for one target: one runtime for thousands of bodies. */
const runnerFor = (target: Target) => {
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

const contentOf = (chunks: ReadonlyArray<CallResponseChunk.CallResponseChunk>) =>
  chunks.map((chunk) => chunk.content).join("")

describe("a body cut at every byte", () => {
  for (const target of targets) {
    it(`${target.name}: every strict prefix ends in a truncated stream, never a wrong success`, async () => {
      const runner = runnerFor(target)
      const whole = await runner.run([target.body])
      assert.isTrue(Exit.isSuccess(whole))
      const full = Exit.isSuccess(whole) ? whole.value : []
      const fullResponse = full.reduce(CallResponse.append, CallResponse.empty)
      for (let cut = 0; cut < target.body.length; cut++) {
        const exit = await runner.run(splitAt(target.body.subarray(0, cut), [cut >> 1]))
        if (Exit.isSuccess(exit)) assert.fail(`a body cut at byte ${cut} of ${target.body.length} succeeded`)
        const failure = Cause.failureOption(exit.cause)
        assert.isTrue(failure._tag === "Some", `a defect at byte ${cut}: ${Cause.pretty(exit.cause)}`)
        const { chunks, error } = (failure as any).value
        assert.instanceOf(error, ProviderError.TruncatedStreamError, `byte ${cut}: ${String(error)}`)
        // What was delivered is a prefix of the real content.
        assert.isTrue(fullResponse.content.startsWith(contentOf(chunks)), `byte ${cut}: wrong content`)
      }
      await runner.dispose()
    }, 120_000)
  }
})

const mutation = FastCheck.oneof(
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

const mutate = (
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
const survives = async (runner: ReturnType<typeof runnerFor>, body: Uint8Array, seed: number, maxPiece: number) => {
  const exit = await runner.run(splitAt(body, randomCuts(body.length, seed, maxPiece)))
  if (Exit.isSuccess(exit)) return true
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "None") throw new Error(`a defect or interruption: ${Cause.pretty(exit.cause)}`)
  const { error } = failure.value as { error: unknown }
  if (!isProviderError(error)) throw new Error(`not a ProviderError: ${String(error)}`)
  return true
}

describe("fuzzing (fixed seeds)", () => {
  for (const target of targets) {
    it(`${target.name}: mutated bodies end in a result or a typed error`, async () => {
      const runner = runnerFor(target)
      await FastCheck.assert(
        FastCheck.asyncProperty(
          FastCheck.array(mutation, { minLength: 1, maxLength: 6 }),
          FastCheck.integer({ min: 1, max: 1_000_000 }),
          FastCheck.integer({ min: 1, max: 300 }),
          (mutations, seed, maxPiece) => survives(runner, mutate(target.body, mutations), seed, maxPiece)
        ),
        { numRuns: 150, seed: 20261121 }
      )
      await runner.dispose()
    }, 120_000)

    it(`${target.name}: random bytes end in a typed error`, async () => {
      const runner = runnerFor(target)
      await FastCheck.assert(
        FastCheck.asyncProperty(
          FastCheck.uint8Array({ maxLength: 4_000 }),
          FastCheck.integer({ min: 1, max: 1_000_000 }),
          (bytes, seed) => survives(runner, bytes, seed, 97)
        ),
        { numRuns: 100, seed: 7 }
      )
      await runner.dispose()
    }, 120_000)
  }

  it("the SSE parser's memory is bounded by maxEventSize, whatever arrives", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(FastCheck.string({ unit: "binary", maxLength: 2_000 }), { maxLength: 60 }),
        (pieces) => {
          const parser = new Sse.Parser(1_024)
          const out: Array<Sse.Event> = []
          const encoder = new TextEncoder()
          for (const piece of pieces) {
            if (parser.push(encoder.encode(piece), out) !== undefined) break
            // Nothing held back exceeds the bound: every dispatched event and the pending state fit in it.
            for (const event of out) assert.isAtMost(event.data.length, 1_024)
            out.length = 0
          }
        }
      ),
      { numRuns: 300, seed: 3 }
    )
  })

  it("an endless line without a newline fails as soon as it passes the bound", () => {
    const parser = new Sse.Parser(64 * 1024)
    const piece = new TextEncoder().encode("data: " + "x".repeat(10_000))
    let pushed = 0
    let error: Sse.EventTooLargeError | undefined
    while (error === undefined && pushed < 1_000) {
      error = parser.push(piece, [])
      pushed++
    }
    assert.instanceOf(error, Sse.EventTooLargeError)
    assert.isAtMost(pushed, 8)
  })
})
