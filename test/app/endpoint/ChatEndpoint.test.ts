/**
 * The chat endpoint through the `ai` package's own client (`AbstractChat` with `DefaultChatTransport`, what
 * `useChat` runs) in Node, over both ways `ChatEndpoint` serves: `toWebHandler` (the client's fetch calls the
 * handler) and `serveNode` (a real Node server on loopback). With the scripted offline model of every provider:
 * a three-turn conversation whose tool needs approval (approved, then denied: the model is told, with the user's
 * reason; the third turn carries the whole signed history back to the model); an answer stopped midway, resumed
 * after a reload (the replay, then live), unknown to another session (204 on its stream and its stop); bad
 * bodies (400 naming the field, 413), a cross-site POST and another host (403), each with its one log line; a
 * configuration mistake at startup (`toWebHandler` rejects; `serveNode` prints one line and exits with 1).
 *
 * The requests are read as the loop sends them (`LanguageModel.Request`); how each provider encodes them is
 * checked against its documented rules in test/app/loop/ToolLoopProviders.test.ts. What matters here is the rule every
 * provider states for tool use: the result answers the call the model made, by its id (Anthropic: "tool_result
 * ... tool_use_id"; OpenAI Chat Completions: "tool_call_id"; Gemini: the functionResponse follows the
 * functionCall), in the message right after it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { ChatEndpoint, LanguageModel, SpendLimit, Tool } from "effect-llm-stream"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import { HttpRouter, HttpServerResponse } from "effect/http"
import * as ChildProcess from "node:child_process"
import * as Http from "node:http"
import * as Path from "node:path"
import { clients } from "../../../support/Clients.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import * as TestPaths from "../../support/TestPaths.js"
import { until } from "../../support/Until.js"

const providers: ReadonlyArray<TestKit.ScriptedProvider> = [...TestKit.providers, "openai-responses"]

const conversation: ReadonlyArray<TestKit.Turn> = [
  { text: "I will delete it.", toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }] },
  { text: "Deleted /tmp/a." },
  { toolCalls: [{ name: "delete_file", arguments: { path: "/etc" } }] },
  { text: "I left /etc alone." },
  { text: "You asked me to delete /tmp/a and /etc." }
]

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

/** The status of a GET of `path` at `url` that names `host` (what a page of another site reaches by DNS rebinding). */
const rawStatus = (url: string, path: string, host: string) =>
  new Promise<number>((resolve, reject) => {
    const { hostname, port } = new URL(url)
    Http.request({ host: hostname, port, path, headers: { host } }, (response) => {
      response.resume()
      resolve(response.statusCode!)
    }).on("error", reject).end()
  })

