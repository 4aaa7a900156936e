/**
 * The cost of serving a call to a browser: `UIMessageStream.fromStream` + `toResponse` (the body read to its
 * end, as a server writes it) against `CallStream.text` alone on the same stream, and the extra per chunk
 * against the floor, the bare SSE framing of the same UI chunks (`data: <JSON>\n\n`, encoded to bytes, with
 * nothing else). Also what handing chunks on one at a time costs `CallStream.onEnd` (an ending is the fold of
 * the chunks the consumer received): `onEnd` + `runDrain` against `runDrain`. 100,000-chunk bodies in 16 KiB
 * pieces. Run with `npm run bench -- ui` (`BENCH_UI_CHUNKS` sets the count).
 */
import { Effect, Stream } from "effect"
import { CallStream, UIMessageStream } from "../src/index.js"
import * as Bodies from "./bodies.js"
import * as Harness from "./harness.js"
import { serviceStream } from "./implementations.js"

const n = Number(process.env.BENCH_UI_CHUNKS ?? 100_000)

export const run = async () => {
  const rows: Array<Array<string>> = []
  const encoder = new TextEncoder()
  for (const provider of ["openai", "anthropic"] as const) {
    const body = Bodies.make(provider, n)
    const pieces = Harness.cut(body.bytes, "16 KiB")
    const stream = () => serviceStream(provider, pieces)
    const chunks = await Effect.runPromise(Stream.runCollect(UIMessageStream.fromStream(stream(), { messageId: "m" })))
    const deltas = chunks.filter((chunk) => chunk.type === "text-delta").map((chunk) => chunk.delta).join("")
    if (deltas !== body.text) throw new Error(`${provider}: the UI chunks do not carry the text`)
    const runDrain = await Harness.measure(() => Effect.runPromise(Stream.runDrain(stream())), () => {})
    const text = await Harness.measure(
      () => Effect.runPromise(Stream.runDrain(CallStream.text(stream()))),
      () => {}
    )
    const served = await Harness.measure(
      () =>
        Effect.runPromise(
          UIMessageStream.toResponse(UIMessageStream.fromStream(stream(), { messageId: "m" })).pipe(
            Effect.flatMap((response) => Effect.promise(() => Harness.readAll(response)))
          )
        ),
      (bytes) => {
        if (bytes < body.text.length) throw new Error(`${provider}: ${bytes} bytes served`)
      }
    )
    // The floor: the same UI chunks framed as SSE and encoded, one piece per chunk, nothing else.
    const framing = await Harness.measure(() => {
      let bytes = 0
      for (const chunk of chunks) bytes += encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`).length
      return bytes
    }, () => {})
    // What a server that saves its answers runs: onEnd before fromStream, which takes whole pieces.
    const saved = await Harness.measure(
      () =>
        Effect.runPromise(
          UIMessageStream.toResponse(
            UIMessageStream.fromStream(CallStream.onEnd(stream(), () => Effect.void, { wholePieces: true }), {
              messageId: "m"
            })
          ).pipe(Effect.flatMap((response) => Effect.promise(() => Harness.readAll(response))))
        ),
      (bytes) => {
        if (bytes < body.text.length) throw new Error(`${provider}: ${bytes} bytes served`)
      }
    )
    const onEnd = await Harness.measure(
      () => Effect.runPromise(Stream.runDrain(CallStream.onEnd(stream(), () => Effect.void))),
      () => {}
    )
    const perChunk = (ms: number) => ms / n * 1000
    const row = (name: string, measured: Harness.Measurement, extra: string) => [
      provider,
      name,
      measured.ms.toFixed(0),
      `${perChunk(measured.ms).toFixed(2)} µs`,
      extra
    ]
    const uiExtra = perChunk(served.ms - text.ms)
    rows.push(
      row("Stream.runDrain", runDrain, ""),
      row("CallStream.text (runDrain)", text, ""),
      row(
        "fromStream + toResponse (body read)",
        served,
        `+${uiExtra.toFixed(2)} µs over text = ${(uiExtra / perChunk(framing.ms)).toFixed(2)}× the framing floor`
      ),
      row("floor: SSE framing of the UI chunks", framing, `${chunks.length} UI chunks`),
      row(
        "onEnd + fromStream + toResponse (body read)",
        saved,
        `+${perChunk(saved.ms - text.ms).toFixed(2)} µs over text`
      ),
      row("CallStream.onEnd (runDrain)", onEnd, `+${perChunk(onEnd.ms - runDrain.ms).toFixed(2)} µs over runDrain`)
    )
    console.log(`  ${provider} done`)
  }
  console.log(`\nServing a call as a UI message stream, ${n.toLocaleString("en")} chunks, 16 KiB pieces (median ms)`)
  console.log(Harness.markdownTable(["provider", "consumer", "median ms", "per chunk", "extra"], rows))
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
