/**
 * A call's id as an API that restricts ids takes it, for any id: within the API's bound (OpenAI's Chat Completions 40
 * characters, the Responses API 64; Anthropic and Bedrock `^[a-zA-Z0-9_-]{1,64}$`), an id the API takes unchanged, the
 * same id always written alike (a call and its result stay paired) and two ids two (no two calls merged). The rules are
 * those of the APIs' 400s and SDK types, named in test/app/loop/ConversationSwitch.test.ts. And a conversation's
 * call ids made unique for Anthropic and Bedrock (`distinctCallIds`), each result still answering its call. And the
 * one invariant (`paired`), and each API's table of rules.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as FastCheck from "fast-check"
import * as Conversation from "../../../src/core/request/Conversation.js"
import * as Turns from "../../../src/core/request/Turns.js"
import * as AnthropicRequest from "../../../src/providers/anthropic/AnthropicRequest.js"
import * as BedrockRequest from "../../../src/providers/bedrock/BedrockRequest.js"
import * as GoogleRequest from "../../../src/providers/google/GoogleRequest.js"
import * as ChatRequest from "../../../src/providers/openai-compatible/ChatRequest.js"
import * as ResponsesRequest from "../../../src/providers/openai-responses/ResponsesRequest.js"
import * as TurnCarry from "../../../src/providers/TurnCarry.js"
import { prop } from "../../support/Property.js"

/** Whether a text has a half of a character (a surrogate without its pair): JSON sends it as an escape no API reads. */
const broken = (text: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)

/** Ids as programs and providers make them: any text, and long ones sharing a long start. */
const id = FastCheck.oneof(
  FastCheck.string({ maxLength: 120, size: "max" }),
  FastCheck.string({ unit: "grapheme", maxLength: 90, size: "max" }),
  FastCheck.array(FastCheck.constantFrom("a", "😀", "𝒳"), { minLength: 20, maxLength: 60 }).map((units) =>
    units.join("")
  ),
  FastCheck.uuid().map((uuid) => `codex_mcp__codex_apps__google_calendar.search_events_exec-${uuid}`)
)

describe("plainCallIds, boundedCallIds", () => {
  for (const max of [40, 64]) {
    prop(`bounded(id, ${max}): within ${max}, unchanged when it fits, the same id alike, two ids two`, [
      id,
      id
    ], ([a, b]) => {
      const written = Conversation.boundedCallId(a, max)
      assert.isAtMost(written.length, max)
      if (a.length <= max) assert.strictEqual(written, a)
      if (!broken(a)) assert.isFalse(broken(written), "no character cut in two")
      assert.strictEqual(Conversation.boundedCallId(a, max), written)
      if (a !== b) assert.notStrictEqual(Conversation.boundedCallId(b, max), written)
    })
  }

  prop("plain(id): Anthropic's and Bedrock's characters, 1 to 64 of them, unchanged when taken, two ids two", [
    id,
    id
  ], ([a, b]) => {
    const written = Conversation.plainCallId(a)
    assert.match(written, /^[a-zA-Z0-9_-]{1,64}$/)
    if (/^[a-zA-Z0-9_-]{1,64}$/.test(a)) assert.strictEqual(written, a)
    if (a !== b) assert.notStrictEqual(Conversation.plainCallId(b), written)
  })
})

/** A conversation of turns calling ids drawn from a few (so that they repeat), each call answered after its turn. */
const conversation = FastCheck.array(
  FastCheck.array(FastCheck.constantFrom("call_0", "call_1", "call_0#2"), {
    maxLength: 3
  }),
  { maxLength: 6 }
).map((turns) =>
  turns.flatMap((ids, turn): Array<Message.Message> => [
    Message.user(`question ${turn}`),
    Message.assistant("", {
      toolCalls: [...new Set(ids)].map((id) => new Tool.ToolCall({ id, name: "weather", arguments: "{}" }))
    }),
    ...[...new Set(ids)].map((id) => Message.toolResult({ toolCallId: id, name: "weather", content: `${turn}` }))
  ])
)

const callIds = (messages: ReadonlyArray<Message.Message>) =>
  messages.flatMap((message) => message._tag === "AssistantMessage" ? message.toolCalls.map((call) => call.id) : [])

