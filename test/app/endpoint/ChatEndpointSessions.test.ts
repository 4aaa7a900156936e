/**
 * Who a request is to `ChatEndpoint` without an app's `owner`: a session the server issued, signed under its key,
 * in a cookie it set (`__Host-chat_session` with `Secure` over HTTPS, as the request arrived or as a trusted proxy
 * says; `chat_session` over HTTP). A cookie it did not sign (made up, forged, another server's, 0.5's unsigned
 * id) starts a new session, and `sessionOf` gives it to no route. A session is not a person: the README's limits
 * for an anonymous deployment (the session's, the client address's, the server's) answer 20 chats of clients that
 * send no cookie, or one they made up, as often as one client's limit allows: once. The address is the
 * connection's, or what a trusted proxy forwards (`X-Forwarded-For`); a client's own header is not believed.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Tracer } from "effect"
import { ChatEndpoint, SpendLimit, UIMessageStream } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as RecordingTracer from "../../support/RecordingTracer.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const secret = (fill: string) => Redacted.make(fill.repeat(32))

/** The endpoint beside a route that says which session `sessionOf` gives the request. */
const withMine = (options: ChatEndpoint.Options = {}, key = secret("a")) =>
  Layer.merge(
    ChatEndpoint.layer(options),
    HttpRouter.add("GET", "/api/mine", (request: HttpServerRequest.HttpServerRequest) =>
      Effect.map(
        ChatEndpoint.sessionOf(request),
        (session) => HttpServerResponse.jsonUnsafe({ session: session ?? null })
      ))
  ).pipe(
    Layer.provide(EndpointApp.scripted([{ text: "Hi" }], "openai", [])),
    Layer.provide(UIMessageStream.layerSigning({ secret: key }))
  )

/** What a request with `cookie` (and `headers`) is told: the cookie set, if any, and the session `sessionOf` gave. */
const visit = (served: EndpointApp.Served, cookie: string | undefined, headers: Record<string, string> = {}) =>
  wait(async () => {
    const init = { headers: { ...headers, ...(cookie === undefined ? {} : { cookie }) } }
    const stream = await served.fetch(`${served.url}/api/chat/none/stream`, init)
    const mine = await (await served.fetch(`${served.url}/api/mine`, init)).json()
    return { setCookie: stream.headers.get("set-cookie") ?? undefined, session: mine.session as string | null }
  })

/** The cookie (`name=value`) a `Set-Cookie` sets. */
const pair = (setCookie: string | undefined) => setCookie?.split(";")[0] ?? ""

