/**
 * A regenerate of an answer waiting for approval, its new answer waiting too, approved, then a follow-up, through
 * `ChatEndpoint` and the `ai` client on each scripted wire: every request a 200, the replaced answer's call never run,
 * and each body going on from the one before.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"
import { conversationOf, goesOn } from "./WireConversations.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const turns: ReadonlyArray<TestKit.Turn> = [
  { reasoning: "The first file.", toolCalls: [{ name: "delete_file", arguments: { path: "/a" } }] },
  { reasoning: "The other file.", toolCalls: [{ name: "delete_file", arguments: { path: "/b" } }] },
  { text: "Deleted /b." },
  { text: "Nothing else." }
]

describe("a regenerate, then its continuation", () => {
  it.live.each(EndpointApp.scriptedWires)(
    "%s: every request a 200, each body going on",
    (wire) =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const deleted: Array<string> = []
        const app = ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted)] }).pipe(
          Layer.provide(EndpointApp.scriptedOnWire(turns, wire, bodies))
        )
        const served = yield* EndpointApp.viaWebHandler(app)
        const chat = new EndpointApp.EndpointClient(served, `regenerated-${wire}`)
        const ok = () => assert.strictEqual(chat.error?.message, undefined)
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Delete a file" })))
        ok()
        yield* wait(() => chat.settle(() => chat.regenerate()))
        ok()
        const asked = chat.toolParts.find((part) => part.state === "approval-requested")
        assert.strictEqual(asked.input.path, "/b")
        yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
        ok()
        assert.deepStrictEqual(deleted, ["/b"])
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Anything else?" })))
        ok()
        assert.lengthOf(bodies, 4)
        const sent = bodies.map(conversationOf)
        assert.deepStrictEqual(sent[1], sent[0], "the regenerate")
        goesOn(sent[1]!, sent[2]!, "the continuation")
        goesOn(sent[2]!, sent[3]!, "the follow-up")
      }).pipe(Effect.scoped)
  )
})
