/**
 * A UI message stream the server stops, through the `ai` package's own chat client (`NodeChat`: `AbstractChat` with
 * `DefaultChatTransport`, sending approvals on by itself): `fromSteps` and `fromStream` stopped from within
 * (`Stream.interruptWhen`, the signal of a Stop route), before the converter or on its chunks after it, served by
 * `toResponse` and by `toNodeResponse`. Each ends as `UIChunk.interrupted` ends it: the client marks the message
 * interrupted and sends nothing by itself, so the model is asked nothing after the stop (with `abort` alone, or with
 * no ending at all as a cut after the converter gave before the writers added it, the client sent the approval whose
 * tool the stop interrupted on again: `ai` 7.0.173, `AbstractChat.makeRequestImpl`). One that fails after the
 * converter (an app's operator on its chunks) ends with an `error` chunk in the redactor's words: ended bare, the
 * client showed status `ready` and no error.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, identity, Layer, Redacted, Schema, Stream } from "effect"
import type { Scope } from "effect"
import { LanguageModel, Message, OpenAI, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Http from "node:http"
import * as ApprovalApp from "../../support/ApprovalApp.js"
import * as Listen from "../../support/Listen.js"
import { NodeChat } from "../../support/NodeChat.js"

/**
 * Which converter serves the answer, whether the stop cuts its events or its chunks (or an operator on its chunks
 * fails), and how it is written.
 */
type Path = {
  readonly converter: "fromSteps" | "fromStream"
  readonly cut: "events" | "chunks" | "fails"
  readonly writer: "toResponse" | "toNodeResponse"
}

/** What the tool did, and the stop of the request under way. */
interface App {
  readonly url: string
  readonly started: Array<string>
  readonly deleted: Array<string>
  readonly modelRequests: () => number
}

/** `delete_file`, needing approval, taking 500 ms (long enough to be stopped while it runs). */
const slowDelete = (app: Pick<App, "started" | "deleted">) =>
  Tool.handle(
    Tool.make("delete_file", { parameters: Schema.Struct({ path: Schema.String }) }),
    ({ path }) =>
      Effect.sync(() => app.started.push(path)).pipe(
        Effect.andThen(Effect.sleep("500 millis")),
        Effect.andThen(Effect.sync(() => app.deleted.push(path))),
        Effect.as({ deleted: path })
      ),
    { needsApproval: true }
  )

/**
 * The model on Chat Completions' wire: asked to delete, it calls `delete_file`; told a tool's result, "Done."; asked
 * to talk (`fromStream`), a text that never ends until its request is dropped.
 */
const answer = (body: any): ReplayServer.Scenario => {
  const last = body.messages.at(-1)
  if (last?.role === "tool") return { body: ApprovalApp.text("Done.") }
  if (JSON.stringify(last?.content ?? "").includes("talk")) {
    // Its text, then its end five seconds later.
    const body = ApprovalApp.text("Hello there. ")
    const end = body.indexOf("data:", body.indexOf("Hello there. "))
    return { body, cuts: [end], delayMs: 5_000 }
  }
  return { body: ApprovalApp.toolCall("call_1", "delete_file", { path: "/tmp/a" }) }
}

/** The app's own operator on the chunks, failing at the first text (a detail the browser must not read). */
const failing = <E, R>(chunks: Stream.Stream<UIMessageStream.Chunk, E, R>) =>
  Stream.mapEffect(
    chunks,
    (chunk) => chunk.type === "text-delta" ? Effect.fail(new Error("db password hunter2")) : Effect.succeed(chunk)
  )

/** An app serving `POST /api/chat` on `path`, stopped from within by `POST /stop` (the signal of its request). */
const make = (path: Path): Effect.Effect<App, never, Scope.Scope> =>
  Effect.gen(function*() {
    const replay = yield* ReplayServer.make
    const modelUrl = replay.serve((request) => answer(JSON.parse(request.body)))
    const model = yield* Layer.build(
      OpenAI.model("gpt-4o-mini").pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make("test-key"), baseUrl: modelUrl })),
        Layer.provide(FetchHttpClient.layer)
      )
    )
    const app = { started: [] as Array<string>, deleted: [] as Array<string> }
    const tools = [slowDelete(app)]
    let stop = Deferred.makeUnsafe<void>()
    const answerOf = (body: string) =>
      Effect.map(UIMessageStream.toMessages(body), (request) => {
        stop = Deferred.makeUnsafe<void>()
        const stopped = Stream.interruptWhen(Deferred.await(stop))
        const events = path.cut === "events" ? stopped : identity
        const chunks = <E, R>(self: Stream.Stream<UIMessageStream.Chunk, E, R>) =>
          path.cut === "chunks" ? stopped(self) : path.cut === "fails" ? failing(self) : self
        return path.converter === "fromSteps"
          ? LanguageModel.runTools({ messages: [...request.messages, ...request.approvals], tools }).pipe(
            events,
            UIMessageStream.fromSteps({ messageId: request.responseMessageId, tools }),
            chunks
          )
          : LanguageModel.stream({ messages: [Message.user("talk")] }).pipe(
            events,
            UIMessageStream.fromStream(),
            chunks
          )
      })
    const server = Http.createServer(async (req, res) => {
      const pieces: Array<Buffer> = []
      for await (const piece of req) pieces.push(piece as Buffer)
      if (req.url === "/stop") {
        Deferred.doneUnsafe(stop, Effect.void)
        return void res.writeHead(204).end()
      }
      const served = Effect.flatMap(answerOf(Buffer.concat(pieces).toString("utf8")), (chunks) =>
        path.writer === "toResponse"
          ? Effect.flatMap(UIMessageStream.toResponse(chunks), UIMessageStream.toNodeResponse(res))
          : UIMessageStream.toNodeResponse(chunks, res))
      await Effect.runPromise(Effect.provide(Effect.orDie(served), model))
    })
    const url = yield* Listen.listen(server)
    return {
      url,
      ...app,
      modelRequests: () =>
        replay.requests(modelUrl).length
    }
  })

