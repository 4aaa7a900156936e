/**
 * Approvals `needsApproval` decides itself (`"approve"`, `{ deny: reason }`), through `ChatEndpoint` and the `ai`
 * package's own client: each call shown as the AI SDK 7 shows one decided by the server (`approval.isAutomatic`, the
 * denial's `reason`), in the same answer, nothing waiting; the approved tool runs, the denied one does not and the
 * model reads the reason; `{ ask: reason }` asks the person, saying why. The history comes back and is taken.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema, Stream } from "effect"
import { AgUi, ChatEndpoint, LanguageModel, Message, Tool } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

describe("approvals needsApproval decides", () => {
  it.live(
    "approved and denied at once, shown as automatic; asked with a reason; the history taken back",
    () =>
      Effect.gen(function*() {
        const ran: Array<string> = []
        const weather = Tool.handle(
          Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) }),
          ({ city }) => Effect.sync(() => ran.push(city)).pipe(Effect.as(`18°C in ${city}`)),
          {
            needsApproval: ({ city }) =>
              city === "Paris"
                ? "approve"
                : city === "Atlantis"
                ? { deny: "Atlantis is not a real city." }
                : { ask: "This city costs extra." }
          }
        )
        const requests: Array<LanguageModel.Request> = []
        const turns = [
          {
            toolCalls: [
              { name: "get_weather", arguments: { city: "Paris" } },
              { name: "get_weather", arguments: { city: "Atlantis" } }
            ]
          },
          { text: "Paris is 18°C; Atlantis I could not look up." },
          { toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }] }
        ]
        const app = ChatEndpoint.layer({ tools: [weather] }).pipe(
          Layer.provide(EndpointApp.scripted(turns, "anthropic", requests))
        )
        const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), "decided")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather in Paris and Atlantis?" })))
        assert.strictEqual(chat.error, undefined, String(chat.error))
        assert.deepStrictEqual(ran, ["Paris"])
        const [paris, atlantis] = chat.toolParts
        assert.strictEqual(paris.state, "output-available")
        assert.strictEqual(paris.approval.approved, true)
        assert.strictEqual(paris.approval.isAutomatic, true)
        assert.strictEqual(atlantis.state, "output-denied")
        assert.strictEqual(atlantis.approval.approved, false)
        assert.strictEqual(atlantis.approval.isAutomatic, true)
        assert.strictEqual(atlantis.approval.reason, "Atlantis is not a real city.")
        assert.include(chat.text, "Paris is 18°C")
        // The model read the denial's reason.
        const told = JSON.stringify(requests[1]!.messages)
        assert.include(told, "Atlantis is not a real city.")
        // The history comes back with the next message, and is taken; a call asked with a reason says why.
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "And Oslo?" })))
        assert.strictEqual(chat.error, undefined, String(chat.error))
        const oslo = chat.toolParts[0]
        assert.strictEqual(oslo.state, "approval-requested")
        assert.notStrictEqual(oslo.approval.isAutomatic, true)
        assert.strictEqual(oslo.approval.requestReason, "This city costs extra.")
        assert.include(JSON.stringify(requests[2]!.messages), "Atlantis is not a real city.")
      }).pipe(Effect.scoped),
    30_000
  )

  it.live("runTools and AG-UI: nothing waits; the decision is on the event, no interrupt", () =>
    Effect.gen(function*() {
      const weather = Tool.handle(
        Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) }),
        ({ city }) => Effect.succeed(`18°C in ${city}`),
        { needsApproval: ({ city }) => city === "Paris" ? "approve" : { deny: "Not a real city." } }
      )
      const turns = [
        {
          toolCalls: [
            { name: "get_weather", arguments: { city: "Paris" } },
            { name: "get_weather", arguments: { city: "Atlantis" } }
          ]
        },
        { text: "Done." }
      ]
      const loop = () =>
        LanguageModel.runTools({ messages: [Message.user("Weather?")], tools: [weather] }).pipe(
          Stream.provide(TestKit.scripted(turns, { provider: "openai" }))
        )
      const events = yield* Stream.runCollect(loop())
      const decided = events.flatMap((event) => event._tag === "ApprovalRequestEvent" ? [event.automatic] : [])
      assert.deepStrictEqual(decided, [{ approved: true }, { approved: false, reason: "Not a real city." }])
      const done = events.at(-1)!
      assert.strictEqual(done._tag === "DoneEvent" && done.reason, "stop")
      const run = yield* loop().pipe(AgUi.fromSteps({ threadId: "t", runId: "r" }), Stream.runCollect)
      const finished = run.at(-1) as any
      assert.strictEqual(finished.type, "RUN_FINISHED")
      assert.notStrictEqual(finished.outcome?.type, "interrupt")
      assert.strictEqual(run.filter((event) => event.type === "TOOL_CALL_RESULT").length, 2)
    }))
})
