/**
 * Recorded conversations whose first answer carries the provider's opaque state and a tool call (see
 * `test/fixtures/conversations/SOURCES.md`), for the tests that send them on through every path: each one's three
 * responses (the state and the call; the answer after the tool's result; the answer to a follow-up, for which the
 * second recording is served again), the model that reads them, its tool, and what a request sent back holds,
 * read here from the JSON alone (no library code): the assistant turns of a request, and the state each turn
 * carries, in order, to compare with the state the recording carried.
 *
 * The rule each second request is checked against (`checkRule`), per provider:
 * - Anthropic, "Extended thinking" → "Preserving thinking blocks" (docs.claude.com) and `@anthropic-ai/sdk`
 *   `ThinkingBlockParam` / `RedactedThinkingBlockParam`: with tool use, the assistant turn goes back with its
 *   `thinking` (text and `signature`) and `redacted_thinking` (`data`) blocks unchanged, before its `tool_use`;
 *   without them the API answers 400 "Expected `thinking` or `redacted_thinking`". A provider's own call goes back
 *   where it was, its result in the turn it came in: one left without its result beside the program's call is run
 *   when the program answers (platform.claude.com, "Server tools"; see `LeftServerCall.ts`).
 * - Gemini and Vertex, "Thought signatures" (ai.google.dev/gemini-api/docs/thought-signatures) and
 *   `@google/genai` `Part.thoughtSignature`: each signature goes back in the part it came in; Gemini 3 validates it
 *   on function calls; the placeholder `skip_thought_signature_validator` is never sent when the real one is known.
 * - The Responses API, openai-node `ResponseReasoningItem` and `ResponseIncludable` ("reasoning.encrypted_content
 *   ... enables reasoning items to be used in multi-turn conversations when using the Responses API statelessly"):
 *   the reasoning item goes back before the call it led to; with `store: false` the request asks for
 *   `encrypted_content` and no reasoning item goes by its id alone (404 "Item with id 'rs_…' not found").
 * - Bedrock, `@aws-sdk/client-bedrock-runtime` `ReasoningContentBlock` and the Converse guide on extended thinking
 *   with tool use: the assistant turn goes back with its `reasoningContent` (text and `signature`, or
 *   `redactedContent`) first, as pydantic-ai's recorded next request (answered 200) holds it.
 */
import { assert } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema } from "effect"
import { Anthropic, Azure, Bedrock, Google, LanguageModel, Message, OpenAIResponses, Tool } from "effect-llm-stream"
import { type ReplayServer, TestKit } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import type * as HttpClient from "effect/http/HttpClient"
import * as Fixtures from "../../support/Fixtures.js"
import * as LeftServerCall from "./LeftServerCall.js"
import * as ProgrammaticCall from "./ProgrammaticCall.js"

export type Format = "anthropic" | "google" | "openai-responses" | "bedrock"

export interface Conversation {
  readonly name: string
  readonly format: Format
  readonly question: string
  readonly followUp: string
  /** The tool the first answer calls: its name, its arguments' Schema, and what it returns. */
  readonly tool: { readonly name: string; readonly output: string; readonly parameters: Schema.Codec<any, any> }
  /** The three responses, in order. */
  readonly responses: () => ReadonlyArray<ReplayServer.Scenario>
  readonly model: (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>
  /** Whether the conversation is not stored by the provider (the Responses API's `store: false`). */
  readonly stateless?: boolean
  /** The first answer's assistant turn as the provider sent it (its blocks, parts or output items). */
  readonly recordedTurn: () => ReadonlyArray<any>
  /** The answer's assistant turn (the second response) as the provider sent it. */
  readonly answerTurn: () => ReadonlyArray<any>
  /** The assistant turn of the next request the provider accepted (answered 200), where the recording has it. */
  readonly acceptedTurn?: () => ReadonlyArray<any>
  /**
   * The container the first answer's code ran in, when its tool call was made by that code (Anthropic's programmatic
   * tool calling): the request sending the call's result names it.
   */
  readonly container?: string
  /**
   * A value only the turn carried whole holds, where the first answer's state is not on its parts (a thinking
   * block's signature, a reasoning item) but in its blocks as the provider sent them: the container its code ran in,
   * a provider's own call left without its result. The views carry it in the turn's metadata.
   */
  readonly carriedWhole?: string
  /** Whose blocks the library says the turn's are (`Message.ProviderContent.provider`), where not `format`. */
  readonly turnFormat?: "azure-responses"
}

const sse = (body: Uint8Array): ReplayServer.Scenario => ({
  headers: { "content-type": "text/event-stream" },
  body,
  cuts: [97, 400, 1500]
})

const file = (name: string) => Fixtures.bytes("conversations", name)
const folder = (provider: string, name: string) => Fixtures.bytes(provider, name)

/** The `data:` payloads of an SSE body, parsed by `JSON.parse` alone. */
export const payloads = (body: Uint8Array): Array<any> =>
  new TextDecoder().decode(body).split(/\r?\n/).filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).trim()).filter((data) => data !== "[DONE]").map((data) => JSON.parse(data))

