/**
 * Text with nothing in it, across the turns of a conversation. Anthropic refuses a text block that is empty or only
 * whitespace in a request ("messages: text content blocks must contain non-whitespace text", a 400:
 * anthropics/claude-code#23440, anomalyco/opencode#31259), and a failed tool result with no content ("content cannot be
 * empty if `is_error` is true": bytedance/trae-agent#230); Bedrock's Converse a blank text ("The text field in the
 * ContentBlock object at messages.N.content.M is blank": langchain-ai/langchainjs#8618, and the model's own
 * "non-whitespace" 400 since 2026: NousResearch/hermes-agent#60628), a tool result's included
 * (`@aws-sdk/client-bedrock-runtime` `ToolResultBlock.content` is required); Gemini an empty text part. Conversations
 * meet it every day: a model's whitespace before its calls, a tool with no output, an image sent with the message box
 * left empty (the `ai` client sends the box's text, empty or not, beside the files: `AbstractChat.sendMessage`).
 *
 * Each provider's turn with whitespace before its call and a tool that printed nothing, run through the loop and then
 * asked again on Anthropic and on Bedrock: every request (the loop's own second step included) holds no text of nothing
 * the library wrote, the call and its result stay paired, an empty result goes as the API takes it. Claude's own turn
 * goes back as it came, whitespace and all (preserved thinking: docs/anthropic.md); another model's on Bedrock without
 * its blank text.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { LanguageModel, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"
import * as ApiRefusals from "../../support/ApiRefusals.js"
import * as ConversationApp from "../../support/ConversationApp.js"
import * as Conversations from "../../support/Conversations.js"
import * as LoopWire from "../../support/LoopWire.js"
import * as M from "../../support/Multimodal.js"
import { NodeChat } from "../../support/NodeChat.js"
import * as RecordedModels from "../../support/RecordedModels.js"

/** A tool that ran and printed nothing (a write, a command with no output). */
const touch = Tool.handle(
  Tool.make("touch", { parameters: Schema.Struct({ path: Schema.String }) }),
  () => Effect.succeed("")
)

/** Every text of a request body (Anthropic's and Bedrock's blocks, tool results' content included). */
const textsOf = (body: any): Array<string> => {
  const texts: Array<string> = []
  const visit = (value: any): void => {
    if (Array.isArray(value)) return value.forEach(visit)
    if (value === null || typeof value !== "object") return
    if (typeof value.text === "string" && (value.type === "text" || value.type === undefined)) texts.push(value.text)
    for (const [key, inner] of Object.entries(value)) if (key !== "text") visit(inner)
  }
  visit(body.messages)
  return texts
}

/**
 * Checks that a body holds no text of nothing but in the API's own turns (`own`), which go back as they came: a block
 * left out would change what every later thinking block was made after (Anthropic's preserved thinking).
 */
const assertNoBlankText = (body: any, where: string, own: boolean) => {
  const messages = own ? body.messages.filter((message: any) => message.role !== "assistant") : body.messages
  for (const text of textsOf({ messages })) assert.notMatch(text, /^\s*$/, `${where}: a text of nothing`)
}

