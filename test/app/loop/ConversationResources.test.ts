/**
 * A conversation that moves between Azure OpenAI resources (a fallback to another region, a load balancer in front of
 * several) or OpenAI accounts. Each resource here is a server that reads only what it issued, as the API does:
 * reasoning returned encrypted that another resource made is refused ("The encrypted content gAAA... could not be
 * verified.", `invalid_encrypted_content`: openai/codex#3573, anomalyco/opencode#29879), an item it did not store is
 * not found ("Item with id 'rs_...' not found. Items are not persisted when `store` is set to false.", `param:
 * "input"`: router-for-me/CLIProxyAPI#2381). The conversation goes through the tool loop, turn by turn: a question
 * whose answer calls a tool on resource A (two steps), a follow-up on B, another on A. Every turn is answered; a
 * request its resource refuses is sent once more, with the turns as another provider's (their text and calls, the
 * results after them), and a request whose turns its resource made goes once, with them as they came.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Logger, Redacted, Schema } from "effect"
import { Azure, LanguageModel, Message, OpenAIResponses, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"
import * as ApiRefusals from "../../support/ApiRefusals.js"
import * as ChatServer from "../../support/ChatServer.js"
import { NodeChat } from "../../support/NodeChat.js"

/** What the request sends back that `issued` does not hold, as the API refuses it; `undefined` when nothing. */
const refusalOf = (input: ReadonlyArray<any>, issued: ReadonlySet<string>): ReplayServer.Scenario | undefined => {
  for (const item of input) {
    const encrypted = item.encrypted_content
    if (typeof encrypted === "string" && !issued.has(encrypted)) {
      const shown = `${encrypted.slice(0, 4)}...${encrypted.slice(-4)}`
      return ApiRefusals.openai(
        `The encrypted content ${shown} could not be verified.`,
        null,
        "invalid_encrypted_content"
      )
    }
    if (typeof item.id === "string" && !issued.has(item.id)) {
      return ApiRefusals.openai(
        `Item with id '${item.id}' not found. Items are not persisted when \`store\` is set to false. Try again with ` +
          "`store` set to true, or remove this item from your input.",
        "input",
        null
      )
    }
  }
  return undefined
}

/**
 * A resource named `name` answering its requests with the recorded `answers` in turn (the last again and again), each
 * made its own: its encrypted reasoning and its items' ids marked with its name, and kept as `issued`.
 */
const resource = (
  name: string,
  folder: string,
  answers: ReadonlyArray<string>,
  issued: Set<string> = new Set()
) => {
  let answered = 0
  return (request: ReplayServer.RecordedRequest): ReplayServer.Scenario => {
    const refused = refusalOf(JSON.parse(request.body).input, issued)
    if (refused !== undefined) return refused
    const made = Fixtures.text(folder, answers[Math.min(answered++, answers.length - 1)]!)
      .replace(/"encrypted_content":"/g, `"encrypted_content":"${name}~`)
      .replace(/"(id|item_id)":"(rs|msg|fc)_/g, `"$1":"$2_${name}`)
    for (const [, value] of made.matchAll(/"encrypted_content":"([^"]+)"/g)) issued.add(value!)
    for (const [, id] of made.matchAll(/"id":"((?:rs|msg|fc)_[^"]+)"/g)) issued.add(id!)
    return { headers: { "content-type": "text/event-stream" }, body: made }
  }
}

const weather = Tool.handle(
  Tool.make("weather", { parameters: Schema.Struct({ location: Schema.String }) }),
  () => Effect.succeed("40 C")
)

/** How each host is asked: its model at a resource's URL, and its recordings (a call, then an answer). */
const hosts = [
  {
    name: "Azure, reasoning returned encrypted (store: false)",
    model: (baseUrl: string) =>
      Azure.responsesModel("gpt-5-mini", { baseModel: "gpt-5-mini-2025-08-07", store: false }).pipe(
        Layer.provide(Azure.responsesLayer({ endpoint: baseUrl, apiKey: Redacted.make("az-res") }))
      ),
    call: "azure-reasoning-summary-tool-call.sse",
    answer: "azure-tool-loop-answer.sse"
  },
  {
    name: "Azure, items stored",
    model: (baseUrl: string) =>
      Azure.responsesModel("gpt-5-mini", { baseModel: "gpt-5-mini-2025-08-07" }).pipe(
        Layer.provide(Azure.responsesLayer({ endpoint: baseUrl, apiKey: Redacted.make("az-res") }))
      ),
    call: "azure-tool-call.sse",
    answer: "azure-tool-loop-answer.sse"
  },
  {
    name: "OpenAI, reasoning returned encrypted (store: false)",
    model: (baseUrl: string) =>
      OpenAIResponses.model("gpt-5", { store: false }).pipe(
        Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("sk-res"), baseUrl }))
      ),
    call: "reasoning-encrypted-tool-call.sse",
    answer: "tool-loop-answer.sse"
  }
] as const

