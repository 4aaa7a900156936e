/**
 * Honest conversations through `@ag-ui/client`'s `HttpAgent` on each scripted wire: reasoning with its provider
 * state, parallel calls, an approval resumed, follow-ups; and Claude's answer paused twice with its own searches
 * alone. Every run is taken, and each body the model read goes on from the one before as the loop sent it.
 */
import type { RunFinishedEvent } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { AgUi, LanguageModel, type Tool } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import { ReplayServer } from "effect-llm-stream/testing"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import { claudeAt, said, searched, webSearch } from "../history/PausedSearches.js"
import { conversationOf, goesOn } from "../history/WireConversations.js"

const turns: ReadonlyArray<TestKit.Turn> = [
  {
    reasoning: "Two cities: both at once.",
    toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }, {
      name: "get_weather",
      arguments: { city: "Rome" }
    }]
  },
  { reasoning: "Now delete.", text: "Deleting.", toolCalls: [{ name: "delete_file", arguments: { path: "/a" } }] },
  { text: "Done." },
  { text: "Done." },
  { text: "Welcome." },
  { reasoning: "Oslo.", toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }] },
  { text: "Oslo is mild." }
]

/** An AG-UI agent at a URL: each input read, the loop run with its approvals and `tools`, served with fromSteps. */
const agentApp = <T extends ReadonlyArray<Tool.Tool>>(
  tools: T,
  providerTools?: ReadonlyArray<Record<string, unknown>>
) =>
  AgUiClient.serve((body) =>
    AgUi.readRunInput(body).pipe(
      Effect.flatMap((input) =>
        LanguageModel.runTools({ messages: [...input.messages, ...input.approvals], tools, providerTools }).pipe(
          AgUi.fromSteps({ threadId: input.threadId, runId: input.runId, tools, lastStep: input.lastStep }),
          AgUi.toResponse()
        )
      )
    )
  )

describe("honest conversations through HttpAgent", () => {
  it.live.each(EndpointApp.scriptedWires)(
    "%s: every run taken, each body going on from the last",
    (wire) =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const deleted: Array<string> = []
        const tools = [EndpointApp.weather, EndpointApp.deleteFile(deleted)]
        const url = yield* agentApp(tools).pipe(Effect.provide(EndpointApp.scriptedOnWire(turns, wire, bodies)))
        const agent = AgUiClient.agentOf(url, `honest-${wire}`)
        agent.addMessage({ id: "u1", role: "user", content: "Weather, then delete /a" })
        const first = yield* AgUiClient.run(agent)
        const outcome = (first.events.at(-1) as RunFinishedEvent).outcome as any
        assert.strictEqual(outcome.type, "interrupt")
        yield* AgUiClient.run(agent, AgUiClient.approvedAll(first))
        assert.deepStrictEqual(deleted, ["/a"])
        agent.addMessage({ id: "u2", role: "user", content: "Thanks" })
        yield* AgUiClient.run(agent)
        agent.addMessage({ id: "u3", role: "user", content: "Thanks again" })
        yield* AgUiClient.run(agent)
        agent.addMessage({ id: "u4", role: "user", content: "Weather in Oslo?" })
        yield* AgUiClient.run(agent)
        assert.lengthOf(bodies, 7)
        const sent = bodies.map(conversationOf)
        for (let at = 0; at < 6; at++) goesOn(sent[at]!, sent[at + 1]!, `request ${at + 1} after ${at}`)
      }).pipe(Effect.scoped)
  )

  it.live("anthropic: an answer paused twice with its own searches alone, then a follow-up", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([searched(1), searched(2), said(3, "Found it."), said(4, "Bye.")])
      const model = claudeAt(baseUrl)
      const url = yield* agentApp([], webSearch).pipe(
        Effect.provide(model)
      )
      const agent = AgUiClient.agentOf(url, "paused-searches")
      agent.addMessage({ id: "u1", role: "user", content: "Search" })
      yield* AgUiClient.run(agent)
      agent.addMessage({ id: "u2", role: "user", content: "Thanks" })
      yield* AgUiClient.run(agent)
      const [, , third, fourth] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      const [question, paused] = third.messages
      assert.deepStrictEqual(fourth.messages, [
        question,
        { role: "assistant", content: [...paused.content, { type: "text", text: "Found it." }] },
        { role: "user", content: [{ type: "text", text: "Thanks" }] }
      ])
    }).pipe(Effect.scoped))
})
