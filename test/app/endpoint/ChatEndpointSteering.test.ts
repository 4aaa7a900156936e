/**
 * `ChatEndpoint.layer({ steering })`: `POST /api/chat/:id/steer` and `/queue` while the `ai` client's answer streams,
 * the session's owner checked as stop and resume are: 202 `{ id }` (an id sent twice taken once), another session's
 * 404, a message past `maxBytes` 413, a full inbox 429 with `Retry-After`, an ended answer 409; the steered message in
 * the next model request after the tool result, and shown to the client as its `steering-message` part. A store that
 * fails as the answer's inbox opens is a 503 with the store's sentence, as a store down is.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Layer } from "effect"
import { ChatEndpoint, type LanguageModel, StreamStore } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"
import { heldDeploy } from "../../support/HeldDeploy.js"

const turns: ReadonlyArray<TestKit.Turn> = [
  { toolCalls: [{ name: "deploy", arguments: { target: "production" } }] },
  { text: "Deployed to staging." }
]

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const post = (fetch: typeof globalThis.fetch, url: string, body: unknown) =>
  wait(() =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
  )

/** What a store down says: a detail of the server's (an address) that only its log may read. */
const down = "Redis is unavailable: connect ECONNREFUSED 10.0.0.5:6379"

/** The store in memory, but one that refuses an answer's inbox `operation` (its `reason`: down, or a bad id). */
const inboxFailing = (reason: "Unavailable" | "InvalidId", operation: "create" | "read") =>
  Layer.effect(
    StreamStore.StreamStore,
    Effect.map(StreamStore.StreamStore, (memory): StreamStore.Service => {
      const refused = Effect.fail(new StreamStore.StreamStoreError({ reason, message: down }))
      const isInbox = (streamId: string) => streamId.startsWith("inbox.")
      return operation === "create"
        ? { ...memory, create: (streamId, options) => isInbox(streamId) ? refused : memory.create(streamId, options) }
        : {
          ...memory,
          tail: undefined,
          read: (streamId, options) => isInbox(streamId) ? refused : memory.read(streamId, options)
        }
    })
  ).pipe(Layer.provide(StreamStore.layerMemory()))

