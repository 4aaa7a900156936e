/**
 * A request body is well-formed text on every wire: a lone UTF-16 surrogate (half of a character: cut text, a
 * tool's or an MCP server's answer) in a user's text, a tool call's arguments or a tool's result is sent as U+FFFD,
 * as `TextEncoder` writes it. `JSON.stringify` writes a lone surrogate as the escape `\ud800`, which the APIs refuse
 * (a 400: "invalid JSON", "lone leading surrogate in hex escape") or mangle. And a body JSON cannot hold (a `BigInt`
 * in `extraBody`) is an `InvalidRequestError`, not a defect, and nothing is sent.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { LanguageModel, Message, ProviderError, Tool } from "effect-llm-stream"
import * as JsonBody from "../../../src/core/http/JsonBody.js"
import { scriptedOnWire, scriptedWires } from "../../support/EndpointApp.js"

const wires = scriptedWires

/** Whether a text holds a half of a character (a surrogate without its pair). */
const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Every string of a parsed body, its keys too. */
const strings = (value: unknown): ReadonlyArray<string> =>
  typeof value === "string"
    ? [value]
    : Array.isArray(value)
    ? value.flatMap(strings)
    : typeof value === "object" && value !== null
    ? Object.entries(value).flatMap(([key, inner]) => [key, ...strings(inner)])
    : []

const messages = [
  Message.user("cut \uD83D here, a pair 😀 kept"),
  Message.assistant("", {
    toolCalls: [
      new Tool.ToolCall({ id: "call_1", name: "lookup", arguments: JSON.stringify({ "q\uD800": "x\uDC00y" }) })
    ]
  }),
  Message.toolResult({ toolCallId: "call_1", name: "lookup", content: "answer \uDFFF end" })
]

describe("a lone surrogate in what is sent", () => {
  it.effect.each(wires)("%s: sent as U+FFFD, the rest as it was", (provider) =>
    Effect.gen(function*() {
      const bodies: Array<any> = []
      yield* LanguageModel.stream({ messages }).pipe(
        Stream.runDrain,
        Effect.provide(scriptedOnWire([{ text: "ok" }], provider, bodies))
      )
      assert.strictEqual(bodies.length, 1)
      const sent = strings(bodies[0])
      assert.deepStrictEqual(sent.filter((text) => lone.test(text)), [])
      assert.isTrue(sent.some((text) => text.includes("cut \uFFFD here, a pair 😀 kept")), "the user's text")
      assert.isTrue(sent.some((text) => text.includes("answer \uFFFD end")), "the tool's result")
    }))
})

describe("a body JSON cannot hold", () => {
  it.effect.each(wires)(
    "%s: a BigInt in extraBody is an InvalidRequestError; nothing is sent",
    (provider) =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const error = yield* LanguageModel.stream({ messages: [Message.user("hi")], extraBody: { seed: 7n } }).pipe(
          Stream.runDrain,
          Effect.provide(scriptedOnWire([{ text: "ok" }], provider, bodies)),
          Effect.flip
        )
        assert.instanceOf(error, ProviderError.InvalidRequestError)
        assert.match(error.message, /cannot be written as JSON/)
        assert.strictEqual(bodies.length, 0)
      })
  )
})

describe("JsonBody.write", () => {
  it("writes a body as JSON.stringify does when it has no lone surrogate, an escaped backslash before ud too", () => {
    const body = { text: "a \\ud800 is six characters; 😀", list: [1, null, true] }
    assert.strictEqual(JsonBody.write(body), JSON.stringify(body))
  })

  it("makes keys well-formed as well as values, nested ones too", () => {
    const written = JsonBody.write({ outer: [{ "k\uD800": { v: "\uDC00" } }] })
    assert.strictEqual(written, JSON.stringify({ outer: [{ "k\uFFFD": { v: "\uFFFD" } }] }))
  })
})
