/**
 * A call's id as an API that restricts ids takes it, for any id: within the API's bound (OpenAI's Chat Completions 40
 * characters, the Responses API 64; Anthropic and Bedrock `^[a-zA-Z0-9_-]{1,64}$`), an id the API takes unchanged, the
 * same id always written alike (a call and its result stay paired) and two ids two (no two calls merged). The rules are
 * those of the APIs' 400s and SDK types, named in test/app/loop/ConversationSwitch.test.ts. And a conversation's
 * call ids made unique for Anthropic and Bedrock (`DistinctCallIds`), each result still answering its call.
 */
import { assert, describe } from "@effect/vitest"
import { Message, Tool } from "effect-llm-stream"
import * as FastCheck from "fast-check"
import * as CallIds from "../../../src/core/request/CallIds.js"
import * as DistinctCallIds from "../../../src/core/request/DistinctCallIds.js"
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

describe("CallIds", () => {
  for (const max of [40, 64]) {
    prop(`bounded(id, ${max}): within ${max}, unchanged when it fits, the same id alike, two ids two`, [
      id,
      id
    ], ([a, b]) => {
      const written = CallIds.bounded(a, max)
      assert.isAtMost(written.length, max)
      if (a.length <= max) assert.strictEqual(written, a)
      if (!broken(a)) assert.isFalse(broken(written), "no character cut in two")
      assert.strictEqual(CallIds.bounded(a, max), written)
      if (a !== b) assert.notStrictEqual(CallIds.bounded(b, max), written)
    })
  }

  prop("plain(id): Anthropic's and Bedrock's characters, 1 to 64 of them, unchanged when taken, two ids two", [
    id,
    id
  ], ([a, b]) => {
    const written = CallIds.plain(a)
    assert.match(written, /^[a-zA-Z0-9_-]{1,64}$/)
    if (/^[a-zA-Z0-9_-]{1,64}$/.test(a)) assert.strictEqual(written, a)
    if (a !== b) assert.notStrictEqual(CallIds.plain(b), written)
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

describe("DistinctCallIds", () => {
  prop("each call its own id, each result its call's, a conversation's earlier ids as they were", [
    conversation
  ], ([messages]) => {
    const sent = DistinctCallIds.distinct(messages, "anthropic")
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
        callIds(DistinctCallIds.distinct(messages.slice(0, end), "anthropic")),
        callIds(sent.slice(0, end))
      )
    }
    if (new Set(callIds(messages)).size === callIds(messages).length) assert.strictEqual(sent, messages)
  })
})