describe("a conversation through the ai client", () => {
  for (const [serving, via] of EndpointApp.servings) {
    for (const provider of providers) {
      it.live(
        `three turns, a tool approved then denied, the history signed and carried (${provider}, ${serving})`,
        () =>
          Effect.gen(function*() {
            const requests: Array<LanguageModel.Request> = []
            const deleted: Array<string> = []
            const lines: Array<EndpointApp.LogLine> = []
            const app = ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted), EndpointApp.weather] }).pipe(
              Layer.provide(EndpointApp.scripted(conversation, provider, requests)),
              Layer.provide(EndpointApp.collecting(lines))
            )
            const chat = new EndpointApp.EndpointClient(yield* via(app), `chat-${provider}`)
            // Turn 1: the model asks to delete; the user approves; the handler runs once and the answer goes on.
            yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Please delete /tmp/a" })))
            const asked = chat.toolParts[0]
            assert.strictEqual(asked.state, "approval-requested")
            assert.deepStrictEqual(deleted, [])
            yield* wait(() =>
              chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true }))
            )
            assert.deepStrictEqual(deleted, ["/tmp/a"])
            assert.include(chat.text, "Deleted /tmp/a.")
            assert.strictEqual(chat.messages.length, 2, "the answer extends the message that asked")
            const result = requests[1]!.messages.at(-1) as any
            assert.strictEqual(result._tag, "ToolResultMessage")
            assert.strictEqual(result.toolCallId, asked.toolCallId)
            assert.include(result.content, "/tmp/a")
            // Turn 2: denied, with a reason: nothing runs, and the model is told why.
            yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Now delete /etc" })))
            const second = chat.toolParts[0]
            yield* wait(() =>
              chat.settle(() =>
                chat.addToolApprovalResponse({ id: second.approval.id, approved: false, reason: "not /etc" })
              )
            )
            assert.deepStrictEqual(deleted, ["/tmp/a"])
            const denial = requests[3]!.messages.at(-1) as any
            assert.strictEqual(denial._tag, "ToolResultMessage")
            assert.strictEqual(denial.toolCallId, second.toolCallId)
            assert.isTrue(denial.isError)
            assert.match(denial.content, /not \/etc/)
            // Turn 3: the whole conversation, as this server signed it, goes back to the model.
            yield* wait(() => chat.settle(() => chat.sendMessage({ text: "What did I ask?" })))
            assert.include(chat.text, "You asked me to delete /tmp/a and /etc.")
            const history = requests[4]!.messages.map((message: any) => message._tag)
            assert.deepStrictEqual(history, [
              "UserMessage",
              "AssistantMessage",
              "ToolResultMessage",
              "AssistantMessage",
              "UserMessage",
              "AssistantMessage",
              "ToolResultMessage",
              "AssistantMessage",
              "UserMessage"
            ])
            assert.strictEqual(requests.length, 5)
            assert.deepStrictEqual(lines.filter((line) => line.level === "Error" || line.level === "Warn"), [])
          }).pipe(Effect.scoped),
        60_000
      )
    }
  }
})

describe("another chat, another owner", () => {
  it.live("Mallory sending Alice's approval or her signed history is refused (400); Alice's approval still runs", () =>
    Effect.gen(function*() {
      const deleted: Array<string> = []
      const app = ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted)], log: false }).pipe(
        Layer.provide(EndpointApp.scripted(conversation, "openai", []))
      )
      const served = yield* EndpointApp.viaWebHandler(app)
      const alice = new EndpointApp.EndpointClient(served, "chat-alice")
      yield* wait(() => alice.settle(() => alice.sendMessage({ text: "Please delete /tmp/a" })))
      const asked = alice.toolParts[0]
      assert.strictEqual(asked.state, "approval-requested")
      // Alice's conversation, her approval answered, as her client sends it; in chat `id`, by the session of `fetch`.
      const messages = structuredClone(alice.messages) as Array<any>
      const part = messages.at(-1).parts.find((candidate: any) => candidate.type === "tool-delete_file")
      const post = (fetch: typeof globalThis.fetch, id: string, approved: boolean | undefined) => {
        const sent = structuredClone(messages)
        const answered = sent.at(-1).parts.find((candidate: any) => candidate.toolCallId === part.toolCallId)
        if (approved !== undefined) {
          Object.assign(answered, { state: "approval-responded", approval: { ...part.approval, approved } })
        }
        const body = JSON.stringify({ id, messages: sent, trigger: "submit-message", messageId: sent.at(-1).id })
        return wait(async () => {
          const response = await fetch(`${served.url}/api/chat`, { method: "POST", body })
          return { status: response.status, text: await response.text() }
        })
      }
      const mallory = EndpointApp.withCookies(served.fetch)
      // A session of Mallory's own (a continuation without any is refused for that first: 401).
      yield* wait(() => mallory(`${served.url}/api/chat/none/stream`))
      // Mallory's chat, and Alice's chat id under Mallory's session: the approval, and the signed message alone.
      for (const id of ["chat-mallory", "chat-alice"]) {
        for (const approved of [true, undefined]) {
          const refused = yield* post(mallory, id, approved)
          assert.strictEqual(refused.status, 400, refused.text)
          assert.include(refused.text, "messages[1]")
        }
      }
      // Alice's own signed message moved to another of her chats: refused too.
      assert.strictEqual((yield* post(alice.fetch, "chat-alice-2", undefined)).status, 400)
      assert.deepStrictEqual(deleted, [])
      // Alice's approval, in her chat: it runs.
      yield* wait(() => alice.settle(() => alice.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
      assert.strictEqual(alice.error, undefined)
      assert.deepStrictEqual(deleted, ["/tmp/a"])
      assert.include(alice.text, "Deleted /tmp/a.")
    }).pipe(Effect.scoped))
})

