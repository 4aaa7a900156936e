/**
 * A conversation that used tools, asked again without them: a summary, a title, a question the app answers with no
 * tools. Converse refuses a conversation holding tool calls or results without a `toolConfig` ("The toolConfig field
 * must be defined when using toolUse and toolResult content blocks", a ValidationException: langgenius/dify#17545,
 * elastic/kibana#246943, aws-samples/bedrock-access-gateway#239, whose workaround this is): the request declares the
 * tools the conversation named, each saying it cannot be called now. Every recorded conversation, its first exchange
 * run on its own API, then asked on Bedrock with no tools.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { LanguageModel, Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Conversations from "../../support/Conversations.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const bedrock = {
  folder: "bedrock",
  answer: "converse-text.eventstream.b64",
  model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
} as const

describe("a conversation that used tools, asked again without them, on Bedrock", () => {
  for (const conversation of Conversations.conversations) {
    it.live(`${conversation.name}: the tools it named go declared, not to be called`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const first = yield* LanguageModel.runToolsToEnd({
          messages: [Message.user(conversation.question)],
          tools: [Conversations.handled(conversation)]
        }).pipe(
          Effect.provide(
            Layer.provide(conversation.model(server.serve(conversation.responses().slice(0, 2))), FetchHttpClient.layer)
          )
        )
        const body = yield* RecordedModels.firstRequest(server, bedrock, {
          messages: [...first.messages, Message.user("Sum our conversation up in one line.")]
        })
        const tools = body.toolConfig.tools.map((tool: any) => tool.toolSpec)
        assert.deepStrictEqual(tools.map((tool: any) => tool.name), [conversation.tool.name])
        assert.include(tools[0].description, "Do not call it")
        assert.deepStrictEqual(tools[0].inputSchema, { json: { type: "object" } })
        assert.isUndefined(body.toolConfig.toolChoice)
      }).pipe(Effect.scoped))
  }

  it.live("a conversation without tool turns declares no tools", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = yield* RecordedModels.firstRequest(server, bedrock, {
        messages: [Message.user("Hi"), Message.assistant("Hello!"), Message.user("Sum it up.")]
      })
      assert.isUndefined(body.toolConfig)
    }).pipe(Effect.scoped))
})