describe("distinctCallIds", () => {
  prop("each call its own id, each result its call's, a conversation's earlier ids as they were", [
    conversation
  ], ([messages]) => {
    const sent = Conversation.distinctCallIds(messages, "anthropic")
    const ids = callIds(sent)
    assert.strictEqual(new Set(ids).size, ids.length)
    // A result answers the call of its turn: the latest call of its id before it.
    let turn: ReadonlyArray<string> = []
    for (const [index, message] of sent.entries()) {
      if (message._tag === "AssistantMessage") turn = message.toolCalls.map((call) => call.id)
      if (message._tag === "ToolResultMessage") {
        const original = messages[index] as Message.ToolResultMessage
        assert.include(turn, message.toolCallId)
        assert.strictEqual(message.toolCallId.split("#")[0], original.toolCallId.split("#")[0])
      }
    }
    for (let end = 0; end <= messages.length; end++) {
      assert.deepStrictEqual(
        callIds(Conversation.distinctCallIds(messages.slice(0, end), "anthropic")),
        callIds(sent.slice(0, end))
      )
    }
    if (new Set(callIds(messages)).size === callIds(messages).length) assert.strictEqual(sent, messages)
  })
})

const call = (id: string, name = "weather") => new Tool.ToolCall({ id, name, arguments: "{}" })
const result = (id: string, name = "weather") => Message.toolResult({ toolCallId: id, name, content: id })

/** A conversation of the four roles in any order, each message its own (system notes anywhere). */
const anyOrder = FastCheck.array(FastCheck.constantFrom("user", "system", "assistant", "tool"), { maxLength: 12 })
  .map((roles) =>
    roles.map((role, at): Message.Message =>
      role === "user"
        ? Message.user(`${at}`)
        : role === "system"
        ? Message.system(`${at}`)
        : role === "assistant"
        ? Message.assistant(`${at}`)
        : Message.toolResult({ toolCallId: `${at}`, name: "weather", content: `${at}` })
    )
  )

/** How many user messages come before each system message of `messages`. */
const questionsBefore = (messages: ReadonlyArray<Message.Message>) =>
  messages.flatMap((message, at) =>
    message._tag === "SystemMessage"
      ? [messages.slice(0, at).filter((before) => before._tag === "UserMessage").length]
      : []
  )

describe("systemAfterUser", () => {
  prop("each system message at the start or after a user or system one; the rest in order; no note earlier", [
    anyOrder
  ], ([messages]) => {
    const sent = Conversation.systemAfterUser(messages)
    const others = (list: ReadonlyArray<Message.Message>) => list.filter((message) => message._tag !== "SystemMessage")
    const notes = (list: ReadonlyArray<Message.Message>) => list.filter((message) => message._tag === "SystemMessage")
    assert.deepStrictEqual(others(sent), others(messages))
    assert.deepStrictEqual(notes(sent), notes(messages))
    for (const [at, message] of sent.entries()) {
      if (message._tag !== "SystemMessage" || at === 0) continue
      assert.oneOf(sent[at - 1]!._tag, ["UserMessage", "SystemMessage"])
    }
    // A note goes after the next question, or back only past assistant turns and results (no question before it).
    const before = questionsBefore(messages)
    const after = questionsBefore(sent)
    const last = messages.filter((message) => message._tag === "UserMessage").length
    after.forEach((count, index) => assert.oneOf(count - before[index]!, before[index] === last ? [0] : [0, 1]))
    const valid = messages.every((message, at) =>
      message._tag !== "SystemMessage" || at === 0 ||
      messages[at - 1]!._tag === "UserMessage" || messages[at - 1]!._tag === "SystemMessage"
    )
    if (valid) assert.strictEqual(sent, messages)
  })
})