const long = Array.from({ length: 300 }, (_, index) => `word${index}`).join(" ")

describe("a reload before the answer's first content", () => {
  for (const [serving, via] of EndpointApp.servings.slice(0, 2)) {
    it.live(`the answer goes on, and the reloaded page reads it whole (${serving})`, () =>
      Effect.gen(function*() {
        const requests: Array<LanguageModel.Request> = []
        const app = ChatEndpoint.layer().pipe(
          Layer.provide(
            EndpointApp.scripted([{ text: "Hello there, after a long think." }], "anthropic", requests, 250)
          )
        )
        const served = yield* via(app)
        const fetch = EndpointApp.withCookies(served.fetch)
        // The page's session, as any page has one before it sends.
        yield* wait(() => fetch(`${served.url}/api/chat/think-chat/stream`))
        const body = JSON.stringify({
          id: "think-chat",
          messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: "Think first." }] }],
          trigger: "submit-message"
        })
        // Sent, then the page reloads while the model has said nothing yet (its events 250 ms apart).
        const page = new AbortController()
        const sent = fetch(`${served.url}/api/chat`, { method: "POST", body, signal: page.signal }).catch(() =>
          undefined
        )
        // Once the model is asked (waited for, up to 10 s), not after a fixed 150 ms a loaded machine can spend first.
        assert.isTrue(yield* until(() => requests.length === 1, 10_000))
        page.abort()
        yield* wait(() => sent)
        const reloaded = new EndpointApp.EndpointClient(served, "think-chat", fetch)
        yield* wait(() => reloaded.resumeStream())
        assert.include(reloaded.text, "Hello there, after a long think.")
      }).pipe(Effect.scoped), 30_000)
  }
})

describe("stop, reload and resume, another session", () => {
  for (const [serving, via] of EndpointApp.servings) {
    it.live(
      `stopped midway, resumed after a reload, unknown to another session (${serving})`,
      () =>
        Effect.gen(function*() {
          const endings: Array<ChatEndpoint.Finished> = []
          const app = ChatEndpoint.layer({
            onFinish: (finished) => Effect.sync(() => endings.push(finished))
          }).pipe(Layer.provide(EndpointApp.scripted([{ text: long }], "anthropic", [], 15)))
          const served = yield* via(app)
          const chat = new EndpointApp.EndpointClient(served, "long-chat")
          const done = chat.settle(() => chat.sendMessage({ text: "Tell me everything" }))
          yield* wait(() => chat.streamed(40))
          // Another session: the chat is unknown to it, and its stop stops nothing.
          const stranger = EndpointApp.withCookies(served.fetch)
          const strangersStream = yield* wait(() => stranger(`${served.url}/api/chat/long-chat/stream`))
          assert.strictEqual(strangersStream.status, 204)
          assert.notStrictEqual(stranger.cookie, "", "a session of its own")
          assert.notStrictEqual(stranger.cookie, chat.fetch.cookie)
          const strangersStop = yield* wait(() => stranger(`${served.url}/api/chat/long-chat/stop`, { method: "POST" }))
          assert.strictEqual(strangersStop.status, 204)
          // The page reloads: a new client of the same session resumes the answer, replayed from its start, then live.
          const reloaded = new EndpointApp.EndpointClient(served, "long-chat", chat.fetch)
          const resumed = reloaded.resumeStream()
          yield* wait(() => reloaded.streamed(chat.text.length + 20))
          assert.isTrue(reloaded.text.startsWith("word0 word1"), reloaded.text.slice(0, 40))
          // The owner stops it: on the server, wherever it runs.
          const stop = yield* wait(() => chat.fetch(`${served.url}/api/chat/long-chat/stop`, { method: "POST" }))
          assert.strictEqual(stop.status, 204)
          yield* wait(() => Promise.all([done, resumed]))
          yield* EndpointApp.eventually(() => endings.length > 0, () => "no ending")
          assert.strictEqual(endings.length, 1)
          const { chatId, ending, owner } = endings[0]!
          assert.strictEqual(chatId, "long-chat")
          // The owner is the session's id, not its signed cookie (`<id>.<tag>`).
          assert.strictEqual(owner, chat.fetch.cookie.split("=")[1]!.split(".")[0])
          assert.strictEqual(ending._tag, "Stopped")
          const sent = ending.steps[0]!
          assert.strictEqual(sent._tag, "Interrupted")
          assert.isBelow(sent.response.content.length, long.length)
          assert.isTrue(long.startsWith(sent.response.content))
          assert.isTrue(sent.response.content.startsWith(chat.text), "the stored answer holds what the client read")
          // A reload after the stop: the stored answer, up to where it was stopped.
          const later = new EndpointApp.EndpointClient(served, "long-chat", chat.fetch)
          yield* wait(() => later.resumeStream())
          assert.strictEqual(later.text, sent.response.content)
        }).pipe(Effect.scoped),
      60_000
    )
  }
})

