/**
 * The tool loop's budget, interruption and telemetry, over the replay server with both HTTP clients (Anthropic,
 * whose `message_start` reports the input tokens, so a step's cost is known from its first event; scripted with
 * the test kit's payload builders and sent one event per network piece).
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Deferred, Effect, Fiber, Layer, Option, Ref, Schema, Stream } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { LanguageModel, Message, PriceTable, Telemetry, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as LoopWire from "../../support/LoopWire.js"
import * as RecordingTracer from "../../support/RecordingTracer.js"

const lookup = Tool.handle(
  Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
  ({ q }) => Effect.succeed(`found ${q}`)
)

/** A scripted step sent one SSE event per network piece. */
const pieceByPiece = (provider: CallResponseChunk.Provider, step: LoopWire.Step, id: string) => {
  const scenario = LoopWire.scripted(provider, step, id)
  const text = new TextDecoder().decode(scenario.body)
  const cuts: Array<number> = []
  for (let at = text.indexOf("\n\n"); at !== -1; at = text.indexOf("\n\n", at + 2)) cuts.push(at + 2)
  return { ...scenario, cuts: cuts.slice(0, -1) }
}

const usd = (text: string) => BigDecimal.fromStringUnsafe(text)
const words = ["one ", "two ", "three ", "four ", "five ", "six"]

const loop = (request: Omit<LanguageModel.RunRequest, "messages">) =>
  LanguageModel.runTools({ messages: [Message.user("Count")], ...request })

describe("the tool loop's budget", () => {
  for (const [clientName, client] of clients) {
    it.live(`the step is cut in the network piece that crossed the budget, the overshoot reported (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        // claude-sonnet-4-5: $3 per million input tokens. Step 1 costs about $0.003; step 2's message_start
        // alone (10,000 input tokens, $0.03) crosses a $0.02 budget: the rest of step 2 is never read.
        const baseUrl = server.serve([
          pieceByPiece(
            "anthropic",
            { calls: [{ id: "c1", name: "lookup", arguments: "{\"q\":\"a\"}" }], input: 1000 },
            "1"
          ),
          pieceByPiece("anthropic", { texts: words, input: 10_000, output: 500 }, "2"),
          pieceByPiece("anthropic", { texts: ["never sent"] }, "3")
        ])
        const events = yield* Stream.runCollect(loop({ tools: [lookup], budget: { usd: "0.02" } })).pipe(
          Effect.provide(LoopWire.modelAt("anthropic", baseUrl, client))
        )
        const done = events[events.length - 1] as LanguageModel.DoneEvent
        assert.strictEqual(done.reason, "budget")
        assert.strictEqual(server.requests(baseUrl).length, 2, "nothing more is sent")
        assert.deepStrictEqual(done.steps.map((step) => step._tag), ["Completed", "Interrupted"])
        // Step 2 stopped at its first event: none of its text was delivered.
        const step2 = events.filter((event) => event._tag === "ChunkEvent" && event.step === 2)
        assert.isAtLeast(step2.length, 1)
        assert.strictEqual(done.steps[1]!.response.content, "")
        // The cost of what arrived, summed exactly; the overshoot is what it is past the budget.
        const [first, second] = done.steps.map((step) =>
          step.response.cost.pipe((cost) => cost._tag === "Some" ? cost.value.total : undefined)
        )
        assert.isTrue(BigDecimal.equals(Option.getOrThrow(done.cost).total, BigDecimal.sum(first!, second!)))
        assert.isTrue(
          BigDecimal.equals(
            Option.getOrThrow(done.overshoot).total,
            BigDecimal.subtract(Option.getOrThrow(done.cost).total, usd("0.02"))
          )
        )
        assert.isTrue(BigDecimal.isPositive(Option.getOrThrow(done.overshoot).total))
        // Every chunk before the crossing piece was within the budget; the running cost rode on each chunk.
        const costs = events.flatMap((event) =>
          event._tag === "ChunkEvent" && event.cost !== undefined ? [event.cost.total] : []
        )
        assert.isTrue(BigDecimal.equals(costs[costs.length - 1]!, Option.getOrThrow(done.cost).total))
        for (const cost of costs.slice(0, -step2.length)) {
          assert.isTrue(BigDecimal.isLessThanOrEqualTo(cost, usd("0.02")))
        }
        assert.deepStrictEqual(done.messages.map((message) => message._tag), [
          "UserMessage",
          "AssistantMessage",
          "ToolResultMessage"
        ])
      }).pipe(Effect.scoped))

    it.live(`a budget crossed by the last usage report cuts the step after its text (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        // $0.03 of input, then 500 output tokens at $15 per million: $0.0375 in all, past $0.035 at message_delta.
        const baseUrl = server.serve(pieceByPiece("anthropic", { texts: words, input: 10_000, output: 500 }, "1"))
        const done = yield* LanguageModel.runToolsToEnd({
          messages: [Message.user("Count")],
          tools: [lookup],
          budget: { usd: 0.035 }
        }).pipe(
          Effect.provide(LoopWire.modelAt("anthropic", baseUrl, client))
        )
        assert.strictEqual(done.reason, "budget")
        assert.strictEqual(done.steps[0]!.response.content, words.join(""))
        assert.strictEqual(BigDecimal.format(BigDecimal.normalize(Option.getOrThrow(done.overshoot).total)), "0.0025")
        // Within budget the overshoot is zero.
        const within = yield* LanguageModel.runToolsToEnd({
          messages: [Message.user("Count")],
          tools: [lookup],
          budget: { usd: "1" }
        }).pipe(
          Effect.provide(
            LoopWire.modelAt("anthropic", server.serve(LoopWire.scripted("anthropic", { texts: ["hi"] })), client)
          )
        )
        assert.strictEqual(within.reason, "stop")
        assert.isTrue(BigDecimal.isZero(Option.getOrThrow(within.overshoot).total))
      }).pipe(Effect.scoped))
  }
})