/** An Anthropic stream's content blocks, put together from its events. */
const anthropicBlocks = (body: Uint8Array): Array<any> => {
  const blocks: Array<any> = []
  const json: Array<string> = []
  for (const event of payloads(body)) {
    if (event.type === "content_block_start") blocks[event.index] = { ...event.content_block }
    if (event.type !== "content_block_delta") continue
    const block = blocks[event.index]
    const delta = event.delta
    if (delta.type === "thinking_delta") block.thinking += delta.thinking
    if (delta.type === "signature_delta") block.signature += delta.signature
    if (delta.type === "text_delta") block.text += delta.text
    if (delta.type === "input_json_delta") json[event.index] = (json[event.index] ?? "") + delta.partial_json
  }
  // A call's input streams as `input_json_delta`s, or comes whole with its block (a call code made).
  return blocks.map((block, index) =>
    block.type === "tool_use" || block.type === "server_tool_use"
      ? { ...block, input: json[index] === undefined ? block.input : JSON.parse(json[index] || "{}") }
      : block
  )
}

/** A Gemini stream's parts, in order. */
const geminiParts = (body: Uint8Array): Array<any> =>
  payloads(body).flatMap((event) => event.candidates?.[0]?.content?.parts ?? [])

/** A Responses stream's finished output items. */
const responsesItems = (body: Uint8Array): Array<any> =>
  payloads(body).filter((event) => event.type === "response.output_item.done").map((event) => event.item)

/** A recorded Converse response (non-streaming) as the ConverseStream frames of the same message. */
const converseStream = (converse: any): Uint8Array => {
  const frames: Array<Uint8Array> = [TestKit.bedrockEventFrame("messageStart", { role: "assistant" })]
  converse.output.message.content.forEach((block: any, contentBlockIndex: number) => {
    const event = (type: string, payload: object) =>
      frames.push(TestKit.bedrockEventFrame(type, { contentBlockIndex, ...payload }))
    if (block.toolUse !== undefined) {
      event("contentBlockStart", {
        start: { toolUse: { toolUseId: block.toolUse.toolUseId, name: block.toolUse.name } }
      })
      event("contentBlockDelta", { delta: { toolUse: { input: JSON.stringify(block.toolUse.input) } } })
    } else if (block.reasoningContent?.reasoningText !== undefined) {
      const { signature, text } = block.reasoningContent.reasoningText
      event("contentBlockDelta", { delta: { reasoningContent: { text } } })
      event("contentBlockDelta", { delta: { reasoningContent: { signature } } })
    } else if (block.reasoningContent?.redactedContent !== undefined) {
      event("contentBlockDelta", {
        delta: { reasoningContent: { redactedContent: block.reasoningContent.redactedContent } }
      })
    } else event("contentBlockDelta", { delta: { text: block.text } })
    event("contentBlockStop", {})
  })
  frames.push(
    TestKit.bedrockEventFrame("messageStop", { stopReason: converse.stopReason }),
    TestKit.bedrockEventFrame("metadata", { usage: converse.usage, metrics: converse.metrics })
  )
  return TestKit.concatBytes(frames)
}

