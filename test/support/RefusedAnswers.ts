/**
 * Answers a provider refused or stopped on its policy, one per wire, as the provider sends them: recorded where a
 * recording exists (OpenAI's `refusal`, the Responses API's `refusal` part, Azure's `content_filter`, Vertex AI's Model
 * Armor with its `finishMessage`), else made from
 * the provider's documented events (Anthropic's `stop_reason: "refusal"` with and without `stop_details`, Gemini's
 * `SAFETY`, Bedrock's `content_filtered` and `guardrail_intervened`); and what a person must read of each.
 */
import { assert } from "@effect/vitest"
import type { TestKit } from "effect-llm-stream/testing"
import * as ProviderTestKits from "../../src/providers/ProviderTestKits.js"
import * as Fixtures from "../../support/Fixtures.js"
import { conversationOf } from "../app/history/WireConversations.js"

/** A refused answer: its wire, its body, and the text a person reads of it. */
export interface Refused {
  readonly name: string
  readonly wire: TestKit.ScriptedProvider
  readonly body: () => Uint8Array
  /** The text parts a person reads, in order (a refusal after text a paragraph of its own). */
  readonly shown: ReadonlyArray<string>
  /**
   * The text of the assistant turn the next request tells the model (`[]`: the turn is left out): what the model or
   * the provider said, never the library's own sentence.
   */
  readonly sent: ReadonlyArray<string>
  /**
   * The turn goes with the user message that led to it (Claude's layer: "remove or rephrase the turn that triggered
   * the refusal", `AnthropicRequest.layerRules`): the next request starts with the person's next message.
   */
  readonly reset?: boolean
}

const bodyOf = (wire: TestKit.ScriptedProvider, events: ReadonlyArray<unknown>): Uint8Array =>
  ProviderTestKits.scriptedKitOf(wire).testKit.wire.body(events)

const explanation = "This request was declined because it could enable cyber harm."

/** Claude's refusal (platform.claude.com, "Streaming refusals"): `stop_details` on `message_delta`, when given. */
const claude = (stopDetails: unknown) =>
  bodyOf("anthropic", [
    {
      type: "message_start",
      message: {
        id: "msg_refused",
        type: "message",
        role: "assistant",
        model: "claude-sonnet-4-6",
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 1 }
      }
    },
    { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hello.." } },
    { type: "content_block_stop", index: 0 },
    {
      type: "message_delta",
      delta: { stop_reason: "refusal", stop_sequence: null, ...stopDetails as object },
      usage: { output_tokens: 2 }
    },
    { type: "message_stop" }
  ])

/** Converse's end of an answer stopped with `stopReason` after `texts`. */
const converse = (stopReason: string, texts: ReadonlyArray<string>) =>
  bodyOf("bedrock", [
    { messageStart: { role: "assistant" } },
    ...texts.flatMap((text) => [
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text } } },
      { contentBlockStop: { contentBlockIndex: 0 } }
    ]),
    { messageStop: { stopReason } },
    { metadata: { usage: { inputTokens: 9, outputTokens: 0, totalTokens: 9 }, metrics: { latencyMs: 100 } } }
  ])