describe("paired: each tool call's result right after it", () => {
  it("moves a result up past a user's message, keeping what was between in order", () => {
    const turn = Message.assistant("", { toolCalls: [call("a"), call("b")] })
    const typed = Message.user("while it ran")
    const messages = [Message.user("q"), turn, result("a"), typed, result("b")]
    assert.deepStrictEqual(Conversation.paired(messages), [messages[0], turn, messages[2], messages[4], typed])
  })

  it("leaves out a result of no call, and one whose tool is not its call's", () => {
    const turn = Message.assistant("", { toolCalls: [call("a")] })
    const messages = [result("x"), Message.user("q"), turn, result("a", "send_email")]
    assert.deepStrictEqual(Conversation.paired(messages), [messages[1], turn])
  })

  it("leaves out a call a user message follows unanswered, and keeps one still to be answered", () => {
    const turn = Message.assistant("checking", { toolCalls: [call("a"), call("b")] })
    const answered = Conversation.paired([Message.user("q"), turn, result("a"), Message.user("never mind")])
    assert.deepStrictEqual((answered[1] as Message.AssistantMessage).toolCalls.map((made) => made.id), ["a"])
    const pending = [Message.user("q"), turn, result("a")]
    assert.strictEqual(Conversation.paired(pending), pending)
  })

  it("is itself when the conversation is so already", () => {
    const messages = [Message.user("q"), Message.assistant("", { toolCalls: [call("a")] }), result("a")]
    assert.strictEqual(Conversation.paired(messages), messages)
  })
})

describe("the calls a conversation leaves unanswered", () => {
  it("pendingOf: the last turn's calls no result after it answers, none after a user's message", () => {
    const turn = Message.assistant("", { toolCalls: [call("a"), call("b")] })
    assert.deepStrictEqual(Conversation.pendingOf([Message.user("q"), turn, result("a")])?.calls, [call("b")])
    assert.isUndefined(Conversation.pendingOf([Message.user("q"), turn, Message.user("more")]))
  })

  it("unansweredFrom: by id and tool, approvals answering by id, only from where the client's part starts", () => {
    const stored = Message.assistant("", { toolCalls: [call("s")] })
    const client = Message.assistant("", { toolCalls: [call("a"), call("b"), call("c")] })
    const messages = [stored, client, result("a", "other_tool"), result("b")]
    assert.deepStrictEqual([...Conversation.unansweredFrom(messages, 1, new Set(["c"]))], ["1/a"])
  })

  it("unansweredLeaving, the one policy: a call a user message follows, or of the client's history, goes", () => {
    const earlier = Message.assistant("", { toolCalls: [call("a"), call("b")] })
    const last = Message.assistant("", { toolCalls: [call("c"), call("d")] })
    const messages = [Message.user("q"), earlier, result("b"), Message.user("more"), last]
    // The server's history holds it all: its last turn's calls wait for a loop to run them; "a" a user message follows.
    assert.deepStrictEqual([...Conversation.unansweredLeaving(messages, new Set(), messages.length)], ["1/a"])
    // The client's history from the last turn: its calls go unless approved.
    assert.deepStrictEqual([...Conversation.unansweredLeaving(messages, new Set(["d"]), 4)].sort(), ["1/a", "4/c"])
    assert.deepStrictEqual(Conversation.pendingOf(messages)?.calls, [call("c"), call("d")])
  })

  it("a result answers its turn's call: not a later call of the same id (Gemini's `gemini_call_0` in every step)", () => {
    const first = Message.assistant("", { toolCalls: [call("gemini_call_0")] })
    const second = Message.assistant("", { toolCalls: [call("gemini_call_0")] })
    const messages = [first, result("gemini_call_0"), second]
    assert.deepStrictEqual(Conversation.pendingOf(messages), { turn: 2, calls: [call("gemini_call_0")] })
    assert.deepStrictEqual([...Conversation.unansweredFrom(messages, 0, new Set())], ["2/gemini_call_0"])
  })

  it("withResults: each result right after its turn's results, before a user's question; approvals left out", () => {
    const first = Message.assistant("", { toolCalls: [call("a"), call("b")] })
    const second = Message.assistant("", { toolCalls: [call("c")] })
    const approval = Tool.toolApproval({ toolCallId: "b", approved: true })
    const asked = Message.user("and then?")
    const messages = [first, result("a"), approval, asked, second]
    const [b, c] = [result("b"), result("c")] as Array<Message.ToolResultMessage>
    const placed = Conversation.withResults(messages, [
      { turn: 4, result: c },
      { turn: 0, result: b },
      { turn: 4, result: undefined }
    ])
    assert.deepStrictEqual(placed, [first, messages[1], b, asked, second, c])
  })
})