const bedrockStream = (converse: any): ReplayServer.Scenario => ({
  headers: { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "req-conversation" },
  body: converseStream(converse),
  cuts: [50, 333]
})

const converse = (n: number) => Fixtures.json("conversations", `bedrock-thinking-tool-use.${n}.converse.json`)

/**
 * The first Converse message with the first `redactedContent` of `../bedrock/redacted-reasoning.eventstream.b64`
 * (pydantic-ai's recorded redacted reasoning) before its blocks: constructed, see SOURCES.md.
 */
const redactedConverse = () => {
  const first = converse(1)
  const [redactedContent] = Fixtures.json("bedrock", "redacted-reasoning.expected.json").redactedContent
  const content = [{ reasoningContent: { redactedContent } }, ...first.output.message.content]
  return { ...first, output: { message: { ...first.output.message, content } } }
}

/** A Bedrock conversation: the first message (`first`), then the recorded answer twice. */
const bedrock = (name: string, first: () => any): Conversation => ({
  name,
  format: "bedrock",
  question: "What is the largest city in the user country?",
  followUp: "And the second largest?",
  tool: { name: "get_user_country", output: "Mexico", parameters: Schema.Struct({}) },
  responses: () => [first(), converse(2), converse(2)].map(bedrockStream),
  model: (baseUrl) =>
    Bedrock.model("us.anthropic.claude-3-7-sonnet-20250219-v1:0").pipe(
      Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: Redacted.make("br-conv"), baseUrl }))
    ),
  recordedTurn: () => first().output.message.content,
  answerTurn: () => converse(2).output.message.content
})

const weather = { name: "weather", output: "40 C", parameters: Schema.Struct({ location: Schema.String }) }

const anthropic = (baseUrl: string) =>
  Anthropic.model("claude-sonnet-4-20250514").pipe(
    Layer.provide(Anthropic.layer({ apiKey: Redacted.make("sk-ant-conv"), baseUrl }))
  )

const gemini = (name: string) => (baseUrl: string) =>
  Google.model(name).pipe(Layer.provide(Google.layer({ apiKey: Redacted.make("gm-conv"), baseUrl })))

const fantasyRequest = (name: string, role: string) => () =>
  Fixtures.json("conversations", `${name}.2.request.json`)[role === "model" ? "contents" : "messages"]
    .find((message: any) => message.role === role)[role === "model" ? "parts" : "content"]

/** A conversation asking for the weather in Florence (the `weather` tool, `40 C`), as most recordings do. */
const florence = (
  conversation: Omit<Conversation, "question" | "followUp" | "tool">
): Conversation => ({
  question: "What's the weather in Florence, Italy?",
  followUp: "And in Rome?",
  tool: weather,
  ...conversation
})

/**
 * A Gemini answer that ran code, then called the program's tool, none of its parts with an id (the Gemini API leaves
 * `FunctionCall.id` out; ai.google.dev, "Code execution": an `executableCode` part, then its `codeExecutionResult`).
 * Constructed: no public recording has both.
 */
const geminiCodeThenCall = (): Uint8Array =>
  new TextEncoder().encode(`data: ${
    JSON.stringify({
      candidates: [{
        content: {
          role: "model",
          parts: [
            { executableCode: { language: "PYTHON", code: "print(40)" } },
            { codeExecutionResult: { outcome: "OUTCOME_OK", output: "40\n" } },
            { functionCall: { name: "weather", args: { location: "Florence, Italy" } } }
          ]
        },
        finishReason: "STOP"
      }],
      usageMetadata: { promptTokenCount: 60, candidatesTokenCount: 30, totalTokenCount: 90 },
      modelVersion: "gemini-2.5-flash"
    })
  }\n\n`)

/** A conversation's three responses: `first`, then `answer` twice. */
const three = (first: Uint8Array, answer: Uint8Array) => [first, answer, answer].map(sse)

/**
 * A Responses stream whose reasoning summary came in one part, cut in two as the API streams a longer one: the second
 * part after a `response.reasoning_summary_part.added` of its own (`summary_index` 1), the finished item's summary in
 * two. Constructed from a recording; the API's own summary in three parts is `../openai-responses/reasoning-summary.sse`.
 */
