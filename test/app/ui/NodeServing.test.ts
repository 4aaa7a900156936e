/**
 * Node's own `http` served by the package: `UIMessageStream.toNodeResponse` writes a UI message stream (or a Web
 * `Response`) to a real `http.ServerResponse` on 127.0.0.1, read by the `ai` package's own client; it pulls only
 * as fast as the socket takes (a client that stops reading stops the stream) and a client that leaves interrupts
 * it. `UIMessageStream.readRequest` reads a Node `IncomingMessage` or a Web `Request` with a byte cap, before
 * anything is buffered past it (413).
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Schema, Stream } from "effect"
import { CallEnding, CallStream, LanguageModel, OpenAI, ProviderError, UIMessageStream } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as Http from "node:http"
import * as Net from "node:net"
import { readResponse } from "../../support/UIClient.js"
import { until } from "../../support/Until.js"

/** A server on a free port of 127.0.0.1 whose requests `handle` answers; closed with the scope. */
const serve = (handle: (req: Http.IncomingMessage, res: Http.ServerResponse) => Effect.Effect<void>) =>
  Effect.acquireRelease(
    Effect.callback<Http.Server>((resume) => {
      const server = Http.createServer((req, res) => void Effect.runFork(handle(req, res)))
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map((server) => `http://127.0.0.1:${(server.address() as Net.AddressInfo).port}`))

const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
const delta = (content: string) =>
  decode({ id: "c1", model: "gpt-4o-mini", choices: [{ index: 0, delta: { content } }] })
const finish = decode({ id: "c1", model: "gpt-4o-mini", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })

describe("UIMessageStream.toNodeResponse", () => {
  it.live("serves a UI message stream that the ai client reads whole, with the protocol's headers", () =>
    Effect.gen(function*() {
      const chunks = ["Once", " upon", " a time"].map(delta).concat(finish)
      const url = yield* serve((_, res) =>
        LanguageModel.stream("hi").pipe(
          UIMessageStream.fromStream(),
          UIMessageStream.toNodeResponse(res, { headers: { "x-chat": "1" } }),
          Effect.provide(TestKit.layer(chunks))
        )
      )
      const response = yield* Effect.promise(() => fetch(url))
      assert.strictEqual(response.status, 200)
      assert.strictEqual(response.headers.get("x-vercel-ai-ui-message-stream"), "v1")
      assert.strictEqual(response.headers.get("x-chat"), "1")
      const { errors, message } = yield* Effect.promise(() => readResponse(response))
      assert.deepStrictEqual(errors, [])
      assert.deepStrictEqual(message!.parts.filter((part) => part.type === "text").map((part) => part.text), [
        "Once upon a time"
      ])
    }).pipe(Effect.scoped))

  it.live("a failure before any content is an HTTP error with a text body; a Web Response is written as it is, cut if its body fails", () =>
    Effect.gen(function*() {
      const limited = new ProviderError.RateLimitError({ provider: "openai", message: "slow down" })
      const url = yield* serve((req, res) =>
        req.url === "/web"
          ? UIMessageStream.toNodeResponse(Response.json({ error: "gone" }, { status: 410 }), res)
          : req.url === "/broken"
          ? UIMessageStream.toNodeResponse(
            new Response(
              new ReadableStream({
                start(controller) {
                  controller.enqueue(new TextEncoder().encode("data: {}\n\n"))
                  controller.error(new Error("the body failed"))
                }
              })
            ),
            res
          )
          : UIMessageStream.toNodeResponse(UIMessageStream.fromStream(Stream.fail(limited)), res)
      )
      const failed = yield* Effect.promise(() => fetch(url))
      assert.strictEqual(failed.status, 429)
      // The provider's own text stays on the server: the browser is told the kind of failure (the Redaction).
      assert.strictEqual(yield* Effect.promise(() => failed.text()), "The model is rate limited; try again shortly.")
      const web = yield* Effect.promise(() => fetch(`${url}/web`))
      assert.strictEqual(web.status, 410)
      assert.deepStrictEqual(yield* Effect.promise(() => web.json()), { error: "gone" })
      // A body that fails halfway is cut, not ended as if it were whole.
      const broken = yield* Effect.promise(() =>
        fetch(`${url}/broken`).then((response) => response.text()).then(() => "ended", () => "cut")
      )
      assert.strictEqual(broken, "cut")
    }).pipe(Effect.scoped))

  it.live("a client that stops reading stops the stream (backpressure); one that leaves interrupts it", () =>
    Effect.gen(function*() {
      // 4,000 deltas of 1 KiB: 4 MiB, far more than the socket buffers hold.
      const piece = "x".repeat(1024)
      let pulled = 0
      const ending = yield* Deferred.make<CallEnding.Ending>()
      const endless = Stream.fromIterable(Array.from({ length: 4000 }, () => delta(piece))).pipe(
        Stream.tap(() => Effect.sync(() => pulled++))
      )
      const url = yield* serve((_, res) =>
        LanguageModel.stream("hi").pipe(
          CallStream.onEnd((end) => Deferred.succeed(ending, end)),
          UIMessageStream.fromStream(),
          UIMessageStream.toNodeResponse(res),
          Effect.provideService(
            LanguageModel.LanguageModel,
            LanguageModel.LanguageModel.of({ provider: "openai", model: "gpt-4o-mini", stream: () => endless })
          )
        )
      )
      const { port } = new URL(url)
      // A raw client that sends the request and reads nothing: the socket fills, the server's writes wait.
      const socket = Net.connect(Number(port), "127.0.0.1")
      socket.pause()
      socket.write(`GET / HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`)
      // Pulling begun (waited for, up to 10 s), then until it stops: a stall before the first pull is no stop.
      assert.isTrue(yield* until(() => pulled > 0, 10_000))
      let last = -1
      while (pulled !== last) {
        last = pulled
        yield* Effect.sleep("150 millis")
      }
      assert.isAbove(pulled, 0)
      assert.isBelow(pulled, 4000, "the stream was pulled ahead of a client that reads nothing")
      socket.destroy()
      const end = yield* Deferred.await(ending).pipe(Effect.timeout("10 seconds"))
      assert.strictEqual(end._tag, "Interrupted")
      assert.isBelow(pulled, 4000)
    }).pipe(Effect.scoped))
})

describe("UIMessageStream.readRequest", () => {
  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    Effect.promise(async () => {
      const response = await fetch(url, { method: "POST", body, headers })
      return { status: response.status, text: await response.text() }
    })

  it.live("a Node request: its text under the cap; 413 past it, declared or not", () =>
    Effect.gen(function*() {
      const url = yield* serve((req, res) =>
        UIMessageStream.readRequest(req, { maxBytes: 1000 }).pipe(
          Effect.match({
            onFailure: (error) =>
              Response.json({ status: error.status, parameter: error.parameter }, { status: error.status! }),
            onSuccess: (text) => new Response(`read ${text.length}: ${text.slice(0, 5)}`)
          }),
          Effect.flatMap((response) => UIMessageStream.toNodeResponse(response, res))
        )
      )
      assert.deepStrictEqual(yield* post(url, "héllo"), { status: 200, text: "read 5: héllo" })
      const declared = yield* post(url, "x".repeat(1001))
      assert.strictEqual(declared.status, 413)
      assert.deepStrictEqual(JSON.parse(declared.text), { status: 413, parameter: "body" })
      // No content-length: a body streamed in pieces, refused once past the cap.
      const pieces = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let index = 0; index < 20; index++) controller.enqueue(new Uint8Array(200).fill(97))
          controller.close()
        }
      })
      const streamed = yield* Effect.promise(() =>
        fetch(url, { method: "POST", body: pieces, duplex: "half" } as RequestInit).then((response) => response.status)
      )
      assert.strictEqual(streamed, 413)
    }).pipe(Effect.scoped))

  it.effect("a Web Request: 413 past the cap; a body that is not JSON is toMessages' 400", () =>
    Effect.gen(function*() {
      const request = (body: string) => new Request("http://localhost/api/chat", { method: "POST", body })
      const large = yield* Effect.flip(UIMessageStream.readRequest(request("x".repeat(2000)), { maxBytes: 1000 }))
      assert.strictEqual(large.status, 413)
      const cut = yield* Effect.flip(
        UIMessageStream.readRequest(
          new Request("http://localhost/", {
            method: "POST",
            body: new ReadableStream({
              start(controller) {
                for (let index = 0; index < 3; index++) controller.enqueue(new Uint8Array(600))
                controller.close()
              }
            }),
            duplex: "half"
          } as RequestInit),
          { maxBytes: 1000 }
        )
      )
      assert.strictEqual(cut.status, 413)
      // A body another reader took: a 400, not a wait for bytes that will not come.
      const used = request("{}")
      yield* Effect.promise(() => used.text())
      assert.strictEqual((yield* Effect.flip(UIMessageStream.readRequest(used))).status, 400)
      const notJson = yield* UIMessageStream.readRequest(request("{not json")).pipe(
        Effect.flatMap(UIMessageStream.toMessages),
        Effect.exit
      )
      assert.isTrue(Exit.isFailure(notJson))
      const error = yield* Effect.flip(
        UIMessageStream.readRequest(request("{not json")).pipe(Effect.flatMap(UIMessageStream.toMessages))
      )
      assert.strictEqual(error._tag, "InvalidRequestError")
      assert.strictEqual(error.status, 400)
    }))
})
