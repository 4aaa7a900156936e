/**
 * Valid JSON never kills a stream: every event text `JSON.parse` accepts decodes to exactly what `JSON.parse`
 * gives (the same values, the same key order), and one it refuses fails the stream with a typed
 * `MalformedPayloadError` after every chunk before it, never a defect. Checked on generated streams that repeat one
 * payload shape with new strings, numbers and whitespace (escapes, every number form, line breaks between
 * tokens, keys in any order, keys used twice with a container first, empty containers followed by any value,
 * unknown fields of any shape; `test/support/JsonTexts.ts`), and on their near misses, through the public OpenAI
 * and Anthropic models over real HTTP and through the UI message stream read by the `ai` package's client. The
 * probe of issue 53 (an unknown field `[{},"x"]`, a duplicate key whose first value holds a container: a
 * `TypeError` in the template scan of 0.4.0, a 500 in the browser) is replayed as it was sent.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Stream } from "effect"
import { LanguageModel, ProviderError, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as FastCheck from "fast-check"
import { clients } from "../../../support/Clients.js"
import * as JsonTexts from "../../support/JsonTexts.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import { readResponse } from "../../support/UIClient.js"

const [, client] = clients[0]!

type Folder = "openai" | "anthropic"

/** The payload shape whose writings a stream repeats, and the text each of them carries for the answer. */
const known: Record<Folder, ReadonlyArray<readonly [string, JsonTexts.Shape]>> = {
  // https://platform.openai.com/docs/api-reference/chat-streaming/streaming (the chat.completion.chunk object)
  openai: [
    ["\"id\"", JsonTexts.literal("\"chatcmpl-1\"")],
    ["\"object\"", JsonTexts.literal("\"chat.completion.chunk\"")],
    ["\"created\"", JsonTexts.literal("1700000000")],
    ["\"model\"", JsonTexts.literal("\"gpt-4o-2024-08-06\"")],
    [
      "\"choices\"",
      JsonTexts.array([
        JsonTexts.object([
          ["\"index\"", JsonTexts.literal("0")],
          ["\"delta\"", JsonTexts.object([["\"content\"", JsonTexts.string]])],
          ["\"finish_reason\"", JsonTexts.literal("null")]
        ])
      ])
    ]
  ],
  // https://docs.anthropic.com/en/docs/build-with-claude/streaming (content_block_delta with a text_delta)
  anthropic: [
    ["\"type\"", JsonTexts.literal("\"content_block_delta\"")],
    ["\"index\"", JsonTexts.literal("0")],
    ["\"delta\"", JsonTexts.object([["\"type\"", JsonTexts.literal("\"text_delta\"")], ["\"text\"", JsonTexts.string]])]
  ]
}

/** The text an event's payload adds to the answer (a delta of another type adds none). */
const textOf = (folder: Folder, payload: any): string => {
  const text = folder === "openai"
    ? payload.choices?.[0]?.delta?.content
    : payload.delta?.type === "text_delta"
    ? payload.delta.text
    : undefined
  return typeof text === "string" ? text : ""
}

/** The events around the generated ones, as each API sends them. */
const openaiEnd = [
  "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"
]
const anthropicStart = [
  [
    "message_start",
    "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}"
  ],
  [
    "content_block_start",
    "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"
  ]
] as const
const anthropicEnd = [
  ["content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"],
  [
    "message_delta",
    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}"
  ],
  ["message_stop", "{\"type\":\"message_stop\"}"]
] as const

/** The body of a stream carrying `texts` as its content events. */
const bodyOf = (folder: Folder, texts: ReadonlyArray<string>): string =>
  folder === "openai"
    ? [...texts, ...openaiEnd].map((text) => JsonTexts.sseEvent(text)).join("") + "data: [DONE]\n\n"
    : [
      ...anthropicStart.map(([event, text]) => JsonTexts.sseEvent(text, event)),
      ...texts.map((text) => JsonTexts.sseEvent(text, "content_block_delta")),
      ...anthropicEnd.map(([event, text]) => JsonTexts.sseEvent(text, event))
    ].join("")

