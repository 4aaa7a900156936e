/**
 * `ChatEndpoint` against a browser that rearranges the steps of one answer it was served, with the signatures they
 * came with, through the `ai` client: the answer ran `get_weather` and asked to delete /tmp/a (one response), then,
 * denied, said so (the next). A step sent twice told the model its call was made, and ran, twice; steps put in another
 * order told it the calls ran in another order: each is now a 400 naming the step's part, and the model is not asked
 * (a step is signed after the one served before it in its message). The continuation's first step, moved before
 * the steps it followed, is one too: it is signed after the step the message held last (`ChatRequest.lastStep`). The
 * steps at the message's end left out, with their signatures, are the browser leaving out its own context, as it may
 * leave out the whole answer: the model, not told of the denial, asks again, and the call waits for a new approval. A
 * step left out before another is a 400: the one after it was signed after it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint, type LanguageModel } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const turns = [
  { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
  { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }] },
  { text: "Not deleted." },
  { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }] }
]

/** An answer that ran a tool, had a call denied and said so, read by the `ai` client; its steps' parts. */
const denied = (id: string) =>
  Effect.gen(function*() {
    const deleted: Array<string> = []
    const requests: Array<LanguageModel.Request> = []
    const server = yield* EndpointApp.viaWebHandler(
      ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted), EndpointApp.weather] }).pipe(
        Layer.provide(EndpointApp.scripted(turns, "openai", requests))
      )
    )
    const chat = new EndpointApp.EndpointClient(server, id)
    yield* wait(() => chat.settle(() => chat.sendMessage({ text: "The weather, then delete /tmp/a" })))
    const asked = chat.messages[1]!.parts.find((part: any) => part.type === "tool-delete_file") as any
    yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: false })))
    const answer = structuredClone(chat.messages[1]) as any
    const steps: Array<Array<any>> = []
    for (const part of answer.parts) {
      if (part.type === "step-start") steps.push([part])
      else steps[steps.length - 1]!.push(part)
    }
    assert.deepStrictEqual(steps.map((step) => step[1].type), ["tool-get_weather", "tool-delete_file", "text"])
    return { answer, chat, deleted, requests, steps }
  })

/** The answer with `steps` as its parts, and the user's next message, POSTed by `chat`'s page. */
const sendOn = (chat: EndpointApp.EndpointClient, answer: any, steps: ReadonlyArray<ReadonlyArray<any>>) =>
  wait(async () => {
    const messages = [
      chat.messages[0],
      { ...answer, parts: steps.flat() },
      { id: "next", role: "user", parts: [{ type: "text", text: "Again" }] }
    ]
    const body = JSON.stringify({ id: chat.id, messages, trigger: "submit-message" })
    const response = await chat.fetch("http://localhost/api/chat", { method: "POST", body })
    return { status: response.status, text: await response.text() }
  })

/** What the model read last: each message's kind and its text, calls or result's call. */
const read = (request: LanguageModel.Request) =>
  request.messages.map((message: any) =>
    message._tag === "AssistantMessage"
      ? `assistant:${message.text}${message.toolCalls.map((call: any) => `[${call.name}]`).join("")}`
      : message._tag === "ToolResultMessage"
      ? `result:${message.name}`
      : `${message._tag}`
  )