const bodies = [
  ["not JSON", "{not json", 400, /invalid chat request/],
  ["not a chat request", JSON.stringify({ messages: 3 }), 400, /messages/],
  ["a system message", JSON.stringify({ id: "c", messages: [{ id: "s", role: "system", parts: [] }] }), 400, /role/],
  ["over the cap", "x".repeat(4097), 413, /over 4096 bytes/]
] as const

describe("requests the endpoint refuses", () => {
  for (const [serving, via] of EndpointApp.servings) {
    it.live(
      `bad bodies 400/413, a cross-site POST and another host 403, each logged once (${serving})`,
      () =>
        Effect.gen(function*() {
          const lines: Array<EndpointApp.LogLine> = []
          const requests: Array<LanguageModel.Request> = []
          // The app's own route on the same router: checked for its host too.
          const page = HttpRouter.add("GET", "/", HttpServerResponse.text("the page"))
          const app = Layer.merge(
            ChatEndpoint.layer({ maxBodyBytes: 4096, allowedHosts: ["localhost", "127.0.0.1"] }),
            page
          ).pipe(
            Layer.provide(EndpointApp.scripted([{ text: "Hi" }], "openai", requests)),
            Layer.provide(EndpointApp.collecting(lines))
          )
          const served = yield* via(app)
          const post = (body: string, headers: Record<string, string> = {}) =>
            wait(() => served.fetch(`${served.url}/api/chat`, { method: "POST", body, headers }))
          for (const [name, body, status, message] of bodies) {
            const response = yield* post(body)
            assert.strictEqual(response.status, status, name)
            assert.match(yield* wait(() => response.text()), message, name)
          }
          const chat = JSON.stringify({
            id: "c",
            messages: [{ id: "u", role: "user", parts: [{ type: "text", text: "Hi" }] }]
          })
          const crossSite = yield* post(chat, { "sec-fetch-site": "cross-site" })
          assert.strictEqual(crossSite.status, 403)
          // A client that says nothing of where it comes from (a server's) is served.
          assert.strictEqual((yield* post(chat)).status, 200)
          assert.strictEqual(
            (yield* post(chat.replace("\"c\"", "\"d\""), { "sec-fetch-site": "same-origin" })).status,
            200
          )
          for (const path of ["/", "/api/chat/c/stream"]) {
            // Node's fetch sends its own Host: over the network, a raw request says another.
            const status = serving !== "toWebHandler"
              ? yield* wait(() => rawStatus(served.url, path, "evil.example"))
              : (yield* wait(() => served.fetch(`${served.url}${path}`, { headers: { host: "evil.example" } }))).status
            assert.strictEqual(status, 403, path)
          }
          assert.strictEqual(requests.length, 2, "no refused request reached the model")
          const warnings = lines.filter((line) => line.level === "Warn")
          assert.strictEqual(warnings.length, bodies.length + 3, warnings.map((line) => line.message).join("\n"))
          assert.match(warnings[0]!.message, /^chat POST \/api\/chat answered 400: InvalidRequestError: /)
          assert.match(warnings[3]!.message, /answered 413/)
          assert.match(warnings[4]!.message, /answered 403: EndpointRefusal: cross-site/)
          assert.match(warnings[5]!.message, /^chat GET \/ answered 403: EndpointRefusal: not served for this host/)
          assert.deepStrictEqual(lines.filter((line) => line.level === "Error"), [])
        }).pipe(Effect.scoped),
      60_000
    )
  }
})