/** Whether an event's payload is one of the generated content events (not the events around them). */
const isContent = (folder: Folder, payload: any): boolean =>
  typeof payload === "object" && payload !== null && (folder === "openai"
    ? payload.choices?.[0]?.finish_reason == null
    : payload.type === "content_block_delta")

/** Same value and same key order as `JSON.parse`'s (`JSON.stringify` writes keys in their order). */
const sameAsParse = (actual: unknown, expected: unknown, where: string): void => {
  assert.deepStrictEqual(actual, expected, where)
  assert.strictEqual(JSON.stringify(actual), JSON.stringify(expected), `${where}: key order`)
}

/**
 * Serves the stream of `texts` and checks it: each content chunk delivered is its text's `JSON.parse` value, in
 * order, up to the first text `JSON.parse` refuses, where the stream fails with a typed provider error after every
 * chunk before it; a stream of valid texts ends cleanly (with `refusable`, a changed text may also be one the
 * provider's schema refuses: a typed failure there). Never a defect. The UI stream of the same body, read by the
 * `ai` client, carries the same text, or the failure as an `error` chunk that says what failed.
 */
const check = (
  server: ReplayServer.ReplayServer,
  folder: Folder,
  texts: ReadonlyArray<string>,
  refusable = false
): Effect.Effect<void> =>
  Effect.gen(function*() {
    const body = bodyOf(folder, texts)
    const serve = () =>
      RecordedModels.model(
        folder,
        server.serve({ headers: { "content-type": "text/event-stream" }, body }),
        client
      )
    const where = `${folder}: ${JSON.stringify(texts)}`
    const parsed = texts.map(JsonTexts.parse)
    const firstInvalid = parsed.indexOf(JsonTexts.invalid)
    const expected = (firstInvalid === -1 ? parsed : parsed.slice(0, firstInvalid)).filter((value) =>
      isContent(folder, value)
    )
    const chunks: Array<any> = []
    const exit = yield* Effect.exit(
      Stream.runForEach(LanguageModel.stream("hi"), (chunk) => Effect.sync(() => chunks.push(chunk))).pipe(
        Effect.provide(serve())
      )
    )
    if (Exit.isFailure(exit)) {
      assert.isFalse(Cause.hasDies(exit.cause), `a defect: ${Cause.pretty(exit.cause)} (${where})`)
      const error = Cause.findErrorOption(exit.cause)
      assert.isTrue(error._tag === "Some" && ProviderError.isProviderError(error.value), where)
      assert.isTrue(firstInvalid !== -1 || refusable, `refused valid JSON: ${Cause.pretty(exit.cause)} (${where})`)
    } else {
      assert.strictEqual(firstInvalid, -1, `accepted invalid JSON (${where})`)
    }
    const delivered = chunks.map((chunk) => chunk.chunk).filter((payload) => isContent(folder, payload))
    // Every chunk before a failure is delivered (all of them but where the schema may refuse a changed text).
    if (!refusable || Exit.isSuccess(exit)) assert.strictEqual(delivered.length, expected.length, where)
    delivered.forEach((payload, index) => sameAsParse(payload, expected[index], `${where} #${index}`))
    yield* checkUI(serve, folder, expected, Exit.isSuccess(exit), where)
  })

