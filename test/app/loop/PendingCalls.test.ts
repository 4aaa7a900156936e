/**
 * A conversation kept right after the model called, or while its tools ran (a program that stored it, then crashed or
 * went on later): `runTools` on it runs the calls of its last turn that nothing answers before asking the model, as it
 * runs a step's, and sends their results right after the turn. Before, it sent the calls unanswered, which every API
 * refuses ("`tool_use` ids were found without `tool_result` blocks immediately after", "An assistant message with
 * 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'"). A call that needs approval is
 * not run: it is the approval's to answer.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { DurableLoop, LanguageModel, Message, StreamStore, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Fixtures from "../../../support/Fixtures.js"
import * as DurableAgent from "../../support/DurableAgent.js"
import * as SwitchTargets from "../../support/SwitchTargets.js"

const calls = [
  new Tool.ToolCall({ id: "call_florence1", name: "weather", arguments: `{"location":"Florence"}` }),
  new Tool.ToolCall({ id: "call_rome2", name: "weather", arguments: `{"location":"Rome"}` })
]

/** The weather tool, counting what it ran for. */
const counted = (ran: Array<string>, needsApproval = false) =>
  Tool.handle(
    Tool.make("weather", { parameters: Schema.Struct({ location: Schema.String }) }),
    ({ location }) => Effect.sync(() => (ran.push(location), `40 C in ${location}`)),
    { needsApproval }
  )

describe("a conversation kept right after the model called", () => {
  for (const target of SwitchTargets.targets) {
    it.live(`${SwitchTargets.nameOf(target)}: the calls nothing answers run first, their results after the turn`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const ran: Array<string> = []
        const body = yield* SwitchTargets.requestTo(server, target, {
          messages: [
            Message.user("Weather in Florence and Rome?"),
            Message.assistant("", { toolCalls: calls }),
            Message.toolResult({ toolCallId: "call_florence1", name: "weather", content: "31 C in Florence" })
          ],
          tools: [counted(ran)]
        })
        assert.deepStrictEqual(ran, ["Rome"])
        SwitchTargets.checkFollowUp(target, body, [])
        const text = JSON.stringify(body)
        assert.isBelow(text.indexOf("31 C in Florence"), text.indexOf("40 C in Rome"))
      }).pipe(Effect.scoped))
  }

  it.live("every call of the last turn runs when none was answered; one a user message follows does not", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const target = SwitchTargets.targets[0]
      const ran: Array<string> = []
      yield* SwitchTargets.requestTo(server, target, {
        messages: [Message.user("Weather in Florence and Rome?"), Message.assistant("", { toolCalls: calls })],
        tools: [counted(ran)]
      })
      assert.deepStrictEqual(ran.sort(), ["Florence", "Rome"])
      const asked: Array<string> = []
      yield* SwitchTargets.requestTo(server, target, {
        messages: [
          Message.user("Weather in Florence and Rome?"),
          Message.assistant("", { toolCalls: calls }),
          Message.user("Never mind. Tell me a joke.")
        ],
        tools: [counted(asked)]
      })
      assert.deepStrictEqual(asked, [])
    }).pipe(Effect.scoped))

  it.live("a call that needs approval is not run", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const ran: Array<string> = []
      yield* SwitchTargets.requestTo(server, SwitchTargets.targets[0], {
        messages: [Message.user("Weather in Florence?"), Message.assistant("", { toolCalls: [calls[0]!] })],
        tools: [counted(ran, true)]
      }).pipe(Effect.ignore)
      assert.deepStrictEqual(ran, [])
    }).pipe(Effect.scoped))
})

describe("a durable run started on a conversation kept right after the model called", () => {
  it.live(
    "answers the calls nothing answers first, as step 0, then asks the model with their results",
    () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const target = SwitchTargets.targets[0]
        const baseUrl = server.serve({
          headers: { "content-type": "text/event-stream" },
          body: Fixtures.body(target.folder, target.answer)
        })
        const ran: Array<string> = []
        const loop = LanguageModel.durableLoop("pending-calls", { tools: [counted(ran)] })
        const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "pending-calls-"))
        const layer = Layer.provide(loop.layer, SwitchTargets.modelOf(target, baseUrl)).pipe(
          Layer.provideMerge(
            DurableLoop.layerSqlite({ filename: Path.join(dir, "runs.db"), shardingConfig: DurableAgent.fastSharding })
          ),
          Layer.provideMerge(StreamStore.layerMemory())
        )
        const done = yield* loop.run({
          executionId: "pending-1",
          messages: [
            Message.user("Weather in Florence and Rome?"),
            Message.assistant("", { toolCalls: calls }),
            Message.toolResult({ toolCallId: "call_florence1", name: "weather", content: "31 C in Florence" })
          ]
        }).pipe(Effect.provide(layer))
        assert.strictEqual(done.reason, "stop")
        assert.deepStrictEqual(ran, ["Rome"])
        const body = JSON.parse(server.requests(baseUrl)[0]!.body)
        SwitchTargets.checkFollowUp(target, body, [])
        assert.include(JSON.stringify(body), "40 C in Rome")
      }).pipe(Effect.scoped),
    30_000
  )
})
