/**
 * What a chat served by `ChatEndpoint` tells its user and its server's log when a limit, a budget, a provider or
 * a store stands in the way, read through the `ai` package's own client and raw responses: every refusal's body is
 * one sentence as text, which the client shows as `error.message`, and what a program acts on is in headers. A user
 * over their limit gets 429 with `Retry-After` (whole seconds to the window's reset), `X-Error-Reason: spend-limit`
 * and `X-Error-Resets-At`, before any model request; near the limit (room for fewer output tokens than
 * `minOutputTokens`) the answer is refused the same way, never sent to be cut short; an answer that the limit or
 * the budget does cut ends with `finish` saying so (`stopReason`, and `onFinish`); a provider's failure is its kind
 * in words (rate limited 429, unavailable 503, the content refused 502), and a key it refused, a model it does not
 * know or a host no connection reaches is the server's configuration (500), logged with the provider's words; a
 * Redis killed while serving is a 503 "Temporarily unavailable" (a new answer) or an `error` chunk (the answer under
 * way), each with one `Error` line in the log naming the chat and a hash of the owner, never the session.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option, Redacted } from "effect"
import { ChatEndpoint, LanguageModel, OpenAI, SpendLimit, StreamStore, UIMessageStream } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as RedisServer from "../../support/RedisServer.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const chatBody = (id: string, text = "Hi") =>
  JSON.stringify({ id, messages: [{ id: `${id}-u`, role: "user", parts: [{ type: "text", text }] }] })

const long = Array.from({ length: 3000 }, (_, index) => `w${index}`).join(" ")

describe("a user's spend limit", () => {
  for (const [serving, via] of EndpointApp.servings) {
    it.live(
      `over the limit: 429 with Retry-After and the reset, before any model request (${serving})`,
      () =>
        Effect.gen(function*() {
          const requests: Array<any> = []
          const lines: Array<EndpointApp.LogLine> = []
          // gpt-4o-mini: $0.15 per million input tokens, $0.60 per million output: the first answer spends $0.000975.
          const turns = [{ text: "A long answer.", usage: { inputTokens: 100, outputTokens: 1600 } }]
          const app = ChatEndpoint.layer({
            spendLimit: (owner) => ({ key: owner, usd: "0.001", window: "1 hour" })
          }).pipe(
            Layer.provide(EndpointApp.scriptedOnWire(turns, "openai", requests)),
            Layer.provide(SpendLimit.layerMemory()),
            Layer.provide(EndpointApp.collecting(lines))
          )
          const served = yield* via(app)
          const chat = new EndpointApp.EndpointClient(served, "limited")
          yield* wait(() => chat.settle(() => chat.sendMessage({ text: "First" })))
          assert.strictEqual(chat.text, "A long answer.")
          // The next has no room for 256 output tokens: refused, not sent.
          const response = yield* wait(() =>
            chat.fetch(`${served.url}/api/chat`, { method: "POST", body: chatBody("limited-2") })
          )
          assert.strictEqual(response.status, 429)
          assert.strictEqual(response.headers.get("x-error-reason"), "spend-limit")
          const at = response.headers.get("x-error-resets-at")!
          const resetsAt = Date.parse(at)
          assert.strictEqual(new Date(resetsAt).toISOString(), at)
          assert.strictEqual(resetsAt % 3_600_000, 0, "the end of the hour")
          const retryAfter = Number(response.headers.get("retry-after"))
          assert.isTrue(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 3600, String(retryAfter))
          assert.approximately(retryAfter, (resetsAt - Date.now()) / 1000, 2)
          const sentence = `The spending limit of $0.001 is reached; it resets at ${at}.`
          assert.strictEqual(yield* wait(() => response.text()), sentence)
          assert.strictEqual(requests.length, 1)
          // The client shows the refusal as its error: the sentence, as it is.
          yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Second" })))
          assert.strictEqual(chat.status, "error")
          assert.strictEqual(chat.error?.message, sentence)
          assert.strictEqual(requests.length, 1)
          const refused = lines.filter((line) => line.level === "Warn")
          assert.strictEqual(refused.length, 2)
          assert.match(refused[0]!.message, /^chat POST \/api\/chat answered 429: SpendLimitExceeded: /)
          assert.strictEqual(refused[0]!.annotations["chat.id"], "limited-2")
          assert.match(String(refused[0]!.annotations["chat.owner"]), /^[0-9a-f]{16}$/)
          assert.notInclude(JSON.stringify(lines), chat.fetch.cookie.split("=")[1]!)
        }).pipe(Effect.scoped),
      60_000
    )
  }

  it.live(
    "near the limit: refused rather than cut short; with a smaller minOutputTokens, sent and cut, and told so",
    () =>
      Effect.gen(function*() {
        const requests: Array<any> = []
        const endings: Array<ChatEndpoint.Finished> = []
        // $0.00013 leaves room for about 200 output tokens.
        const app = (minOutputTokens: number | undefined) =>
          ChatEndpoint.layer({
            spendLimit: (owner) => ({ key: owner, usd: "0.00013", window: "1 day", minOutputTokens }),
            onFinish: (finished) => Effect.sync(() => endings.push(finished))
          }).pipe(
            Layer.provide(EndpointApp.scriptedOnWire([{ text: long }], "openai", requests)),
            Layer.provide(SpendLimit.layerMemory())
          )
        const near = yield* EndpointApp.viaWebHandler(app(undefined))
        const refused = new EndpointApp.EndpointClient(near, "near")
        yield* wait(() => refused.settle(() => refused.sendMessage({ text: "Tell me everything" })))
        assert.strictEqual(refused.status, "error")
        assert.match(
          refused.error?.message ?? "",
          /^The spending limit of \$0\.00013 is reached; it resets at [0-9TZ:.-]+\.$/
        )
        assert.strictEqual(requests.length, 0, "nothing sent")
        assert.strictEqual(endings[0]!.ending._tag, "Failed")
        assert.strictEqual(endings[0]!.ending.spend.estimated, false)
        assert.strictEqual(endings[0]!.ending.spend.usage.outputTokens ?? 0, 0)
        // With room enough by the app's own measure: sent with the cap that fits, cut there, and the answer says so.
        const allowed = yield* EndpointApp.viaWebHandler(app(100))
        const cut = new EndpointApp.EndpointClient(allowed, "cut")
        yield* wait(() => cut.settle(() => cut.sendMessage({ text: "Tell me everything" })))
        assert.strictEqual(cut.status, "ready")
        assert.isAbove(cut.text.length, 100)
        assert.isBelow(cut.text.length, long.length)
        assert.strictEqual(cut.metadata.stopReason, "spend-limit")
        // Sent with the cap that fits in what the limit leaves (about 200 tokens), above the app's minimum.
        const cap = requests[0]!.max_completion_tokens
        assert.isTrue(cap >= 100 && cap <= 220, String(cap))
        yield* EndpointApp.eventually(() => endings.length > 1, () => "no second ending")
        const ending = endings[1]!.ending
        assert.strictEqual(ending._tag, "Done")
        assert.strictEqual(ending._tag === "Done" && ending.reason, "spend-limit")
      }).pipe(Effect.scoped),
    60_000
  )
})

describe("a budget per answer", () => {
  it.live(
    "an answer cut by its budget ends with finish, stopReason budget, and onFinish says so",
    () =>
      Effect.gen(function*() {
        const endings: Array<ChatEndpoint.Finished> = []
        const app = ChatEndpoint.layer({
          budget: { usd: "0.0001" },
          onFinish: (finished) => Effect.sync(() => endings.push(finished))
        }).pipe(Layer.provide(EndpointApp.scripted([{ text: long }], "anthropic", [])))
        const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaNode(app), "budget")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Tell me everything" })))
        assert.strictEqual(chat.status, "ready")
        assert.strictEqual(chat.metadata.stopReason, "budget")
        assert.isBelow(chat.text.length, long.length)
        yield* EndpointApp.eventually(() => endings.length > 0, () => "no ending")
        const ending = endings[0]!.ending
        assert.strictEqual(ending._tag === "Done" && ending.reason, "budget")
        assert.isTrue(Option.isSome(ending.spend.cost))
      }).pipe(Effect.scoped),
    60_000
  )
})

describe("a provider's failure, in words", () => {
  const configuration = "The server could not answer (a configuration error)."
  const cases = [
    [429, 429, "The model is rate limited; try again shortly."],
    [503, 503, "The model is unavailable; try again shortly."],
    [400, 502, "The provider refused the request."],
    // A key the provider refused, a model it does not know: the server's own configuration.
    [401, 500, configuration],
    [404, 500, configuration]
  ] as const
  for (const [upstream, status, text] of cases) {
    it.live(`the provider's ${upstream}: ${status} "${text}" as the client's error.message, one Error line`, () =>
      Effect.gen(function*() {
        const lines: Array<EndpointApp.LogLine> = []
        const app = ChatEndpoint.layer().pipe(
          Layer.provide(TestKit.scripted([{ error: { status: upstream, message: "upstream said 10.0.0.7" } }])),
          Layer.provide(EndpointApp.collecting(lines))
        )
        const served = yield* EndpointApp.viaWebHandler(app)
        const response = yield* wait(() =>
          served.fetch(`${served.url}/api/chat`, { method: "POST", body: chatBody("failing") })
        )
        assert.strictEqual(response.status, status)
        assert.strictEqual(response.headers.get("content-type"), "text/plain; charset=utf-8")
        assert.strictEqual(yield* wait(() => response.text()), text)
        const chat = new EndpointApp.EndpointClient(served, "failing-2")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Hi" })))
        assert.strictEqual(chat.error?.message, text)
        const errors = lines.filter((line) => line.level === "Error")
        assert.strictEqual(errors.length, 2)
        assert.match(errors[0]!.message, new RegExp(`^chat POST /api/chat answered ${status}: `))
        // The server's log has the provider's words.
        assert.include(errors[0]!.message, "upstream said 10.0.0.7")
      }).pipe(Effect.scoped))
  }

  it.live("the provider's text reaches the log line without its carriage returns and terminal escapes", () =>
    Effect.gen(function*() {
      const lines: Array<EndpointApp.LogLine> = []
      const message = "refused\r\u001b[2K\u001b[32mINFO all is well\u001b[0m\u009b31m"
      const app = ChatEndpoint.layer().pipe(
        Layer.provide(TestKit.scripted([{ error: { status: 400, message } }])),
        Layer.provide(EndpointApp.collecting(lines))
      )
      const served = yield* EndpointApp.viaWebHandler(app)
      yield* wait(() => served.fetch(`${served.url}/api/chat`, { method: "POST", body: chatBody("ansi") }))
      const errors = lines.filter((line) => line.level === "Error")
      assert.strictEqual(errors.length, 1)
      assert.include(errors[0]!.message, "refused INFO all is well")
      assert.notMatch(errors[0]!.message, /[\r\n\u001b\u009b]/)
    }).pipe(Effect.scoped))

  it.live(
    "a host no connection reaches: 500, the server's configuration, logged with what failed",
    () =>
      Effect.gen(function*() {
        const lines: Array<EndpointApp.LogLine> = []
        const port = yield* wait(() => RedisServer.freePort())
        const app = ChatEndpoint.layer().pipe(
          Layer.provide(
            OpenAI.model("gpt-4o-mini").pipe(
              Layer.provide(OpenAI.layer({ apiKey: Redacted.make("sk-test"), baseUrl: `http://127.0.0.1:${port}/v1` })),
              Layer.provide(FetchHttpClient.layer)
            )
          ),
          Layer.provide(EndpointApp.collecting(lines))
        )
        const served = yield* EndpointApp.viaWebHandler(app)
        const chat = new EndpointApp.EndpointClient(served, "unreachable")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Hi" })))
        assert.strictEqual(chat.status, "error")
        assert.strictEqual(chat.error?.message, configuration)
        assert.strictEqual((chat.error as { statusCode?: number }).statusCode, 500)
        const errors = lines.filter((line) => line.level === "Error")
        assert.strictEqual(errors.length, 1)
        assert.match(
          errors[0]!.message,
          /^chat POST \/api\/chat answered 500: TransportError: openai: could not connect/
        )
      }).pipe(Effect.scoped),
    30_000
  )

  it.live("the server's configuration per call (a spend limit on a model without a price): 500, in words", () =>
    Effect.gen(function*() {
      const response = yield* LanguageModel.stream({
        messages: [],
        spendLimit: { key: "k", usd: "1", window: "1 day" }
      }).pipe(
        UIMessageStream.fromStream(),
        UIMessageStream.toResponse(),
        Effect.provide(TestKit.scripted([{ text: "Hi" }], { model: "my-own-finetune" })),
        Effect.provide(SpendLimit.layerMemory())
      )
      assert.strictEqual(response.status, 500)
      assert.strictEqual(yield* wait(() => response.text()), "The server could not answer (a configuration error).")
    }))
})

describe.skipIf(RedisServer.redisServer === undefined)(
  `a Redis killed while serving${RedisServer.redisServer === undefined ? " (skipped: no redis-server)" : ""}`,
  () => {
    it.live(
      "an answer under way gets an error chunk, the next a 503; each one Error line, never the session",
      () =>
        Effect.gen(function*() {
          const redis = yield* RedisServer.redis
          const lines: Array<EndpointApp.LogLine> = []
          const endings: Array<ChatEndpoint.Finished> = []
          const app = ChatEndpoint.layer({ onFinish: (finished) => Effect.sync(() => endings.push(finished)) }).pipe(
            Layer.provide(EndpointApp.scripted([{ text: long }], "openai", [], 5)),
            Layer.provide(StreamStore.layerRedis({ url: Redacted.make(redis.url) })),
            Layer.provide(EndpointApp.collecting(lines))
          )
          const served = yield* EndpointApp.viaNode(app)
          const chat = new EndpointApp.EndpointClient(served, "redis-chat")
          const done = chat.settle(() => chat.sendMessage({ text: "Tell me everything" }))
          yield* wait(() => chat.streamed(50))
          redis.kill()
          yield* wait(() => done)
          assert.isBelow(chat.text.length, long.length)
          yield* EndpointApp.eventually(() => endings.length > 0, () => "no ending")
          assert.strictEqual(endings[0]!.ending._tag, "Dropped")
          const response = yield* wait(() =>
            chat.fetch(`${served.url}/api/chat`, { method: "POST", body: chatBody("redis-chat-2") })
          )
          assert.strictEqual(response.status, 503)
          assert.strictEqual(yield* wait(() => response.text()), "Temporarily unavailable, try again.")
          const errors = lines.filter((line) => line.level === "Error")
          assert.strictEqual(errors.length, 2, errors.map((line) => line.message).join("\n"))
          assert.match(
            errors[0]!.message,
            /^chat POST \/api\/chat broke off after its first content: StreamStoreError: /
          )
          assert.strictEqual(errors[0]!.annotations["chat.id"], "redis-chat")
          assert.match(
            errors[1]!.message,
            /^chat POST \/api\/chat answered 503: StreamStoreError: Redis is unavailable/
          )
          assert.strictEqual(errors[1]!.annotations["chat.id"], "redis-chat-2")
          assert.match(String(errors[1]!.annotations["chat.owner"]), /^[0-9a-f]{16}$/)
          const everything = JSON.stringify(lines)
          assert.notInclude(everything, chat.fetch.cookie.split("=")[1]!)
          assert.notInclude(everything, redis.url)
        }).pipe(Effect.scoped),
      60_000
    )
  }
)
