/**
 * Where this library's time goes, stage by stage, on the OpenAI path: each row adds one stage to the
 * previous ones (or measures one in isolation), all drained without a per-chunk Effect unless said.
 * 16 KiB pieces on a 100,000-chunk body, and 1–64 B pieces on a 10,000-chunk body (a million small
 * pieces would take minutes through the slow rows). Run with `npm run bench -- stages`
 * (`BENCH_STAGES=timeout,prototype` runs the rows whose names contain one of those words).
 */
import { Duration, Effect, Result, Schema, Stream } from "effect"
import { HttpClientRequest, HttpClientResponse } from "effect/http"
import * as BodyDecoder from "../src/core/framing/BodyDecoder.js"
import * as Sse from "../src/core/framing/Sse.js"
import { Anthropic, OpenAI, ProviderError } from "../src/index.js"
import * as ChatDecoder from "../src/providers/openai-compatible/ChatDecoder.js"
import * as Bodies from "./bodies.js"
import * as Harness from "./harness.js"
import { serviceStream } from "./implementations.js"

const decodePayload = Schema.decodeUnknownResult(OpenAI.ChatCompletionChunk)
const decodeChunk = Schema.decodeUnknownResult(OpenAI.OpenAICallResponseChunkFromPayload)
const isChatCompletionChunk = Schema.is(OpenAI.ChatCompletionChunk)
const decodeAnthropicPayload = Schema.decodeUnknownResult(Anthropic.MessageStreamEvent)
const decodeAnthropicChunk = Schema.decodeUnknownResult(Anthropic.AnthropicCallResponseChunkFromPayload)

const events = (pieces: ReadonlyArray<Uint8Array>): Array<Sse.Event> => {
  const parser = new Sse.Parser()
  const out: Array<Sse.Event> = []
  for (const piece of pieces) parser.push(piece, out)
  parser.end(out)
  return out
}

const payloads = (all: ReadonlyArray<Sse.Event>): Array<string> =>
  all.filter((event) => event.data !== "[DONE]" && event.event !== "ping").map((event) => event.data)

const countAll = <A>(stream: Stream.Stream<A, unknown>) => Effect.runPromise(Stream.runCount(stream))

const webBytes = (pieces: ReadonlyArray<Uint8Array>) =>
  HttpClientResponse.fromWeb(
    HttpClientRequest.post("http://bench.invalid"),
    Harness.response(pieces, "text/event-stream")
  )
    .stream

const decodeStages = <E, R>(bytes: Stream.Stream<Uint8Array, E, R>) =>
  bytes.pipe(
    Stream.mapError(() => new ProviderError.TransportError({ provider: "openai", message: "transport" })),
    BodyDecoder.decodeBody(() => ChatDecoder.bodyDecoder("openai", (json) => decodeChunk(json)))
  )

const idle = Duration.minutes(10)

// ---------------------------------------------------------------------------------------------------------
// Prototypes of possible optimisations, to estimate their gain (not library code).

type Json = any

const isNullableString = (value: unknown) => value === undefined || value === null || typeof value === "string"

/**
 * A hand-written check of the common Chat Completions chunk shape (text deltas, no tool calls, audio or
 * usage): `true` only when the Schema would accept the value unchanged; anything else goes to the Schema.
 */
const fastChatCompletionChunk = (json: Json): boolean => {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return false
  if (typeof json.id !== "string" || typeof json.model !== "string") return false
  if (json.object !== undefined && typeof json.object !== "string") return false
  if (json.created !== undefined && typeof json.created !== "number") return false
  if (!isNullableString(json.service_tier) || !isNullableString(json.system_fingerprint)) return false
  if (json.usage !== undefined && json.usage !== null) return false
  const choices = json.choices
  if (!Array.isArray(choices)) return false
  for (const choice of choices) {
    if (typeof choice !== "object" || choice === null) return false
    if (!Number.isInteger(choice.index) || choice.index < 0) return false
    if (!isNullableString(choice.finish_reason)) return false
    const delta = choice.delta
    if (delta === undefined || delta === null) continue
    if (typeof delta !== "object") return false
    if (!isNullableString(delta.role) || !isNullableString(delta.content)) return false
    if (!isNullableString(delta.refusal) || !isNullableString(delta.reasoning)) return false
    if (delta.tool_calls != null || delta.audio != null) return false
  }
  return true
}

const trustedChunk = (chunk: unknown): OpenAI.OpenAICallResponseChunk => {
  const instance = Object.create(OpenAI.OpenAICallResponseChunk.prototype) as { chunk: unknown }
  instance.chunk = chunk
  return instance as OpenAI.OpenAICallResponseChunk
}

