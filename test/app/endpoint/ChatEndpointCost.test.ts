/**
 * The cost a person sees of an answer served by `ChatEndpoint`, as the `ai` package's own client holds it: it merges
 * the message metadata of every part of a message, so each finish carries its cost as far as it was billed (`cost`
 * is `spend.cost`): an answer cut by its budget after an approval shows its own cost, not the one of the part before
 * it, whose provider's usage never came; and a stopped answer's stored stream ends with what it spent (a
 * `message-metadata` chunk, then `abort`), which a reload reads and `onFinish` agrees with.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const long = Array.from({ length: 3000 }, (_, index) => `w${index}`).join(" ")

describe("the cost a person sees", () => {
  it.live(
    "an answer cut by its budget after an approval: the message's cost is the cut answer's, estimated",
    () =>
      Effect.gen(function*() {
        const deleted: Array<string> = []
        // OpenAI reports usage at the end of a stream: the cut answer's usage never comes.
        const turns = [
          { text: "I will delete it.", toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }] },
          { text: long }
        ]
        const app = ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted)], budget: { usd: "0.0005" } }).pipe(
          Layer.provide(EndpointApp.scripted(turns, "openai", []))
        )
        const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), "cut-after-approval")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Please delete /tmp/a" })))
        const asked = chat.toolParts[0]
        const first = chat.metadata.cost
        assert.isString(first)
        yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
        assert.deepStrictEqual(deleted, ["/tmp/a"])
        assert.isBelow(chat.text.length, long.length)
        assert.strictEqual(chat.metadata.stopReason, "budget")
        assert.isTrue(chat.metadata.spend.estimated)
        assert.strictEqual(chat.metadata.cost, chat.metadata.spend.cost)
        assert.notStrictEqual(chat.metadata.cost, first)
        assert.isAbove(Number(chat.metadata.cost), 0.0004)
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    "a stopped answer's stored stream ends with its spend, then abort; a reload shows it, onFinish agrees",
    () =>
      Effect.gen(function*() {
        const endings: Array<ChatEndpoint.Finished> = []
        const app = ChatEndpoint.layer({ onFinish: (finished) => Effect.sync(() => endings.push(finished)) }).pipe(
          Layer.provide(EndpointApp.scripted([{ text: long }], "anthropic", [], 15))
        )
        const served = yield* EndpointApp.viaNode(app)
        const chat = new EndpointApp.EndpointClient(served, "stopped-chat")
        const done = chat.settle(() => chat.sendMessage({ text: "Tell me everything" }))
        yield* wait(() => chat.streamed(40))
        yield* wait(() => chat.fetch(`${served.url}/api/chat/stopped-chat/stop`, { method: "POST" }))
        yield* wait(() => done)
        yield* EndpointApp.eventually(() => endings.length > 0, () => "no ending")
        const ending = endings[0]!.ending
        assert.strictEqual(ending._tag, "Stopped")
        const spent = Option.getOrThrow(ending.spend.cost).toJSON().total
        // The stored stream, as the store keeps it: what the answer spent, an `interrupted` finish, then `abort`.
        const stored = yield* wait(() => chat.fetch(`${served.url}/api/chat/stopped-chat/stream`).then((r) => r.text()))
        const chunks = stored.split("\n").filter((line) => line.startsWith("data: {")).map((line) =>
          JSON.parse(line.slice(6))
        )
        assert.deepStrictEqual(chunks.slice(-3).map((chunk) => chunk.type), ["message-metadata", "finish", "abort"])
        assert.strictEqual(chunks.at(-2).finishReason, "interrupted")
        const metadata = chunks.at(-3).messageMetadata
        assert.strictEqual(metadata.cost, spent)
        assert.deepStrictEqual(metadata.spend, { ...metadata.spend, cost: spent, estimated: true })
        // A reload reads it with the `ai` client: the message says what the stopped answer cost.
        const later = new EndpointApp.EndpointClient(served, "stopped-chat", chat.fetch)
        yield* wait(() => later.resumeStream())
        assert.strictEqual(later.metadata.cost, spent)
      }).pipe(Effect.scoped),
    60_000
  )
})
