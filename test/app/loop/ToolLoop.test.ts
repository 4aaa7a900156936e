/**
 * The tool loop's stop conditions and faults, over the replay server with both HTTP clients (OpenAI Chat
 * Completions, scripted with the test kit's payload builders): each stop condition, a tool without a handler,
 * arguments that fail the Schema and unknown tools sent back as error results, a handler's failure and timeout,
 * and the handlers of a step running at once.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Cause, Deferred, Effect, Option, Ref, Result, Schema, Stream } from "effect"
import { Cost, CostMetadata, LanguageModel, Message, PriceTable, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as LoopWire from "../../support/LoopWire.js"

const lookup = Tool.handle(
  Tool.make("lookup", { description: "Looks a word up", parameters: Schema.Struct({ q: Schema.String }) }),
  ({ q }) => Effect.succeed(`found ${q}`)
)
const askHuman = Tool.make("ask_human", { parameters: Schema.Struct({ question: Schema.String }) })

type Call = { readonly id: string; readonly name: string; readonly arguments: string }

/** A model that calls tools on every step (`calls(n)` for the n-th request), and answers when they run out. */
const calling = (calls: (n: number) => ReadonlyArray<Call> | undefined) => {
  let n = 0
  return () => {
    n++
    const step = calls(n)
    return LoopWire.scripted("openai", step === undefined ? { texts: ["All done."] } : { calls: step }, String(n))
  }
}

const always = calling((n) => [{ id: `call_${n}`, name: "lookup", arguments: `{"q":"word ${n}"}` }])

const run = (
  client: (typeof clients)[number][1],
  scenario: ReplayServer.ScenarioInput | ReadonlyArray<ReplayServer.ScenarioInput>,
  request: Omit<LanguageModel.RunRequest<ReadonlyArray<Tool.Tool>>, "messages"> & {
    readonly messages?: LanguageModel.RunRequest["messages"]
  }
) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(scenario)
    const events = yield* Stream.runCollect(
      LanguageModel.runTools({ messages: [Message.user("Look words up")], ...request })
    ).pipe(Effect.provide(LoopWire.modelAt("openai", baseUrl, client)))
    const done = events[events.length - 1] as LanguageModel.DoneEvent
    assert.strictEqual(done._tag, "DoneEvent")
    const sent = server.requests(baseUrl).map((request) => LoopWire.sent("openai", request.body))
    return { events, done, sent }
  })

/** The cost of one scripted step (100 input, 20 output tokens) of the test kit's OpenAI model. */
const stepCost = Result.getOrThrow(
  Cost.price(
    PriceTable.bundled,
    "openai",
    "gpt-4o-2024-08-06",
    new CostMetadata.CostMetadata({ inputTokens: 100, outputTokens: 20 })
  )
)

describe("the tool loop's stop conditions", () => {
  for (const [clientName, client] of clients) {
    it.live(`each condition stops the loop with its reason (${clientName})`, () =>
      Effect.gen(function*() {
        const cases: ReadonlyArray<readonly [LanguageModel.RunRequest["stopWhen"], LanguageModel.DoneReason, number]> =
          [
            [LanguageModel.stepCountIs(3), "step-count", 3],
            [LanguageModel.tokensExceed(250), "tokens", 3], // 120 tokens a step: 240, then 360
            [
              LanguageModel.costExceeds(BigDecimal.multiply(stepCost.total, BigDecimal.fromStringUnsafe("1.5"))),
              "cost",
              2
            ],
            [(steps) => steps.length === 2, "predicate", 2],
            [LanguageModel.hasToolCall("lookup"), "tool-call", 1],
            [[LanguageModel.stepCountIs(4), LanguageModel.hasToolCall("nothing")], "step-count", 4],
            [undefined, "step-count", 10]
          ]
        for (const [stopWhen, reason, steps] of cases) {
          const { done, events, sent } = yield* run(client, always, { tools: [lookup], stopWhen })
          assert.strictEqual(done.reason, reason)
          assert.strictEqual(done.steps.length, steps)
          assert.strictEqual(sent.length, steps, "no request after the loop stopped")
          // The last step's tools ran before it stopped.
          assert.strictEqual(events.filter((event) => event._tag === "ToolResultEvent").length, steps)
          assert.strictEqual(done.messages.length, 1 + 2 * steps)
        }
        // The cost summed exactly over the steps: each step's cost, added as decimals.
        const { done } = yield* run(client, always, { tools: [lookup], stopWhen: LanguageModel.stepCountIs(3) })
        assert.strictEqual(
          BigDecimal.format(Option.getOrThrow(done.cost).total),
          BigDecimal.format(BigDecimal.normalize(BigDecimal.multiply(stepCost.total, BigDecimal.fromBigInt(3n))))
        )
      }).pipe(Effect.scoped))

    it.live(`the model answering stops the loop; a tool without a handler ends it for the program (${clientName})`, () =>
      Effect.gen(function*() {
        const answered = yield* run(
          client,
          calling((n) => n === 1 ? [{ id: "c1", name: "lookup", arguments: "{\"q\":\"a\"}" }] : undefined),
          {
            tools: [lookup]
          }
        )
        assert.strictEqual(answered.done.reason, "stop")
        assert.strictEqual(answered.done.steps.length, 2)
        const unhandled = yield* run(
          client,
          calling(() => [
            { id: "c1", name: "ask_human", arguments: "{\"question\":\"which word?\"}" },
            { id: "c2", name: "lookup", arguments: "{\"q\":\"b\"}" }
          ]),
          { tools: [lookup, askHuman] }
        )
        assert.strictEqual(unhandled.done.reason, "tool-call")
        assert.strictEqual(unhandled.sent.length, 1)
        // The handled call ran; the other is the program's to answer.
        assert.deepStrictEqual(unhandled.done.messages.map((message) => message._tag), [
          "UserMessage",
          "AssistantMessage",
          "ToolResultMessage"
        ])
        assert.strictEqual((unhandled.done.messages[2] as Message.ToolResultMessage).toolCallId, "c2")
      }).pipe(Effect.scoped))
  }
})

