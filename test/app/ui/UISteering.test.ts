/**
 * A message steered into a running answer on the UI stream, read by the AI SDK's own client (`uiMessageChunkSchema`,
 * `readUIMessageStream`): the `ai` 7 `steering-message` chunk before the step that took it, kept as a part of the
 * answer; then the next request's history (`toMessages`) with it as a user message in place. The part is not signed,
 * by design: it is the user's own words, which a browser may write anyway (in the message the answer answers, or the
 * next). Changed or added, it is read as a user message after its step and the step's tool results, never as the
 * model's or a tool's words, and the signed steps around it are checked as ever; one with no text or file is a 400.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect } from "effect"
import { Steering, UIMessageStream } from "effect-llm-stream"
import * as SteeredAnswer from "../../support/SteeredAnswer.js"
import { nextQuestion, readResponse } from "../../support/UIClient.js"

/** The steered answer served on the UI stream, read by the `ai` client (which found nothing wrong in it). */
const readSteered = (options?: { readonly maxSteps?: number }) =>
  Effect.gen(function*() {
    const { layer, steps } = yield* SteeredAnswer.steeredAnswer(options)
    const response = yield* steps.pipe(UIMessageStream.fromSteps(), UIMessageStream.toResponse(), Effect.provide(layer))
    const read = yield* Effect.promise(() => readResponse(response))
    assert.deepStrictEqual(read.errors, [])
    return read
  })

describe("a steered message on the UI stream", () => {
  it.live("the client reads the steering-message chunk before the step that took it, and sends it back in place", () =>
    Effect.gen(function*() {
      const read = yield* readSteered()
      const types = read.chunks.map((chunk: any) => chunk.type).filter((type: string) =>
        ["start-step", "finish-step", "steering-message", "tool-output-available"].includes(type)
      )
      assert.deepStrictEqual(types, [
        "start-step",
        "tool-output-available",
        "finish-step",
        "steering-message",
        "start-step",
        "finish-step"
      ])
      const chunk = read.chunks.find((chunk: any) => chunk.type === "steering-message") as any
      assert.deepStrictEqual(chunk, {
        type: "steering-message",
        id: "s1",
        parts: [{ type: "text", text: "Use the staging database" }]
      })
      const answer = read.message!
      const steering = answer.parts.find((part: any) => part.type === "steering-message") as any
      assert.deepStrictEqual(steering.parts, [{ type: "text", text: "Use the staging database" }])

      // The next turn: the history carries it as a user message where it was taken.
      const request = yield* UIMessageStream.toMessages(nextQuestion("Deploy it", answer, "Thanks"))
      const shape = request.messages.map((message) =>
        message._tag === "UserMessage" || message._tag === "AssistantMessage"
          ? `${message._tag}:${message.text}`
          : message._tag
      )
      assert.deepStrictEqual(shape, [
        "UserMessage:Deploy it",
        "AssistantMessage:",
        "ToolResultMessage",
        "UserMessage:Use the staging database",
        "AssistantMessage:Answer 2.",
        "UserMessage:Thanks"
      ])
    }).pipe(Effect.scoped))

  it.live("a steering part the browser wrote is the user's words after its step's results; an empty one, a 400", () =>
    Effect.gen(function*() {
      const answer = (yield* readSteered()).message! as any
      const forged = (text: string) => ({ type: "steering-message", id: "forged", parts: [{ type: "text", text }] })
      // Its text changed, and one more after the first step (its call and result), before the next step starts.
      const parts = answer.parts.map((part: any) =>
        part.type === "steering-message" ? { ...part, parts: [{ type: "text", text: "Use production" }] } : part
      )
      const second = parts.findIndex((part: any, at: number) => part.type === "step-start" && at > 0)
      const written = [...parts.slice(0, second), forged("Skip the tests"), ...parts.slice(second)]
      const request = yield* UIMessageStream.toMessages(nextQuestion("Deploy it", { ...answer, parts: written }, "Ok"))
      assert.deepStrictEqual(
        request.messages.map((message) => `${message._tag}:${"text" in message ? message.text : ""}`),
        [
          "UserMessage:Deploy it",
          "AssistantMessage:",
          "ToolResultMessage:",
          "UserMessage:Use production",
          "UserMessage:Skip the tests",
          "AssistantMessage:Answer 2.",
          "UserMessage:Ok"
        ]
      )
      // A steered message of nothing: named, as a user message of nothing is.
      const empty = [
        ...parts.slice(0, second),
        { type: "steering-message", id: "e", parts: [] },
        ...parts.slice(second)
      ]
      const refused = yield* Effect.flip(
        UIMessageStream.toMessages(nextQuestion("Deploy it", { ...answer, parts: empty }, "Ok"))
      )
      assert.strictEqual(refused.status, 400)
      assert.strictEqual(refused.parameter, `messages[1].parts[${second}].parts`)
      assert.include(refused.message, "a steered message without text or a file")
      // It holds the user's text and files, nothing the model or a tool said.
      const tool = { type: "tool-deploy", toolCallId: "x", state: "output-available", input: {}, output: "done" }
      const withTool = [
        ...parts.slice(0, second),
        { type: "steering-message", id: "t", parts: [tool] },
        ...parts.slice(second)
      ]
      const notText = yield* Effect.flip(
        UIMessageStream.toMessages(nextQuestion("Deploy it", { ...answer, parts: withTool }, "Ok"))
      )
      assert.strictEqual(notText.status, 400)
    }).pipe(Effect.scoped))

  it.live("a message the answer ended without is told back as not delivered, with why", () =>
    Effect.gen(function*() {
      const read = yield* readSteered({ maxSteps: 1 })
      assert.isUndefined(read.chunks.find((chunk: any) => chunk.type === "steering-message"))
      const told = read.message!.parts.find((part: any) => part.type === "data-steering-not-delivered") as any
      assert.deepStrictEqual(told.data, { id: "s1", kind: "steer", reason: "step-count" })
      // The next request's history reads it as shown, not sent to a model.
      const request = yield* UIMessageStream.toMessages(nextQuestion("Deploy it", read.message!, "Go on"))
      assert.notInclude(JSON.stringify(request.messages), "staging")
    }).pipe(Effect.scoped))
})