/** The UI stream of the body, read by the `ai` package's client: the answer's text, or a failure it can read. */
const checkUI = (
  serve: () => Layer.Layer<LanguageModel.LanguageModel>,
  folder: Folder,
  payloads: ReadonlyArray<unknown>,
  completes: boolean,
  where: string
) =>
  Effect.gen(function*() {
    const response = yield* UIMessageStream.toResponse(UIMessageStream.fromStream(LanguageModel.stream("hi"))).pipe(
      Effect.provide(serve())
    )
    // A call that fails before its first content is answered with an error status and a sentence.
    if (response.status !== 200) {
      assert.isFalse(completes, where)
      const answer = yield* Effect.promise(() => response.text())
      assert.strictEqual(response.status, 502, where)
      assert.notStrictEqual(answer, "An internal error occurred.", where)
      return
    }
    const read = yield* Effect.promise(() => readResponse(response))
    const types = read.chunks.map((chunk) => chunk.type)
    if (completes) {
      assert.strictEqual(types[types.length - 1], "finish", where)
      const text = (read.message?.parts ?? []).flatMap((part) => part.type === "text" ? [part.text] : []).join("")
      assert.strictEqual(text, payloads.map((payload) => textOf(folder, payload)).join(""), where)
    } else {
      const error = read.chunks.find((chunk) => chunk.type === "error")
      assert.isDefined(error, where)
      assert.notStrictEqual((error as { errorText: string }).errorText, "An internal error occurred.", where)
    }
  })

/** Streams of one payload shape written 1 to 8 times with new values and whitespace. */
const streams = (folder: Folder) =>
  FastCheck.tuple(JsonTexts.payloads(known[folder]), JsonTexts.fills({ min: 1, max: 8 })).map(([shape, fills]) =>
    fills.map((fill) => JsonTexts.write(shape, fill))
  )

/** Runs a property whose check is an Effect. */
const property = <A>(
  arbitrary: FastCheck.Arbitrary<A>,
  predicate: (value: A) => Effect.Effect<void>,
  numRuns: number
) =>
  Effect.promise(() =>
    FastCheck.assert(
      FastCheck.asyncProperty(arbitrary, (value) => Effect.runPromise(predicate(value))),
      { numRuns, seed: 53 }
    )
  )

describe("valid JSON never kills a stream", () => {
  for (const folder of ["openai", "anthropic"] as const) {
    it.live(`${folder}: the probe's inputs decode to what JSON.parse gives`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const content = known[folder].map(([key, shape]) =>
          `${key}:${
            JsonTexts.write(shape, {
              strings: ["\"hi\""],
              numbers: ["1"],
              spaces: []
            })
          }`
        ).join(",")
        for (
          const extra of [
            "[{},\"x\"]",
            "{\"a\":{\"b\":{}},\"a\":1}",
            "{\"a\":[{}],\"a\":\"y\"}",
            "[[],{\"k\":[]},\"s\",{},2,[]]",
            "{\"a\":[{\"b\":[]}],\"a\":{\"c\":\"d\"}}"
          ]
        ) {
          // Once, and repeated (a fast path may treat the first text of a shape and the next ones apart).
          const text = `{${content},"extra":${extra}}`
          yield* check(server, folder, [text])
          yield* check(server, folder, [text, text, text.replace("\"hi\"", "\"ho\""), text])
        }
        // A known key whose first value is a container: `JSON.parse` keeps the last one.
        const first = known[folder][0]![0]
        yield* check(server, folder, [`{${first}:{"a":[{}]},${content}}`, `{${first}:[{},"x"],${content}}`])
      }).pipe(Effect.scoped))

    it.live(`${folder}: generated streams of one shape decode to what JSON.parse gives`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        yield* property(streams(folder), (texts) => check(server, folder, texts), 60)
      }).pipe(Effect.scoped), 120_000)

    it.live(`${folder}: a near miss is decoded as JSON.parse reads it, or fails typed`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const missed = FastCheck.tuple(streams(folder), FastCheck.nat(), FastCheck.nat(), FastCheck.nat()).map((
          [texts, which, where, what]
        ) => texts.map((text, index) => index === which % texts.length ? JsonTexts.nearMiss(text, where, what) : text))
        // A changed text that is still JSON may no longer be a chunk the schema accepts: a typed failure too.
        yield* property(missed, (texts) => check(server, folder, texts, true), 60)
      }).pipe(Effect.scoped), 120_000)
  }
})