describe("sessions the server issued", () => {
  it.live("a made-up, forged, unsigned or another server's session starts a new one; sessionOf gives only its own", () =>
    Effect.gen(function*() {
      const served = yield* EndpointApp.viaWebHandler(withMine())
      const first = yield* visit(served, undefined)
      assert.match(
        first.setCookie!,
        /^chat_session=[\w-]{22}\.[0-9a-z]+\.[\w-]{22}; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/
      )
      const cookie = pair(first.setCookie)
      const id = cookie.split("=")[1]!.split(".")[0]!
      // Its own cookie: the same session, renewed.
      const again = yield* visit(served, cookie)
      assert.strictEqual(pair(again.setCookie).split(".")[0], `chat_session=${id}`)
      assert.strictEqual(again.session, id)
      const other = pair(
        (yield* visit(yield* EndpointApp.viaWebHandler(withMine({}, secret("b"))), undefined)).setCookie
      )
      const refused = [
        ["made up, 0.5's form", "chat_session=AAAAAAAAAAAAAAAAAAAAAA"],
        ["someone else's id, unsigned", `chat_session=${id}`],
        ["a forged tag", `chat_session=${id}.${cookie.split(".")[1]}.${"A".repeat(22)}`],
        ["0.6's form with a forged tag", `chat_session=${id}.${"A".repeat(22)}`],
        ["a later expiry under the same tag", cookie.replace(/\.[0-9a-z]+\./, ".zzzzzzzzz.")],
        ["signed under another key", other],
        ["too long", `chat_session=${cookie.split("=")[1]}x`]
      ] as const
      for (const [what, given] of refused) {
        const told = yield* visit(served, given)
        assert.isDefined(told.setCookie, `${what}: a new session`)
        assert.notStrictEqual(pair(told.setCookie), given, what)
        assert.isNull(told.session, `${what}: sessionOf gives nothing`)
      }
    }).pipe(Effect.scoped))

  it.live("over HTTPS: __Host-chat_session, Secure; the plain cookie is not read there", () =>
    Effect.gen(function*() {
      const plain = yield* EndpointApp.viaWebHandler(withMine())
      const secure = { ...plain, url: "https://localhost" }
      const first = yield* visit(secure, undefined)
      assert.match(
        first.setCookie!,
        /^__Host-chat_session=[\w-]{22}\.[0-9a-z]+\.[\w-]{22}; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure$/
      )
      const cookie = pair(first.setCookie)
      const again = yield* visit(secure, cookie)
      assert.match(again.setCookie!, /^__Host-chat_session=/)
      assert.isString(again.session)
      // A session signed by this server but set without the prefix (by a sibling site, over HTTP): not read.
      const plainCookie = pair((yield* visit(plain, undefined)).setCookie)
      const tossed = yield* visit(secure, plainCookie)
      assert.match(tossed.setCookie!, /^__Host-chat_session=/)
      assert.isNull(tossed.session)
    }).pipe(Effect.scoped))

  it.live("behind a trusted proxy: its X-Forwarded-Proto makes the cookie __Host- and Secure; an untrusted peer's does not", () =>
    Effect.gen(function*() {
      const forwarded = { "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" }
      const cases = [
        [{ trustedProxies: ["127.0.0.1"] }, /^__Host-chat_session=.*; Secure$/],
        [{ trustedProxies: ["127.0.0.0/8", "::1"] }, /^__Host-chat_session=.*; Secure$/],
        [{ trustedProxies: ["10.0.0.0/8"] }, /^chat_session=.*; SameSite=Lax$/],
        [{}, /^chat_session=.*; SameSite=Lax$/]
      ] as const
      for (const [options, expected] of cases) {
        const served = yield* EndpointApp.viaNode(withMine(options))
        const told = yield* visit(served, undefined, forwarded)
        assert.match(told.setCookie!, expected, JSON.stringify(options))
        // Its own route reads the cookie the endpoint set, whether or not it sees the request as HTTPS.
        assert.isString((yield* visit(served, pair(told.setCookie), forwarded)).session)
      }
      const mistake = yield* Effect.flip(
        Effect.tryPromise(() => ChatEndpoint.toWebHandler(withMine({ trustedProxies: ["10.0.0.0/33"] })))
      )
      assert.match(
        (mistake.cause as any).message,
        /^ChatEndpoint: trustedProxies must be networks \("10\.0\.0\.0\/8"\) or addresses/
      )
    }).pipe(Effect.scoped))
})

const chatBody = (id: string) =>
  JSON.stringify({ id, messages: [{ id: `${id}-u`, role: "user", parts: [{ type: "text", text: "Hi" }] }] })

/**
 * The README's limits for an anonymous deployment, each sized for one answer: gpt-4o-mini at $0.15 per million
 * input tokens and $0.60 per million output, an answer of 1600 output tokens spends $0.000975 of $0.001.
 */
const anonymous = (options: ChatEndpoint.Options, bodies: Array<unknown>) =>
  ChatEndpoint.layer({
    ...options,
    spendLimit: (session, { address }) => [
      { key: `session:${session}`, usd: "0.001", window: "1 hour", label: "hourly limit of your session" },
      { key: `address:${address ?? "unknown"}`, usd: "0.001", window: "1 hour", label: "hourly limit of your network" },
      { key: "everyone", usd: "1", window: "1 hour", label: "hourly limit of this server" }
    ]
  }).pipe(
    Layer.provide(EndpointApp.scriptedOnWire(
      Array.from({ length: 20 }, () => ({ text: "A long answer.", usage: { inputTokens: 100, outputTokens: 1600 } })),
      "openai",
      bodies
    )),
    Layer.provide(SpendLimit.layerMemory())
  )

/** The statuses of 20 chats, each sent with the cookie and headers `nth` gives. */
const twenty = (served: EndpointApp.Served, nth: (index: number) => Record<string, string>) =>
  wait(async () => {
    const answers: Array<{ status: number; error?: string }> = []
    for (let index = 0; index < 20; index++) {
      const response = await served.fetch(`${served.url}/api/chat`, {
        method: "POST",
        body: chatBody(`probe-${index}`),
        headers: nth(index)
      })
      answers.push(
        response.status === 200 ? { status: 200 } : { status: response.status, error: await response.text() }
      )
      if (response.status === 200) await response.text()
    }
    return answers
  })

