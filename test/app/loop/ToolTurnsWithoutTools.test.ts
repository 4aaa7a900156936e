/**
 * A conversation that used tools, asked again without them: a summary, a title, a question the app answers with no
 * tools. Converse refuses a conversation holding tool calls or results without a `toolConfig` ("The toolConfig field
 * must be defined when using toolUse and toolResult content blocks", a ValidationException: langgenius/dify#17545,
 * elastic/kibana#246943, aws-samples/bedrock-access-gateway#239, whose workaround this is), and Anthropic without
 * `tools` ("Requests which include `tool_use` or `tool_result` blocks must define tools", a 400:
 * anthropics/anthropic-sdk-python#494): the request declares the tools the conversation named, each saying it cannot be
 * called now, and on Anthropic that none may be (`tool_choice: { type: "none" }`, @anthropic-ai/sdk `ToolChoiceNone`).
 * Every recorded conversation, its first exchange run on its own API, then asked on each with no tools.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as Conversation from "../../../src/core/request/Conversation.js"
import * as Conversations from "../../support/Conversations.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const bedrock = {
  folder: "bedrock",
  answer: "converse-text.eventstream.b64",
  model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
} as const
const anthropic = { folder: "anthropic", answer: "text.sse", model: "claude-sonnet-4-5" } as const

/** The tools a request declared, as name, description and input schema, and what it says of calling them. */
const declared = (body: any) =>
  body.toolConfig !== undefined
    ? {
      tools: body.toolConfig.tools.map((
        { toolSpec }: any
      ) => [toolSpec.name, toolSpec.description, toolSpec.inputSchema.json]),
      choice: body.toolConfig.toolChoice
    }
    : {
      tools: (body.tools ?? []).map((tool: any) => [tool.name, tool.description, tool.input_schema]),
      choice: body.tool_choice
    }

describe("a conversation that used tools, asked again without them", () => {
  for (const conversation of Conversations.conversations) {
    it.live(`${conversation.name}: the tools it named go declared, not to be called`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const first = yield* Conversations.firstExchange(server, conversation)
        const messages = [...first.messages, Message.user("Sum our conversation up in one line.")]
        const placeholder = [conversation.tool.name, Conversation.historyToolDescription, { type: "object" }]
        // Converse has no way to say "none": each tool says it.
        const onBedrock = yield* RecordedModels.firstRequest(server, bedrock, { messages })
        assert.deepStrictEqual(declared(onBedrock), { tools: [placeholder], choice: undefined })
        const onAnthropic = yield* RecordedModels.firstRequest(server, anthropic, { messages })
        assert.deepStrictEqual(declared(onAnthropic), { tools: [placeholder], choice: { type: "none" } })
      }).pipe(Effect.scoped))
  }

  it.live("a conversation without tool turns declares no tools", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const messages = [Message.user("Hi"), Message.assistant("Hello!"), Message.user("Sum it up.")]
      for (const target of [bedrock, anthropic]) {
        const body = yield* RecordedModels.firstRequest(server, target, { messages })
        assert.deepStrictEqual(declared(body), { tools: [], choice: undefined })
      }
    }).pipe(Effect.scoped))
})
