/**
 * `ChatEndpoint` and a pause the chat's answer has gone on from: an answer waits on two approvals, the page answers
 * one and the answer goes on without the other (its call left out, never run). The paused state sent again with the
 * second approval answered, signed as the server served it and its approval never used, ran that tool in an answer
 * the chat had moved past (a budgeted answer was refused only by its spent fact's single use; AG-UI refuses the same
 * resume, `AgUiThreadRun`). The approvals a continuation answers are now those its stored answer still waits on: any
 * other is a 409 in one sentence, and nothing runs.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint, type LanguageModel } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

/** The model asks to delete /tmp/a and /tmp/b, then says what it did. */
const turns = [
  {
    toolCalls: [
      { name: "delete_file", arguments: { path: "/tmp/a" } },
      { name: "delete_file", arguments: { path: "/tmp/b" } }
    ]
  },
  { text: "Deleted a, left b." },
  { text: "Deleted b." }
]

/** `message` with the approvals of the calls of `paths` answered `approved`. */
const answering = (message: any, paths: ReadonlyArray<string>) => ({
  ...message,
  parts: EndpointApp.approvingDeletes(message, paths)
})

const post = EndpointApp.postChat

describe("ChatEndpoint: a pause the answer has gone on from", () => {
  it.live("its approval, answered after, is a 409 and runs nothing; the pause it waits on still answers", () =>
    Effect.gen(function*() {
      const deleted: Array<string> = []
      const requests: Array<LanguageModel.Request> = []
      const server = yield* EndpointApp.viaWebHandler(
        ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted)] }).pipe(
          Layer.provide(EndpointApp.scripted(turns, "openai", requests))
        )
      )
      const chat = new EndpointApp.EndpointClient(server, "stale-pause")
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Delete /tmp/a and /tmp/b" })))
      const paused = structuredClone(chat.messages[1]) as any
      assert.deepStrictEqual(chat.toolParts.map((part: any) => part.state), [
        "approval-requested",
        "approval-requested"
      ])
      // The page answers a alone and sends: the answer goes on without b.
      const onlyA = yield* post(chat, {
        id: chat.id,
        messages: [chat.messages[0], answering(paused, ["/tmp/a"])],
        trigger: "submit-message"
      })
      assert.strictEqual(onlyA.status, 200, onlyA.text)
      assert.include(onlyA.text, "\"tool-output-available\"")
      assert.deepStrictEqual(deleted, ["/tmp/a"])
      assert.strictEqual(requests.length, 2)
      // The paused state again, b approved too: the answer is past that pause.
      const stale = yield* post(chat, {
        id: chat.id,
        messages: [chat.messages[0], answering(paused, ["/tmp/a", "/tmp/b"])],
        trigger: "submit-message"
      })
      assert.strictEqual(stale.status, 409, stale.text)
      assert.strictEqual(stale.text, "This answer went on without that answer; reload to see where it is.")
      assert.deepStrictEqual(deleted, ["/tmp/a"])
      assert.strictEqual(requests.length, 2, "the model was not asked again")
    }).pipe(Effect.scoped))
})
