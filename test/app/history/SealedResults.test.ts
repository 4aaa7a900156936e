/**
 * A tool call that failed, across turns through the browser: the model is told the failure's detail, the browser is
 * shown the redactor's text (Redaction.test.ts), and the next request must tell the model what it was told, as it
 * was: the history is another conversation otherwise, and Anthropic's models with preserved thinking refuse the
 * thinking after a changed result (platform.claude.com, preserved-thinking/prefix-checks: "clearing or shortening a
 * `tool_result`" fails the check). The model's text travels sealed (AES-GCM under the server's key, bound to the
 * outcome's signed fact: the call, and what the browser was shown of it): the browser, and `@ag-ui/client`'s `HttpAgent`, carry it without reading it.
 */
import { assert, describe, it } from "@effect/vitest"
import type { UIMessage } from "ai"
import { Effect, Schema, Stream } from "effect"
import { LanguageModel, Message, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import { body, user } from "../../support/BrowserTurns.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import { readResponse } from "../../support/UIClient.js"

const detail = "connection refused: db at 10.0.7.21:5432"

/** The tool of the recording (`anthropic/tool-use.sse`: two calls), failing with an internal detail. */
const secrets = Tool.handle(
  Tool.make("secret_retrieval_tool", { parameters: Schema.Struct({ password: Schema.String }) }),
  () => Effect.fail(new Error(detail))
)

const sse = (name: string) => RecordedModels.served("anthropic", name)

/** The same tool, answering with what it saw: a text and an image (parts the browser is shown as text). */
const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13])
const seeing = Tool.handle(
  Tool.make("secret_retrieval_tool", { parameters: Schema.Struct({ password: Schema.String }) }),
  () => Effect.succeed([Message.text("The vault's display:"), Message.image(png, { mediaType: "image/png" })])
)

/** The first turn (two calls of `tool`, then the answer) served to the `ai` client; the model's requests. */
const firstTurn = (tool: Tool.Tool = secrets) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve([sse("tool-use.sse"), sse("tool-loop-answer.sse"), sse("text.sse")])
    const model = RecordedModels.model("anthropic", baseUrl, clients[0]![1], { model: "claude-sonnet-4-6" })
    const { message } = yield* UIMessageStream.fromSteps(
      LanguageModel.runTools({ messages: [Message.user("q")], tools: [tool] }),
      { messageId: "m" }
    ).pipe(
      UIMessageStream.toResponse(),
      Effect.flatMap((response) => Effect.promise(() => readResponse(response))),
      Effect.provide(model)
    )
    const requests = () => server.requests(baseUrl).map((request) => JSON.parse(request.body))
    return { message: message!, model, requests }
  })