export const run = async () => {
  const rows: Array<Array<string>> = []
  const cases = [
    { n: 100_000, input: "16 KiB" as const },
    { n: 10_000, input: "random 1-64 B" as const }
  ]
  for (const { input, n } of cases) {
    const body = Bodies.openai(n)
    const pieces = Harness.cut(body.bytes, input)
    const framed = events(pieces)
    const data = payloads(framed)
    const parsed = data.map((text) => JSON.parse(text) as unknown)
    const anthropic = payloads(events(Harness.cut(Bodies.anthropic(n).bytes, input)))
    const anthropicParsed = anthropic.map((text) => JSON.parse(text) as unknown)
    const expectCount = (expected: number) => (count: number) => {
      if (count !== expected) throw new Error(`${count} instead of ${expected}`)
    }
    const stages: Array<readonly [string, () => Promise<number> | number, number]> = [
      ["SSE Parser alone (pieces → events)", () => events(pieces).length, framed.length],
      [
        "JSON.parse of every payload",
        () => data.reduce((count, text) => count + (JSON.parse(text) ? 1 : 0), 0),
        data.length
      ],
      [
        "Schema decode of the payload struct (parsed JSON in)",
        () => parsed.reduce<number>((count, json) => count + (Result.isSuccess(decodePayload(json)) ? 1 : 0), 0),
        parsed.length
      ],
      [
        "payload decode + chunk class (OpenAICallResponseChunkFromPayload)",
        () => parsed.reduce<number>((count, json) => count + (Result.isSuccess(decodeChunk(json)) ? 1 : 0), 0),
        parsed.length
      ],
      [
        "chunk class construction alone (new OpenAICallResponseChunk(..., { disableChecks: true }))",
        () =>
          parsed.reduce<number>(
            (count, json) =>
              count +
              (new OpenAI.OpenAICallResponseChunk({ chunk: json as OpenAI.ChatCompletionChunk }, {
                  disableChecks: true
                })
                ? 1
                : 0),
            0
          ),
        parsed.length
      ],
      [
        "  prototype: Schema.is(ChatCompletionChunk) (validation, no output built)",
        () => parsed.reduce<number>((count, json) => count + (isChatCompletionChunk(json) ? 1 : 0), 0),
        parsed.length
      ],
      [
        "  prototype: hand-written shape check + new OpenAICallResponseChunk(..., true)",
        () =>
          parsed.reduce<number>(
            (count, json) =>
              count +
              (fastChatCompletionChunk(json)
                ? (new OpenAI.OpenAICallResponseChunk({ chunk: json as OpenAI.ChatCompletionChunk }, {
                    disableChecks: true
                  })
                  ? 1
                  : 0)
                : (Result.isSuccess(decodeChunk(json)) ? 1 : 0)),
            0
          ),
        parsed.length
      ],
      [
        "  prototype: hand-written shape check + Object.create(prototype)",
        () =>
          parsed.reduce<number>(
            (count, json) =>
              count +
              (fastChatCompletionChunk(json)
                ? (trustedChunk(json).content !== undefined ? 1 : 0)
                : (Result.isSuccess(decodeChunk(json)) ? 1 : 0)),
            0
          ),
        parsed.length
      ],
      [
        "Anthropic: payload decode (MessageStreamEvent union)",
        () =>
          anthropicParsed.reduce<number>(
            (count, json) => count + (Result.isSuccess(decodeAnthropicPayload(json)) ? 1 : 0),
            0
          ),
        anthropicParsed.length
      ],
      [
        "Anthropic: payload decode + chunk class",
        () =>
          anthropicParsed.reduce<number>(
            (count, json) => count + (Result.isSuccess(decodeAnthropicChunk(json)) ? 1 : 0),
            0
          ),
        anthropicParsed.length
      ],
      [
        "eventDecoder.decode over framed events (JSON.parse + decode + checks)",
        () => {
          const decoder = ChatDecoder.eventDecoder("openai", (json) => decodeChunk(json))
          let count = 0
          for (const event of framed) if (decoder.decode(event) !== BodyDecoder.done) count++
          return count
        },
        body.chunks
      ],
      [
        "Stream: fromIterable (one piece per pull) → the SSE body decoder stage",
        () => countAll(decodeStages(Stream.rechunk(Stream.fromIterable(pieces), 1))),
        body.chunks
      ],
      [
        "Stream: web ReadableStream bytes only (HttpClientResponse.stream)",
        () => countAll(webBytes(pieces)),
        pieces.length
      ],
      [
        "Stream: web ReadableStream → the SSE body decoder stage",
        () => countAll(decodeStages(webBytes(pieces))),
        body.chunks
      ],
      [
        "  … + Stream.timeoutOrElse per pull (the idle timeout of a response without a web body)",
        () =>
          countAll(
            decodeStages(
              webBytes(pieces).pipe(
                Stream.timeoutOrElse({ duration: idle, orElse: () => Stream.fail(new Error("idle")) })
              )
            )
          ),
        body.chunks
      ],
      ["service: OpenAI.OpenAIClient, Stream.runCount", () => countAll(serviceStream("openai", pieces)), body.chunks],
      [
        "service, Stream.runForEach (an Effect per chunk)",
        () => {
          let count = 0
          return Effect.runPromise(
            Stream.runForEach(serviceStream("openai", pieces), () => Effect.sync(() => count++)).pipe(
              Effect.map(() => count)
            )
          )
        },
        body.chunks
      ],
      [
        "service, Stream.runForEachArray (a loop per array)",
        () => {
          let count = 0
          return Effect.runPromise(
            Stream.runForEachArray(serviceStream("openai", pieces), (chunk) =>
              Effect.sync(() => {
                for (const _ of chunk) count++
              })).pipe(Effect.map(() => count))
          )
        },
        body.chunks
      ]
    ]
    const only = process.env.BENCH_STAGES?.split(",")
    for (const [name, stage, expected] of stages) {
      if (only !== undefined && !only.some((part) => name.includes(part))) continue
      const measured = await Harness.measure(stage, expectCount(expected), { budgetMs: 3000 })
      rows.push([
        `${n.toLocaleString("en")}, ${input} (${pieces.length} pieces)`,
        name,
        measured.ms.toFixed(1),
        `${(measured.ms / n * 1000).toFixed(2)} µs`,
        `${(measured.ms / pieces.length * 1000).toFixed(2)} µs`,
        String(measured.rounds)
      ])
      console.log(`  ${rows[rows.length - 1]!.join(" | ")}`)
    }
  }
  console.log(
    `\n${
      Harness.markdownTable(["body", "stage (OpenAI unless said)", "median ms", "per chunk", "per piece", "runs"], rows)
    }\n`
  )
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
