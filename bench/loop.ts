/**
 * The tool loop's cost. Per chunk: one step of 100,000 text chunks in 16 KiB pieces, through each provider's
 * service, drained as a loop (`LanguageModel.runTools`: a `ChunkEvent` per chunk, the step's fold watching its
 * running cost) against `Stream.runDrain` of the same stream and against `CallStream.onEnd` (the fold alone).
 * Per step: the request of a conversation of 10 to 100 tool steps (a user turn, then per step an assistant turn
 * with a tool call and its result) encoded per API, to its body bytes, per message: it should stay flat
 * (encoding linear in the conversation). Run with `npm run bench -- loop`.
 */
import { Effect, Result, Schema, Stream } from "effect"
import * as ToolLoop from "../src/app/loop/ToolLoop.js"
import type * as CallRequest from "../src/core/request/CallRequest.js"
import { CallStream, Message, Tool } from "../src/index.js"
import * as Bodies from "./bodies.js"
import { apis, type Encode } from "./controls.js"
import * as Harness from "./harness.js"
import { serviceStream } from "./implementations.js"

const n = Number(process.env.BENCH_LOOP_CHUNKS ?? 100_000)

const lookup = Tool.handle(
  Tool.make("lookup", { description: "Looks a word up.", parameters: Schema.Struct({ word: Schema.String }) }),
  ({ word }) => Effect.succeed(`the meaning of ${word}`)
)

const perChunk = async (rows: Array<Array<string>>) => {
  for (const provider of ["openai", "anthropic", "bedrock"] as const) {
    const body = Bodies.make(provider, n)
    const pieces = Harness.cut(body.bytes, "16 KiB")
    const stream = () => serviceStream(provider, pieces)
    const runDrain = await Harness.measure(() => Effect.runPromise(Stream.runDrain(stream())), () => {})
    const onEnd = await Harness.measure(
      () => Effect.runPromise(Stream.runDrain(CallStream.onEnd(stream(), () => Effect.void))),
      () => {}
    )
    const loop = await Harness.measure(
      () =>
        Effect.runPromise(
          Stream.runCount(ToolLoop.run({ provider, stream }, { messages: [Message.user("Hi")], tools: [lookup] }))
        ),
      (count) => {
        // Every chunk, the step's end and the loop's.
        if (count !== body.chunks + 2) throw new Error(`${provider} loop: ${count} events for ${body.chunks} chunks`)
      }
    )
    const budgeted = await Harness.measure(
      () =>
        Effect.runPromise(
          Stream.runCount(
            ToolLoop.run({ provider, stream }, {
              messages: [Message.user("Hi")],
              tools: [lookup],
              budget: { usd: 1_000 }
            })
          )
        ),
      () => {}
    )
    const row = (name: string, measured: Harness.Measurement) => [
      provider,
      name,
      measured.ms.toFixed(0),
      `${(measured.ms / runDrain.ms).toFixed(2)}×`,
      `${((measured.ms - runDrain.ms) / n * 1000).toFixed(3)} µs`
    ]
    rows.push(
      row("LanguageModel stream, Stream.runDrain", runDrain),
      row("CallStream.onEnd (the fold)", onEnd),
      row("runTools (one step)", loop),
      row("runTools with a budget", budgeted)
    )
    console.log(`  ${provider} done`)
  }
}

/** A conversation of `steps` tool steps, as the loop sends it on the next step. */
const conversation = (steps: number): Array<Message.Message> => {
  const messages: Array<Message.Message> = [Message.user("Look these words up, one by one.")]
  for (let step = 0; step < steps; step++) {
    const id = `call_${step}`
    messages.push(
      Message.assistant(`Looking up word ${step}.`, {
        toolCalls: [new Tool.ToolCall({ id, name: "lookup", arguments: `{"word":"word ${step}"}` })]
      }),
      Message.toolResult({ toolCallId: id, name: "lookup", content: `the meaning of word ${step}: ${"x".repeat(200)}` })
    )
  }
  return messages
}

const utf8 = new TextEncoder()
const time = (encode: Encode, request: CallRequest.ProviderRequest): number => {
  const start = performance.now()
  utf8.encode(JSON.stringify(Result.getOrThrow(encode(request))))
  return performance.now() - start
}

const perStep = (rows: Array<Array<string>>) => {
  for (const [api, model, encode] of apis) {
    for (const steps of [10, 25, 50, 100]) {
      const request: CallRequest.ProviderRequest = { model, messages: conversation(steps), tools: [lookup] }
      for (let warm = 0; warm < 20; warm++) time(encode, request)
      Harness.gc()
      const ms = Harness.median(Array.from({ length: 31 }, () => time(encode, request)))
      rows.push([
        api,
        String(steps),
        String(request.messages.length),
        ms.toFixed(3),
        `${(ms / request.messages.length * 1000).toFixed(2)} µs`
      ])
    }
  }
}

export const run = async () => {
  const chunkRows: Array<Array<string>> = []
  await perChunk(chunkRows)
  console.log(`\nThe tool loop over one step of ${n.toLocaleString("en")} chunks, 16 KiB pieces (median ms)`)
  console.log(Harness.markdownTable(["provider", "consumer", "median ms", "× runDrain", "extra per chunk"], chunkRows))
  const stepRows: Array<Array<string>> = []
  perStep(stepRows)
  console.log("\nThe next step's request of a tool conversation, encoded to its body bytes (median ms)")
  console.log(Harness.markdownTable(["API", "steps", "messages", "median ms", "per message"], stepRows))
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
