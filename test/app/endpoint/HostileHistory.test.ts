/**
 * `ChatEndpoint` against a browser that rearranges the history it was served: a step is signed in the message it was
 * served in. A pause of an answer a regenerate replaced, sent as it is, is refused with a 409 (`ChatReservation`);
 * its step moved into the chat's latest answer, with the signatures it came with, used to pass as that answer's own:
 * the approval, never used, ran its tool for an answer the chat had moved past. It is now a 400 naming the step's
 * part, and nothing runs. Sent as it is with `trigger: "regenerate-message"` (which the `ai` client sends without the
 * answer it replaces), the same pause went past the 409 a continuation of a replaced answer gets, and ran its tool:
 * a regenerate whose last message is an answer is now a 400 naming that message.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint, type LanguageModel } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

/** The model asks to delete /tmp/a, then (the answer regenerated) asks which file. */
const turns = [
  { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }] },
  { text: "Which file do you mean?" },
  { text: "Deleted." }
]

const signedKey = "effect-llm-stream/signed"

/** An endpoint whose model asks to delete /tmp/a, then which file; a chat whose first answer was regenerated. */
const regenerated = (id: string) =>
  Effect.gen(function*() {
    const deleted: Array<string> = []
    const requests: Array<LanguageModel.Request> = []
    const server = yield* EndpointApp.viaWebHandler(
      ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted)] }).pipe(
        Layer.provide(EndpointApp.scripted(turns, "openai", requests))
      )
    )
    const chat = new EndpointApp.EndpointClient(server, id)
    yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Delete /tmp/a" })))
    const replaced = structuredClone(chat.messages[1]) as any
    yield* wait(() => chat.settle(() => chat.regenerate()))
    assert.strictEqual(chat.text, "Which file do you mean?")
    return { chat, deleted, requests, replaced, latest: structuredClone(chat.messages[1]) as any }
  })

/** The parts of `message` with its call's approval answered. */
const approved = (message: any) => EndpointApp.approvingDeletes(message)

const post = EndpointApp.postChat

describe("ChatEndpoint: a step moved into another answer", () => {
  it.live("a replaced answer's pause, moved into the latest answer and approved: a 400 naming it, nothing runs", () =>
    Effect.gen(function*() {
      const { chat, deleted, latest, replaced, requests } = yield* regenerated("moved-step")
      // The replaced answer's step, its approval answered, after the latest answer's own; both answers' signatures.
      const forged = {
        ...latest,
        parts: [...latest.parts, ...approved(replaced)],
        metadata: {
          ...latest.metadata,
          [signedKey]: { ...latest.metadata[signedKey], ...replaced.metadata[signedKey] }
        }
      }
      const at = forged.parts.findIndex((part: any) => part.type === "tool-delete_file")
      const refused = yield* post(chat, {
        id: chat.id,
        messages: [chat.messages[0], forged],
        trigger: "submit-message"
      })
      assert.strictEqual(refused.status, 400, refused.text)
      assert.include(
        refused.text,
        `messages[1].parts[${at}]: a step of an assistant message that this server did not serve`
      )
      assert.deepStrictEqual(deleted, [])
      assert.strictEqual(requests.length, 2, "the model was not asked again")
    }).pipe(Effect.scoped))

  it.live("a replaced answer's pause approved, sent as a regenerate of the latest: a 400 naming it, nothing runs", () =>
    Effect.gen(function*() {
      const { chat, deleted, latest, replaced, requests } = yield* regenerated("regenerate-stale")
      const stale = { ...replaced, parts: approved(replaced) }
      const refused = yield* post(chat, {
        id: chat.id,
        messages: [chat.messages[0], stale],
        trigger: "regenerate-message",
        messageId: latest.id
      })
      assert.strictEqual(refused.status, 400, refused.text)
      assert.include(refused.text, "messages[1]: ")
      assert.deepStrictEqual(deleted, [])
      assert.strictEqual(requests.length, 2, "the model was not asked again")
    }).pipe(Effect.scoped))
})