const summaryInTwo = (body: Uint8Array): Uint8Array => {
  const events = new TextDecoder().decode(body).split("\n\n")
  const dataOf = (event: string) => JSON.parse(event.slice(event.indexOf("data: ") + "data: ".length))
  const eventOf = (data: any) => `event: ${data.type}\ndata: ${JSON.stringify(data)}`
  const deltas = events.filter((event) => event.includes(`"type":"response.reasoning_summary_text.delta"`))
  const cut = Math.floor(deltas.length / 2)
  const texts = [deltas.slice(0, cut), deltas.slice(cut)].map((part) => part.map((e) => dataOf(e).delta).join(""))
  const summary = texts.map((text) => ({ type: "summary_text", text }))
  const split = (item: any) => item?.type === "reasoning" ? { ...item, summary } : item
  const { item_id, output_index } = dataOf(deltas[0]!)
  const part = (type: string, index: number) => ({
    type,
    item_id,
    output_index,
    part: summary[index],
    summary_index: index
  })
  return new TextEncoder().encode(
    events.flatMap((event) => {
      if (!event.includes("data: ")) return [event]
      const data = dataOf(event)
      if (event === deltas[cut]) {
        return [
          eventOf(part("response.reasoning_summary_part.done", 0)),
          eventOf({
            ...part("response.reasoning_summary_part.added", 1),
            part: { type: "summary_text", text: "" }
          }),
          eventOf({ ...data, summary_index: 1 })
        ]
      }
      if (deltas.indexOf(event) > cut) return [eventOf({ ...data, summary_index: 1 })]
      if (data.type === "response.reasoning_summary_text.done") {
        return [eventOf({ ...data, summary_index: 1, text: texts[1] })]
      }
      if (data.type === "response.reasoning_summary_part.done") return [eventOf(part(data.type, 1))]
      if (data.item !== undefined) return [eventOf({ ...data, item: split(data.item) })]
      if (Array.isArray(data.response?.output)) {
        return [eventOf({ ...data, response: { ...data.response, output: data.response.output.map(split) } })]
      }
      return [event]
    }).join("\n\n")
  )
}

/** An Azure Responses conversation of the fantasy recordings (`../openai-responses/`), stored or not. */
const azure = (name: string, first: () => Uint8Array, store: boolean): Conversation =>
  florence({
    name,
    format: "openai-responses",
    turnFormat: "azure-responses",
    ...(store ? {} : { stateless: true }),
    responses: () => three(first(), folder("openai-responses", "azure-tool-loop-answer.sse")),
    model: (baseUrl) =>
      Azure.responsesModel("gpt-5-mini", { baseModel: "gpt-5-mini-2025-08-07", ...(store ? {} : { store }) }).pipe(
        Layer.provide(Azure.responsesLayer({ endpoint: baseUrl, apiKey: Redacted.make("az-conv") }))
      ),
    recordedTurn: () => responsesItems(first()),
    answerTurn: () => responsesItems(folder("openai-responses", "azure-tool-loop-answer.sse"))
  })