/** The state a request sends back: its encrypted reasoning and its items' ids. */
const stateOf = (body: any): Array<string> =>
  body.input.flatMap((item: any) => [item.encrypted_content, item.id].filter((value) => typeof value === "string"))

describe("a conversation that moves between resources", () => {
  for (const host of hosts) {
    it.live(`${host.name}: A, then B, then A again; each turn answered, a refused request sent once more`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const urls = {
          A: server.serve(resource("A", "openai-responses", [host.call, host.answer])),
          B: server.serve(resource("B", "openai-responses", [host.answer]))
        }
        const ask = (on: "A" | "B", messages: ReadonlyArray<Message.Message>) =>
          LanguageModel.runToolsToEnd({ messages, tools: [weather] }).pipe(
            Effect.provide(Layer.provide(host.model(urls[on]), FetchHttpClient.layer))
          )
        const bodies = (on: "A" | "B") => server.requests(urls[on]).map((request) => JSON.parse(request.body))

        // On A: the call, then the answer after its result, the turn sent back as A made it.
        const first = yield* ask("A", [Message.user("What's the weather in Florence, Italy?")])
        assert.strictEqual(first.reason, "stop")
        assert.strictEqual(bodies("A").length, 2)
        assert.isNotEmpty(stateOf(bodies("A")[1]), "A's own turn goes back with its state")

        // On B: refused for A's state, then sent with A's turns as another provider's, the server saying so.
        const logged: Array<string> = []
        const second = yield* ask("B", [...first.messages, Message.user("And in Rome?")]).pipe(
          Effect.provide(Logger.layer([Logger.make(({ message }) => logged.push(String(message)))]))
        )
        assert.strictEqual(logged.length, 1)
        assert.match(logged[0]!, /^(azure|openai): gpt-5(-mini)? refused its earlier turns as they came \(/)
        assert.strictEqual(second.reason, "stop")
        const [refused, again] = bodies("B")
        assert.strictEqual(bodies("B").length, 2)
        assert.isNotEmpty(stateOf(refused))
        assert.deepStrictEqual(stateOf(again), [])
        const types = again.input.map((item: any) => item.type ?? item.role)
        assert.deepStrictEqual(types, [
          "user",
          "function_call",
          "function_call_output",
          "assistant",
          "user"
        ])
        assert.strictEqual(again.input[1].call_id, again.input[2].call_id)
        assert.strictEqual(again.input[3].content, first.steps[1]!.response.content)

        // On A again: B's turn is one A cannot read; the request goes once more, every turn as text and calls.
        const third = yield* ask("A", [...second.messages, Message.user("And in Milan?")])
        assert.strictEqual(third.reason, "stop")
        assert.strictEqual(bodies("A").length, 4)
        assert.deepStrictEqual(stateOf(bodies("A")[3]), [])
        assert.strictEqual(bodies("A")[3].input.filter((item: any) => item.role === "user").length, 3)
      }).pipe(Effect.scoped))
  }

  it.live("a stored conversation resumed after its items expired (30 days on OpenAI) goes on", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const host = hosts[1]
      const issued = new Set<string>()
      const url = server.serve(resource("A", "openai-responses", [host.call, host.answer], issued))
      const ask = (messages: ReadonlyArray<Message.Message>) =>
        LanguageModel.runToolsToEnd({ messages, tools: [weather] }).pipe(
          Effect.provide(Layer.provide(host.model(url), FetchHttpClient.layer))
        )
      const first = yield* ask([Message.user("What's the weather in Florence, Italy?")])
      issued.clear()
      const later = yield* ask([...first.messages, Message.user("And in Rome?")])
      assert.strictEqual(later.reason, "stop")
      const bodies = server.requests(url).map((request) => JSON.parse(request.body))
      assert.strictEqual(bodies.length, 4)
      assert.isNotEmpty(stateOf(bodies[2]))
      assert.deepStrictEqual(stateOf(bodies[3]), [])
    }).pipe(Effect.scoped))

  it.live("another refusal is not sent again, and a refusal the second request meets too is the error", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const host = hosts[0]
      const a = server.serve(resource("A", "openai-responses", [host.call, host.answer]))
      const first = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Florence?")], tools: [weather] })
        .pipe(
          Effect.provide(Layer.provide(host.model(a), FetchHttpClient.layer))
        )
      const messages = [...first.messages, Message.user("And in Rome?")]
      const failing = (answer: ReplayServer.Scenario) =>
        Effect.gen(function*() {
          const url = server.serve(answer)
          const error = yield* LanguageModel.runToolsToEnd({ messages, tools: [weather] }).pipe(
            Effect.provide(Layer.provide(host.model(url), FetchHttpClient.layer)),
            Effect.flip
          )
          return { error, sent: server.requests(url).length }
        })
      const notFound = yield* failing({
        status: 404,
        headers: { "content-type": "application/json" },
        body: Fixtures.text("openai-responses", "http-400-model-not-found.json")
      })
      assert.strictEqual(notFound.sent, 1)
      assert.strictEqual(notFound.error._tag, "InvalidRequestError")
      const always = yield* failing(
        ApiRefusals.openai(
          "The encrypted content gAAA...abcd could not be verified.",
          null,
          "invalid_encrypted_content"
        )
      )
      assert.strictEqual(always.sent, 2)
      assert.strictEqual(always.error._tag, "InvalidRequestError")
      assert.include(always.error.message, "could not be verified")
    }).pipe(Effect.scoped))

  it.live("the retry's warning quotes the host's code without its line breaks and terminal escapes", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const host = hosts[1]
      const a = server.serve(resource("A", "openai-responses", [host.call, host.answer]))
      const onB = resource("B", "openai-responses", [host.answer])
      // B's refusal with its code as a proxy in between may rewrite it: a line of its own, in red.
      const b = server.serve((request) => {
        const scenario = onB(request)
        if (scenario.status !== 400) return scenario
        const body = JSON.parse(scenario.body as string)
        body.error.code = "item_not_found\n\u001b[31mERROR forged line\r"
        return { ...scenario, body: JSON.stringify(body) }
      })
      const ask = (url: string, messages: ReadonlyArray<Message.Message>) =>
        LanguageModel.runToolsToEnd({ messages, tools: [weather] }).pipe(
          Effect.provide(Layer.provide(host.model(url), FetchHttpClient.layer))
        )
      const first = yield* ask(a, [Message.user("Florence?")])
      const logged: Array<string> = []
      const second = yield* ask(b, [...first.messages, Message.user("And in Rome?")]).pipe(
        Effect.provide(Logger.layer([Logger.make(({ message }) => logged.push(String(message)))]))
      )
      assert.strictEqual(second.reason, "stop")
      assert.strictEqual(logged.length, 1)
      assert.include(logged[0]!, "(item_not_found ERROR forged line : state another model")
      assert.notMatch(logged[0]!, /[\n\r\u001b]/)
    }).pipe(Effect.scoped))
})

