/**
 * The app's own message metadata (the AI SDK's `messageMetadata`), read by the `ai` package's own client: asked at the
 * answer's `start`, at each step's end and at its `finish` (given the library's own finish metadata), merged by the
 * client into `message.metadata` beside the library's fields, which the app's never replace. On `fromStream` (one
 * call), `fromSteps` (a tool loop of two steps) and `ChatEndpoint` (`messageMetadata` in its options). Across pauses
 * (two approvals, three requests), each step's end is told the whole answer's `step`, as the finish's `steps` counts.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint, LanguageModel, UIMessageStream } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"
import { readResponse } from "../../support/UIClient.js"

const usage = { inputTokens: 10, outputTokens: 5 }

/** The app's metadata: what it was asked, and a field the library has too (`model`), which it never replaces. */
const appOf = () => {
  const asked: Array<string> = []
  const messageMetadata: UIMessageStream.MessageMetadata = ({ part }) => {
    asked.push(part.type === "finish-step" ? `finish-step ${part.step}` : part.type)
    if (part.type === "start") return { createdAt: 1_700_000_000_000, model: "the app's" }
    if (part.type === "finish-step") return { stepsEnded: part.step + 1 }
    const library = part.metadata as ChatEndpoint.Metadata
    return { totalTokens: library.usage?.totalTokens, model: "the app's" }
  }
  return { asked, messageMetadata }
}

describe("the app's message metadata", () => {
  it.live("fromStream: at start, the step's end and finish, merged by the client", () =>
    Effect.gen(function*() {
      const { asked, messageMetadata } = appOf()
      const response = yield* LanguageModel.stream("hi").pipe(
        UIMessageStream.fromStream({ messageMetadata }),
        UIMessageStream.toResponse(),
        Effect.provide(TestKit.scripted([{ text: "Hello.", usage }], { provider: "openai" }))
      )
      const { message } = yield* Effect.promise(() => readResponse(response))
      const metadata = message!.metadata as ChatEndpoint.Metadata<{ createdAt: number; totalTokens: number }>
      assert.deepStrictEqual(asked, ["start", "finish-step 0", "finish"])
      assert.strictEqual(metadata.createdAt, 1_700_000_000_000)
      assert.strictEqual((metadata as any).stepsEnded, 1)
      assert.strictEqual(metadata.totalTokens, 15)
      // The library's own fields stand beside the app's, and win where both name one.
      assert.strictEqual(metadata.usage?.totalTokens, 15)
      assert.notStrictEqual(metadata.model, "the app's")
      assert.isString(metadata.model)
    }))

  it.live("ChatEndpoint: a tool loop of two steps, read by the ai client's chat", () =>
    Effect.gen(function*() {
      const { asked, messageMetadata } = appOf()
      const turns: ReadonlyArray<TestKit.Turn> = [
        { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }], usage },
        { text: "It is 18°C in Paris.", usage }
      ]
      const app = ChatEndpoint.layer({ tools: [EndpointApp.weather], messageMetadata }).pipe(
        Layer.provide(EndpointApp.scripted(turns, "anthropic", []))
      )
      const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), "metadata-chat")
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Weather in Paris?" })))
      assert.strictEqual(chat.error, undefined, String(chat.error))
      assert.deepStrictEqual(asked, ["start", "finish-step 0", "finish-step 1", "finish"])
      const metadata = chat.metadata as ChatEndpoint.Metadata<{ createdAt: number; stepsEnded: number }>
      assert.strictEqual(metadata.createdAt, 1_700_000_000_000)
      assert.strictEqual(metadata.stepsEnded, 2)
      assert.strictEqual((metadata as any).totalTokens, 30)
      assert.strictEqual(metadata.steps, 2)
      assert.strictEqual(metadata.stopReason, "stop")
      assert.strictEqual(metadata.usage?.totalTokens, 30)
      assert.notStrictEqual(metadata.model, "the app's")
    }).pipe(Effect.scoped))
})

describe("the app's step, across pauses", () => {
  it.live("ChatEndpoint: each step's end is told the whole answer's step, its earlier requests' counted", () =>
    Effect.gen(function*() {
      const steps: Array<number> = []
      const messageMetadata: UIMessageStream.MessageMetadata = ({ part }) => {
        if (part.type !== "finish-step") return undefined
        steps.push(part.step)
        return { stepsEnded: part.step + 1 }
      }
      const deleted: Array<string> = []
      const turns: ReadonlyArray<TestKit.Turn> = [
        { toolCalls: [{ name: "delete_file", arguments: { path: "a.txt" } }], usage },
        { toolCalls: [{ name: "delete_file", arguments: { path: "b.txt" } }], usage },
        { text: "Both deleted.", usage }
      ]
      const app = ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted)], messageMetadata }).pipe(
        Layer.provide(EndpointApp.scripted(turns, "openai", []))
      )
      const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), "metadata-pauses")
      // What the page shows as each request ends: the app's count beside the library's.
      const shown = () => {
        const metadata = chat.metadata as ChatEndpoint.Metadata<{ stepsEnded: number }>
        return [metadata.stepsEnded, metadata.steps]
      }
      const approveLast = () =>
        Effect.promise(() =>
          chat.settle(() => chat.addToolApprovalResponse({ id: chat.toolParts.at(-1).approval.id, approved: true }))
        )
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Delete a.txt and b.txt" })))
      assert.strictEqual(chat.error, undefined, String(chat.error))
      assert.deepStrictEqual(shown(), [1, 1])
      yield* approveLast()
      assert.strictEqual(chat.error, undefined, String(chat.error))
      assert.deepStrictEqual(shown(), [2, 2])
      yield* approveLast()
      assert.strictEqual(chat.error, undefined, String(chat.error))
      assert.deepStrictEqual(deleted, ["a.txt", "b.txt"])
      assert.deepStrictEqual(steps, [0, 1, 2])
      assert.deepStrictEqual(shown(), [3, 3])
      // Every metadata the page was given on the way: the app's count never went back.
      const told = chat.metadataSeen.flatMap((metadata) =>
        metadata.stepsEnded === undefined ? [] : [metadata.stepsEnded]
      )
      assert.deepStrictEqual([...new Set(told)], [1, 2, 3])
    }).pipe(Effect.scoped))
})
