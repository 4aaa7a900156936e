/**
 * The typed options users set most, on the wire per API, against goldens typed with the official SDKs'
 * request types: `seed`, `parallelToolCalls`, `user` (OpenAI's `safety_identifier`, which replaces the
 * deprecated `user`; Azure's and Groq's `user`; Anthropic's `metadata.user_id`; Converse's
 * `requestMetadata`) and `serviceTier`; and `extraBody`, which wins over them field by field.
 */
import type { MessageCreateParamsStreaming } from "@anthropic-ai/sdk/resources/messages"
import type { ConverseStreamCommandInput } from "@aws-sdk/client-bedrock-runtime"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Message, Tool } from "effect-llm-stream"
import type { ChatCompletionCreateParamsStreaming as GroqParams } from "groq-sdk/resources/chat/completions"
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions"
import type { ResponseCreateParams, ResponseCreateParamsStreaming } from "openai/resources/responses/responses"
import * as CallRequest from "../../../src/core/request/CallRequest.js"
import { serializedBySdk } from "../../support/BedrockSdk.js"
import * as C from "../../support/Controls.js"

const messages = [Message.user("Hi")]
const lookup = Tool.make("lookup", { parameters: Schema.Struct({}) })
const tools = [lookup]

describe("seed, parallelToolCalls, user, serviceTier", () => {
  it("OpenAI Chat Completions and the Responses API", () => {
    const chat: ChatCompletionCreateParamsStreaming = {
      model: "gpt-4o",
      messages: [{ role: "user", content: "Hi" }],
      tools: [{ type: "function", function: { name: "lookup", parameters: lookup.jsonSchema as any } }],
      seed: 7,
      parallel_tool_calls: false,
      safety_identifier: "user-hash-1",
      service_tier: "flex",
      stream: true,
      stream_options: { include_usage: true }
    }
    const controls = { parallelToolCalls: false, user: "user-hash-1", serviceTier: "flex" } as const
    assert.deepStrictEqual(C.body("openai", { model: "gpt-4o", messages, tools, seed: 7, ...controls }), chat)
    const responses: ResponseCreateParamsStreaming = {
      model: "gpt-4o",
      input: [{ role: "user", content: "Hi" }],
      tools: [{ type: "function", name: "lookup", parameters: lookup.jsonSchema as any, strict: false }],
      parallel_tool_calls: false,
      safety_identifier: "user-hash-1",
      service_tier: "flex",
      stream: true
    }
    assert.deepStrictEqual(C.body("responses", { model: "gpt-4o", messages, tools, ...controls }), responses)
    assert.match(C.refusal("responses", { model: "gpt-4o", messages, seed: 7 }), /the Responses API takes no seed/)
  })

  it("Azure: user; no service tier on a request", () => {
    const body = C.body("azure", {
      model: "d",
      baseModel: "gpt-4o",
      messages,
      seed: 1,
      user: "u",
      parallelToolCalls: true
    })
    assert.deepStrictEqual([body["seed"], body["user"], body["parallel_tool_calls"]], [1, "u", true])
    assert.match(
      C.refusal("azure", { model: "d", messages, serviceTier: "priority" }),
      /serviceTier: Azure OpenAI takes no service tier on a request/
    )
    assert.strictEqual(C.body("azure-responses", { model: "d", messages, user: "u" })["user"], "u")
  })

  it("Groq: on_demand for the default tier, no priority", () => {
    const golden: GroqParams = {
      model: "llama-3.3-70b-versatile",
      messages: [{ role: "user", content: "Hi" }],
      seed: 3,
      user: "u",
      service_tier: "on_demand",
      stream: true
    }
    assert.deepStrictEqual(
      C.body("groq", { model: "llama-3.3-70b-versatile", messages, seed: 3, user: "u", serviceTier: "default" }),
      { ...golden, stream_options: { include_usage: true } }
    )
    assert.match(
      C.refusal("groq", { model: "llama-3.3-70b-versatile", messages, serviceTier: "priority" }),
      /serviceTier: Groq has no "priority" tier; it takes "auto", "default", "flex"/
    )
  })

  it("Anthropic: metadata.user_id, service_tier, disable_parallel_tool_use; no seed", () => {
    const golden: MessageCreateParamsStreaming = {
      model: "claude-sonnet-4-5",
      max_tokens: 4096,
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
      tools: [{ name: "lookup", input_schema: lookup.jsonSchema as any }],
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
      metadata: { user_id: "u" },
      service_tier: "standard_only",
      stream: true
    }
    const request: C.Request = {
      model: "claude-sonnet-4-5",
      messages,
      tools,
      parallelToolCalls: false,
      user: "u",
      serviceTier: "default"
    }
    assert.deepStrictEqual(C.body("anthropic", request), golden)
    assert.deepStrictEqual(C.body("anthropic", { ...request, toolChoice: { name: "lookup" } })["tool_choice"], {
      type: "tool",
      name: "lookup",
      disable_parallel_tool_use: true
    })
    assert.match(C.refusal("anthropic", { ...request, seed: 1 }), /seed: Anthropic takes no seed/)
    assert.match(
      C.refusal("anthropic", { ...request, serviceTier: "flex" }),
      /serviceTier: Anthropic has no "flex" tier on a request/
    )
  })

  it("Bedrock: serviceTier and requestMetadata, serialized by the AWS SDK; no seed, no parallel setting", async () => {
    const model = "us.amazon.nova-pro-v1:0"
    const input: ConverseStreamCommandInput = {
      modelId: model,
      messages: [{ role: "user", content: [{ text: "Hi" }] }],
      serviceTier: { type: "priority" },
      requestMetadata: { user: "u" }
    }
    assert.deepStrictEqual(
      C.body("bedrock", { model, messages, serviceTier: "priority", user: "u", parallelToolCalls: true }),
      await serializedBySdk(input) as object
    )
    assert.notProperty(C.body("bedrock", { model, messages, serviceTier: "auto" }), "serviceTier")
    assert.match(C.refusal("bedrock", { model, messages, seed: 1 }), /seed: Converse takes no seed/)
    assert.match(
      C.refusal("bedrock", { model, messages, parallelToolCalls: false }),
      /Converse has no setting for parallel tool calls/
    )
  })
})