describe("callsAnswered: the call each result or approval answers", () => {
  it("the latest call of its id before it, for a result of its tool too", () => {
    const first = Message.assistant("", { toolCalls: [call("c", "get_location")] })
    const second = Message.assistant("", { toolCalls: [call("c", "send_email")] })
    const approval = Tool.toolApproval({ toolCallId: "c", approved: true })
    const messages = [first, result("c", "get_location"), second, result("c", "get_location"), approval]
    assert.deepStrictEqual(Conversation.callsAnswered(messages).map((made) => made?.turn), [
      undefined,
      0,
      undefined,
      0,
      2
    ])
  })
})

/** Every API's table of rules, by API. */
const tables = {
  everyApi: Conversation.everyApi,
  anthropic: AnthropicRequest.rules,
  // The row of Claude's layer (every API's rows beside it, which subsume `withheldTurns`'s probe).
  claudeLayer: { refusedTurns: AnthropicRequest.layerRules.refusedTurns! },
  bedrock: BedrockRequest.rules,
  responses: ResponsesRequest.rules,
  chat: ChatRequest.rules,
  google: GoogleRequest.rules
}

describe("each API's table of rules", () => {
  it("names for each row what it does, the provider's own 400 and its source", () => {
    for (const [api, rules] of Object.entries(tables)) {
      for (const [name, rule] of Object.entries(rules as Conversation.Rules)) {
        assert.isAbove(rule!.does.length, 10, `${api}.${name}`)
        assert.isAbove(rule!.refusal.length, 10, `${api}.${name}`)
        assert.match(rule!.source, /^(https:\/\/|@)/, `${api}.${name}`)
        // A rule applied once the API refused a request says how its refusal is known.
        assert.strictEqual(rule!.refuses !== undefined, name === "unreadableTurns", `${api}.${name}`)
      }
    }
  })

  it("applies an API's rewriting rules: Anthropic's distinct ids, none for Chat Completions", () => {
    const messages = [
      Message.assistant("", { toolCalls: [call("a")] }),
      result("a"),
      Message.assistant("", { toolCalls: [call("a")] }),
      result("a")
    ]
    const sent = Conversation.sendable(messages, AnthropicRequest.rules, "anthropic")
    assert.deepStrictEqual((sent[2] as Message.AssistantMessage).toolCalls.map((made) => made.id), ["a#2"])
    assert.strictEqual(Conversation.sendable(messages, ChatRequest.rules), messages)
  })
})

/** What the shape Anthropic, Bedrock and Gemini share writes `messages` as under `rules` (a model without prefill). */
const writtenUnder = (rules: Conversation.Rules, messages: ReadonlyArray<Message.Message>, prefill = true) =>
  Turns.fromMessages<unknown>(messages, "anthropic", {
    text: (text) => ({ text }),
    part: () => Result.succeed({}),
    mark: () => Result.succeed(undefined) as never,
    toolCall: (made) => ({ call: made.id }),
    toolResult: (message) => Result.succeed([{ result: message.toolCallId }]),
    rules,
    textOf: (block) => (block as { readonly text?: string }).text,
    reasoning: (block) => (block as { readonly type?: string }).type === "thinking",
    noPrefill: prefill ? undefined : { model: "claude-opus-4-8", continues: () => false }
  })

/** The turns of `messages` as the shape Anthropic, Bedrock and Gemini share writes them under `rules`. */
const turnsUnder = (rules: Conversation.Rules, messages: ReadonlyArray<Message.Message>) =>
  Result.getOrThrow(writtenUnder(rules, messages)).turns

