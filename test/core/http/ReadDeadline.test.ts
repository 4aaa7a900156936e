/**
 * A body's deadline (the first content's, `timeouts.firstContent`) against a consumer slower than it, for both of
 * the library's readers (src/core/http/Body.ts for a web body, src/core/http/NodeBody.ts for a Node one): what
 * arrived before the deadline passed is still handed on when the consumer comes back after it, and then the
 * deadline fails the read, however busy the connection stays (keep-alives arriving faster than the consumer reads
 * them never keep a stream past its deadline). An idle timeout longer than a timer holds (30 days) is waited for with
 * one timer, not one Node fired every millisecond with a warning each time.
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Result, Stream } from "effect"
import * as NodeStream from "node:stream"
import * as Body from "../../../src/core/http/Body.js"
import * as NodeBody from "../../../src/core/http/NodeBody.js"

/** When each piece is written, from the start (ms): `A` at once, `B` before the deadline, then a piece a ms. */
const deadlineMillis = 200
const schedule: ReadonlyArray<readonly [at: number, piece: string]> = [
  [0, "A"],
  [10, "B"],
  ...Array.from({ length: 600 }, (_, index) => [300 + index, "x"] as const)
]
const endMillis = 950

/** Writes the schedule with `write`, then `end`; the timers, to clear. */
const play = (write: (piece: Uint8Array) => void, end: () => void) => {
  const encoder = new TextEncoder()
  const timers = schedule.map(([at, piece]) => setTimeout(() => write(encoder.encode(piece)), at))
  timers.push(setTimeout(end, endMillis))
  return () => timers.forEach(clearTimeout)
}

const options = (startedAt: number): Body.ReadOptions<string> => ({
  idle: Duration.seconds(5),
  onIdle: () => "idle",
  onError: () => "error",
  deadline: { at: () => startedAt + deadlineMillis, onDeadline: () => "deadline" }
})

const readers: ReadonlyArray<readonly [string, (startedAt: number) => Stream.Stream<Uint8Array, string>]> = [
  ["a web body", (startedAt) => {
    let stop = () => {}
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        stop = play((piece) => controller.enqueue(piece), () => controller.close())
      },
      cancel: () => stop()
    })
    return Body.fromWebBody(body, options(startedAt))
  }],
  ["a Node body", (startedAt) => {
    const body = new NodeStream.PassThrough()
    const stop = play((piece) => body.write(piece), () => body.end())
    body.on("close", stop)
    return NodeBody.fromNodeBody({}, body, options(startedAt))
  }]
]

describe.each(readers)("%s's deadline", (_, read) => {
  it.live("what arrived in time reaches a consumer back after the deadline; a flood after it fails the read", () =>
    Effect.gen(function*() {
      const startedAt = Date.now()
      const decoder = new TextDecoder()
      let text = ""
      let batches = 0
      // The consumer is busy past the deadline with the first batch, then takes 5 ms a batch: slower than the
      // pieces arrive, so every pull after the deadline finds some waiting.
      const result = yield* read(startedAt).pipe(
        Stream.runForEachArray((pieces) =>
          Effect.sleep(batches++ === 0 ? `${deadlineMillis + 100} millis` : "5 millis").pipe(
            Effect.andThen(Effect.sync(() => pieces.forEach((piece) => (text += decoder.decode(piece)))))
          )
        ),
        Effect.result
      )
      // `B` arrived before the deadline: handed on, though read after it.
      assert.isTrue(text.startsWith("AB"), text)
      // Then the deadline, long before the pieces stop coming: the consumer is handed the first batch, then the one
      // with `B` and whatever came with it, and no more (the flood would keep a careless reader going for a hundred
      // more). Counted, not timed: a loaded machine's stalls move the clock, not the count.
      assert.deepStrictEqual(result, Result.fail("deadline"))
      assert.isAtMost(batches, 2, `batches handed on: ${batches}`)
    }))
})

describe("an idle timeout longer than a timer holds (2^31 - 1 ms)", () => {
  const bodies: ReadonlyArray<
    readonly [string, (options: Body.ReadOptions<string>) => Stream.Stream<Uint8Array, string>]
  > = [
    ["a web body", (options) => {
      let timer: ReturnType<typeof setTimeout> | undefined
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => {
          controller.enqueue(new TextEncoder().encode("A"))
          timer = setTimeout(() => {
            controller.enqueue(new TextEncoder().encode("B"))
            controller.close()
          }, 300)
        },
        cancel: () => clearTimeout(timer)
      })
      return Body.fromWebBody(body, options)
    }],
    ["a Node body", (options) => {
      const body = new NodeStream.PassThrough()
      body.write("A")
      const timer = setTimeout(() => body.end("B"), 300)
      body.on("close", () => clearTimeout(timer))
      return NodeBody.fromNodeBody({}, body, options)
    }]
  ]
  for (const [name, read] of bodies) {
    it.live(`${name}: waited for without a timer fired every millisecond, nor a warning each time`, () =>
      Effect.gen(function*() {
        const warnings: Array<string> = []
        const onWarning = (warning: Error) => warnings.push(warning.name)
        process.on("warning", onWarning)
        // 30 days: Node sets a longer timer to 1 ms, and warns.
        const text = yield* read({ idle: Duration.days(30), onIdle: () => "idle", onError: () => "error" }).pipe(
          Stream.decodeText,
          Stream.mkString,
          Effect.ensuring(Effect.sync(() => process.off("warning", onWarning)))
        )
        assert.strictEqual(text, "AB")
        assert.deepStrictEqual(warnings, [])
      }))
  }
})
