/**
 * Every ending keeps what arrived. Every recorded body of every provider is cut at a random byte (the
 * connection dropped), stalled past the idle timeout, stopped by its consumer at a random chunk, and its fiber
 * interrupted at a random moment (each fault through one of the two HTTP clients, alternating); whatever happens, `CallStream.onEnd`
 * reports exactly one ending, its response is the fold of the chunks the stream delivered, the server sees the
 * connection closed, and nothing hangs. `settle` gives the same ending as a value.
 */
import { assert, describe, it } from "@effect/vitest"
import { Schedule } from "effect"
import { Effect, Fiber, Layer, Option, Stream } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { CallResponse, CallStream, LanguageModel, ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as FastCheck from "fast-check"
import { clients } from "../../support/Clients.js"
import * as Frames from "../../support/Frames.js"
import * as RecordedModels from "../support/RecordedModels.js"
import { until } from "../support/Until.js"

/** Retries and resumes without waiting: the tests are about what is retried, not when. */
const noWait = Schedule.recurs(10)

/** The response of exactly these chunks, folded independently of the stream (a left fold of `append`). */
const foldOf = (chunks: ReadonlyArray<CallResponseChunk.CallResponseChunk>): CallResponse.CallResponse =>
  chunks.reduce(CallResponse.append, CallResponse.empty)

/** What an ending's response must say, compared with the fold of the delivered chunks. */
const sameResponse = (actual: CallResponse.CallResponse, expected: CallResponse.CallResponse): Array<string> => {
  const problems: Array<string> = []
  const fields = [
    "content",
    "reasoning",
    "refusal",
    "id",
    "model",
    "finishReasons",
    "usage",
    "toolCalls",
    "serverToolCalls",
    "chunkCount"
  ] as const
  for (const field of fields) {
    if (JSON.stringify(actual[field]) !== JSON.stringify(expected[field])) {
      problems.push(`${field}: ${JSON.stringify(actual[field])} ≠ ${JSON.stringify(expected[field])}`)
    }
  }
  const cost = (response: CallResponse.CallResponse) => Option.getOrUndefined(response.cost)?.usd
  if (cost(actual) !== cost(expected)) problems.push(`cost: ${cost(actual)} ≠ ${cost(expected)}`)
  return problems
}

/** Runs a stream with `onEnd`, keeping every chunk it delivered and every ending reported. */
const observed = <R>(stream: Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError, R>) => {
  const delivered: Array<CallResponseChunk.CallResponseChunk> = []
  const endings: Array<CallStream.Ending> = []
  const watched = stream.pipe(
    CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending))),
    Stream.mapArray((chunks) => {
      delivered.push(...chunks)
      return chunks
    })
  )
  return { delivered, endings, watched }
}

/**
 * Waits until the server has closed every response it started (by finishing it or seeing the client go): false after
 * 10 s (was 100 polls, about a second, which a loaded machine can take).
 */
const allClosed = (server: ReplayServer.ReplayServer, baseUrl: string) =>
  until(() => server.closedConnections(baseUrl) >= server.requests(baseUrl).length, 10_000)

type Fault =
  | { readonly _tag: "Cut"; readonly at: number }
  | { readonly _tag: "Stall"; readonly at: number }
  | { readonly _tag: "Take"; readonly chunks: number }
  | { readonly _tag: "Interrupt"; readonly afterMs: number }

const describeFault = (fault: Fault): string => JSON.stringify(fault)

/** A seeded fault for a body of `length` bytes. */
const faults = (length: number, seed: number): ReadonlyArray<Fault> => {
  const random = FastCheck.sample(FastCheck.integer({ min: 1, max: Math.max(1, length - 1) }), { seed, numRuns: 2 })
  return [
    { _tag: "Cut", at: random[0]! },
    { _tag: "Stall", at: random[1]! },
    { _tag: "Take", chunks: 1 + (seed % 7) },
    { _tag: "Interrupt", afterMs: seed % 15 }
  ]
}