/** For each rule, what a conversation that needs it is sent as under a table: it differs without the row. */
const probes: { readonly [Name in Conversation.Name]: (rules: Conversation.Rules) => unknown } = {
  toolResultsAfterCalls: (rules) =>
    Conversation.sendable([Message.assistant("", { toolCalls: [call("a")] }), Message.user("q"), result("a")], rules),
  distinctCallIds: (rules) =>
    callIds(Conversation.sendable([
      Message.assistant("", { toolCalls: [call("a")] }),
      result("a"),
      Message.assistant("", { toolCalls: [call("a")] }),
      result("a")
    ], rules)),
  withheldTurns: (rules) =>
    Conversation.sendable(
      [Message.user("q"), Message.assistant("", { finishReason: "content_filter" }), Message.user("r")],
      rules
    ),
  refusedTurns: (rules) =>
    Conversation.sendable(
      [Message.user("q"), Message.assistant("no", { finishReason: "content_filter" }), Message.user("r")],
      rules
    ),
  plainCallIds: (rules) => Conversation.callIdFor(rules, 40)("call.1"),
  boundedCallIds: (rules) => Conversation.callIdFor(rules, 40)("x".repeat(70)),
  alphanumericCallIds: (rules) => Conversation.callIdFor(rules, 40, 9)("call_0fypS1hVX"),
  assistantAfterResults: (rules) =>
    Conversation.sendable([Message.assistant("", { toolCalls: [call("a")] }), result("a"), Message.user("q")], rules),
  systemAfterUser: (rules) =>
    Conversation.sendable([Message.assistant("", { toolCalls: [call("a")] }), result("a"), Message.system("s")], rules),
  noBlankText: (rules) => turnsUnder(rules, [Message.user("hi"), Message.assistant("  "), Message.user("ok")]),
  resultWithContent: (rules) => Conversation.emptyResultText(rules),
  errorsInText: (rules) =>
    Conversation.resultSaid(
      rules,
      Message.toolResult({
        toolCallId: "a",
        name: "t",
        content: "disk full",
        isError: true
      }) as Message.ToolResultMessage
    ).content,
  toolsForHistory: (rules) =>
    Conversation.historyToolsFor(rules, [Message.assistant("", { toolCalls: [call("a")] }), result("a")]),
  startsWithUser: (rules) => turnsUnder(rules, [Message.assistant("hello")]),
  noTrailingWhitespace: (rules) => turnsUnder(rules, [Message.user("hi"), Message.assistant("hello  ")]),
  endsWithUser: (rules) => Result.isFailure(writtenUnder(rules, [Message.user("hi"), Message.assistant("The")], false)),
  unreadableTurns: (rules) =>
    new Conversation.Refused({ format: "test", read: () => undefined }, rules).refuses ===
      rules.unreadableTurns?.refuses,
  approvedServiceCalls: (rules) =>
    Conversation.approvalSaid(
      rules,
      Message.toolResult({ toolCallId: "a", name: "t", content: "not now", isError: true }) as Message.ToolResultMessage
    ),
  storedCalls: (rules) =>
    Conversation.sendable(
      [result("a"), Message.user("q")],
      { ...Conversation.everyApi, ...rules },
      "",
      { model: "m", messages: [], previousResponseId: "resp_1" } as never
    ),
  noBlankOwnText: (rules) =>
    turnsUnder(rules, [
      Message.user("hi"),
      new Message.AssistantMessage({
        text: "Hello",
        toolCalls: [],
        content: new Message.ProviderContent({ provider: "anthropic", blocks: [{ text: "" }, { text: "Hello" }] })
      }),
      Message.user("ok")
    ]),
  noFinalReasoning: (rules) =>
    turnsUnder(rules, [
      Message.user("hi"),
      new Message.AssistantMessage({
        text: "",
        toolCalls: [],
        content: new Message.ProviderContent({ provider: "anthropic", blocks: [{ type: "thinking" }] })
      }),
      Message.user("ok")
    ]),
  refusalsApart: (rules) => Conversation.refusalApart(rules, "I can't help with that.", "I can't help with that."),
  reasoningWithTurns: (rules) =>
    ChatRequest.reasoningContentOf(
      rules,
      Message.assistant("", { toolCalls: [call("a")] }) as Message.AssistantMessage
    ),
  editedCalls: (rules) =>
    TurnCarry.withEditedCall(
      new Message.AssistantMessage({
        text: "",
        toolCalls: [call("a")],
        content: new Message.ProviderContent({
          provider: "google",
          blocks: [{ functionCall: { name: "weather", args: {} }, thoughtSignature: "sig" }]
        })
      }),
      new Tool.ToolCall({ id: "a", name: "weather", arguments: "{\"edited\":true}" }),
      rules
    ).content
}

describe("every row of a table switches what is sent", () => {
  it("each API's table, each of its rows: what a conversation that needs the row is sent as differs without it", () => {
    for (const [api, rules] of Object.entries(tables) as Array<[string, Conversation.Rules]>) {
      for (const name of Object.keys(rules) as Array<Conversation.Name>) {
        const { [name]: _, ...without } = rules
        assert.notDeepEqual(probes[name](rules), probes[name](without), `${api}.${name}`)
      }
    }
  })
})