export const conversations: ReadonlyArray<Conversation> = [
  florence({
    name: "Anthropic thinking + tool_use",
    format: "anthropic",
    responses: () => three(file("anthropic-thinking-tool-use.1.sse"), file("anthropic-thinking-tool-use.2.sse")),
    model: anthropic,
    recordedTurn: () => anthropicBlocks(file("anthropic-thinking-tool-use.1.sse")),
    answerTurn: () => anthropicBlocks(file("anthropic-thinking-tool-use.2.sse")),
    acceptedTurn: fantasyRequest("anthropic-thinking-tool-use", "assistant")
  }),
  florence({
    name: "Anthropic redacted_thinking + thinking + tool_use",
    format: "anthropic",
    responses: () =>
      three(file("anthropic-redacted-thinking-tool-use.1.sse"), file("anthropic-thinking-tool-use.2.sse")),
    model: anthropic,
    recordedTurn: () => anthropicBlocks(file("anthropic-redacted-thinking-tool-use.1.sse")),
    answerTurn: () => anthropicBlocks(file("anthropic-thinking-tool-use.2.sse"))
  }),
  florence({
    name: "Gemini 2.5 thought + signed functionCall",
    format: "google",
    responses: () => three(file("gemini-2-5-thinking-tool-call.1.sse"), file("gemini-2-5-thinking-tool-call.2.sse")),
    model: gemini("gemini-2.5-flash"),
    recordedTurn: () => geminiParts(file("gemini-2-5-thinking-tool-call.1.sse")),
    answerTurn: () => geminiParts(file("gemini-2-5-thinking-tool-call.2.sse"))
  }),
  florence({
    name: "Gemini 3 signed functionCall",
    format: "google",
    responses: () => three(file("gemini-3-thinking-tool-call.1.sse"), file("gemini-3-thinking-tool-call.2.sse")),
    model: gemini("gemini-3-pro-preview"),
    recordedTurn: () => geminiParts(file("gemini-3-thinking-tool-call.1.sse")),
    answerTurn: () => geminiParts(file("gemini-3-thinking-tool-call.2.sse"))
  }),
  {
    name: "Gemini 3.1 text and a signed functionCall with its id, then signed text",
    format: "google",
    question: "Weather in SF?",
    followUp: "And tomorrow?",
    tool: {
      name: "get_weather",
      output: "sunny in San Francisco",
      parameters: Schema.Struct({ city: Schema.String })
    },
    responses: () => three(folder("google", "tool-call-id.sse"), folder("google", "tool-loop-answer.sse")),
    model: gemini("gemini-3.1-pro-preview"),
    recordedTurn: () => geminiParts(folder("google", "tool-call-id.sse")),
    answerTurn: () => geminiParts(folder("google", "tool-loop-answer.sse"))
  },
  florence({
    name: "Vertex AI Gemini 2.5 signed functionCall",
    format: "google",
    responses: () => three(file("vertex-tool-call.1.sse"), file("vertex-tool-call.2.sse")),
    model: (baseUrl) =>
      Google.vertexModel("gemini-2.5-flash").pipe(
        Layer.provide(Google.vertexLayer({
          project: "conv-project",
          location: "us-east5",
          accessToken: Redacted.make("ya29.conv"),
          baseUrl: `${baseUrl}/v1`
        }))
      ),
    recordedTurn: () => geminiParts(file("vertex-tool-call.1.sse")),
    answerTurn: () => geminiParts(file("vertex-tool-call.2.sse"))
  }),
  florence({
    name: "OpenAI Responses reasoning (encrypted, store: false) + function_call",
    format: "openai-responses",
    stateless: true,
    responses: () =>
      three(
        folder("openai-responses", "reasoning-encrypted-tool-call.sse"),
        folder("openai-responses", "azure-tool-loop-answer.sse")
      ),
    // `store: false` alone: the library asks for the encrypted reasoning itself.
    model: (baseUrl) =>
      OpenAIResponses.model("gpt-5", { store: false }).pipe(
        Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("sk-conv"), baseUrl }))
      ),
    recordedTurn: () => responsesItems(folder("openai-responses", "reasoning-encrypted-tool-call.sse")),
    answerTurn: () => responsesItems(folder("openai-responses", "azure-tool-loop-answer.sse"))
  }),
  azure(
    "Azure Responses reasoning (stored, by id) + function_call",
    () => folder("openai-responses", "azure-tool-call.sse"),
    true
  ),
  azure(
    "Azure Responses reasoning summary (encrypted, store: false) + function_call",
    () => folder("openai-responses", "azure-reasoning-summary-tool-call.sse"),
    false
  ),
  azure(
    "Azure Responses reasoning summary in two parts (encrypted, store: false) + function_call",
    () => summaryInTwo(folder("openai-responses", "azure-reasoning-summary-tool-call.sse")),
    false
  ),
  {
    name: "Anthropic code execution calling the program's tool (programmatic tool calling, its container)",
    format: "anthropic",
    question: "Which region had the highest revenue?",
    followUp: "And the lowest?",
    tool: { name: "query_database", output: "West: 120; East: 95", parameters: Schema.Struct({ sql: Schema.String }) },
    responses: () => three(ProgrammaticCall.body(), folder("anthropic", "text.sse")),
    model: (baseUrl) =>
      Anthropic.model("claude-sonnet-4-6", { providerTools: ProgrammaticCall.providerTools }).pipe(
        Layer.provide(Anthropic.layer({ apiKey: Redacted.make("sk-ant-conv"), baseUrl }))
      ),
    recordedTurn: () => anthropicBlocks(ProgrammaticCall.body()),
    answerTurn: () => anthropicBlocks(folder("anthropic", "text.sse")),
    container: ProgrammaticCall.container,
    carriedWhole: ProgrammaticCall.container
  },
  {
    name: "Anthropic web search left for the next response beside the program's tool_use",
    format: "anthropic",
    question: "What are the top world news today, and the weather in Florence, Italy?",
    followUp: "And in Rome?",
    tool: weather,
    responses: () => three(LeftServerCall.first(), LeftServerCall.second()),
    model: (baseUrl) =>
      Anthropic.model("claude-sonnet-4-20250514", { providerTools: LeftServerCall.providerTools }).pipe(
        Layer.provide(Anthropic.layer({ apiKey: Redacted.make("sk-ant-conv"), baseUrl }))
      ),
    recordedTurn: () => anthropicBlocks(LeftServerCall.first()),
    answerTurn: () => anthropicBlocks(LeftServerCall.second()),
    carriedWhole: LeftServerCall.searchId
  },
  {
    name: "Gemini 2.5 code execution, then a function call (no ids: the library's own)",
    format: "google",
    question: "What's the weather in Florence, Italy?",
    followUp: "And in Rome?",
    tool: weather,
    responses: () => three(geminiCodeThenCall(), folder("google", "tool-loop-answer.sse")),
    model: gemini("gemini-2.5-flash"),
    recordedTurn: () => geminiParts(geminiCodeThenCall()),
    answerTurn: () => geminiParts(folder("google", "tool-loop-answer.sse")),
    carriedWhole: "print(40)"
  },
  {
    ...bedrock("Bedrock reasoningContent + toolUse", () => converse(1)),
    acceptedTurn: () => Fixtures.json("conversations", "bedrock-thinking-tool-use.2.request.json").messages[1].content
  },
  bedrock("Bedrock redactedContent + reasoningContent + toolUse", redactedConverse)
]