describe("every ending keeps what arrived", () => {
  for (const [clientIndex, [clientName, client]] of clients.entries()) {
    for (const folder of RecordedModels.folders) {
      it.live(`${folder}: cut, stalled, stopped and interrupted streams (${clientName})`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const problems: Array<string> = []
          let seed = folder.length * 97 + (clientName === "fetch" ? 1 : 2)
          const endingsSeen = { Completed: 0, Failed: 0, Interrupted: 0 }
          for (const [index, recording] of RecordedModels.recordings(folder).entries()) {
            // Each recording meets every kind of fault, half of them through each HTTP client.
            const mine = faults(recording.body.length, seed++).filter((_, kind) =>
              (kind + index + clientIndex) % 2 === 0
            )
            for (const fault of mine) {
              const where = `${recording.name} ${describeFault(fault)}`
              const baseUrl = server.serve({
                headers: { "content-type": RecordedModels.contentType(folder) },
                body: recording.body,
                cuts: fault._tag === "Stall" ? [fault.at] : ReplayServer.randomCuts(recording.body.length, seed, 512),
                ...(fault._tag === "Cut" ? { dropAfterBytes: fault.at } : {}),
                ...(fault._tag === "Stall" ? { delayMs: 2_000 } : {}),
                ...(fault._tag === "Interrupt" ? { delayMs: 1 } : {})
              })
              const model = RecordedModels.model(folder, baseUrl, client, { timeouts: { idle: "40 millis" } })
              const { delivered, endings, watched } = observed(LanguageModel.stream("hi"))
              const run = fault._tag === "Take"
                ? Stream.runDrain(Stream.take(watched, fault.chunks))
                : Stream.runDrain(watched)
              if (fault._tag === "Interrupt") {
                const fiber = yield* Effect.forkChild(Effect.provide(Effect.ignore(run), model))
                yield* Effect.sleep(fault.afterMs)
                yield* Fiber.interrupt(fiber)
              } else {
                yield* Effect.provide(Effect.ignore(run), model)
              }
              // A fiber interrupted before its stream started sent nothing and has no ending to report.
              if (endings.length === 0 && server.requests(baseUrl).length === 0) continue
              if (endings.length !== 1) {
                problems.push(`${where}: ${endings.length} endings`)
                continue
              }
              const ending = endings[0]!
              endingsSeen[ending._tag]++
              for (const problem of sameResponse(ending.response, foldOf(delivered))) {
                problems.push(`${where}: ${ending._tag}: ${problem}`)
              }
              if (ending._tag === "Failed" && !(ending.error instanceof Error)) problems.push(`${where}: not an error`)
              if (fault._tag === "Stall" && ending._tag === "Failed" && ending.error._tag === "TransportError") {
                if (ending.error.timeout !== "idle") problems.push(`${where}: ${ending.error.message}`)
              }
              if (!(yield* allClosed(server, baseUrl))) problems.push(`${where}: a response is still open`)
            }
          }
          assert.deepStrictEqual(problems, [])
          // The faults reach every kind of ending.
          assert.isAbove(endingsSeen.Failed, 0)
          assert.isAbove(endingsSeen.Interrupted, 0)
        }), 120_000)
    }
  }
})

describe("settle", () => {
  const [, fetchClient] = clients[0]!
  const recording = RecordedModels.recordings("anthropic").find((candidate) => candidate.name === "tool-use")!
  const serve = (server: ReplayServer.ReplayServer, scenario: Partial<ReplayServer.Scenario> = {}) =>
    server.serve({ headers: { "content-type": "text/event-stream" }, body: recording.body, ...scenario })

  it.live("a stream that completes settles Completed, with its tool calls complete", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const model = RecordedModels.model("anthropic", serve(server), fetchClient)
      const ending = yield* CallStream.settle(LanguageModel.stream("hi")).pipe(Effect.provide(model))
      assert.strictEqual(ending._tag, "Completed")
      const accumulated = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(RecordedModels.model("anthropic", serve(server), fetchClient))
      )
      assert.deepStrictEqual(sameResponse(ending.response, accumulated), [])
      assert.isAbove(ending.response.toolCalls.length, 0)
      assert.isTrue(ending.response.toolCallRecords.every((record) => record.complete))
    }))

  it.live("a stream cut inside a tool call settles Failed: text and usage kept, the cut call marked incomplete", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const text = new TextDecoder().decode(recording.body)
      // Cut in the middle of the tool call's arguments.
      const at = new TextEncoder().encode(text.slice(0, text.indexOf("input_json_delta") + 40)).length
      const model = RecordedModels.model("anthropic", serve(server, { dropAfterBytes: at }), fetchClient)
      const ending = yield* CallStream.settle(LanguageModel.stream("hi")).pipe(Effect.provide(model))
      assert.strictEqual(ending._tag, "Failed")
      if (ending._tag !== "Failed") return
      assert.instanceOf(ending.error, ProviderError.TransportError)
      const { response } = ending
      assert.isAbove(response.usage.inputTokens ?? 0, 0, "message_start's input tokens are kept")
      assert.deepStrictEqual(response.finishReasons, [])
      assert.strictEqual(response.toolCalls.length, 1)
      assert.deepStrictEqual(response.toolCallRecords.map((record) => record.complete), [false])
      // message_start's usage (input and output so far) is priced.
      assert.isTrue(Option.isSome(response.cost))
    }))

  it.live("a timeout settles Interrupted with what arrived", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const cuts = ReplayServer.randomCuts(recording.body.length, 3, 200)
      // 34 pieces 100 ms apart, the first content in the 7th to 9th: a 1.5 s timeout comes between the two.
      const baseUrl = serve(server, { cuts, delayMs: 100 })
      const model = RecordedModels.model("anthropic", baseUrl, fetchClient)
      const ending = yield* CallStream.settle(LanguageModel.stream("hi"), { timeout: "1500 millis" }).pipe(
        Effect.provide(model)
      )
      assert.strictEqual(ending._tag, "Interrupted")
      assert.isAbove(ending.response.chunkCount, 0)
      assert.isBelow(ending.response.content.length + ending.response.toolCalls.length, 1_000)
      assert.isTrue(yield* allClosed(server, baseUrl))
    }))
})