describe("the tool loop's faults", () => {
  for (const [clientName, client] of clients) {
    it.live(`arguments failing the Schema and unknown tools are error results the model reads (${clientName})`, () =>
      Effect.gen(function*() {
        const { done, events, sent } = yield* run(
          client,
          calling((n) =>
            n === 1
              ? [
                { id: "bad", name: "lookup", arguments: "{\"q\":5}" },
                { id: "gone", name: "delete_everything", arguments: "{}" },
                { id: "good", name: "lookup", arguments: "{\"q\":\"c\"}" }
              ]
              : undefined
          ),
          { tools: [lookup] }
        )
        assert.strictEqual(done.reason, "stop")
        assert.strictEqual(done.steps.length, 2, "the error results count as a step")
        const results = sent[1]!.results
        assert.deepStrictEqual(results.map((result) => result.id), ["bad", "gone", "good"])
        assert.match(results[0]!.content, /\["q"\]|\bq\b/)
        assert.match(results[1]!.content, /no such tool/)
        assert.strictEqual(results[2]!.content, "found c")
        const errors = events.filter((event) => event._tag === "ToolResultEvent" && event.isError)
        assert.deepStrictEqual(errors.map((event) => (event as LanguageModel.ToolResultEvent).call.id).sort(), [
          "bad",
          "gone"
        ])
      }).pipe(Effect.scoped))

    it.live(`a handler's failure and timeout are error results; with onToolError "fail" a failure ends the loop (${clientName})`, () =>
      Effect.gen(function*() {
        const failing = Tool.handle(
          Tool.make("fail", { parameters: Schema.Struct({}) }),
          () => Effect.fail({ _tag: "Boom", message: "the disk is full" } as const)
        )
        const hanging = Tool.handle(Tool.make("hang", { parameters: Schema.Struct({}) }), () => Effect.never, {
          timeout: "30 millis"
        })
        const scenario = () =>
          calling((n) =>
            n === 1
              ? [{ id: "f", name: "fail", arguments: "{}" }, { id: "h", name: "hang", arguments: "{}" }]
              : undefined
          )
        const { sent } = yield* run(client, scenario(), { tools: [failing, hanging] })
        // Chat Completions has no error flag: an error result says so in its text (`errorsInText`).
        assert.deepStrictEqual(sent[1]!.results.map((result) => [result.id, result.content]), [
          ["f", "Error: the disk is full"],
          ["h", "Error: tool hang did not answer within 30ms"]
        ])
        const failed = yield* Effect.flip(run(client, scenario(), { tools: [failing, hanging], onToolError: "fail" }))
        // A defect (a bug in a handler) fails the loop.
        const buggy = Tool.handle(Tool.make("fail", { parameters: Schema.Struct({}) }), () => Effect.die("a bug"))
        const died = yield* Effect.exit(run(client, scenario(), { tools: [buggy, hanging] }))
        assert.isTrue(died._tag === "Failure" && Cause.hasDies(died.cause))
        assert.deepStrictEqual(failed as unknown, { _tag: "Boom", message: "the disk is full" })
      }).pipe(Effect.scoped))

    it.live(`a step the provider fails ends with its StepEndEvent, then the loop fails with the error (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          LoopWire.scripted("openai", { calls: [{ id: "c1", name: "lookup", arguments: "{\"q\":\"a\"}" }] }, "1"),
          {
            status: 400,
            headers: { "content-type": "application/json" },
            body: "{\"error\":{\"message\":\"context too long\",\"type\":\"invalid_request_error\"}}"
          }
        ])
        const seen: Array<LanguageModel.StepEvent> = []
        const error = yield* LanguageModel.runTools({ messages: [Message.user("Look words up")], tools: [lookup] })
          .pipe(
            Stream.runForEach((event) => Effect.sync(() => seen.push(event))),
            Effect.flip,
            Effect.provide(LoopWire.modelAt("openai", baseUrl, client))
          )
        assert.strictEqual(error._tag, "InvalidRequestError")
        assert.match(error.message, /context too long/)
        const last = seen[seen.length - 1] as LanguageModel.StepEndEvent
        assert.deepStrictEqual([last._tag, last.step, last.ending._tag], ["StepEndEvent", 2, "Failed"])
        // Failing mid-stream (Anthropic's recorded `overloaded_error` after the text): the ending keeps the text.
        const midway = server.serve([
          LoopWire.scripted("anthropic", { calls: [{ id: "c1", name: "lookup", arguments: "{\"q\":\"a\"}" }] }, "1"),
          { headers: { "content-type": "text/event-stream" }, body: Fixtures.bytes("anthropic", "error.sse") }
        ])
        const events: Array<LanguageModel.StepEvent> = []
        const overloaded = yield* LanguageModel.runTools({ messages: [Message.user("Add")], tools: [lookup] }).pipe(
          Stream.runForEach((event) => Effect.sync(() => events.push(event))),
          Effect.flip,
          Effect.provide(LoopWire.modelAt("anthropic", midway, client))
        )
        assert.strictEqual(overloaded._tag, "ProviderUnavailableError")
        const end = events[events.length - 1] as LanguageModel.StepEndEvent
        assert.strictEqual(end.ending._tag, "Failed")
        assert.strictEqual(end.ending.response.content, "4200 + 42 = 4242")
      }).pipe(Effect.scoped))

    it.live(`the handlers of a step run at once, or as many at a time as concurrency says (${clientName})`, () =>
      Effect.gen(function*() {
        const timeline = yield* Ref.make<Array<string>>([])
        const bothStarted = yield* Deferred.make<void>()
        const started = yield* Ref.make(0)
        const slow = Tool.handle(
          Tool.make("slow", { parameters: Schema.Struct({ n: Schema.Number }) }),
          ({ n }) =>
            Effect.gen(function*() {
              yield* Ref.update(timeline, (t) => [...t, `start ${n}`])
              if ((yield* Ref.updateAndGet(started, (k) => k + 1)) === 2) {
                yield* Deferred.succeed(bothStarted, undefined)
              }
              // Each waits for the other to have started (or gives up after a while).
              yield* Deferred.await(bothStarted).pipe(Effect.timeoutOption("150 millis"))
              yield* Ref.update(timeline, (t) => [...t, `end ${n}`])
              return n
            })
        )
        const scenario = () =>
          calling((n) =>
            n === 1
              ? [{ id: "a", name: "slow", arguments: "{\"n\":1}" }, { id: "b", name: "slow", arguments: "{\"n\":2}" }]
              : undefined
          )
        yield* run(client, scenario(), { tools: [slow] })
        const overlapping = yield* Ref.get(timeline)
        assert.deepStrictEqual(overlapping.slice(0, 2).sort(), ["start 1", "start 2"], overlapping.join(", "))
        yield* Ref.set(timeline, [])
        yield* Ref.set(started, 0)
        const { sent } = yield* run(client, scenario(), { tools: [slow], concurrency: 1 })
        assert.deepStrictEqual(yield* Ref.get(timeline), ["start 1", "end 1", "start 2", "end 2"])
        // Results go back in the order of the calls, whatever order they ended in.
        assert.deepStrictEqual(sent[1]!.results.map((result) => result.id), ["a", "b"])
      }).pipe(Effect.scoped))
  }
})