/** The conversation's tool, handled (`needsApproval` for the paths where the browser or `approve` answers). */
export const handled = (conversation: Conversation, needsApproval = false) =>
  Tool.handle(
    Tool.make(conversation.tool.name, { parameters: conversation.tool.parameters }),
    () => Effect.succeed(conversation.tool.output),
    { needsApproval }
  )

/**
 * The conversation's first exchange through the tool loop on its own model, served by `server`: the question, the
 * call with the provider's state, the tool's result, the answer.
 */
export const firstExchange = (server: ReplayServer.ReplayServer, conversation: Conversation) =>
  LanguageModel.runToolsToEnd({ messages: [Message.user(conversation.question)], tools: [handled(conversation)] }).pipe(
    Effect.provide(
      Layer.provide(conversation.model(server.serve(conversation.responses().slice(0, 2))), FetchHttpClient.layer)
    )
  )

const modelItems: ReadonlySet<string> = new Set(["reasoning", "function_call", "custom_tool_call", "message"])

/** The assistant turns of a request body, in order (the Responses API's: runs of the model's own input items). */
export const turnsOf = (format: Format, body: any): Array<Array<any>> => {
  switch (format) {
    case "anthropic":
    case "bedrock":
      return body.messages.filter((message: any) => message.role === "assistant").map((message: any) =>
        typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content
      )
    case "google":
      return body.contents.filter((content: any) => content.role === "model").map((content: any) => content.parts)
    case "openai-responses": {
      const turns: Array<Array<any>> = []
      let open = false
      for (const item of body.input) {
        const own = modelItems.has(item.type) || item.role === "assistant"
        if (own && open) turns[turns.length - 1]!.push(item)
        else if (own) turns.push([item])
        open = own
      }
      return turns
    }
  }
}