describe("allowedHosts", () => {
  it.live("an IPv6 address is named as trustedProxies names one (\"::1\"), or bracketed as in its URL", () =>
    Effect.gen(function*() {
      const statuses = []
      for (const allowed of [["::1"], ["[::1]"], ["[::1]:3000"], ["::2"]]) {
        const app = ChatEndpoint.layer({ allowedHosts: allowed }).pipe(
          Layer.provide(EndpointApp.scripted([{ text: "Hi" }], "openai", []))
        )
        const served = yield* EndpointApp.viaWebHandler(app)
        const response = yield* wait(() => served.fetch("http://[::1]:3000/api/chat/c/stream"))
        statuses.push(response.status)
      }
      // Served (none stored: 204) where the address is allowed; another address 403.
      assert.deepStrictEqual(statuses, [204, 204, 204, 403])
    }).pipe(Effect.scoped))
})

describe("the log, switched off", () => {
  it.live("log: false: a refused request is answered the same, and nothing is logged", () =>
    Effect.gen(function*() {
      const lines: Array<EndpointApp.LogLine> = []
      const app = ChatEndpoint.layer({ log: false }).pipe(
        Layer.provide(TestKit.scripted([{ text: "Hi" }])),
        Layer.provide(EndpointApp.collecting(lines))
      )
      const served = yield* EndpointApp.viaWebHandler(app)
      const response = yield* wait(() => served.fetch(`${served.url}/api/chat`, { method: "POST", body: "{not json" }))
      assert.strictEqual(response.status, 400)
      assert.deepStrictEqual(lines.filter((line) => line.message.startsWith("chat ")), [])
    }).pipe(Effect.scoped))
})