/** Resolves once `holds()`, checked every 10 ms. */
const until = (holds: () => boolean) =>
  Effect.promise(() =>
    new Promise<void>((resolve) => {
      const poll = setInterval(() => holds() && (clearInterval(poll), resolve()), 10)
    })
  )

/** Whether the `ai` client holds the message `id` as interrupted (nothing is sent for it by itself). */
const interrupted = (chat: NodeChat, id: string): boolean => (chat as any).interruptedMessageIds.has(id)

/** The server's Stop, then a while for anything the client would send by itself. */
const stopped = (app: App) =>
  Effect.andThen(
    Effect.promise(() => fetch(`${app.url}/stop`, { method: "POST" })),
    Effect.sleep("600 millis")
  )

const paths: ReadonlyArray<Pick<Path, "cut" | "writer">> = [
  { cut: "events", writer: "toResponse" },
  { cut: "events", writer: "toNodeResponse" },
  { cut: "chunks", writer: "toResponse" },
  { cut: "chunks", writer: "toNodeResponse" }
]

/** A test's name: the writer, and where the stop cuts (its chunks: after the converter). */
const named = ({ cut, writer }: Pick<Path, "cut" | "writer">) =>
  cut === "events" ? writer : `${writer}, its chunks cut after the converter`

describe("fromSteps stopped from within while an approved tool runs", () => {
  for (const path of paths) {
    it.live(`${named(path)}: the client marks it interrupted and sends nothing; the model is asked nothing more`, () =>
      Effect.gen(function*() {
        const app = yield* make({ converter: "fromSteps", ...path })
        const chat = new NodeChat(app.url)
        yield* Effect.promise(() => chat.sendMessage({ text: "please delete /tmp/a" }))
        const asked = chat.toolParts[0]
        assert.strictEqual(asked.state, "approval-requested")
        const answered = chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true }))
        yield* until(() => app.started.length === 1)
        yield* stopped(app)
        yield* Effect.promise(() => answered)
        assert.strictEqual(chat.status, "ready")
        assert.isUndefined(chat.error)
        assert.strictEqual(chat.posts.length, 2, "the approval was not sent again by the client")
        assert.strictEqual(app.modelRequests(), 1, "no model request after the stop")
        assert.isTrue(interrupted(chat, chat.messages.at(-1)!.id))
        assert.deepStrictEqual(app.deleted, [], "the stop interrupted the tool")
      }).pipe(Effect.scoped))
  }
})

describe("fromStream stopped from within mid-text", () => {
  for (const path of paths) {
    it.live(`${named(path)}: the client marks the message interrupted, its text kept`, () =>
      Effect.gen(function*() {
        const app = yield* make({ converter: "fromStream", ...path })
        const chat = new NodeChat(app.url)
        const said = chat.settle(() => chat.sendMessage({ text: "talk" }))
        yield* until(() => chat.messages.at(-1)?.role === "assistant" && chat.text.includes("Hello"))
        yield* stopped(app)
        yield* Effect.promise(() => said)
        assert.strictEqual(chat.status, "ready")
        assert.isUndefined(chat.error)
        assert.include(chat.text, "Hello there.")
        assert.isTrue(interrupted(chat, chat.messages.at(-1)!.id))
        assert.strictEqual(chat.posts.length, 1)
      }).pipe(Effect.scoped))
  }
})

describe("fromStream failing after the converter (an app's operator on its chunks)", () => {
  for (const writer of ["toResponse", "toNodeResponse"] as const) {
    it.live(`${writer}: the client shows an error, in the redactor's words`, () =>
      Effect.gen(function*() {
        const app = yield* make({ converter: "fromStream", cut: "fails", writer })
        const chat = new NodeChat(app.url)
        yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "talk" })))
        assert.strictEqual(chat.status, "error")
        assert.strictEqual(chat.error?.message, UIMessageStream.redact(new Error("db password hunter2")))
        assert.notInclude(JSON.stringify(chat.messages), "hunter2")
        assert.strictEqual(chat.posts.length, 1)
      }).pipe(Effect.scoped))
  }
})