describe("through the browser, behind a load balancer that takes turns between two resources", () => {
  // One URL, two Azure resources behind it: a request goes to the other resource than the one before.
  it.live("each of the ai client's three questions is answered; each refused request is sent again without state", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const host = hosts[0]
      const backends = [
        resource("A", "openai-responses", [host.call, host.answer]),
        resource("B", "openai-responses", [host.call, host.answer])
      ]
      const outcomes: Array<{ readonly refused: boolean; readonly state: number }> = []
      const balanced = server.serve((request) => {
        const scenario = backends[outcomes.length % 2]!(request)
        outcomes.push({ refused: scenario.status === 400, state: stateOf(JSON.parse(request.body)).length })
        return scenario
      })
      const model = yield* Layer.build(Layer.provide(host.model(balanced), FetchHttpClient.layer))
      const url = yield* ChatServer.listen((body) => Effect.provide(ChatServer.answer([weather])(body), model))
      const chat = new NodeChat(url)
      for (const question of ["What's the weather in Florence, Italy?", "And in Rome?", "And in Milan?"]) {
        yield* Effect.promise(() => chat.sendMessage({ text: question }))
        assert.strictEqual(chat.status, "ready")
        assert.isUndefined(chat.error)
        assert.isNotEmpty(chat.text)
      }
      assert.strictEqual(chat.messages.length, 6)
      // The first request holds no turn; every later one on the other resource is refused for the state it sends back,
      // and sent once more without any.
      assert.isAbove(outcomes.filter((outcome) => outcome.refused).length, 1)
      outcomes.forEach((outcome, index) => {
        if (outcome.refused) assert.deepStrictEqual(outcomes[index + 1], { refused: false, state: 0 })
      })
    }).pipe(Effect.scoped))
})
