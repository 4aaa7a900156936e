/**
 * An answer an app composes itself (`runTools(...).pipe(UIMessageStream.fromSteps(...), UIMessageStream.resumable(...))`,
 * or `fromStream` and `resumable`), on the memory store, stopped through the store (its stop route:
 * `UIMessageStream.stop`) mid-answer, read by the `ai` package's own chat client (`NodeChat`). The converter takes the
 * store's stop (`StopHeard.take`), so the stored stream ends as a stop from within does, with what the answer spent up to
 * the stop (a call the stop cut short estimated from what arrived; the answer's earlier request counted): its metadata,
 * an `interrupted` finish, `abort`. The total the page shows never goes down, and a reload reads the same ending.
 * Before, the store wrote its own ending, with no metadata: the page lost the answer's total.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema } from "effect"
import type { Scope } from "effect"
import { LanguageModel, OpenAI, StreamStore, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Http from "node:http"
import * as ApprovalApp from "../../support/ApprovalApp.js"
import * as Listen from "../../support/Listen.js"
import { NodeChat } from "../../support/NodeChat.js"
import * as ResumableApp from "../../support/ResumableApp.js"
import { until } from "../../support/Until.js"

/** `get_time`, run without approval: a tool loop's first step that ends. */
const getTime = Tool.handle(
  Tool.make("get_time", { parameters: Schema.Struct({}) }),
  () => Effect.succeed("noon")
)

/** The first user message's text, as the model reads it. */
const asked = (body: any): string => JSON.stringify(body.messages.find((message: any) => message.role === "user"))

/**
 * The model on Chat Completions' wire: asked to delete, a call of `delete_file` (approval first); asked the time, a
 * call of `get_time`; after a tool's result, or asked anything else, words that never end, a few milliseconds apart.
 */
const answer = (request: ReplayServer.RecordedRequest): ReplayServer.Scenario => {
  const body = JSON.parse(request.body)
  const headers = { "content-type": "text/event-stream" }
  if (body.messages.at(-1)?.role !== "tool") {
    if (asked(body).includes("delete")) {
      return { headers, body: ApprovalApp.toolCall("call_1", "delete_file", { path: "/tmp/a" }) }
    }
    if (asked(body).includes("time")) return { headers, body: ApprovalApp.toolCall("call_t", "get_time", {}) }
  }
  return { headers, ...ResumableApp.chatBody(12, true), delayMs: 5, endless: true }
}

/** Which converter the app composes. */
type Converter = "fromSteps" | "fromStream"

/**
 * The app: `POST /api/chat` answers resumably (each request under a stream id of its own, the chat's latest kept),
 * `GET /api/chat/:id/stream` resumes the chat's latest, `POST /api/chat/:id/stop` stops it (`UIMessageStream.stop`).
 */
const make = (converter: Converter): Effect.Effect<{ readonly url: string }, never, Scope.Scope> =>
  Effect.gen(function*() {
    const replay = yield* ReplayServer.make
    const modelUrl = replay.serve(answer)
    const layer = yield* Layer.build(
      Layer.mergeAll(
        OpenAI.model("gpt-4o-mini").pipe(
          Layer.provide(OpenAI.layer({ apiKey: Redacted.make("test-key"), baseUrl: modelUrl })),
          Layer.provide(FetchHttpClient.layer)
        ),
        StreamStore.layerMemory()
      )
    )
    const tools = [ApprovalApp.deleteFile([]), getTime]
    const owner = "alice"
    const latest = new Map<string, string>()
    const chat = (body: string, res: Http.ServerResponse) =>
      Effect.flatMap(UIMessageStream.toMessages(body), (request) => {
        const chatId = request.id ?? "chat"
        const streamId = `${chatId}-${latest.size}-${Date.now()}`
        latest.set(chatId, streamId)
        const chunks = converter === "fromSteps"
          ? LanguageModel.runTools({ messages: [...request.messages, ...request.approvals], tools }).pipe(
            UIMessageStream.fromSteps({
              messageId: request.responseMessageId,
              tools,
              binding: request.binding,
              spent: request.spent,
              spentUsage: request.spentUsage
            })
          )
          : LanguageModel.stream({ messages: request.messages }).pipe(UIMessageStream.fromStream())
        const stored = UIMessageStream.resumable(chunks, { streamId, owner })
        // Written by both writers: `toNodeResponse` of the stream, and of `toResponse`'s Web `Response`.
        return converter === "fromSteps"
          ? Effect.flatMap(stored, UIMessageStream.toNodeResponse(res))
          : Effect.flatMap(Effect.flatMap(stored, UIMessageStream.toResponse()), UIMessageStream.toNodeResponse(res))
      })
    const stored = (req: Http.IncomingMessage, res: Http.ServerResponse) => {
      const [, chatId, action] = /^\/api\/chat\/([^/]+)\/(stream|stop)$/.exec(req.url ?? "") ?? []
      const streamId = latest.get(chatId ?? "") ?? "none"
      return action === "stream"
        ? Effect.flatMap(UIMessageStream.resumeResponse(streamId, { owner }), UIMessageStream.toNodeResponse(res))
        : UIMessageStream.stop(streamId, { owner }).pipe(
          Effect.ignore,
          Effect.andThen(UIMessageStream.toNodeResponse(new Response(null, { status: 204 }), res))
        )
    }
    const server = Http.createServer(async (req, res) => {
      const pieces: Array<Buffer> = []
      for await (const piece of req) pieces.push(piece as Buffer)
      const handled = req.url === "/api/chat" ? chat(Buffer.concat(pieces).toString("utf8"), res) : stored(req, res)
      await Effect.runPromise(Effect.provide(Effect.orDie(handled), layer))
    })
    return { url: yield* Listen.listen(server) }
  })