describe("the Responses API's background windows (openai 7.59 ResponseCreateParams.BackgroundOptions)", () => {
  it("a streamed request sends the soonest window and a continuation id; the 2h and 8h windows it refuses", () => {
    const soonest: ResponseCreateParams.BackgroundOptions = { completion_window: "soonest", continuation_id: "nightly" }
    const sent: ResponseCreateParamsStreaming = {
      model: "gpt-5.5",
      input: [{ role: "user", content: "Hi" }],
      background: true,
      background_options: soonest,
      stream: true
    }
    const extraBody = (options: ResponseCreateParams.BackgroundOptions) => ({
      background: true,
      background_options: options
    })
    assert.deepStrictEqual(C.body("responses", { model: "gpt-5.5", messages, extraBody: extraBody(soonest) }), sent)
    for (const window of ["2h", "8h"] as const) {
      for (const api of ["responses", "azure-responses"] as const) {
        const request = { model: "gpt-5.5", messages, extraBody: extraBody({ completion_window: window }) }
        assert.strictEqual(
          C.refusal(api, request),
          `background_options.completion_window: the Responses API takes "${window}" only on a request it does ` +
            "not stream, and every request here streams; set \"soonest\" or leave it out"
        )
      }
    }
  })
})

describe("extraBody wins, field by field", () => {
  it("over a control's object (merged key by key) and over a control's value (replaced)", () => {
    const anthropic = C.body("anthropic", {
      model: "claude-opus-4-7",
      messages,
      reasoning: { effort: "high" },
      extraBody: { output_config: { task_budget: { type: "tokens", total: 50000 } }, thinking: { display: "omitted" } }
    })
    assert.deepStrictEqual(anthropic["output_config"], {
      effort: "high",
      task_budget: { type: "tokens", total: 50000 }
    })
    assert.deepStrictEqual(anthropic["thinking"], { type: "adaptive", display: "omitted" })
    const openai = C.body("openai", {
      model: "o3",
      messages,
      reasoning: { effort: "low" },
      extraBody: { reasoning_effort: "high", stop: ["x"] }
    })
    assert.deepStrictEqual([openai["reasoning_effort"], openai["stop"]], ["high", ["x"]])
    const bedrock = C.body("bedrock", {
      model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      messages,
      maxTokens: 8000,
      reasoning: { effort: "low" },
      extraBody: { additionalModelRequestFields: { top_k: 5 }, inferenceConfig: { temperature: 1 } }
    })
    assert.deepStrictEqual(bedrock["additionalModelRequestFields"], {
      thinking: { type: "enabled", budget_tokens: 2048 },
      top_k: 5
    })
    assert.deepStrictEqual(bedrock["inferenceConfig"], { maxTokens: 8000, temperature: 1 })
  })

  it("an array replaces, and a key named __proto__ is data, never the body's prototype", () => {
    const body = CallRequest.mergeBody(
      { messages: [1, 2], nested: { a: 1 } },
      JSON.parse(
        "{\"messages\":[3],\"__proto__\":{\"polluted\":true},\"nested\":{\"__proto__\":{\"x\":1}}}"
      )
    )
    assert.deepStrictEqual(body["messages"], [3])
    assert.strictEqual(Object.getPrototypeOf(body), Object.prototype)
    assert.isUndefined((body as any).polluted)
    assert.isTrue(Object.hasOwn(body, "__proto__"))
    assert.strictEqual(Object.getPrototypeOf(body["nested"]), Object.prototype)
    assert.strictEqual(
      JSON.stringify(body),
      "{\"messages\":[3],\"nested\":{\"a\":1,\"__proto__\":{\"x\":1}},\"__proto__\":{\"polluted\":true}}"
    )
  })
})
