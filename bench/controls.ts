/**
 * The cost of the request controls: a conversation of 100, 1,000 and 10,000 messages, then the user's question (a
 * request ends with the user's turn: Claude 4.6 and later take no prefill), encoded per API with and without them
 * (`cache: "auto"`, `cacheTools`, two cache points, `reasoning`, `seed`, `user`, the body as sent: encoding,
 * `JSON.stringify`, UTF-8). The controls are checked and encoded in one pass over the messages (where the cache
 * points are, their number and order), so the time with them should stay within a few percent of the time without,
 * and both linear in the conversation. Median of 21 runs after 10 warm-up runs.
 * Run with `npm run bench -- controls` (`BENCH_CONTROLS_SIZES=100` chooses the conversations' sizes).
 */
import { Result, Schema } from "effect"
import * as Message from "../src/core/Message.js"
import type * as CallRequest from "../src/core/request/CallRequest.js"
import * as Tool from "../src/core/Tool.js"
import * as AnthropicRequest from "../src/providers/anthropic/AnthropicRequest.js"
import * as BedrockRequest from "../src/providers/bedrock/BedrockRequest.js"
import * as ChatParts from "../src/providers/openai-compatible/ChatParts.js"
import * as ChatRequest from "../src/providers/openai-compatible/ChatRequest.js"
import * as ResponsesRequest from "../src/providers/openai-responses/ResponsesRequest.js"
import * as OpenAIService from "../src/providers/openai/OpenAIService.js"
import * as Harness from "./harness.js"

export type Encode = (
  request: CallRequest.ProviderRequest
) => Result.Result<Record<string, unknown>, CallRequest.Unsupported>

/** Each API's request encoder, with a model of its. */
export const apis: ReadonlyArray<readonly [string, string, Encode]> = [
  ["OpenAI Chat", "gpt-5.6-sol", (request) =>
    ChatRequest.encodeRequest(request, {
      maxTokensField: "max_completion_tokens",
      includeModel: true,
      parts: ChatParts.openaiPolicy,
      controls: OpenAIService.controls
    })],
  ["Responses", "gpt-5.6-sol", (request) => ResponsesRequest.encodeRequest(request)],
  ["Anthropic", "claude-sonnet-4-6", AnthropicRequest.encodeRequest],
  ["Bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", BedrockRequest.encodeRequest]
]

const utf8 = new TextEncoder()
const tools = [
  Tool.make("lookup", { description: "Looks a word up.", parameters: Schema.Struct({ word: Schema.String }) })
]

/**
 * A conversation of `n` messages (user and assistant turns, two cache points in the first user turns), then the
 * user's question: a request that ends with the assistant's turn is a prefill, which Claude 4.6 and later refuse.
 */
const conversation = (n: number, controls: boolean): ReadonlyArray<Message.Message> => [
  ...Array.from({ length: n }, (_, index) => {
    const text = `Turn ${index}: ${"a sentence of some length, as a conversation has. ".repeat(4)}`
    if (index % 2 === 1) return Message.assistant(text)
    return controls && index < 4 ? Message.user([Message.text(text), Message.cachePoint()]) : Message.user(text)
  }),
  Message.user("And what now?")
]

const time = (encode: Encode, request: CallRequest.ProviderRequest): number => {
  const start = performance.now()
  const body = Result.getOrThrow(encode(request))
  utf8.encode(JSON.stringify(body))
  return performance.now() - start
}

const sizes = (process.env.BENCH_CONTROLS_SIZES ?? "100,1000,10000").split(",").map(Number)

export const run = async () => {
  const rows: Array<Array<string>> = []
  for (const n of sizes) {
    for (const [api, model, encode] of apis) {
      const base = { model, system: "You answer briefly.", tools }
      const plain: CallRequest.ProviderRequest = { ...base, messages: conversation(n, false) }
      const controlled: CallRequest.ProviderRequest = {
        ...base,
        messages: conversation(n, true),
        cache: "auto",
        cacheTools: {},
        reasoning: { effort: "medium" },
        user: "u-1",
        ...(api === "OpenAI Chat" ? { seed: 1 } : {})
      }
      const [without, withControls] = [plain, controlled].map((request) => {
        for (let warm = 0; warm < 10; warm++) time(encode, request)
        Harness.gc()
        return Harness.median(Array.from({ length: 21 }, () => time(encode, request)))
      })
      rows.push([
        String(n),
        api,
        without!.toFixed(2),
        withControls!.toFixed(2),
        `${(withControls! / without!).toFixed(2)}×`
      ])
    }
  }
  console.log("A conversation encoded to its body bytes, without and with the request controls (median ms)")
  console.log(Harness.markdownTable(["messages", "API", "without", "with controls", "ratio"], rows))
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