describe("a configuration mistake at startup", () => {
  it.live("toWebHandler rejects: a spend limit on a model without a price, a spend limit without its store", () =>
    Effect.gen(function*() {
      const unpriced = ChatEndpoint.layer({ spendLimit: (owner) => ({ key: owner, usd: "1", window: "1 day" }) }).pipe(
        Layer.provide(TestKit.scripted([{ text: "Hi" }], { model: "my-own-finetune" })),
        Layer.provide(SpendLimit.layerMemory())
      )
      const rejected = yield* Effect.flip(Effect.tryPromise(() => ChatEndpoint.toWebHandler(unpriced)))
      const error = rejected.cause as any
      assert.strictEqual(error._tag, "ConfigurationError")
      assert.match(error.message, /^ChatEndpoint: spendLimit needs the price of openai\/my-own-finetune: /)
      // The way to give the price, said once.
      assert.strictEqual(error.message.split("PriceTable.layer").length, 2, error.message)
      const storeless = ChatEndpoint.layer({ spendLimit: (owner) => ({ key: owner, usd: "1", window: "1 day" }) }).pipe(
        Layer.provide(TestKit.scripted([{ text: "Hi" }]))
      )
      const noStore = yield* Effect.flip(Effect.tryPromise(() => ChatEndpoint.toWebHandler(storeless)))
      assert.match((noStore.cause as any).message, /spendLimit needs a store: provide SpendLimit\.layerMemory\(\)/)
      const badPath = yield* Effect.flip(
        Effect.tryPromise(() =>
          ChatEndpoint.toWebHandler(
            ChatEndpoint.layer({ path: "/api/chat/" }).pipe(Layer.provide(TestKit.scripted([{ text: "Hi" }])))
          )
        )
      )
      assert.match((badPath.cause as any).message, /^ChatEndpoint: path must be/)
    }))

  it.live("a tool named as the chat's budget question part, served or client-side: refused, the sentence naming it", () =>
    Effect.gen(function*() {
      const named = Tool.handle(
        Tool.make("budget_question", { parameters: Schema.Struct({ question: Schema.String }) }),
        () => Effect.succeed("asked")
      )
      for (const options of [{ tools: [named] }, { clientTools: ["budget_question"] }]) {
        const app = ChatEndpoint.layer(options).pipe(Layer.provide(TestKit.scripted([{ text: "Hi" }])))
        const rejected = yield* Effect.flip(Effect.tryPromise(() => ChatEndpoint.toWebHandler(app)))
        assert.strictEqual((rejected.cause as any)._tag, "ConfigurationError")
        assert.strictEqual(
          (rejected.cause as any).message,
          "ChatEndpoint: a tool may not be named \"budget_question\": the chat asks its budget question as a part of " +
            "that name, so rename the tool (an MCP server's tools take a prefix: Mcp.tools({ prefix }))"
        )
      }
      // The same tool under another name is served.
      const renamed = Tool.handle(Tool.make("ask_budget", { parameters: Schema.Struct({}) }), () => Effect.void)
      yield* EndpointApp.viaWebHandler(
        ChatEndpoint.layer({ tools: [renamed] }).pipe(Layer.provide(TestKit.scripted([{ text: "Hi" }])))
      )
    }).pipe(Effect.scoped))

  it.live("two tools of one name, served or client-side: refused, naming it", () =>
    Effect.gen(function*() {
      const lookup = Tool.handle(Tool.make("lookup", { parameters: Schema.Struct({}) }), () => Effect.void)
      for (const options of [{ tools: [lookup, lookup] }, { tools: [lookup], clientTools: ["lookup"] }]) {
        const app = ChatEndpoint.layer(options).pipe(Layer.provide(TestKit.scripted([{ text: "Hi" }])))
        const rejected = yield* Effect.flip(Effect.tryPromise(() => ChatEndpoint.toWebHandler(app)))
        assert.strictEqual((rejected.cause as any)._tag, "ConfigurationError")
        assert.include((rejected.cause as any).message, "two tools are named \"lookup\": rename one")
      }
    }))

  it("serveNode through Main.runMain: one line, exit code 1, nothing listens", async () => {
    const script = Path.join(TestPaths.test, "support", "endpoint-main.ts")
    const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = ChildProcess.spawn(process.execPath, ["--import", "tsx", script, "unpriced"], {
        env: { PATH: process.env["PATH"] ?? "" }
      })
      let stdout = ""
      let stderr = ""
      child.stdout.on("data", (data) => (stdout += data))
      child.stderr.on("data", (data) => (stderr += data))
      child.on("close", (status) => resolve({ status, stdout, stderr }))
    })
    assert.strictEqual(result.status, 1, result.stdout + result.stderr)
    assert.strictEqual(result.stdout, "", "nothing listened")
    assert.match(
      result.stderr.split("\n")[0]!,
      /^ConfigurationError: ChatEndpoint: spendLimit needs the price of openai\/my-own-finetune: /
    )
  }, 60_000)
})