/** The APIs that refuse text of nothing, answering a follow-up with a recorded text answer. */
const targets = [
  { folder: "anthropic", answer: "text.sse", model: "claude-sonnet-4-5" },
  { folder: "bedrock", answer: "converse-text.eventstream.b64", model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0" }
] as const

/** The empty result as each API takes it: Anthropic's with no content, Bedrock's saying it gave nothing. */
const emptyResult = (folder: (typeof targets)[number]["folder"], body: any) =>
  folder === "anthropic"
    ? body.messages.flatMap((m: any) => m.content).find((block: any) => block.type === "tool_result")
    : body.messages.flatMap((m: any) => m.content).find((block: any) => block.toolResult)?.toolResult

const sources: ReadonlyArray<CallResponseChunk.Provider> = ["openai", "groq", "anthropic", "bedrock", "google"]

describe("text with nothing in it, across turns", () => {
  for (const source of sources) {
    it.live(`${source}'s whitespace before its call and an empty result, then Anthropic and Bedrock`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const url = server.serve([
          LoopWire.scripted(source, {
            texts: ["\n\n"],
            calls: [{ id: "call_touch1", name: "touch", arguments: `{"path":"/tmp/a"}` }]
          }, "1"),
          LoopWire.scripted(source, { texts: ["Done."] }, "2")
        ])
        const first = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Touch /tmp/a")], tools: [touch] })
          .pipe(Effect.provide(LoopWire.modelAt(source, url, FetchHttpClient.layer)))
        assert.strictEqual(first.reason, "stop")
        // The loop's own second step, where the API is one of those that refuse text of nothing: its turn as it came.
        if (source === "anthropic" || source === "bedrock") {
          const step = JSON.parse(server.requests(url)[1]!.body)
          assertNoBlankText(step, `${source}'s second step`, true)
          const turn = step.messages.find((message: any) => message.role === "assistant").content
          // Claude's turn as it came (preserved thinking); a Bedrock model other than Claude (the test kit's) without
          // the blank text of its own, which Converse refuses (`noBlankOwnText`).
          assert.deepStrictEqual(
            textsOf({ messages: [{ content: turn }] }),
            source === "anthropic" ? ["\n\n"] : [],
            "the turn as it came"
          )
          assert.deepStrictEqual(LoopWire.sent(source, server.requests(url)[1]!.body).calls, ["call_touch1"])
        }
        for (const target of targets) {
          const body = yield* RecordedModels.firstRequest(server, target, {
            messages: [...first.messages, Message.user("And /tmp/b?")],
            tools: [touch]
          })
          assertNoBlankText(body, `${source}, then ${target.folder}`, source === target.folder)
          const result = emptyResult(target.folder, body)
          if (target.folder === "anthropic") {
            assert.strictEqual(result.content, undefined, "an empty result goes with no content")
          } else {
            assert.deepStrictEqual(result.content, [{ text: "(no output)" }])
          }
        }
      }).pipe(Effect.scoped))
  }

  it.live("a failed tool result with no output says it gave none: Anthropic's is_error, Bedrock's status", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const messages = [
        Message.user("Touch /tmp/a"),
        Message.assistant("", { toolCalls: [new Tool.ToolCall({ id: "c1", name: "touch", arguments: "{}" })] }),
        Message.toolResult({ toolCallId: "c1", name: "touch", content: " ", isError: true })
      ]
      for (const target of targets) {
        const body = yield* RecordedModels.firstRequest(server, target, { messages, tools: [touch] })
        const result = emptyResult(target.folder, body)
        if (target.folder === "anthropic") {
          assert.deepStrictEqual([result.content, result.is_error], ["(no output)", true])
        } else {
          assert.deepStrictEqual([result.content, result.status], [[{ text: "(no output)" }], "error"])
        }
      }
    }).pipe(Effect.scoped))

  it.live("the ai client's image with the message box left empty reaches Claude as the image alone", () =>
    Effect.gen(function*() {
      const conversation = Conversations.conversations.find((each) => each.format === "anthropic")!
      const app = yield* ConversationApp.make(conversation, FetchHttpClient.layer)
      const chat = new NodeChat(app.url)
      const url = `data:image/png;base64,${Buffer.from(M.png).toString("base64")}`
      yield* Effect.promise(() =>
        chat.sendMessage({ text: "", files: [{ type: "file", mediaType: "image/png", url }] })
      )
      const [request] = app.modelRequests()
      assert.deepStrictEqual(request.messages[0].content.map((block: any) => block.type), ["image"])
    }).pipe(Effect.scoped))

  it.live("an image with an empty text reaches Gemini as the image alone", () =>
    Effect.gen(function*() {
      // Gemini: "Unable to submit request because it has an empty text parameter" (a 400: microsoft/autogen#5762,
      // glowingjade/obsidian-smart-composer#218 on generativelanguage.googleapis.com).
      const server = yield* ReplayServer.make
      const body = yield* RecordedModels.firstRequest(server, { folder: "google", answer: "text.sse" }, {
        messages: [Message.user([Message.image(M.png), Message.text("")])]
      })
      assert.deepStrictEqual(body.contents[0].parts.map((part: any) => Object.keys(part)), [["inlineData"]])
    }).pipe(Effect.scoped))

  it.effect("a user message of empty text alone is refused before it is sent, naming it", () =>
    Effect.gen(function*() {
      const error = yield* Stream.runDrain(LanguageModel.stream({ messages: [Message.user([Message.text("")])] })).pipe(
        Effect.provide(RecordedModels.model("anthropic", "http://127.0.0.1:9", FetchHttpClient.layer)),
        Effect.flip
      )
      assert.strictEqual(error._tag, "InvalidRequestError")
      assert.include(error.message, "messages[0]: a user message with no text or file")
    }))
})

describe("the API's own turn with whitespace in it, refused", () => {
  // The API's own turn goes back as it came; some of Claude's models refuse even their own whitespace before a call
  // (NousResearch/hermes-agent#60628). Refused so, the request goes once more with the turn as another provider's: its
  // whitespace not written, the call and its result paired (`unreadableTurns`).
  const refusals = {
    anthropic: ApiRefusals.anthropic("messages: text content blocks must contain non-whitespace text"),
    bedrock: ApiRefusals.bedrock(
      "The text field in the ContentBlock object at messages.1.content.0 is blank. Add text to the text field, and try again."
    )
  }
  const ownTurn = {
    anthropic: [{ type: "text", text: "\n\n" }, {
      type: "tool_use",
      id: "toolu_01",
      name: "touch",
      input: { path: "a.txt" }
    }],
    bedrock: [{ text: "\n\n" }, { toolUse: { toolUseId: "tooluse_01", name: "touch", input: { path: "a.txt" } } }]
  }
  for (const target of targets) {
    it.live(`${target.folder}: sent again without the whitespace, and answered`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const id = target.folder === "anthropic" ? "toolu_01" : "tooluse_01"
        const call = new Tool.ToolCall({ id, name: "touch", arguments: `{"path":"a.txt"}` })
        const messages = [
          Message.user("Create a.txt"),
          Message.assistant("", {
            toolCalls: [call],
            content: new Message.ProviderContent({ provider: target.folder, blocks: ownTurn[target.folder] })
          }),
          Message.toolResult({ toolCallId: id, name: "touch", content: "done" }),
          Message.assistant("Created."),
          Message.user("Thanks. What did you do?")
        ]
        const answer = { headers: { "content-type": RecordedModels.contentType(target.folder) } }
        const url = server.serve((request) =>
          textsOf(JSON.parse(request.body)).some((text) => /^\s*$/.test(text))
            ? refusals[target.folder]
            : { ...answer, body: Fixtures.body(target.folder, target.answer) }
        )
        const done = yield* LanguageModel.runToolsToEnd({ messages, tools: [touch] }).pipe(
          Effect.provide(RecordedModels.model(target.folder, url, FetchHttpClient.layer, target))
        )
        assert.strictEqual(done.reason, "stop")
        const bodies = server.requests(url).map((request) => JSON.parse(request.body))
        assert.strictEqual(bodies.length, 2)
        assertNoBlankText(bodies[1], "sent again", false)
        assert.include(JSON.stringify(bodies[1]), id)
      }).pipe(Effect.scoped))
  }
})