describe("limits a client cannot renew", () => {
  it.live(
    "20 chats without a cookie, or with one made up, against limits sized for one answer: answered once",
    () =>
      Effect.gen(function*() {
        const made = (index: number) => `chat_session=${String(index).padStart(22, "A")}`
        for (const nth of [() => ({}), (index: number) => ({ cookie: made(index) })]) {
          const bodies: Array<unknown> = []
          const served = yield* EndpointApp.viaNode(anonymous({}, bodies))
          const answers = yield* twenty(served, nth)
          assert.strictEqual(answers.filter((answer) => answer.status === 200).length, 1)
          assert.strictEqual(bodies.length, 1, "one model request")
          const refused = answers.slice(1)
          assert.isTrue(refused.every((answer) => answer.status === 429), JSON.stringify(refused))
          // Each a new session: refused by the address's limit, which says so and when it resets.
          assert.match(
            refused[0]!.error!,
            /^The hourly limit of your network is reached; it resets at \S+:00:00\.000Z\.$/
          )
        }
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    "behind a trusted proxy the address is the one it forwards; without one, a client's X-Forwarded-For is not believed",
    () =>
      Effect.gen(function*() {
        const spoofed = (index: number) => ({ "x-forwarded-for": `198.51.100.${index}` })
        // Without trusted proxies: the connection's address, whatever the header says.
        const direct = yield* twenty(yield* EndpointApp.viaNode(anonymous({}, [])), spoofed)
        assert.strictEqual(direct.filter((answer) => answer.status === 200).length, 1)
        // Behind a proxy that appends the address it saw to what the client sent: that last address counts.
        const appended = (index: number) => ({ "x-forwarded-for": `198.51.100.${index}, 203.0.113.7` })
        const proxied = anonymous({ trustedProxies: ["127.0.0.1"] }, [])
        const same = yield* twenty(yield* EndpointApp.viaNode(proxied), appended)
        assert.strictEqual(same.filter((answer) => answer.status === 200).length, 1)
        // Clients the proxy vouches for, each its own address: each has its own limit.
        const bodies: Array<unknown> = []
        const several = yield* twenty(
          yield* EndpointApp.viaNode(anonymous({ trustedProxies: ["127.0.0.1"] }, bodies)),
          spoofed
        )
        assert.strictEqual(several.filter((answer) => answer.status === 200).length, 20)
        // An IPv6 client's /64 is one address: it cannot take a new limit from each of its addresses.
        const v6 = (index: number) => ({ "x-forwarded-for": `2001:db8:1:2::${index + 1}` })
        const subscriber = yield* twenty(
          yield* EndpointApp.viaNode(anonymous({ trustedProxies: ["127.0.0.1"] }, [])),
          v6
        )
        assert.strictEqual(subscriber.filter((answer) => answer.status === 200).length, 1)
      }).pipe(Effect.scoped),
    60_000
  )
})

/** The model asks to delete a file, then says it did. */
const deleting: ReadonlyArray<TestKit.Turn> = [
  { text: "I will delete it.", toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }] },
  { text: "Deleted /tmp/a." }
]

/** An endpoint whose tool needs approval (`deleted` records what it deleted), with `options`. */
const approving = (deleted: Array<string>, options: ChatEndpoint.Options = {}, turns = deleting) =>
  ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted)], log: false, ...options }).pipe(
    Layer.provide(EndpointApp.scripted(turns, "openai", []))
  )

/** The `ai` client whose fetch keeps no cookie (Node's fetch as it is). */
const withoutJar = (served: EndpointApp.Served, id: string) =>
  new EndpointApp.EndpointClient(
    served,
    id,
    Object.assign(((input, init) => served.fetch(input, init)) as typeof fetch, { cookie: "" })
  )