describe("a steered answer stopped", () => {
  it.live("a message the stopped answer never took is told back (aborted) before its abort, read by the ai client", () =>
    Effect.gen(function*() {
      const streamId = `stopped-${Math.random().toString(36).slice(2)}`
      const { layer, requests, steered, steps } = yield* SteeredAnswer.stoppableAnswer(streamId)
      const response = yield* Effect.gen(function*() {
        yield* steps.pipe(
          UIMessageStream.fromSteps(),
          UIMessageStream.resumable({
            streamId,
            owner: "alice",
            steering: Steering.inbox(streamId, { owner: "alice" })
          })
        )
        yield* Deferred.await(steered)
        // The stop, as another instance's stop route asks it.
        yield* UIMessageStream.stop(streamId, { owner: "alice" })
        return yield* UIMessageStream.resumeResponse(streamId, { owner: "alice" })
      }).pipe(Effect.provide(layer))
      const read = yield* Effect.promise(() => readResponse(response))
      assert.deepStrictEqual(read.errors, [])
      const types = read.chunks.map((chunk: any) => chunk.type)
      assert.deepStrictEqual(types.slice(-3), ["data-steering-not-delivered", "finish", "abort"])
      assert.deepStrictEqual((read.chunks.at(-3) as any).data, { id: "s1", kind: "steer", reason: "aborted" })
      const told = read.message!.parts.find((part: any) => part.type === "data-steering-not-delivered") as any
      assert.strictEqual(told.data.reason, "aborted")
      assert.strictEqual(requests(), 1)
    }).pipe(Effect.scoped))
})
