/**
 * `ChatEndpoint` against a browser that rearranges the steps of one answer it was served, with the signatures they
 * came with, through the `ai` client: the answer ran `get_weather` and asked to delete /tmp/a (one response), then,
 * denied, said so (the next). A step sent twice told the model its call was made, and ran, twice; steps put in another
 * order told it the calls ran in another order: each is now a 400 naming the step's part, and the model is not asked
 * (a step is signed after the one its response served before it). A response's first step (the continuation's) did
 * not know the step before it, and may stand before them. A step left out (the denied call's, with its signature) is
 * the browser leaving out its own context, as it may leave out the whole answer: the model, not told of the denial,
 * asks again, and the call waits for a new approval.
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

  it.live("the denied call's step left out, with its signature: the model asks again, and waits for approval", () =>
    Effect.gen(function*() {
      const { answer, chat, deleted, requests, steps } = yield* denied("left-out")
      const signed = { ...answer.metadata["effect-llm-stream/signed"] }
      const kept = { ...answer, metadata: { ...answer.metadata, "effect-llm-stream/signed": signed } }
      // The browser holds the keys: it drops the step's (the one that no step it sends has).
      const before = yield* sendOn(chat, kept, [steps[0]!, steps[2]!])
      assert.strictEqual(before.status, 400, before.text)
      for (const key of Object.keys(signed).filter((key) => key.startsWith("s"))) {
        const without = { ...signed }
        delete without[key]
        const sent = { ...answer, metadata: { ...answer.metadata, "effect-llm-stream/signed": without } }
        const response = yield* sendOn(chat, sent, [steps[0]!, steps[2]!])
        if (response.status !== 200) continue
        assert.deepStrictEqual(read(requests[requests.length - 1]!), [
          "UserMessage",
          "assistant:[get_weather]",
          "result:get_weather",
          "assistant:Not deleted.",
          "UserMessage"
        ])
        assert.include(response.text, "\"type\":\"tool-approval-request\"")
        assert.deepStrictEqual(deleted, [])
        return
      }
      assert.fail("no step key left out passed")
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

  it.live("a continuation's first step moved before the steps it followed: each call's result still after its call", () =>
    Effect.gen(function*() {
      // The response that went on after the denial did not know the step before it: its first step is signed first
      // in its response, so it may stand before the earlier response's steps (whose order holds).
      const { answer, chat, requests, steps } = yield* denied("continuation-first")
      const response = yield* sendOn(chat, answer, [steps[2]!, steps[0]!, steps[1]!])
      assert.strictEqual(response.status, 200, response.text)
      assert.deepStrictEqual(read(requests[requests.length - 1]!), [
        "UserMessage",
        "assistant:Not deleted.",
        "assistant:[get_weather]",
        "result:get_weather",
        "assistant:[delete_file]",
        "result:delete_file",
        "UserMessage"
      ])
    }))
})