export const refusals: ReadonlyArray<Refused> = [
  {
    name: "OpenAI's refusal, in its words",
    wire: "openai",
    body: () => Fixtures.bytes("openai", "refusal.sse"),
    shown: ["I'm very sorry, but I can't assist with that request."],
    sent: ["I'm very sorry, but I can't assist with that request."]
  },
  {
    name: "the Responses API's refusal part",
    wire: "openai-responses",
    body: () => Fixtures.bytes("openai-responses", "refusal.sse"),
    shown: ["I'm sorry, I can't assist with that."],
    sent: ["I'm sorry, I can't assist with that."]
  },
  {
    name: "Azure's content filter, after some text",
    wire: "azure",
    body: () => Fixtures.bytes("azure", "content-filter.sse"),
    // The category the filter names in its `content_filter_results` (`protected_material_text`), in plain words.
    shown: ["Hey Jude, better", "\n\nThe provider's content filter stopped this answer (protected text)."],
    sent: ["Hey Jude, better"]
  },
  {
    name: "Claude's refusal with its explanation",
    wire: "anthropic",
    body: () => claude({ stop_details: { type: "refusal", category: "cyber", explanation } }),
    shown: ["Hello..", `\n\n${explanation}`],
    sent: [],
    reset: true
  },
  {
    name: "Claude's refusal naming its category, without an explanation",
    wire: "anthropic",
    body: () => claude({ stop_details: { type: "refusal", category: "bio", explanation: null } }),
    // `RefusalStopDetails.explanation` is `null` "when no explanation is available for the category": it is named.
    shown: ["Hello..", "\n\nAnthropic's safety classifiers stopped this answer (biological harm)."],
    sent: [],
    reset: true
  },
  {
    name: "Claude's refusal without details",
    wire: "anthropic",
    body: () => claude({ stop_details: null }),
    shown: ["Hello..", "\n\nAnthropic's safety classifiers stopped this answer."],
    sent: [],
    reset: true
  },
  {
    name: "Gemini's safety settings",
    wire: "google",
    body: () =>
      bodyOf("google", [{
        candidates: [{
          content: { role: "model" },
          finishReason: "SAFETY",
          index: 0,
          safetyRatings: [{ category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH", blocked: true }]
        }],
        usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
        modelVersion: "gemini-2.5-flash",
        responseId: "refused"
      }]),
    shown: ["Gemini's safety settings stopped this answer."],
    sent: []
  },
  {
    name: "Vertex AI's Model Armor, in its finishMessage",
    wire: "google-vertex",
    body: () => Fixtures.bytes("google", "vertex-model-armor-response.sse"),
    shown: ["The response violated Responsible AI Safety settings (Hate Speech, Harassment, Dangerous) filters."],
    sent: ["The response violated Responsible AI Safety settings (Hate Speech, Harassment, Dangerous) filters."]
  },
  {
    name: "Bedrock's content filter",
    wire: "bedrock",
    body: () => converse("content_filtered", []),
    shown: ["Amazon Bedrock's content filter stopped this answer."],
    sent: []
  },
  {
    name: "a Bedrock guardrail, in its own message",
    wire: "bedrock",
    body: () => converse("guardrail_intervened", ["Sorry, the model cannot answer this question."]),
    shown: ["Sorry, the model cannot answer this question."],
    sent: ["Sorry, the model cannot answer this question."]
  }
]

/**
 * The sentence telling why an answer of `content` was stopped (`notice`), as the UI message stream and AG-UI add it
 * after the answer: a paragraph of its own after text; nothing without one.
 */
export const told = (notice: string | undefined, content: string): string =>
  notice === undefined ? "" : content.trim() === "" ? notice : `\n\n${notice}`

/**
 * The conversation a wire's request body holds, as `[role, text]` for each text it holds in order (`model` read as
 * `assistant`; a message of several parts, or two user messages a wire merges, one entry each): the same on every
 * wire for the same conversation. A message that holds no text (an empty turn) is `[role, ""]`.
 */
export const textsSent = (body: any): Array<readonly [string, string]> =>
  conversationOf(body).flatMap((message: any) => {
    const role = message.role === "model" ? "assistant" : message.role
    const parts = [
      ...(typeof message.content === "string" ? [message.content] : message.content ?? message.parts ?? []),
      // Chat Completions' refusal, in its own field (`ChatCompletionAssistantMessageParam.refusal`).
      ...(typeof message.refusal === "string" ? [message.refusal] : [])
    ]
    const texts = parts.flatMap((part: any) =>
      typeof part === "string"
        ? [part]
        : typeof part.text === "string"
        ? [part.text]
        : typeof part.refusal === "string"
        ? [part.refusal]
        : []
    )
    return texts.length === 0 ? [[role, ""] as const] : texts.map((text: string) => [role, text] as const)
  })

/** What a person says in three turns after a refused answer's test, and what the model answers after the refusal. */
export const threeTurns = {
  said: ["Do the thing", "Something else, then", "And a third thing"],
  answers: [{ text: "Here is something else." }, { text: "And that too." }]
} as const

/**
 * Checks the second and third request of `threeTurns` (`bodies[1]`, `bodies[2]`): the first message (unless `reset`),
 * the refused turn's `sent` texts as the assistant's, the second message; then the model's next answer and the third.
 */
export const assertSentAfter = (bodies: ReadonlyArray<any>, { reset, sent }: Refused): void => {
  assert.lengthOf(bodies, 3)
  const refused = [
    ...(reset === true ? [] : [["user", threeTurns.said[0]] as const]),
    ...sent.map((text) => ["assistant", text] as const),
    ["user", threeTurns.said[1]] as const
  ]
  assert.deepStrictEqual(textsSent(bodies[1]), refused)
  assert.deepStrictEqual(textsSent(bodies[2]), [
    ...refused,
    ["assistant", threeTurns.answers[0].text],
    ["user", threeTurns.said[2]]
  ])
}