describe("a budget that cannot be watched", () => {
  it.live("a model without a price fails the loop with the reason, before anything more is sent", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(
        LoopWire.scripted("openai", {
          model: "my-own-finetune",
          calls: [{ id: "c1", name: "lookup", arguments: "{\"q\":\"a\"}" }]
        })
      )
      const error = yield* Effect.flip(
        Stream.runDrain(loop({ tools: [lookup], budget: { usd: "0.01" } })).pipe(
          Effect.provide(LoopWire.modelAt("openai", baseUrl, clients[0]![1]))
        )
      )
      // The server's configuration (a 500 for a browser), not a refusal of the provider's.
      assert.strictEqual(error._tag, "ConfigurationError")
      assert.match(error.message, /budget needs the cost of every step.*my-own-finetune/)
      assert.strictEqual(server.requests(baseUrl).length, 1)
    }).pipe(Effect.scoped))
})

describe("interrupting the tool loop", () => {
  for (const [clientName, client] of clients) {
    it.live(`interrupts the running handlers, and the running step, whose last event says what it cost (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const started = yield* Deferred.make<void>()
        const interrupted = yield* Deferred.make<void>()
        const stuck = Tool.handle(
          Tool.make("stuck", { parameters: Schema.Struct({}) }),
          () =>
            Deferred.succeed(started, undefined).pipe(
              Effect.andThen(Effect.never),
              Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined))
            )
        )
        const handlerUrl = server.serve(
          LoopWire.scripted("anthropic", { calls: [{ id: "s", name: "stuck", arguments: "{}" }] })
        )
        const fiber = yield* Effect.forkChild(
          Stream.runDrain(loop({ tools: [stuck] })).pipe(
            Effect.provide(LoopWire.modelAt("anthropic", handlerUrl, client))
          )
        )
        yield* Deferred.await(started)
        yield* Fiber.interrupt(fiber)
        assert.isTrue(yield* Deferred.isDone(interrupted))
        // A step that never ends (the server repeats its last piece): interrupted after its first costed chunk.
        const endless = { ...pieceByPiece("anthropic", { texts: words, input: 2000 }, "2"), endless: true }
        const stepUrl = server.serve(endless)
        const seen = yield* Ref.make<Array<LanguageModel.StepEvent>>([])
        const costed = yield* Deferred.make<void>()
        const running = yield* Effect.forkChild(
          loop({ tools: [lookup] }).pipe(
            Stream.runForEach((event) =>
              Ref.update(seen, (events) => [...events, event]).pipe(
                Effect.andThen(
                  event._tag === "ChunkEvent" && event.cost !== undefined
                    ? Deferred.succeed(costed, undefined)
                    : Effect.void
                )
              )
            ),
            Effect.provide(LoopWire.modelAt("anthropic", stepUrl, client))
          )
        )
        yield* Deferred.await(costed)
        yield* Fiber.interrupt(running)
        const last = (yield* Ref.get(seen)).at(-1) as LanguageModel.ChunkEvent
        assert.strictEqual(last._tag, "ChunkEvent")
        assert.strictEqual(last.cost!.model, "claude-sonnet-4-5")
        // The response is closed: the client hung up on the endless stream.
        for (let wait = 0; wait < 100 && server.abortedResponses(stepUrl) === 0; wait++) {
          yield* Effect.sleep("10 millis")
        }
        assert.strictEqual(server.abortedResponses(stepUrl), 1)
      }).pipe(Effect.scoped))
  }
})

describe("the tool loop's telemetry", () => {
  it.live("a span per loop, a child per step (the call's span under it) and per tool call, with usage and cost", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        LoopWire.scripted("openai", { calls: [{ id: "c1", name: "lookup", arguments: "{\"q\":\"a\"}" }] }, "1"),
        LoopWire.scripted("openai", { texts: ["done"] }, "2")
      ])
      const recording = yield* RecordingTracer.make
      yield* Stream.runDrain(loop({ tools: [lookup] })).pipe(
        Effect.provide(LoopWire.modelAt("openai", baseUrl, clients[0]![1])),
        Effect.provide(PriceTable.layerBundled),
        Effect.withTracer(recording.tracer)
      )
      const named = (name: string) => recording.spans.filter((span) => span.name === name)
      const [root] = named("tool_loop")
      const steps = [...named("tool_loop step 1"), ...named("tool_loop step 2")]
      assert.strictEqual(steps.length, 2)
      for (const step of steps) {
        assert.strictEqual(step.parentId, root!.spanId)
        assert.strictEqual(step.attributes.get("gen_ai.usage.input_tokens"), 100)
        assert.strictEqual(step.attributes.get("gen_ai.usage.output_tokens"), 20)
        assert.isAbove(step.attributes.get("effect_llm_stream.cost_usd") as number, 0)
      }
      const calls = recording.spans.filter((span) => span.name.startsWith("chat "))
      assert.deepStrictEqual(calls.map((span) => span.parentId), steps.map((step) => step.spanId))
      const [tool] = named("execute_tool lookup")
      assert.strictEqual(tool!.parentId, steps[0]!.spanId)
      assert.strictEqual(tool!.attributes.get("gen_ai.tool.call.id"), "c1")
      assert.strictEqual(root!.attributes.get("gen_ai.usage.input_tokens"), 200)
      assert.strictEqual(root!.attributes.get("effect_llm_stream.tool_loop.reason"), "stop")
      assert.strictEqual(
        root!.attributes.get("effect_llm_stream.cost_usd"),
        (steps[0]!.attributes.get("effect_llm_stream.cost_usd") as number) * 2
      )
      // With the library's telemetry off, the loop makes no span of its own either.
      const quiet = yield* RecordingTracer.make
      yield* Stream.runDrain(loop({ tools: [lookup] })).pipe(
        Effect.provide(
          LoopWire.modelAt("openai", server.serve(LoopWire.scripted("openai", { texts: ["hi"] })), clients[0]![1])
        ),
        Effect.provide(Layer.succeed(Telemetry.Enabled, false)),
        Effect.withTracer(quiet.tracer)
      )
      // (the HTTP client's own span, `POST`, is effect/http's.)
      assert.deepStrictEqual(quiet.spans.map((span) => span.name), ["POST"])
    }).pipe(Effect.scoped))

  it.live("with no tracer installed (Effect's native one, which exports nothing), the loop makes no span", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      // What the handler runs under: the tool call's span when the loop makes spans, none otherwise.
      const seen: Array<string | undefined> = []
      const spanned = Tool.handle(
        Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
        () =>
          Effect.map(Effect.option(Effect.currentSpan), (span) => {
            seen.push(Option.isSome(span) ? span.value.name : undefined)
            return "found"
          })
      )
      const script = () =>
        server.serve([
          LoopWire.scripted("openai", { calls: [{ id: "c1", name: "lookup", arguments: "{\"q\":\"a\"}" }] }, "1"),
          LoopWire.scripted("openai", { texts: ["done"] }, "2")
        ])
      const run = (baseUrl: string) =>
        Stream.runDrain(loop({ tools: [spanned] })).pipe(
          Effect.provide(LoopWire.modelAt("openai", baseUrl, clients[0]![1]))
        )
      yield* run(script())
      const recording = yield* RecordingTracer.make
      yield* run(script()).pipe(Effect.withTracer(recording.tracer))
      assert.deepStrictEqual(seen, [undefined, "execute_tool lookup"])
    }).pipe(Effect.scoped))
})