describe("steering through ChatEndpoint", () => {
  it.live("a store failing as the answer's inbox opens: 503 and the store's sentence; a bad id stays a 500", () =>
    Effect.gen(function*() {
      const answered = []
      for (const reason of ["Unavailable", "InvalidId"] as const) {
        const requests: Array<LanguageModel.Request> = []
        const app = ChatEndpoint.layer({ steering: {} }).pipe(
          Layer.provide(EndpointApp.scripted([{ text: "Hello." }], "anthropic", requests)),
          Layer.provide(inboxFailing(reason, "create"))
        )
        const served = yield* EndpointApp.viaWebHandler(app)
        const chat = new EndpointApp.EndpointClient(served, `steered-${reason}`)
        const response = yield* wait(() =>
          chat.fetch(`${served.url}/api/chat`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              id: `steered-${reason}`,
              trigger: "submit-message",
              messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: "Hi" }] }]
            })
          })
        )
        answered.push([response.status, yield* wait(() => response.text()), requests.length])
      }
      // As the chat route answers a store down when it reserves the chat: the store's failure, nothing asked.
      assert.deepStrictEqual(answered, [
        [503, "Temporarily unavailable, try again.", 0],
        [500, "The server could not answer (a configuration error).", 0]
      ])
    }).pipe(Effect.scoped))

  it.live("a store down as a message is sent: 503 and the store's sentence, its detail in the log alone", () =>
    Effect.gen(function*() {
      const lines: Array<EndpointApp.LogLine> = []
      const app = ChatEndpoint.layer({ steering: {} }).pipe(
        Layer.provide(EndpointApp.scripted([{ text: "Hello." }], "anthropic", [])),
        Layer.provide(inboxFailing("Unavailable", "read")),
        Layer.provide(EndpointApp.collecting(lines))
      )
      const served = yield* EndpointApp.viaWebHandler(app)
      const chat = new EndpointApp.EndpointClient(served, "steered-down")
      const sent = yield* post(chat.fetch, `${served.url}/api/chat/steered-down/steer`, { text: "Use staging" })
      assert.deepStrictEqual([sent.status, yield* wait(() => sent.text())], [
        503,
        "Temporarily unavailable, try again."
      ])
      const errors = lines.filter((line) => line.level === "Error").map((line) => line.message)
      assert.strictEqual(errors.length, 1)
      assert.include(errors[0], "answered 503")
      assert.include(errors[0], "10.0.0.5")
    }).pipe(Effect.scoped))

  it.live("steer and queue routes: 202, owners, bounds, the end; the message in the next request", () =>
    Effect.gen(function*() {
      const requests: Array<LanguageModel.Request> = []
      const { deploy, release, started } = yield* heldDeploy
      const app = ChatEndpoint.layer({ tools: [deploy], steering: { maxPending: 1, maxBytes: 200 } }).pipe(
        Layer.provide(EndpointApp.scripted(turns, "anthropic", requests))
      )
      const served = yield* EndpointApp.viaWebHandler(app)
      const chat = new EndpointApp.EndpointClient(served, "steer-chat")
      const done = chat.settle(() => chat.sendMessage({ text: "Deploy it" }))
      yield* Deferred.await(started)
      const steer = `${served.url}/api/chat/steer-chat/steer`

      const sent = yield* post(chat.fetch, steer, { id: "s1", text: "Use staging instead" })
      assert.strictEqual(sent.status, 202)
      assert.deepStrictEqual(yield* wait(() => sent.json()), { id: "s1" })
      const again = yield* post(chat.fetch, steer, { id: "s1", text: "Use staging instead" })
      assert.strictEqual(again.status, 202, "an id sent twice")
      const full = yield* post(chat.fetch, `${served.url}/api/chat/steer-chat/queue`, { text: "And then?" })
      assert.strictEqual(full.status, 429)
      assert.strictEqual(full.headers.get("retry-after"), "1")
      const large = yield* post(chat.fetch, steer, { text: "x".repeat(500) })
      assert.strictEqual(large.status, 413)
      // An empty id is no id: the request's mistake (400), not a body too large (413).
      const noId = yield* post(chat.fetch, steer, { id: "", text: "Use staging" })
      assert.deepStrictEqual([noId.status, yield* wait(() => noId.text())], [
        400,
        JSON.stringify({ error: "A message's id is 1 to 256 characters" })
      ])
      const stranger = EndpointApp.withCookies(served.fetch)
      const strangers = yield* post(stranger, steer, { text: "Use production" })
      assert.strictEqual(strangers.status, 404)
      const unknown = yield* post(chat.fetch, `${served.url}/api/chat/no-such-chat/steer`, { text: "hi" })
      assert.strictEqual(unknown.status, 404)
      const malformed = yield* post(chat.fetch, steer, { message: "hi" })
      assert.strictEqual(malformed.status, 400)

      yield* Deferred.succeed(release, undefined)
      yield* wait(() => done)
      assert.strictEqual(chat.error, undefined)
      // The model read it after the tool result, once.
      const second = requests[1]!.messages
      assert.deepStrictEqual(second.slice(-2).map((message) => message._tag), ["ToolResultMessage", "UserMessage"])
      assert.strictEqual((second.at(-1) as any).text, "Use staging instead")
      // The client shows it where it was taken.
      const parts = chat.messages[1]!.parts as Array<any>
      const at = parts.findIndex((part) => part.type === "steering-message")
      assert.isAbove(at, parts.findIndex((part) => part.type === "tool-deploy"))
      assert.deepStrictEqual(parts[at].parts, [{ type: "text", text: "Use staging instead" }])

      const ended = yield* post(chat.fetch, steer, { text: "Too late" })
      assert.strictEqual(ended.status, 409)
    }).pipe(Effect.scoped))

  it.live("a message steered while the answer waits for approval goes with its continuation, after the results", () =>
    Effect.gen(function*() {
      const requests: Array<LanguageModel.Request> = []
      const deleted: Array<string> = []
      const app = ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted)], steering: {} }).pipe(
        Layer.provide(EndpointApp.scripted(
          [
            { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/scratch" } }] },
            { text: "Deleted; logs kept." }
          ],
          "anthropic",
          requests
        ))
      )
      const served = yield* EndpointApp.viaWebHandler(app)
      const chat = new EndpointApp.EndpointClient(served, "paused-chat")
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Clean up" })))
      const asked = chat.messages.at(-1)!.parts.find((part: any) => part.state === "approval-requested") as any
      assert.isDefined(asked)
      // The answer waits for the person: a message sent now is accepted, and kept for the continuation.
      const steer = `${served.url}/api/chat/paused-chat/steer`
      const sent = yield* post(chat.fetch, steer, { id: "s1", text: "Keep the logs" })
      assert.strictEqual(sent.status, 202)
      assert.lengthOf(requests, 1)

      yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
      assert.strictEqual(chat.error, undefined)
      assert.deepStrictEqual(deleted, ["/tmp/scratch"])
      assert.lengthOf(requests, 2)
      const second = requests[1]!.messages
      assert.deepStrictEqual(second.slice(-2).map((message) => message._tag), ["ToolResultMessage", "UserMessage"])
      assert.strictEqual((second.at(-1) as any).text, "Keep the logs")
      const parts = chat.messages.at(-1)!.parts as Array<any>
      const shown = parts.find((part) => part.type === "steering-message")
      assert.deepStrictEqual(shown?.parts, [{ type: "text", text: "Keep the logs" }])
      assert.isUndefined(parts.find((part) => part.type === "data-steering-not-delivered"))
      // Taken once: the answer has ended.
      const ended = yield* post(chat.fetch, steer, { id: "s2", text: "Too late" })
      assert.strictEqual(ended.status, 409)
    }).pipe(Effect.scoped))
  it.live("steering bounds that are no positive whole number: the endpoint does not start, naming them", () =>
    Effect.gen(function*() {
      // `maxBytes: NaN` (an unset variable through Number) bounded neither a steer's body nor its message.
      const refused = []
      for (const steering of [{ maxBytes: Number.NaN }, { maxBytes: -1 }, { maxPending: Number.NaN }]) {
        const app = ChatEndpoint.layer({ steering }).pipe(
          Layer.provide(EndpointApp.scripted([{ text: "Hello." }], "anthropic", []))
        )
        const rejected = yield* Effect.flip(Effect.tryPromise(() => ChatEndpoint.toWebHandler(app)))
        refused.push((rejected.cause as Error).message)
      }
      assert.deepStrictEqual(refused, [
        "ChatEndpoint: steering.maxBytes must be a positive integer, got NaN",
        "ChatEndpoint: steering.maxBytes must be a positive integer, got -1",
        "ChatEndpoint: steering.maxPending must be a positive integer, got NaN"
      ])
    }).pipe(Effect.scoped))

  it.live("a message with nothing in it is a 400, and the answer goes on without it", () =>
    Effect.gen(function*() {
      // An empty steer reached the model's request, which Anthropic refuses: the answer ended in an error.
      const requests: Array<LanguageModel.Request> = []
      const { deploy, release, started } = yield* heldDeploy
      const app = ChatEndpoint.layer({ tools: [deploy], steering: {} }).pipe(
        Layer.provide(EndpointApp.scripted(turns, "anthropic", requests))
      )
      const served = yield* EndpointApp.viaWebHandler(app)
      const chat = new EndpointApp.EndpointClient(served, "empty-steer")
      const done = chat.settle(() => chat.sendMessage({ text: "Deploy it" }))
      yield* Deferred.await(started)
      const steer = `${served.url}/api/chat/empty-steer/steer`
      for (const text of ["", "  \n "]) {
        const empty = yield* post(chat.fetch, steer, { text })
        assert.strictEqual(empty.status, 400)
        assert.deepStrictEqual(yield* wait(() => empty.json()), {
          error: "The message has nothing in it: give it text"
        })
      }
      const sent = yield* post(chat.fetch, steer, { text: "Use staging instead" })
      assert.strictEqual(sent.status, 202)
      yield* Deferred.succeed(release, undefined)
      yield* wait(() => done)
      assert.strictEqual(chat.error, undefined)
      assert.deepStrictEqual(requests[1]!.messages.slice(-2).map((message) => message._tag), [
        "ToolResultMessage",
        "UserMessage"
      ])
      assert.strictEqual((requests[1]!.messages.at(-1) as any).text, "Use staging instead")
    }).pipe(Effect.scoped))

  it.live("a chat id of 256 characters is answered: its inbox's id fits the store", () =>
    Effect.gen(function*() {
      // `inbox.` and the chat's id was past the store's 256 characters: the answer was a 502 blamed on the model.
      const requests: Array<LanguageModel.Request> = []
      const app = ChatEndpoint.layer({ steering: {} }).pipe(
        Layer.provide(EndpointApp.scripted([{ text: "Hello." }], "anthropic", requests))
      )
      const served = yield* EndpointApp.viaWebHandler(app)
      for (const length of [250, 251, 256]) {
        const chat = new EndpointApp.EndpointClient(served, "c".repeat(length))
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Hi" })))
        assert.strictEqual(chat.error, undefined, `${length}`)
        assert.strictEqual((chat.messages.at(-1)!.parts.at(-1) as any).text, "Hello.")
      }
    }).pipe(Effect.scoped))
  it.live("sent again and again while the inbox is full: nothing stored, the answer goes on", () =>
    Effect.gen(function*() {
      // Each refused message stayed in the inbox's log, in its owner's share of the store (8 MiB by default): 150 sends
      // of 60 KB, as a client trying again while a tool runs, filled it, and the answer's own chunks were refused.
      const { deploy, release, started } = yield* heldDeploy
      const app = ChatEndpoint.layer({ tools: [deploy], steering: { maxPending: 1 } }).pipe(
        Layer.provide(EndpointApp.scripted(turns, "anthropic", []))
      )
      const served = yield* EndpointApp.viaWebHandler(app)
      const chat = new EndpointApp.EndpointClient(served, "full-inbox")
      const done = chat.settle(() => chat.sendMessage({ text: "Deploy it" }))
      yield* Deferred.await(started)
      const steer = `${served.url}/api/chat/full-inbox/steer`
      assert.strictEqual((yield* post(chat.fetch, steer, { id: "s0", text: "Use staging instead" })).status, 202)
      const text = "x".repeat(60_000)
      for (let attempt = 1; attempt <= 150; attempt++) {
        const refused = yield* post(chat.fetch, steer, { id: `s${attempt % 2}`, text })
        // `s0` again is the message taken already: accepted once.
        assert.strictEqual(refused.status, attempt % 2 === 0 ? 202 : 429)
        yield* wait(() => refused.text())
      }
      yield* Deferred.succeed(release, undefined)
      yield* wait(() => done)
      assert.strictEqual(chat.error, undefined)
      const parts = chat.messages[1]!.parts as Array<any>
      assert.deepStrictEqual(parts.filter((part) => part.type === "steering-message").map((part) => part.id), ["s0"])
      assert.include(chat.text, "Deployed to staging.")
    }).pipe(Effect.scoped))

  it.live("a stopped answer whose inbox is full: a send is 409 (ended), not a 429 to try again", () =>
    Effect.gen(function*() {
      // The inbox's bounds were checked before its end: each send into a stopped answer with messages left waiting
      // was a 429 with `Retry-After: 1`, which a client obeys until the inbox expires.
      const { deploy, release, started } = yield* heldDeploy
      const app = ChatEndpoint.layer({ tools: [deploy], steering: { maxPending: 1 } }).pipe(
        Layer.provide(EndpointApp.scripted(turns, "anthropic", []))
      )
      const served = yield* EndpointApp.viaWebHandler(app)
      const chat = new EndpointApp.EndpointClient(served, "stopped-full")
      const done = chat.settle(() => chat.sendMessage({ text: "Deploy it" }))
      yield* Deferred.await(started)
      const routes = `${served.url}/api/chat/stopped-full`
      assert.strictEqual((yield* post(chat.fetch, `${routes}/queue`, { id: "q0", text: "And then?" })).status, 202)
      assert.strictEqual((yield* wait(() => chat.fetch(`${routes}/stop`, { method: "POST" }))).status, 204)
      yield* wait(() => done)
      for (const kind of ["steer", "queue"]) {
        const refused = yield* post(chat.fetch, `${routes}/${kind}`, { text: "Too late" })
        assert.deepStrictEqual(
          [refused.status, refused.headers.get("retry-after"), yield* wait(() => refused.json())],
          [
            409,
            null,
            { error: "The answer \"stopped-full\" has ended: it takes no more messages" }
          ]
        )
      }
      // The message sent before the stop, sent again: its first outcome.
      assert.strictEqual((yield* post(chat.fetch, `${routes}/queue`, { id: "q0", text: "And then?" })).status, 202)
      yield* Deferred.succeed(release, undefined)
    }).pipe(Effect.scoped))
})
