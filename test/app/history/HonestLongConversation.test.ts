/**
 * A long honest conversation through `ChatEndpoint` and the `ai` client on each scripted wire: reasoning with its
 * provider state (a signature, encrypted reasoning, a thought signature), parallel calls, two
 * approvals answered (one approved, one denied), a continuation that asks again, a follow-up, a regenerate, a reload
 * from stored JSON into a new client, and a tool's call after it. Every request is a 200, and each body the model
 * received goes on from the one before as the loop sent it: no step lost, doubled or moved, no turn state dropped.
 */
import { assert, describe, it } from "@effect/vitest"
import type { UIMessage } from "ai"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"
import { conversationOf, goesOn } from "./WireConversations.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const turns: ReadonlyArray<TestKit.Turn> = [
  {
    reasoning: "Two cities: both at once.",
    toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }, {
      name: "get_weather",
      arguments: { city: "Rome" }
    }]
  },
  {
    reasoning: "Deleting needs approval.",
    text: "Deleting.",
    toolCalls: [{ name: "delete_file", arguments: { path: "/a" } }, { name: "delete_file", arguments: { path: "/b" } }]
  },
  {
    reasoning: "One was denied.",
    text: "Deleted /a.",
    toolCalls: [{ name: "delete_file", arguments: { path: "/c" } }]
  },
  { text: "Done." },
  { text: "Nothing else." },
  { text: "Nothing more." },
  { text: "Welcome." },
  { reasoning: "Oslo.", toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }] },
  { text: "Oslo is mild." }
]

/** Answers the approvals the last message asks for: approved where `approve` holds for the call's path. */
const answer = (chat: EndpointApp.EndpointClient, approve: (path: string) => boolean) =>
  wait(() =>
    chat.settle(async () => {
      for (const part of chat.toolParts.filter((part) => part.state === "approval-requested")) {
        await chat.addToolApprovalResponse({ id: part.approval.id, approved: approve(part.input.path) })
      }
    })
  )

describe("a long honest conversation on each wire", () => {
  it.live.each(EndpointApp.scriptedWires)(
    "%s: every request a 200, each body going on from the last",
    (wire) =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const deleted: Array<string> = []
        const app = ChatEndpoint.layer({ tools: [EndpointApp.weather, EndpointApp.deleteFile(deleted)] }).pipe(
          Layer.provide(EndpointApp.scriptedOnWire(turns, wire, bodies))
        )
        const served = yield* EndpointApp.viaWebHandler(app)
        const chat = new EndpointApp.EndpointClient(served, `long-${wire}`)
        const ok = () => assert.strictEqual(chat.error?.message, undefined)
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather, then clean up" })))
        ok()
        assert.lengthOf(bodies, 2)
        yield* answer(chat, (path) => path === "/a")
        ok()
        assert.lengthOf(bodies, 3)
        yield* answer(chat, () => true)
        ok()
        assert.lengthOf(bodies, 4)
        assert.deepStrictEqual(deleted, ["/a", "/c"])
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Anything else?" })))
        ok()
        yield* wait(() => chat.settle(() => chat.regenerate()))
        ok()
        assert.strictEqual(chat.text, "Nothing more.")
        // Stored as JSON and read into a new client (another page).
        const stored = JSON.parse(JSON.stringify(chat.messages)) as Array<UIMessage>
        const reloaded = new EndpointApp.EndpointClient(served, chat.id, chat.fetch)
        reloaded.messages = stored
        yield* wait(() => reloaded.settle(() => reloaded.sendMessage({ text: "Thanks" })))
        assert.strictEqual(reloaded.error?.message, undefined)
        yield* wait(() => reloaded.settle(() => reloaded.sendMessage({ text: "Weather in Oslo?" })))
        assert.strictEqual(reloaded.error?.message, undefined)
        assert.strictEqual(reloaded.text, "Oslo is mild.")
        assert.lengthOf(bodies, 9)
        const sent = bodies.map(conversationOf)
        for (const at of [0, 1, 2, 3, 5, 6, 7]) goesOn(sent[at]!, sent[at + 1]!, `request ${at + 1} after ${at}`)
        // The regenerate: the conversation before the answer it replaces, as that answer was asked.
        assert.deepStrictEqual(sent[5], sent[4])
      }).pipe(Effect.scoped)
  )
})