describe("a turn with the provider's own tools through the chat endpoint", () => {
  it.live("Anthropic's web search, asked for by the endpoint, stored and served, reaches the model whole the next turn", () =>
    Effect.gen(function*() {
      // Anthropic's prefix checks (platform.claude.com, preserved-thinking/prefix-checks): "send each assistant turn
      // back exactly as the API returned it". The turn goes whole in the message's metadata (`UITurnCarry`), through
      // the endpoint's resumable store and the `ai` client, and comes back with its next POST.
      const replay = yield* ReplayServer.make
      const sse = (name: string) => RecordedModels.served("anthropic", name)
      const baseUrl = replay.serve([sse("web-search.sse"), sse("text.sse")])
      const model = RecordedModels.model("anthropic", baseUrl, clients[0]![1], { model: "claude-sonnet-4-6" })
      const webSearch = { type: "web_search_20250305", name: "web_search", max_uses: 3 }
      const app = ChatEndpoint.layer({ log: false, providerTools: [webSearch] }).pipe(Layer.provide(model))
      const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaNode(app), "searching")
      yield* wait(() => chat.sendMessage({ text: "the news" }))
      yield* wait(() => chat.sendMessage({ text: "and then?" }))
      const [first, second] = replay.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.deepStrictEqual(first!.messages, [{ role: "user", content: [{ type: "text", text: "the news" }] }])
      // The endpoint's `providerTools`, declared with every request (the Messages API keeps no tools between them).
      assert.deepStrictEqual([first!.tools, second!.tools], [[webSearch], [webSearch]])
      const turn = second!.messages[1].content
      assert.deepStrictEqual(turn.slice(0, 2).map((block: any) => block.type), [
        "server_tool_use",
        "web_search_tool_result"
      ])
      assert.isTrue(turn.some((block: any) => Array.isArray(block.citations) && block.citations.length > 0))
    }).pipe(Effect.scoped))
})

describe("a tool the browser runs", () => {
  it.live("clientTools alone declares it to the model; its call waits for the browser, its output goes back", () =>
    Effect.gen(function*() {
      // Issue 85: with `clientTools: ["get_location"]` alone (as docs/ui.md shows it), the model was never told of the
      // tool and its call was answered "The tool get_location failed."
      const requests: Array<LanguageModel.Request> = []
      const turns: ReadonlyArray<TestKit.Turn> = [
        { toolCalls: [{ name: "get_location", arguments: {} }] },
        { text: "You are in Florence." }
      ]
      const app = ChatEndpoint.layer({ log: false, clientTools: ["get_location"] }).pipe(
        Layer.provide(EndpointApp.scripted(turns, "openai", requests))
      )
      const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaNode(app), "located")
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "where am I?" })))
      assert.deepStrictEqual(requests[0]!.tools?.map((tool) => tool.name), ["get_location"])
      const call = chat.toolParts[0]
      assert.strictEqual(call.type, "tool-get_location")
      assert.strictEqual(call.state, "input-available")
      yield* wait(async () => {
        await chat.addToolOutput({ tool: "get_location", toolCallId: call.toolCallId, output: { city: "Florence" } })
      })
      yield* wait(() => chat.settle(() => chat.sendMessage()))
      const result = requests[1]!.messages.at(-1) as any
      assert.strictEqual(result._tag, "ToolResultMessage")
      assert.strictEqual(result.toolCallId, call.toolCallId)
      assert.include(result.content, "Florence")
      assert.include(chat.text, "You are in Florence.")
    }).pipe(Effect.scoped))
})

describe("a tool the browser runs beside the app's own", () => {
  it.live("its call is shown waiting for the browser, not as a call of no such tool; its output goes back", () =>
    Effect.gen(function*() {
      // With `tools` given too, `fromSteps` checked the call against the app's tools alone: the browser was shown
      // `output-error` ("no such tool"), never ran it, and the model was sent that error as the tool's result.
      const requests: Array<LanguageModel.Request> = []
      const turns: ReadonlyArray<TestKit.Turn> = [
        { toolCalls: [{ name: "get_location", arguments: {} }] },
        { text: "You are in Florence." }
      ]
      const app = ChatEndpoint.layer({
        log: false,
        tools: [EndpointApp.deleteFile([])],
        clientTools: ["get_location"]
      }).pipe(Layer.provide(EndpointApp.scripted(turns, "anthropic", requests)))
      const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaNode(app), "located-beside")
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "where am I?" })))
      const call = chat.toolParts[0]
      assert.strictEqual(call.state, "input-available")
      yield* wait(async () => {
        await chat.addToolOutput({ tool: "get_location", toolCallId: call.toolCallId, output: { city: "Florence" } })
      })
      yield* wait(() => chat.settle(() => chat.sendMessage()))
      const result = requests[1]!.messages.at(-1) as any
      assert.strictEqual(result._tag, "ToolResultMessage")
      assert.include(result.content, "Florence")
      assert.include(chat.text, "You are in Florence.")
    }).pipe(Effect.scoped))
})