describe("retries and fallbacks before content", () => {
  const [, fetchClient] = clients[0]!
  const anthropic = RecordedModels.recordings("anthropic").find((candidate) => candidate.name === "text")!
  const messageStart = new TextDecoder().decode(anthropic.body).split("\n\n")[0]!
  const overloaded =
    `${messageStart}\n\nevent: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n`
  const sse = { "content-type": "text/event-stream" }

  it.live("an overloaded_error right after message_start is retried, and the consumer sees one message_start", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([{ headers: sse, body: overloaded }, { headers: sse, body: anthropic.body }])
      const model = RecordedModels.model("anthropic", baseUrl, fetchClient).pipe(
        LanguageModel.withRetry({ schedule: noWait })
      )
      const { delivered, endings, watched } = observed(LanguageModel.stream("hi"))
      yield* Stream.runDrain(watched).pipe(Effect.provide(model))
      assert.strictEqual(server.requests(baseUrl).length, 2)
      assert.strictEqual(endings.length, 1)
      assert.strictEqual(endings[0]!._tag, "Completed")
      const starts = delivered.filter((chunk) => (chunk.chunk as { type?: string }).type === "message_start")
      assert.strictEqual(starts.length, 1)
    }))

  it.live("a Bedrock exception frame right after messageStart is retried, and no chunk of that attempt is seen", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const recording = RecordedModels.recordings("bedrock").find((candidate) =>
        candidate.name === "converse-text.eventstream.b64"
      )!
      const throttled = Frames.concat([
        Frames.event("messageStart", { role: "assistant" }),
        Frames.exception("throttlingException", { message: "Too many requests, please wait before trying again." })
      ])
      const eventStream = { "content-type": "application/vnd.amazon.eventstream" }
      const baseUrl = server.serve([{ headers: eventStream, body: throttled }, {
        headers: eventStream,
        body: recording.body
      }])
      const model = RecordedModels.model("bedrock", baseUrl, fetchClient).pipe(
        LanguageModel.withRetry({ schedule: noWait })
      )
      const { delivered, endings, watched } = observed(LanguageModel.stream("hi"))
      yield* Stream.runDrain(watched).pipe(Effect.provide(model))
      assert.strictEqual(server.requests(baseUrl).length, 2)
      assert.strictEqual(endings[0]!._tag, "Completed")
      const starts = delivered.filter((chunk) => "messageStart" in (chunk.chunk as object))
      assert.strictEqual(starts.length, 1)
      assert.isAbove(foldOf(delivered).content.length, 0)
    }))

  it.live("an empty 200 is retried", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([{ headers: sse, body: "" }, { headers: sse, body: anthropic.body }])
      const model = RecordedModels.model("anthropic", baseUrl, fetchClient).pipe(LanguageModel.withRetry())
      const response = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(Effect.provide(model))
      assert.strictEqual(server.requests(baseUrl).length, 2)
      assert.isAbove(response.content.length, 0)
    }))

  it.live("a failure after content is final: no retry, the Failed ending has the partial response", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const text = new TextDecoder().decode(anthropic.body)
      const cut = text.indexOf("content_block_delta", text.indexOf("text_delta") + 200)
      const baseUrl = server.serve([{ headers: sse, body: anthropic.body, dropAfterBytes: cut }, {
        headers: sse,
        body: anthropic.body
      }])
      const model = RecordedModels.model("anthropic", baseUrl, fetchClient).pipe(LanguageModel.withRetry())
      const ending = yield* CallStream.settle(LanguageModel.stream("hi")).pipe(Effect.provide(model))
      assert.strictEqual(server.requests(baseUrl).length, 1)
      assert.strictEqual(ending._tag, "Failed")
      assert.isAbove(ending.response.content.length, 0)
    }))

  it.live("a model that fails before content falls back to another provider's; the response and its cost are the fallback's", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const primaryUrl = server.serve({ headers: sse, body: overloaded })
      const openai = RecordedModels.recordings("openai").find((candidate) => candidate.name === "text")!
      const fallbackUrl = server.serve({ headers: sse, body: openai.body })
      const model = RecordedModels.model("anthropic", primaryUrl, fetchClient).pipe(
        LanguageModel.withFallback(RecordedModels.model("openai", fallbackUrl, fetchClient))
      )
      const { delivered, watched } = observed(LanguageModel.stream("hi"))
      yield* Stream.runDrain(watched).pipe(Effect.provide(model))
      assert.isTrue(delivered.every((chunk) => chunk.provider === "openai"))
      const response = foldOf(delivered)
      assert.strictEqual(response.provider, "openai")
      assert.isTrue(Option.isSome(response.cost))
    }))

  it.live(
    "withFallback: a non-retryable error is final unless `when` selects it; both orders with withRetry",
    () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const openai = RecordedModels.recordings("openai").find((candidate) => candidate.name === "text")!
        const notFound = {
          status: 404,
          headers: { "content-type": "application/json" },
          body: "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-x\"}}"
        }
        const primaryUrl = server.serve(notFound)
        const fallback = (url: string) => RecordedModels.model("openai", url, fetchClient)
        const plain = RecordedModels.model("anthropic", primaryUrl, fetchClient).pipe(
          LanguageModel.withFallback(fallback(server.serve({ headers: sse, body: openai.body })))
        )
        const failed = yield* CallStream.settle(LanguageModel.stream("hi")).pipe(Effect.provide(plain))
        assert.strictEqual(failed._tag, "Failed")
        const selected = RecordedModels.model("anthropic", primaryUrl, fetchClient).pipe(
          LanguageModel.withFallback(fallback(server.serve({ headers: sse, body: openai.body })), {
            when: (error) => error._tag === "InvalidRequestError" || error.retryable
          })
        )
        const answered = yield* CallStream.settle(LanguageModel.stream("hi")).pipe(Effect.provide(selected))
        assert.strictEqual(answered._tag, "Completed")
        assert.strictEqual(answered.response.provider, "openai")
        // Retry inside the fallback: the primary is tried three times (two retries), then the fallback once.
        const overloadedUrl = server.serve({
          status: 529,
          body: "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}"
        })
        const secondUrl = server.serve({ headers: sse, body: openai.body })
        const retriedFirst = RecordedModels.model("anthropic", overloadedUrl, fetchClient).pipe(
          LanguageModel.withRetry({ schedule: Schedule.recurs(2), maxRetryAfter: "1 second" }),
          LanguageModel.withFallback(fallback(secondUrl))
        )
        const first = yield* CallStream.settle(LanguageModel.stream("hi")).pipe(Effect.provide(retriedFirst))
        assert.strictEqual(first._tag, "Completed")
        assert.strictEqual(server.requests(overloadedUrl).length, 3)
        assert.strictEqual(server.requests(secondUrl).length, 1)
      }),
    30_000
  )
})

describe("a defect is not an ending", () => {
  it.effect("onEnd does not report it, settle passes it through", () =>
    Effect.gen(function*() {
      let reported = 0
      const dying = Stream.die(new Error("boom")) as Stream.Stream<CallResponseChunk.CallResponseChunk>
      const exit = yield* CallStream.settle(
        CallStream.onEnd(dying, () => Effect.sync(() => reported++))
      ).pipe(Effect.exit)
      assert.strictEqual(exit._tag, "Failure")
      assert.strictEqual(reported, 0)
    }).pipe(Effect.provide(Layer.empty)))
})