/** The chunks of the chat's stored stream, as a reload reads them. */
const storedChunks = (url: string, chatId: string) =>
  Effect.promise(async () => {
    const text = await fetch(`${url}/api/chat/${chatId}/stream`).then((response) => response.text())
    return text.split("\n").filter((line) => line.startsWith("data: {")).map((line) => JSON.parse(line.slice(6)))
  })

/** The chat's answer stopped through the store once its text has `words` words; its client settled. */
const stopAfter = (url: string, chat: NodeChat, answered: Promise<void>, words: number) =>
  Effect.gen(function*() {
    assert.isTrue(yield* until(() => chat.text.includes(`w${words} `)), chat.text)
    yield* Effect.promise(() => fetch(`${url}/api/chat/${chat.id}/stop`, { method: "POST" }))
    yield* Effect.promise(() => answered)
  })

/**
 * The stored stream's stopped ending: what the answer spent (its metadata, the signature of its step's history beside
 * it), an `interrupted` finish, `abort`; the page shows that metadata, and a reload reads the same ending (and, with
 * the `ai` client, `reload`: of a stream holding the whole message, the same total).
 */
const endsStoppedWithSpend = (url: string, chat: NodeChat, reload: boolean) =>
  Effect.gen(function*() {
    const chunks = yield* storedChunks(url, chat.id)
    assert.deepStrictEqual(chunks.slice(-2), [{ type: "finish", finishReason: "interrupted" }, { type: "abort" }])
    // The ending: the metadata chunks after the last content, then the finish and `abort`.
    let start = chunks.length
    while (start > 0 && ["message-metadata", "finish", "abort"].includes(chunks[start - 1].type)) start--
    const ending = chunks.slice(start)
    const metadata = ending.find((chunk: any) => chunk.messageMetadata?.spend !== undefined)?.messageMetadata
    assert.isString(metadata?.cost, JSON.stringify(ending))
    assert.isAbove(Number(metadata.cost), 0)
    assert.deepStrictEqual(metadata.spend, { ...metadata.spend, cost: metadata.cost, estimated: true })
    assert.isAbove(metadata.spend.usage.outputTokens, 0)
    assert.strictEqual(chat.status, "ready")
    assert.isUndefined(chat.error)
    assert.strictEqual(chat.metadata.cost, metadata.cost)
    // A resume after the stop replays the same ending.
    assert.deepStrictEqual((yield* storedChunks(url, chat.id)).slice(-ending.length), ending)
    if (reload) {
      const reloaded = new NodeChat(url, chat.id)
      yield* Effect.promise(() => reloaded.resumeStream())
      assert.strictEqual(reloaded.metadata.cost, metadata.cost)
    }
    return metadata
  })

/** The stopped ending's metadata of an answer to `text`, stopped after its third word, read by a page and a reload. */
const askedThenStopped = (converter: Converter, text: string) =>
  Effect.gen(function*() {
    const app = yield* make(converter)
    const chat = new NodeChat(app.url)
    yield* stopAfter(app.url, chat, chat.settle(() => chat.sendMessage({ text })), 3)
    return yield* endsStoppedWithSpend(app.url, chat, true)
  })

/** Every cost the page showed, in order, as numbers. */
const costsSeen = (chat: NodeChat): Array<number> =>
  chat.metadataSeen.flatMap((metadata) => metadata.cost === undefined ? [] : [Number(metadata.cost)])

describe("a composed answer stopped through the store ends with what it spent", () => {
  it.live(
    "fromSteps + resumable, stopped mid-text after the approved call: the total never goes down",
    () =>
      Effect.gen(function*() {
        const app = yield* make("fromSteps")
        const chat = new NodeChat(app.url)
        yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "please delete /tmp/a" })))
        const paused = chat.metadata
        assert.isString(paused.cost)
        const approval = chat.toolParts[0].approval.id
        const answered = chat.settle(() => chat.addToolApprovalResponse({ id: approval, approved: true }))
        yield* stopAfter(app.url, chat, answered, 3)
        const stopped = yield* endsStoppedWithSpend(app.url, chat, false)
        // The answer's earlier request counted, and the call the stop cut short on top of it.
        assert.isAbove(Number(stopped.cost), Number(paused.cost))
        assert.isAtLeast(stopped.usage.inputTokens, paused.usage.inputTokens)
        assert.isAbove(stopped.spend.usage.inputTokens, paused.spend.usage.inputTokens)
        assert.strictEqual(stopped.steps, 1)
        const seen = costsSeen(chat)
        assert.deepStrictEqual(seen, [...seen].sort((a, b) => a - b), "the total shown never went down")
        assert.strictEqual(chat.posts.length, 2, "nothing sent by itself after the stop")
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    "fromSteps + resumable, stopped mid-text after a finished first step: both steps counted",
    () =>
      Effect.gen(function*() {
        const stopped = yield* askedThenStopped("fromSteps", "what time is it?")
        // The first step's call (its usage reported: 10 tokens in), and the second's, cut short: estimated, not reported.
        assert.strictEqual(stopped.steps, 2)
        assert.strictEqual(stopped.usage.inputTokens, 10)
        assert.isAbove(stopped.spend.usage.inputTokens, 10)
      }).pipe(Effect.scoped),
    60_000
  )

  it.live("fromStream + resumable, stopped mid-text: the call's estimated spend", () =>
    Effect.gen(function*() {
      const stopped = yield* askedThenStopped("fromStream", "talk")
      assert.strictEqual(stopped.model, "gpt-4o-mini")
    }).pipe(Effect.scoped), 60_000)
})