/**
 * The blocks of a request's assistant turns that would go back without what the API needs after them: a program's call
 * (its result must follow), a provider's own call whose result is not in the turn (Anthropic's `server_tool_use`), a
 * Responses reasoning item with no item after it ("provided without its required following item").
 */
export const unanswerable = (format: Format, body: any): Array<string> =>
  turnsOf(format, body).flatMap((turn) => {
    const results = new Set(turn.map((block: any) => block.tool_use_id))
    return turn.flatMap((block: any, at: number) => {
      const type = block.type ?? Object.keys(block).join()
      if (["tool_use", "function_call", "toolUse", "functionCall"].includes(type)) return [type]
      if (type === "server_tool_use" && !results.has(block.id)) return [type]
      if (type === "reasoning" && turn.slice(at + 1).every((next: any) => next.type === "reasoning")) return [type]
      return []
    })
  })

/** The opaque state a turn carries, and its tool calls, in order, as plain tuples. */
export const stateOf = (format: Format, turn: ReadonlyArray<any>): Array<ReadonlyArray<unknown>> =>
  turn.flatMap((block): Array<ReadonlyArray<unknown>> => {
    switch (format) {
      case "anthropic":
        return block.type === "thinking"
          ? [["thinking", block.thinking, block.signature]]
          : block.type === "redacted_thinking"
          ? [["redacted_thinking", block.data]]
          : block.type === "tool_use"
          ? [["tool_use", block.id, block.name, block.input, ...(block.caller === undefined ? [] : [block.caller])]]
          : block.type === "server_tool_use"
          ? [["server_tool_use", block.id, block.name, block.input]]
          : typeof block.tool_use_id === "string" && block.type.endsWith("_tool_result")
          ? [[block.type, block.tool_use_id]]
          : []
      case "google":
        return block.functionCall !== undefined
          ? [["functionCall", block.functionCall.name, block.functionCall.args, block.thoughtSignature ?? null]]
          : block.thoughtSignature !== undefined
          ? [[block.thought === true ? "thought" : "text", block.thoughtSignature]]
          : []
      case "openai-responses":
        return block.type === "reasoning"
          ? [["reasoning", block.id ?? null, block.encrypted_content ?? null, summaryOf(block)]]
          : block.type === "message"
          ? [["message", block.id ?? null]]
          : block.type === "function_call"
          ? [["function_call", block.call_id, block.name, JSON.parse(block.arguments)]]
          : []
      case "bedrock": {
        const reasoning = block.reasoningContent
        return reasoning?.reasoningText !== undefined
          ? [["reasoningText", reasoning.reasoningText.text, reasoning.reasoningText.signature]]
          : reasoning?.redactedContent !== undefined
          ? [["redactedContent", reasoning.redactedContent]]
          : block.toolUse !== undefined
          ? [["toolUse", block.toolUse.toolUseId, block.toolUse.name, block.toolUse.input]]
          : []
      }
    }
  })

/** A Responses reasoning item's summary, part by part: each part goes back as it came (its text its own). */
const summaryOf = (item: any): Array<string> => (item.summary ?? []).map((part: any) => part.text)

/** The opaque values a recorded turn carries (signatures, encrypted reasoning, item ids). */
export const opaqueValues = (format: Format, turn: ReadonlyArray<any>): Array<string> =>
  turn.flatMap((block): Array<unknown> => {
    switch (format) {
      case "anthropic":
        return [
          block.type === "thinking" ? block.signature : block.type === "redacted_thinking" ? block.data : undefined
        ]
      case "google":
        return [block.thoughtSignature]
      case "openai-responses":
        return [block.id, block.encrypted_content]
      case "bedrock":
        return [block.reasoningContent?.reasoningText?.signature, block.reasoningContent?.redactedContent]
    }
  }).filter((value): value is string => typeof value === "string" && value !== "")

/**
 * Checks a second request (the one after the tool's result) against the provider's documented rule (see the
 * module's description): its assistant turn carries the recording's state, in the recording's order, where the
 * rule puts it; and, where the recording has the next request the provider accepted, it is that turn.
 */