describe("what the model was told of a failed tool call goes back as it was", () => {
  it.live("the next request tells the model the failure's detail; the browser never reads it", () =>
    Effect.gen(function*() {
      const { message, model, requests } = yield* firstTurn()
      // The browser is shown the redactor's text; the detail is nowhere in what it holds.
      const failed = message.parts.filter((part: any) => part.state === "output-error")
      assert.strictEqual(failed.length, 2)
      for (const part of failed as Array<any>) {
        assert.strictEqual(part.errorText, "The tool secret_retrieval_tool failed.")
      }
      assert.notInclude(JSON.stringify(message), "10.0.7.21")
      // The follow-up, read back by toMessages, tells the model what it was told, as the loop sent it.
      const taken = yield* UIMessageStream.toMessages(body([user("u1", "q"), message, user("u2", "f")]))
      yield* Stream.runDrain(LanguageModel.stream({ messages: taken.messages, tools: [secrets] })).pipe(
        Effect.provide(model)
      )
      const [, second, third] = requests()
      const results = (request: any) =>
        request.messages[2].content.map((block: any) => [block.type, block.content, block.is_error])
      assert.deepStrictEqual(results(second), [["tool_result", detail, true], ["tool_result", detail, true]])
      assert.deepStrictEqual(third.messages.slice(0, second.messages.length), second.messages)
    }).pipe(Effect.scoped))

  it.live("a sealed result changed, or moved to another call, is a 400 naming the message", () =>
    Effect.gen(function*() {
      const { message } = yield* firstTurn()
      const texts = (message.metadata as any)["effect-llm-stream/results"]
      const [first, second] = Object.keys(texts)
      const refused = (change: (texts: Record<string, string>) => void) => {
        const copy = structuredClone(message) as any
        change(copy.metadata["effect-llm-stream/results"])
        return Effect.map(
          Effect.flip(UIMessageStream.toMessages(body([user("u1", "q"), copy as UIMessage, user("u2", "f")]))),
          (error) => {
            assert.strictEqual(error.status, 400)
            assert.match(error.parameter ?? "", /^messages\[1\]/)
          }
        )
      }
      yield* refused((sealed) => {
        sealed[first!] = `${sealed[first!]!.slice(0, -6)}AAAAAA`
      })
      yield* refused((sealed) => {
        sealed[first!] = sealed[second!]!
      })
      yield* refused((sealed) => {
        sealed[first!] = "not sealed"
      })
    }).pipe(Effect.scoped))

  it.live("a sealed result opens for its outcome alone: not for the same call id in another conversation", () =>
    Effect.gen(function*() {
      // Two conversations served from the same recording: their calls have the same ids (as a gateway that numbers
      // its calls `call_0`, `call_1` gives), one failing (its detail sealed), one seeing an image (its parts sealed).
      const failing = (yield* firstTurn()).message
      const { message: seeingMessage, model, requests } = yield* firstTurn(seeing)
      const callIds = (message: UIMessage) =>
        message.parts.flatMap((part: any) => part.toolCallId === undefined ? [] : [part.toolCallId])
      assert.deepStrictEqual(callIds(failing), callIds(seeingMessage))
      const failed = (failing.metadata as any)["effect-llm-stream/results"] as Record<string, string>
      const own = (seeingMessage.metadata as any)["effect-llm-stream/results"] as Record<string, string>
      // Kept under the keys of the outcomes' signed facts, not by call id.
      for (const key of [...Object.keys(failed), ...Object.keys(own)]) assert.match(key, /^o/)
      assert.notIncludeMembers(Object.keys(own), Object.keys(failed))
      // The failing conversation's sealed results carried into the other's message: they name other outcomes, and
      // the model is told the image it saw, not the other conversation's failure.
      const merged = structuredClone(seeingMessage) as any
      Object.assign(merged.metadata["effect-llm-stream/results"], failed)
      const taken = yield* UIMessageStream.toMessages(body([user("u1", "q"), merged as UIMessage, user("u2", "f")]))
      yield* Stream.runDrain(LanguageModel.stream({ messages: taken.messages, tools: [seeing] })).pipe(
        Effect.provide(model)
      )
      const [, second, third] = requests()
      assert.deepStrictEqual(third.messages.slice(0, second.messages.length), second.messages)
      assert.notInclude(JSON.stringify(third), "10.0.7.21")
      // Put in place of the other's own, under its outcome's key: sealed for another outcome, it does not open.
      const [key] = Object.keys(own)
      const moved = structuredClone(seeingMessage) as any
      moved.metadata["effect-llm-stream/results"][key!] = Object.values(failed)[0]
      const error = yield* Effect.flip(
        UIMessageStream.toMessages(body([user("u1", "q"), moved as UIMessage, user("u2", "f")]))
      )
      assert.strictEqual(error.status, 400)
      assert.match(error.parameter ?? "", /^messages\[1\]/)
    }).pipe(Effect.scoped))

  it.live("a result with an image goes back with it: the browser is shown its text", () =>
    Effect.gen(function*() {
      const { message, model, requests } = yield* firstTurn(seeing)
      const outputs = message.parts.filter((part: any) => part.state === "output-available")
      assert.deepStrictEqual(outputs.map((part: any) => part.output), ["The vault's display:", "The vault's display:"])
      const taken = yield* UIMessageStream.toMessages(body([user("u1", "q"), message, user("u2", "f")]))
      yield* Stream.runDrain(LanguageModel.stream({ messages: taken.messages, tools: [seeing] })).pipe(
        Effect.provide(model)
      )
      const [, second, third] = requests()
      // Anthropic's tool_result with the image block, in the first turn's request and in the follow-up's alike.
      assert.deepStrictEqual(second.messages[2].content[0].content.map((block: any) => block.type), ["text", "image"])
      assert.deepStrictEqual(third.messages.slice(0, second.messages.length), second.messages)
    }).pipe(Effect.scoped))
})
