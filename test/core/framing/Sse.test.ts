import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Result, Stream } from "effect"
import { ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as FastCheck from "fast-check"
import * as BodyDecoder from "../../../src/core/framing/BodyDecoder.js"
import * as Sse from "../../../src/core/framing/Sse.js"

const encoder = new TextEncoder()

const parseAll = (pieces: ReadonlyArray<string | Uint8Array>, maxEventSize?: number) => {
  const parser = new Sse.Parser(maxEventSize)
  const out: Array<Sse.Event> = []
  for (const piece of pieces) {
    const error = parser.push(typeof piece === "string" ? encoder.encode(piece) : piece, out)
    if (error) return { out, error }
  }
  return { out, error: parser.end(out) }
}

const events = (text: string) => parseAll([text]).out

describe("Sse.Parser", () => {
  it("dispatches on a blank line and defaults the event name to message", () => {
    assert.deepStrictEqual(events("data: {\"a\":1}\n\n"), [{ event: "message", data: "{\"a\":1}", id: "" }])
  })

  it("accepts LF, CRLF and CR line endings, mixed", () => {
    assert.deepStrictEqual(
      events("data: a\r\n\r\ndata: b\r\rdata: c\n\n").map((event) => event.data),
      ["a", "b", "c"]
    )
  })

  it("treats a CRLF split across pieces as one line ending", () => {
    const { out } = parseAll(["data: a\r", "\n", "\r", "\ndata: b\n\n"])
    assert.deepStrictEqual(out.map((event) => event.data), ["a", "b"])
  })

  it("joins multi-line data with LF and strips exactly one space after the colon", () => {
    assert.deepStrictEqual(events("data:  one\ndata:two\ndata\n\n")[0]!.data, " one\ntwo\n")
  })

  it("ignores comments and unknown fields, keeps event names and ids", () => {
    const out = events(": keep-alive\nretry: 10\nfoo: bar\nevent: ping\nid: 7\ndata: {}\n\n")
    assert.deepStrictEqual(out, [{ event: "ping", data: "{}", id: "7" }])
  })

  it("does not dispatch an event without data, and resets its name", () => {
    assert.deepStrictEqual(events("event: a\n\ndata: x\n\n"), [{ event: "message", data: "x", id: "" }])
  })

  it("dispatches an empty data field as an empty string", () => {
    assert.deepStrictEqual(events("data:\n\n")[0]!.data, "")
  })

  it("drops a last event without its blank line (incomplete at end of input)", () => {
    assert.deepStrictEqual(events("data: a\n\ndata: b\n").map((event) => event.data), ["a"])
  })

  it("decodes UTF-8 characters split across pieces", () => {
    const bytes = encoder.encode("data: 👋 héllo\n\n")
    for (let cut = 1; cut < bytes.length; cut++) {
      const { out } = parseAll(ReplayServer.splitAt(bytes, [cut]))
      assert.strictEqual(out[0]!.data, "👋 héllo")
    }
  })

  it("strips a leading byte order mark", () => {
    assert.deepStrictEqual(events("\uFEFFdata: a\n\n")[0]!.data, "a")
  })

  it("fails with a typed error when one event exceeds the bound, keeping earlier events", () => {
    const { error, out } = parseAll(["data: ok\n\n", `data: ${"x".repeat(100)}`, "x".repeat(100)], 64)
    assert.deepStrictEqual(out.map((event) => event.data), ["ok"])
    assert.instanceOf(error, Sse.EventTooLargeError)
  })

  it("bounds an over-long line that never ends", () => {
    const parser = new Sse.Parser(1000)
    const out: Array<Sse.Event> = []
    let error: Sse.EventTooLargeError | undefined
    for (let index = 0; index < 100 && error === undefined; index++) {
      error = parser.push(encoder.encode("y".repeat(100)), out)
    }
    assert.instanceOf(error, Sse.EventTooLargeError)
  })

  it("gives the same events however the bytes are split", () => {
    const body = encoder.encode(
      "event: a\r\ndata: 1\r\n\r\n: c\n\ndata: 2\rdata: 3\r\rid: x\ndata: ✓ß😀\n\n"
    )
    const expected = parseAll([body]).out
    FastCheck.assert(
      FastCheck.property(
        FastCheck.uniqueArray(FastCheck.integer({ min: 1, max: body.length - 1 }), { maxLength: 20 }),
        (cuts) => {
          assert.deepStrictEqual(parseAll(ReplayServer.splitAt(body, cuts)).out, expected)
        }
      ),
      { numRuns: 500, seed: 42 }
    )
  })
})

describe("a body that goes on without end", () => {
  /** A decoder of `maxBytes` that keeps every event's data (a host's keep-alives carry none). */
  const decoder = (maxBytes?: number) =>
    BodyDecoder.make(
      "host",
      Sse.framer("host", undefined),
      { decode: (event: Sse.Event) => event.data },
      undefined,
      maxBytes
    )

  it("fails once it passes the most bytes a body may hold, keeping what came before", () => {
    const body = decoder(1000)
    const out: Array<string> = []
    const keepAlive = encoder.encode(": keep-alive\n\n".padEnd(100, " "))
    let status: BodyDecoder.Status = body.push(encoder.encode("data: hi\n\n"), out)
    for (let sent = 10; status === undefined && sent < 2000; sent += keepAlive.length) {
      status = body.push(keepAlive, out)
    }
    assert.deepStrictEqual(out, ["hi"])
    assert.instanceOf(status, ProviderError.MalformedPayloadError)
    assert.include((status as ProviderError.MalformedPayloadError).message, "went on past 1000 bytes")
    // Failed, it stays failed.
    assert.strictEqual(body.push(encoder.encode("data: more\n\n"), out), status)
  })

  it("by default, past 256 MiB, checked before the bytes are read", () => {
    assert.strictEqual(BodyDecoder.maxResponseBytes, 256 * 2 ** 20)
    const status = decoder().push(new Uint8Array(BodyDecoder.maxResponseBytes + 1), [])
    assert.instanceOf(status, ProviderError.MalformedPayloadError)
    assert.include((status as ProviderError.MalformedPayloadError).message, "went on past 268435456 bytes")
  })
})

describe("SSE body decoding stage", () => {
  // Events pass through a trivial event decoder, which ends the stream at `[DONE]`.
  const passThrough = () =>
    BodyDecoder.make("openai", Sse.framer("openai", 20), {
      decode: (event: Sse.Event) => event.data === "[DONE]" ? BodyDecoder.done : event.data
    })

  it.effect("emits the events of a byte stream and fails after the ones before an oversized event", () =>
    Effect.gen(function*() {
      const collected: Array<string> = []
      const result = yield* Stream.make(
        encoder.encode("data: a\n\ndata: b\n\n"),
        encoder.encode(`data: ${"z".repeat(50)}`)
      )
        .pipe(
          BodyDecoder.decodeBody(passThrough),
          Stream.runForEach((data) => Effect.sync(() => collected.push(data))),
          Effect.result
        )
      assert.deepStrictEqual(collected, ["a", "b"])
      assert.instanceOf(Result.getFailure(result).pipe(Option.getOrUndefined), ProviderError.MalformedPayloadError)
    }))

  it.effect("ends at the end-of-stream marker without reading further, and a body without it is truncated", () =>
    Effect.gen(function*() {
      const out = yield* Stream.make(encoder.encode("data: 1\n\ndata: [DONE]\n\n"), encoder.encode("data: 2\n\n")).pipe(
        BodyDecoder.decodeBody(passThrough),
        Stream.runCollect
      )
      assert.deepStrictEqual(out, ["1"])
      const truncated = yield* Stream.make(encoder.encode("data: 1\n\n")).pipe(
        BodyDecoder.decodeBody(passThrough),
        Stream.runCollect,
        Effect.flip
      )
      assert.instanceOf(truncated, ProviderError.TruncatedStreamError)
    }))
})