export const checkSecond = (conversation: Conversation, body: any): void => {
  const { format } = conversation
  const [turn, ...rest] = turnsOf(format, body)
  assert.strictEqual(rest.length, 0)
  assert.deepStrictEqual(stateOf(format, turn!), stateOf(format, conversation.recordedTurn()))
  // The recording's turn carries state (a signature, encrypted reasoning, a reasoning item), so this one does.
  // Or, for a call its code made, the container it ran in (platform.claude.com, programmatic tool calling, step 3:
  // "container_id is required when there are pending tool uses generated by code execution with tools").
  if (conversation.carriedWhole === undefined) {
    assert.isTrue(
      stateOf(format, turn!).some((entry) =>
        entry[0] !== "tool_use" && entry[0] !== "toolUse" && entry[0] !== "function_call" &&
        (entry[0] !== "functionCall" || entry[3] !== null)
      )
    )
  }
  switch (format) {
    case "anthropic":
      // The turn opens as the recording's: with its thinking, or with the provider's own call.
      assert.strictEqual(turn![0].type, conversation.recordedTurn()[0].type)
      if (conversation.carriedWhole === undefined) assert.include(["thinking", "redacted_thinking"], turn![0].type)
      if (conversation.container !== undefined) assert.strictEqual(body.container, conversation.container)
      assert.strictEqual(body.messages.at(-1).content[0].type, "tool_result")
      break
    case "google":
      assert.notInclude(JSON.stringify(body), "skip_thought_signature_validator")
      break
    case "openai-responses": {
      const types = turn!.map((item) => item.type)
      assert.strictEqual(types.indexOf("reasoning") + 1, types.indexOf("function_call"))
      if (conversation.stateless === true) {
        assert.include(body.include, "reasoning.encrypted_content")
        for (const item of body.input.filter((item: any) => item.type === "reasoning")) {
          assert.isString(item.encrypted_content)
        }
      }
      break
    }
    case "bedrock":
      assert.isDefined(turn![0].reasoningContent)
      break
  }
  if (conversation.acceptedTurn !== undefined) assert.deepStrictEqual(turn, conversation.acceptedTurn())
}

/** A request's conversation: its messages (contents, input items), without cache markers. */
const historyOf = (format: Format, body: any): Array<unknown> => {
  const items = format === "google" ? body.contents : format === "openai-responses" ? body.input : body.messages
  return JSON.parse(
    JSON.stringify(items, (key, value) => key === "cache_control" || key === "cachePoint" ? undefined : value)
  )
}

/**
 * The third request appends to the second: the same system and tools, the second's conversation as its prefix
 * (Anthropic's prefix checks on thinking blocks: platform.claude.com, preserved-thinking/prefix-checks). Not for the
 * Responses API without storage, whose third request leaves out on purpose a reasoning item the second sent by its
 * id alone (`checkThird` reads that rule).
 */
const checkAppended = (conversation: Conversation, second: any, third: any): void => {
  if (conversation.stateless === true) return
  const { format } = conversation
  const before = historyOf(format, second)
  const after = historyOf(format, third)
  assert.deepStrictEqual(after.slice(0, before.length), before, "the second request's conversation, unchanged")
  for (const field of ["system", "tools", "systemInstruction", "instructions", "toolConfig"]) {
    assert.deepStrictEqual(third[field], second[field], field)
  }
}

/**
 * Checks a third request (a follow-up): the first assistant turn goes as the second request sent it, and the
 * answer's turn with the answer's state (without a reasoning item that has only its id, when nothing is stored).
 */
export const checkThird = (conversation: Conversation, second: any, third: any): void => {
  const { format } = conversation
  checkAppended(conversation, second, third)
  const turns = turnsOf(format, third)
  assert.strictEqual(turns.length, 2)
  assert.deepStrictEqual(turns[0], turnsOf(format, second)[0])
  const answered = stateOf(format, conversation.answerTurn()).filter((entry) =>
    !(conversation.stateless === true && entry[0] === "reasoning" && entry[2] === null)
  )
  assert.deepStrictEqual(stateOf(format, turns[1]!), answered)
}
