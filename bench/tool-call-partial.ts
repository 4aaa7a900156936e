/**
 * `CallStream.withToolCalls(tools, { partial: true })` on one tool call whose arguments are 1 MB (a model
 * writing a file as an argument: `{"path": ..., "content": "<1 MB>"}`), streamed as OpenAI Chat Completions
 * tool-call fragments of 1 and 64 characters, one chunk per pull (the most progress events). Each fragment is
 * fed to the call's incremental parser once, so the cost is linear in the arguments' length; reading the text
 * so far on every fragment (what this replaced) was quadratic: 256 KB in 4-byte pieces took seconds. Reports the
 * time, the progress events and the heap growth. Then many parallel calls (10,000 and 40,000, one chunk each): each
 * call is found by a lookup, not a scan of the calls before it, so the time grows linearly with their number.
 * Run with `npm run bench -- tool-call-partial`.
 */
import { Effect, Schema, Stream } from "effect"
import { CallStream, OpenAI, Tool } from "../src/index.js"
import * as Harness from "./harness.js"

const size = Number(process.env.BENCH_TOOL_CALL_PARTIAL_SIZE ?? 1_000_000)
const pieceSizes = [1, 64]

const WriteFile = Tool.make("write_file", {
  parameters: Schema.Struct({ path: Schema.String, content: Schema.String })
})

/** The arguments as tool-call fragments of `pieceSize` characters in OpenAI chunks, then the finish chunk. */
const chunks = (text: string, pieceSize: number) => {
  const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
  const chunk = (delta: object, finish_reason: string | null = null) =>
    decode({ id: "chatcmpl-bench", model: "gpt-4o", choices: [{ index: 0, delta, finish_reason }] })
  const out = [
    chunk({
      tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "write_file", arguments: "" } }]
    })
  ]
  for (let at = 0; at < text.length; at += pieceSize) {
    out.push(chunk({ tool_calls: [{ index: 0, function: { arguments: text.slice(at, at + pieceSize) } }] }))
  }
  out.push(chunk({}, "tool_calls"))
  return out
}

const run1 = (input: ReadonlyArray<OpenAI.OpenAICallResponseChunk>) => {
  let progress = 0
  let decoded = 0
  Effect.runSync(
    Stream.runForEach(
      CallStream.withToolCalls(Stream.rechunk(Stream.fromIterable(input), 1), [WriteFile], { partial: true }),
      (event) =>
        Effect.sync(() => {
          if (event._tag === "ToolCallProgress") progress++
          else if (event._tag === "ToolCall") decoded++
        })
    )
  )
  if (decoded !== 1) throw new Error("the call was not decoded")
  return progress
}

/** `count` parallel calls, one chunk each, then the finish chunk. */
const parallelCalls = (count: number) => {
  const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
  const chunk = (delta: object, finish_reason: string | null = null) =>
    decode({ id: "chatcmpl-bench", model: "gpt-4o", choices: [{ index: 0, delta, finish_reason }] })
  const out = Array.from({ length: count }, (_, index) =>
    chunk({
      tool_calls: [{
        index,
        id: `call_${index}`,
        type: "function",
        function: { name: "write_file", arguments: "{\"path\":\"a\",\"content\":\"b\"}" }
      }]
    }))
  out.push(chunk({}, "tool_calls"))
  return out
}

export const run = async () => {
  const text = JSON.stringify({ path: "notes.txt", content: "x".repeat(size - 40) })
  console.log(`\ntool-call partial input: ${text.length} characters of arguments, one chunk per pull`)
  console.log("| piece | chunks | progress events | ms | heap growth (MB) |")
  console.log("|---|---|---|---|---|")
  for (const pieceSize of pieceSizes) {
    const input = chunks(text, pieceSize)
    Harness.gc()
    const heapBefore = process.memoryUsage().heapUsed
    const started = performance.now()
    const progress = run1(input)
    const ms = performance.now() - started
    const heapAfter = process.memoryUsage().heapUsed
    console.log(
      `| ${pieceSize} B | ${input.length} | ${progress} | ${ms.toFixed(0)} | ${
        ((heapAfter - heapBefore) / 1e6).toFixed(1)
      } |`
    )
  }
  console.log("\n| parallel calls | ms |")
  console.log("|---|---|")
  for (const count of [10_000, 40_000]) {
    const input = parallelCalls(count)
    const started = performance.now()
    let decoded = 0
    Effect.runSync(
      Stream.runForEach(
        CallStream.withToolCalls(Stream.fromIterable(input), [WriteFile], { partial: true }),
        (event) => Effect.sync(() => event._tag === "ToolCall" && decoded++)
      )
    )
    if (decoded !== count) throw new Error(`${decoded} of ${count} calls decoded`)
    console.log(`| ${count} | ${(performance.now() - started).toFixed(0)} |`)
  }
}
