/**
 * The APIs a recorded conversation goes on with when a program swaps the model's Layer (a model picker, a fallback),
 * and the rules its follow-up request is read against there (test/app/loop/ConversationSwitch.test.ts says where each
 * comes from): every call answered by its result, call ids as the API takes them, only the blocks the API takes for
 * another provider's turn, no other provider's opaque state.
 */
import { assert } from "@effect/vitest"
import { Layer, Redacted } from "effect"
import { Azure, LanguageModel } from "effect-llm-stream"
import type { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import type * as Conversations from "./Conversations.js"
import * as RecordedModels from "./RecordedModels.js"

/**
 * The APIs a conversation goes on with: a text answer of each, the shape its requests are read in (`format`), and
 * whose turns it takes back as its own (`turns`): OpenAI's and an Azure resource's Responses APIs read alike, but
 * neither holds the items the other stored.
 */
export const targets = [
  { folder: "anthropic", answer: "text.sse", model: "claude-sonnet-4-5", format: "anthropic", turns: "anthropic" },
  { folder: "openai", answer: "text.sse", model: "gpt-4o", format: "openai", turns: "openai" },
  {
    folder: "openai-responses",
    answer: "text.sse",
    model: "gpt-5",
    format: "openai-responses",
    turns: "openai-responses"
  },
  {
    folder: "openai-responses",
    answer: "text.sse",
    model: "gpt-5",
    format: "openai-responses",
    turns: "azure-responses"
  },
  {
    folder: "bedrock",
    answer: "converse-text.eventstream.b64",
    model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    format: "bedrock",
    turns: "bedrock"
  },
  { folder: "google", answer: "text.sse", model: "gemini-3-pro-preview", format: "google", turns: "google" }
] as const

export type Target = (typeof targets)[number]

/** The target's model, calling `baseUrl` (an Azure resource's Responses API for `azure-responses`). */
export const modelOf = (target: Target, baseUrl: string) =>
  target.turns === "azure-responses"
    ? Azure.responsesModel("gpt-5", { baseModel: "gpt-5-2025-08-07" }).pipe(
      Layer.provide(Azure.responsesLayer({ endpoint: baseUrl, apiKey: Redacted.make("az-switch") })),
      Layer.provide(FetchHttpClient.layer)
    )
    : RecordedModels.model(target.folder, baseUrl, FetchHttpClient.layer, target)

/** What the target is called in a test's name. */
export const nameOf = (target: Target) => target.turns === "azure-responses" ? "azure (Responses)" : target.folder

/** Whether the conversation's turns are the target's own (a follow-up to itself is another test's). */
export const own = (conversation: Conversations.Conversation, target: Target) =>
  (conversation.turnFormat ?? conversation.format) === target.turns

const plainId = /^[a-zA-Z0-9_-]{1,64}$/

/** The longest call id each API takes (Gemini's calls are read by name here: no bound checked). */
const longestId: Record<Target["format"], number> = {
  anthropic: 64,
  bedrock: 64,
  openai: 40,
  "openai-responses": 64,
  google: Infinity
}

/** Every block of a request's assistant turns and the ids of the calls in them, and of the results after them. */
export const callsAndResults = (target: Target, body: any) => {
  switch (target.format) {
    case "anthropic": {
      const blocks = body.messages.flatMap((message: any) => Array.isArray(message.content) ? message.content : [])
      return {
        types: body.messages.filter((message: any) => message.role === "assistant").flatMap((message: any) =>
          Array.isArray(message.content) ? message.content.map((block: any) => block.type) : ["text"]
        ),
        calls: blocks.filter((block: any) => block.type === "tool_use").map((block: any) => block.id),
        results: blocks.filter((block: any) => block.type === "tool_result").map((block: any) => block.tool_use_id)
      }
    }
    case "bedrock": {
      const blocks = body.messages.flatMap((message: any) => message.content)
      return {
        types: body.messages.filter((message: any) => message.role === "assistant").flatMap((message: any) =>
          message.content.map((block: any) => Object.keys(block).join())
        ),
        calls: blocks.filter((block: any) => block.toolUse).map((block: any) => block.toolUse.toolUseId),
        results: blocks.filter((block: any) => block.toolResult).map((block: any) => block.toolResult.toolUseId)
      }
    }
    case "openai":
      return {
        types: body.messages.filter((message: any) => message.role === "assistant").map(() => "message"),
        calls: body.messages.flatMap((message: any) => message.tool_calls ?? []).map((call: any) => call.id),
        results: body.messages.filter((message: any) => message.role === "tool").map((m: any) => m.tool_call_id)
      }
    case "openai-responses":
      return {
        types: body.input.filter((item: any) => item.role !== "user").map((item: any) => item.type ?? item.role),
        calls: body.input.filter((item: any) => item.type === "function_call").map((item: any) => item.call_id),
        results: body.input.filter((item: any) => item.type === "function_call_output").map((item: any) => item.call_id)
      }
    case "google":
      return {
        types: body.contents.filter((content: any) => content.role === "model").flatMap((content: any) =>
          content.parts.map((part: any) => Object.keys(part).filter((key) => key !== "thoughtSignature").join())
        ),
        calls: body.contents.flatMap((content: any) => content.parts).filter((part: any) => part.functionCall)
          .map((part: any) => part.functionCall.name),
        results: body.contents.flatMap((content: any) => content.parts).filter((part: any) => part.functionResponse)
          .map((part: any) => part.functionResponse.name)
      }
  }
}

/** The blocks each API's turn may hold when it came from another provider: text and the program's calls. */
const foreignTypes: Record<Target["format"], ReadonlyArray<string>> = {
  anthropic: ["text", "tool_use", "tool_result"],
  bedrock: ["text", "toolUse"],
  openai: ["message"],
  "openai-responses": ["assistant", "function_call", "function_call_output"],
  google: ["text", "functionCall", "functionResponse"]
}

/** Checks a follow-up request sent to `target` against that API's rules (see the module's description). */
export const checkFollowUp = (target: Target, body: any, opaque: ReadonlyArray<string>) => {
  const { calls, results, types } = callsAndResults(target, body)
  for (const type of types) assert.include(foreignTypes[target.format], type)
  assert.isNotEmpty(calls)
  assert.deepStrictEqual([...calls].sort(), [...results].sort(), "every call answered by its result")
  if (target.format === "anthropic" || target.format === "bedrock") {
    for (const id of calls) {
      assert.match(id, plainId)
    }
  }
  if (target.format !== "openai" && target.format !== "google") {
    assert.strictEqual(new Set(calls).size, calls.length, "each call's id its own")
  }
  for (const id of calls) assert.isAtMost(id.length, longestId[target.format], id)
  const text = JSON.stringify(body)
  for (const value of opaque) assert.notInclude(text, value)
}

/** The request `target` is sent for `request` (it answers with its recorded text), as JSON. */
export const requestTo = (
  server: ReplayServer.ReplayServer,
  target: Target,
  request: Parameters<typeof LanguageModel.runToolsToEnd>[0]
) => RecordedModels.firstRequest(server, target, request, (baseUrl) => modelOf(target, baseUrl))