describe("a model the user picks", () => {
  it.live("models by id: picked per request, named in the metadata, one conversation across them", () =>
    Effect.gen(function*() {
      // Issue 89 #3: `ChatEndpoint` served the one model of its context; a page picking one (the AI SDK's
      // `body: { model }`) had to leave the endpoint for its parts.
      const claude: Array<LanguageModel.Request> = []
      const gpt: Array<LanguageModel.Request> = []
      const app = ChatEndpoint.layer({
        log: false,
        models: {
          claude: EndpointApp.scripted([{ text: "Claude here." }, { text: "Claude again." }], "anthropic", claude),
          gpt: EndpointApp.scripted([{ text: "GPT here." }], "openai", gpt)
        }
      })
      const served = yield* EndpointApp.viaNode(app)
      const chat = new EndpointApp.EndpointClient(served, "picking")
      yield* wait(() => chat.sendMessage({ text: "Hi" }, { body: { model: "claude" } }))
      assert.strictEqual(chat.text, "Claude here.")
      assert.deepStrictEqual([chat.metadata.modelId, chat.metadata.provider], ["claude", "anthropic"])
      yield* wait(() => chat.sendMessage({ text: "And you?" }, { body: { model: "gpt" } }))
      assert.strictEqual(chat.text, "GPT here.")
      assert.deepStrictEqual([chat.metadata.modelId, chat.metadata.provider], ["gpt", "openai"])
      // The other model reads the conversation so far, Claude's answer included.
      assert.deepStrictEqual(gpt[0]!.messages.map((message: any) => message._tag), [
        "UserMessage",
        "AssistantMessage",
        "UserMessage"
      ])
      assert.include(JSON.stringify(gpt[0]!.messages[1]), "Claude here.")
      // A body naming no model: the first id.
      yield* wait(() => chat.sendMessage({ text: "Once more" }))
      assert.deepStrictEqual([chat.text, chat.metadata.modelId], ["Claude again.", "claude"])
      assert.deepStrictEqual([claude.length, gpt.length], [2, 1])
      // Any other model, or not a string: 400 naming the ids, before any model call.
      for (const model of ["gpt-9", 5, { id: "claude" }]) {
        const response = yield* wait(() =>
          chat.fetch(`${served.url}/api/chat`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              id: "picking",
              trigger: "submit-message",
              messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: "Hi" }] }],
              model
            })
          })
        )
        assert.strictEqual(response.status, 400)
        assert.strictEqual(yield* wait(() => response.text()), "model must be one of \"claude\", \"gpt\"")
      }
      assert.deepStrictEqual([claude.length, gpt.length], [2, 1])
    }).pipe(Effect.scoped))

  it.live("neither a model in context nor models: the endpoint does not start", () =>
    Effect.gen(function*() {
      const modelless = ChatEndpoint.layer({}) as unknown as Layer.Layer<never, unknown, HttpRouter.HttpRouter>
      const rejected = yield* Effect.flip(Effect.tryPromise(() => ChatEndpoint.toWebHandler(modelless)))
      assert.strictEqual((rejected.cause as any)._tag, "ConfigurationError")
      assert.match((rejected.cause as any).message, /^ChatEndpoint: no model: provide a model layer/)
      const none = ChatEndpoint.layer({ models: {} }) as unknown as Layer.Layer<never, unknown, HttpRouter.HttpRouter>
      const empty = yield* Effect.flip(Effect.tryPromise(() => ChatEndpoint.toWebHandler(none)))
      assert.match((empty.cause as any).message, /^ChatEndpoint: models must name at least one model/)
    }))
})