describe("ChatEndpoint: the steps of one answer rearranged", () => {
  it.live("a step sent twice (a call and its result): a 400 naming it, the model is not asked", () =>
    Effect.gen(function*() {
      const { answer, chat, requests, steps } = yield* denied("twice")
      const asked = requests.length
      const refused = yield* sendOn(chat, answer, [steps[0]!, steps[0]!, steps[1]!, steps[2]!])
      assert.strictEqual(refused.status, 400, refused.text)
      assert.include(refused.text, "messages[1].parts[3]: a step of an assistant message that comes twice in it")
      assert.strictEqual(requests.length, asked)
    }))

  it.live("the steps from the denied call's on left out: the model asks again; the denied call's alone, a 400", () =>
    Effect.gen(function*() {
      const { answer, chat, deleted, requests, steps } = yield* denied("left-out")
      const signed = { ...answer.metadata["effect-llm-stream/signed"] }
      const stepKeys = Object.keys(signed).filter((key) => key.startsWith("s"))
      assert.lengthOf(stepKeys, 3)
      const without = (keys: ReadonlyArray<string>) => ({
        ...answer,
        metadata: {
          ...answer.metadata,
          "effect-llm-stream/signed": Object.fromEntries(Object.entries(signed).filter(([key]) => !keys.includes(key)))
        }
      })
      // The browser holds the keys: it drops those of the steps it leaves out (the ones that no step it sends has).
      const asked = requests.length
      for (const key of stepKeys) {
        const response = yield* sendOn(chat, without([key]), [steps[0]!, steps[2]!])
        assert.strictEqual(response.status, 400, response.text)
      }
      assert.strictEqual(requests.length, asked)
      for (const [at, first] of stepKeys.entries()) {
        for (const second of stepKeys.slice(at + 1)) {
          const response = yield* sendOn(chat, without([first, second]), [steps[0]!])
          if (response.status !== 200) continue
          assert.strictEqual(requests.length, asked + 1)
          assert.deepStrictEqual(read(requests[requests.length - 1]!), [
            "UserMessage",
            "assistant:[get_weather]",
            "result:get_weather",
            "UserMessage"
          ])
          assert.include(response.text, "\"type\":\"tool-approval-request\"")
          assert.deepStrictEqual(deleted, [])
          return
        }
      }
      assert.fail("no two step keys left out passed")
    }))

  it.live("steps of one response in another order: a 400 naming the step out of place, the model is not asked", () =>
    Effect.gen(function*() {
      const { answer, chat, requests, steps } = yield* denied("reordered")
      const asked = requests.length
      // The denied call's step before the call that ran before it, in the response that served both.
      const refused = yield* sendOn(chat, answer, [steps[1]!, steps[0]!, steps[2]!])
      assert.strictEqual(refused.status, 400, refused.text)
      assert.include(
        refused.text,
        "messages[1].parts[1]: a step of an assistant message out of the order this server served it in"
      )
      assert.strictEqual(requests.length, asked)
      // Without the signatures of the steps' order (a message served before them): refused, not taken unordered.
      const signed = answer.metadata["effect-llm-stream/signed"]
      const unordered = Object.fromEntries(Object.entries(signed).filter(([key]) => !key.startsWith("n")))
      assert.isBelow(Object.keys(unordered).length, Object.keys(signed).length)
      const stripped = { ...answer, metadata: { ...answer.metadata, "effect-llm-stream/signed": unordered } }
      const without = yield* sendOn(chat, stripped, steps)
      assert.strictEqual(without.status, 400, without.text)
      assert.include(without.text, "out of the order this server served it in")
    }))

  it.live("a continuation's first step moved before the steps it followed: a 400 naming it, the model not asked", () =>
    Effect.gen(function*() {
      // The response that went on after the denial was told the step the message held last: its first step is
      // signed after that one, not first in the message.
      const { answer, chat, requests, steps } = yield* denied("continuation-first")
      const asked = requests.length
      const refused = yield* sendOn(chat, answer, [steps[2]!, steps[0]!, steps[1]!])
      assert.strictEqual(refused.status, 400, refused.text)
      assert.include(
        refused.text,
        "messages[1].parts[1]: a step of an assistant message out of the order this server served it in"
      )
      assert.strictEqual(requests.length, asked)
      // As served, the message goes on.
      const honest = yield* sendOn(chat, answer, steps)
      assert.strictEqual(honest.status, 200, honest.text)
      assert.deepStrictEqual(read(requests[requests.length - 1]!), [
        "UserMessage",
        "assistant:[get_weather]",
        "result:get_weather",
        "assistant:[delete_file]",
        "result:delete_file",
        "assistant:Not deleted.",
        "UserMessage"
      ])
    }))
})