describe("sessions a person can recover", () => {
  it.live("the ai client on a fetch that keeps no cookie: its continuation is a 401 naming the session cookie", () =>
    Effect.gen(function*() {
      const deleted: Array<string> = []
      // Two chats ask; one goes on.
      const served = yield* EndpointApp.viaNode(approving(deleted, {}, [deleting[0]!, ...deleting]))
      const chat = withoutJar(served, "chat-node")
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Please delete /tmp/a" })))
      const asked = chat.toolParts[0]
      assert.strictEqual(asked.state, "approval-requested")
      yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
      const said = chat.error?.message ?? ""
      assert.include(said, "without its session cookie (chat_session)")
      assert.include(said, "a Node client must keep the cookie")
      assert.include(said, "credentials: \"include\"")
      assert.deepStrictEqual(deleted, [])
      // Sent by hand, the status is a 401.
      const body = JSON.stringify({ id: "chat-node", messages: chat.messages, trigger: "submit-message" })
      const response = yield* wait(() => served.fetch(`${served.url}/api/chat`, { method: "POST", body }))
      assert.strictEqual(response.status, 401)
      // The same client keeping its cookie goes on.
      const kept = new EndpointApp.EndpointClient(served, "chat-kept")
      yield* wait(() => kept.settle(() => kept.sendMessage({ text: "Please delete /tmp/a" })))
      yield* wait(() =>
        kept.settle(() => kept.addToolApprovalResponse({ id: kept.toolParts[0].approval.id, approved: true }))
      )
      assert.strictEqual(kept.error, undefined)
      assert.deepStrictEqual(deleted, ["/tmp/a"])
    }).pipe(Effect.scoped))

  it.live(
    "a session's maxAge is signed in its cookie and renewed while in use; past it, a continuation is a 401",
    () =>
      Effect.gen(function*() {
        // 3 s, visits 1.5 s apart: a loaded machine's stall of over a second keeps a live session live.
        const options = { session: { maxAge: "3 seconds" } } as const
        const served = yield* EndpointApp.viaWebHandler(withMine(options))
        const first = yield* visit(served, undefined)
        assert.match(first.setCookie!, /; Max-Age=3;/)
        const original = pair(first.setCookie)
        yield* Effect.sleep("1500 millis")
        // In use: the same session, its cookie set again to live 3 s more.
        const renewed = yield* visit(served, original)
        assert.strictEqual(renewed.session, original.split("=")[1]!.split(".")[0])
        assert.notStrictEqual(pair(renewed.setCookie), original)
        yield* Effect.sleep("1700 millis")
        assert.isNull((yield* visit(served, original)).session, "the cookie not renewed has expired")
        assert.strictEqual((yield* visit(served, pair(renewed.setCookie))).session, renewed.session)
        // An answer continued after its session expired: a 401 that says so.
        const deleted: Array<string> = []
        const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaNode(approving(deleted, options)), "chat-old")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Please delete /tmp/a" })))
        yield* Effect.sleep("3100 millis")
        yield* wait(() =>
          chat.settle(() => chat.addToolApprovalResponse({ id: chat.toolParts[0].approval.id, approved: true }))
        )
        assert.include(chat.error?.message ?? "", "a session cookie past its maximum age (chat_session)")
        assert.deepStrictEqual(deleted, [])
        // A maxAge that is not one fails the layer.
        const mistake = yield* Effect.flip(
          Effect.tryPromise(() => ChatEndpoint.toWebHandler(withMine({ session: { maxAge: "0 seconds" } })))
        )
        assert.include((mistake.cause as any).message, "session.maxAge must be a finite duration")
      }).pipe(Effect.scoped),
    30_000
  )

  it.live("every span of an answer, its pause and continuation included, carries gen_ai.conversation.id", () =>
    Effect.gen(function*() {
      const recording = yield* RecordingTracer.make
      const deleted: Array<string> = []
      const app = approving(deleted).pipe(Layer.provide(Layer.succeed(Tracer.Tracer, recording.tracer)))
      const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), "chat-traced")
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Please delete /tmp/a" })))
      const paused = recording.spans.length
      yield* wait(() =>
        chat.settle(() => chat.addToolApprovalResponse({ id: chat.toolParts[0].approval.id, approved: true }))
      )
      assert.deepStrictEqual(deleted, ["/tmp/a"])
      yield* EndpointApp.eventually(
        () => recording.spans.some((span) => span.name.startsWith("execute_tool")),
        () => recording.spans.map((span) => span.name).join()
      )
      const names = recording.spans.map((span) => span.name)
      assert.isAbove(paused, 0)
      for (const name of ["tool_loop", "chat ", "execute_tool delete_file"]) {
        assert.isTrue(names.some((candidate) => candidate.startsWith(name)), `${name} in ${names.join()}`)
      }
      for (const span of recording.spans) {
        assert.strictEqual(span.attributes.get("gen_ai.conversation.id"), "chat-traced", span.name)
      }
      // Neither the signed approval id nor the session cookie is on any span: attribute, event or ending.
      const secrets = [chat.toolParts[0].approval.id, chat.fetch.cookie.split("=")[1]!]
      assert.isAbove(secrets[1]!.length, 8)
      const exported = JSON.stringify(
        recording.spans.map((span) => [span.name, [...span.attributes], span.events, String(span.exit)])
      )
      for (const secret of secrets) assert.notInclude(exported, secret)
    }).pipe(Effect.scoped))
})
