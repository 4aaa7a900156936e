/**
 * The order of a message an answer continued (`toMessages`' `lastStep`, given to `fromStream`/`fromSteps`): the
 * continuation's first step is signed after the step the message held last, so that it goes back in its place and is
 * refused before the steps it followed (a 400 naming it), a message a 0.6 server signed included. An app that serves
 * a continuation without `lastStep` has its first step taken anywhere in its message, as before, with a warning.
 */
import { assert, describe, it } from "@effect/vitest"
import type { UIMessage } from "ai"
import { Effect } from "effect"
import { LanguageModel, Message, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as UIHistoryFacts from "../../../src/app/history/UIHistoryFacts.js"
import { logged } from "../../support/Logged.js"
import * as LoopWire from "../../support/LoopWire.js"
import { readResponse } from "../../support/UIClient.js"

const alice = { chatId: "chat", owner: "alice" }
const user = (text: string) => ({ id: `u-${text}`, role: "user", parts: [{ type: "text", text }] })
const body = (...messages: ReadonlyArray<unknown>) => ({ id: "chat", messages, trigger: "submit-message" })

/** The answer `text` to "hi", served in alice's chat with `options`, read into `message` as the `ai` client does. */
const answer = (text: string, options: UIMessageStream.FromStreamOptions, message?: UIMessage) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(LoopWire.scripted("openai", { texts: [text] }))
    const response = yield* LanguageModel.stream({ messages: [Message.user("hi")] }).pipe(
      UIMessageStream.fromStream({ binding: alice, ...options }),
      UIMessageStream.toResponse(),
      Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer))
    )
    const { message: read } = yield* Effect.promise(() => readResponse(response, { into: message }))
    return read!
  })

/** "Hello.", signed as a 0.6 server signed it: its step's fact in the chat and owner alone, no order fact. */
const helloOf06 = Effect.gen(function*() {
  const message = yield* answer("Hello.", {})
  const fact = yield* UIHistoryFacts.stepFact("Hello.", [])
  const signed = yield* UIHistoryFacts.sign([fact], UIHistoryFacts.bindingOf(alice))
  return { ...message, metadata: signed } as UIMessage
})

/** The message continued: "More." served after the request that sends `message` back, with its `lastStep` or not. */
const continued = (message: UIMessage, told: boolean) =>
  Effect.gen(function*() {
    const request = yield* UIMessageStream.toMessages(body(user("hi"), message), { binding: { owner: "alice" } })
    assert.strictEqual(request.responseMessageId, message.id)
    const options = { messageId: request.responseMessageId, ...(told ? { lastStep: request.lastStep } : {}) }
    return yield* answer("More.", options, structuredClone(message))
  })

/** The message with its two steps swapped. */
const swapped = (message: UIMessage): UIMessage => {
  const at = message.parts.map((part) => part.type).lastIndexOf("step-start")
  return { ...message, parts: [...message.parts.slice(at), ...message.parts.slice(0, at)] }
}

const read = (message: UIMessage) =>
  UIMessageStream.toMessages(body(user("hi"), message, user("and?")), { binding: { owner: "alice" } })

describe("a message an answer continued", () => {
  it.live("after a step a 0.6 server signed: both taken in order; the continuation's step moved first, a 400", () =>
    Effect.gen(function*() {
      const both = yield* continued(yield* helloOf06, true)
      assert.deepStrictEqual(both.parts.map((part) => part.type), ["step-start", "text", "step-start", "text"])
      const taken = yield* read(both)
      assert.deepStrictEqual(taken.messages.slice(1, 3), [Message.assistant("Hello."), Message.assistant("More.")])
      const error = yield* Effect.flip(read(swapped(both)))
      assert.strictEqual(error.status, 400)
      assert.strictEqual(error.parameter, "messages[1].parts[1]")
      assert.include(error.message, "a step of an assistant message out of the order this server served it in")
    }))

  it.live("served by this version: taken in order; moved first, a 400; the request after it goes on after both", () =>
    Effect.gen(function*() {
      const both = yield* continued(yield* answer("Hello.", {}), true)
      const taken = yield* read(both)
      assert.deepStrictEqual(taken.messages.slice(1, 3), [Message.assistant("Hello."), Message.assistant("More.")])
      assert.strictEqual((yield* Effect.flip(read(swapped(both)))).parameter, "messages[1].parts[1]")
      // Continued again: its step after "More.", and the three taken in order.
      const three = yield* continued(both, true)
      assert.deepStrictEqual((yield* read(three)).messages.slice(1, 4).map((message) => (message as any).text), [
        "Hello.",
        "More.",
        "More."
      ])
    }))

  it.live("continued without lastStep (an app's own server): its first step taken anywhere, and a warning", () =>
    Effect.gen(function*() {
      const both = yield* continued(yield* answer("Hello.", {}), false)
      const [taken, lines] = yield* logged(read(swapped(both)))
      assert.deepStrictEqual(taken.messages.slice(1, 3), [Message.assistant("More."), Message.assistant("Hello.")])
      assert.include(lines, "an answer continued without fromSteps' lastStep")
    }))
})
