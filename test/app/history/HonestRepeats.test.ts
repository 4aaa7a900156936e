/**
 * Honest conversations whose answer holds two steps alike, through `ChatEndpoint` and the `ai` client: a text step,
 * a message queued into the answer, and the model's same words again. The next request is a 200 and the model reads
 * both steps, with the queued message between them, as the loop sent them; the same words a third time, which the
 * model never said, are a 400.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"
import { heldDeploy } from "../../support/HeldDeploy.js"
import { conversationOf } from "./WireConversations.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

describe("two steps alike in one answer", () => {
  it.live.each(EndpointApp.scriptedWires)(
    "%s: a queued message answered alike; the next request a 200, both sent",
    (wire) =>
      Effect.gen(function*() {
        const { deploy, release, started } = yield* heldDeploy
        const turns: ReadonlyArray<TestKit.Turn> = [
          { toolCalls: [{ name: "deploy", arguments: { target: "staging" } }] },
          { text: "Done." },
          { text: "Done." },
          { text: "Bye." }
        ]
        const bodies: Array<any> = []
        const app = ChatEndpoint.layer({ tools: [deploy], steering: {} }).pipe(
          Layer.provide(EndpointApp.scriptedOnWire(turns, wire, bodies))
        )
        const served = yield* EndpointApp.viaWebHandler(app)
        const chat = new EndpointApp.EndpointClient(served, "repeat-chat")
        const done = chat.settle(() => chat.sendMessage({ text: "Deploy it" }))
        yield* Deferred.await(started)
        const queued = yield* wait(() =>
          chat.fetch(`${served.url}/api/chat/repeat-chat/queue`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ id: "q1", text: "Thanks" })
          })
        )
        assert.strictEqual(queued.status, 202)
        yield* Deferred.succeed(release, undefined)
        yield* wait(() => done)
        assert.strictEqual(chat.error, undefined)
        assert.lengthOf(bodies, 3)
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Bye" })))
        assert.strictEqual(chat.error?.message, undefined)
        assert.lengthOf(bodies, 4)
        // As the loop went on: its third request, the words it answered, then the new message.
        const before = conversationOf(bodies[2])
        const sent = conversationOf(bodies[3])
        assert.deepStrictEqual(sent.slice(0, before.length), before)
        const after = JSON.stringify(sent.slice(before.length))
        assert.strictEqual(after.split("Done.").length, 2, after)
        assert.include(after, "Bye")
        // The same words twice where the model said them once: not served so, a 400 naming the step.
        const answer = structuredClone(chat.messages[3]) as any
        const twice = [...answer.parts, ...answer.parts]
        const body = JSON.stringify({
          id: chat.id,
          trigger: "submit-message",
          messages: [...chat.messages.slice(0, 3), { ...answer, parts: twice }, {
            id: "again",
            role: "user",
            parts: [{ type: "text", text: "Again" }]
          }]
        })
        const refused = yield* wait(() => chat.fetch(`${served.url}/api/chat`, { method: "POST", body }))
        assert.strictEqual(refused.status, 400)
        assert.include(yield* wait(() => refused.text()), "comes twice in it")
        // The words said twice, a third time after themselves: not served so, a 400 naming the third.
        const said = structuredClone(chat.messages[1]) as any
        const again = said.parts.slice(said.parts.findLastIndex((part: any) => part.type === "step-start"))
        assert.deepStrictEqual(again.map((part: any) => part.type), ["step-start", "text"])
        const thrice = JSON.stringify({
          id: chat.id,
          trigger: "submit-message",
          messages: [chat.messages[0], { ...said, parts: [...said.parts, ...again] }, {
            id: "thrice",
            role: "user",
            parts: [{ type: "text", text: "Again" }]
          }]
        })
        const third = yield* wait(() => chat.fetch(`${served.url}/api/chat`, { method: "POST", body: thrice }))
        assert.strictEqual(third.status, 400)
        assert.include(
          yield* wait(() => third.text()),
          `messages[1].parts[${said.parts.length + 1}]: a step of an assistant message that comes twice in it`
        )
        assert.lengthOf(bodies, 4)
      }).pipe(Effect.scoped)
  )
})
