/**
 * Reasoning on the wire for OpenAI's families (Chat Completions, the Responses API, Azure) and Groq's, per
 * family, against goldens typed with the official SDKs' request types: `openai` 7.57
 * `ChatCompletionCreateParamsStreaming.reasoning_effort` and `ResponseCreateParamsStreaming.reasoning`
 * (`ReasoningEffort`: `none | minimal | low | medium | high | xhigh | max`, "not all reasoning models support
 * every value"), `groq-sdk` 1.6 `reasoning_effort` (`none | default | low | medium | high`) and
 * `reasoning_format`. Which level each family takes is `OpenAIModels`' table and Groq's row of `CompatibleHosts`
 * (their sources are named there); where a level is missing, the nearest one is sent (`docs/reasoning.md`).
 */
import { assert, describe, it } from "@effect/vitest"
import type { LanguageModel } from "effect-llm-stream"
import { Message } from "effect-llm-stream"
import type { ChatCompletionCreateParamsStreaming as GroqParams } from "groq-sdk/resources/chat/completions"
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions"
import type { ResponseCreateParamsStreaming } from "openai/resources/responses/responses"
import * as Fixtures from "../../../support/Fixtures.js"
import * as C from "../../support/Controls.js"

const messages = [Message.user("Why is the sky blue?")]

const effortSent = (api: C.Api, model: string, effort: LanguageModel.ReasoningEffort): unknown => {
  const body = C.body(api, { model, messages, reasoning: { effort } })
  return api === "responses" ? body["reasoning"]?.effort : body["reasoning_effort"]
}

describe("OpenAI: reasoning_effort by family (Chat Completions and the Responses API alike)", () => {
  const cases: ReadonlyArray<readonly [string, LanguageModel.ReasoningEffort, string]> = [
    ["gpt-6-astra", "none", "low"],
    ["gpt-6-luna", "none", "none"],
    ["gpt-6-luna", "minimal", "low"],
    ["gpt-6.1-sol", "none", "low"],
    ["gpt-6.1-sol", "minimal", "low"],
    ["gpt-6.1-sol", "max", "max"],
    ["gpt-6.2-astra", "none", "low"],
    ["gpt-6.2-astra", "max", "max"],
    ["gpt-6.2-astra-law", "minimal", "low"],
    ["gpt-6.2-sol", "none", "low"],
    ["gpt-6.2-sol", "minimal", "low"],
    ["gpt-6.2-sol", "max", "max"],
    ["gpt-6.1-terra", "none", "none"],
    ["gpt-6.1-terra", "max", "max"],
    ["gpt-5.6-sol", "max", "max"],
    ["gpt-5.6-sol", "minimal", "low"],
    ["gpt-5.6-luna", "none", "none"],
    ["gpt-5.5", "max", "xhigh"],
    ["gpt-5.4-mini", "minimal", "low"],
    ["gpt-5.2-pro", "low", "medium"],
    ["gpt-5.2-chat-latest", "high", "medium"],
    ["gpt-5.1", "xhigh", "high"],
    ["gpt-5.1", "none", "none"],
    ["gpt-5.1-codex-max", "max", "xhigh"],
    ["gpt-5-2025-08-07", "none", "minimal"],
    ["gpt-5-mini", "max", "high"],
    ["gpt-5-pro", "low", "high"],
    ["o3", "minimal", "low"],
    ["o4-mini-2025-04-16", "xhigh", "high"],
    ["ft:o4-mini:acme::abc123", "medium", "medium"],
    ["a-model-of-next-year", "xhigh", "xhigh"]
  ]
  for (const api of ["openai", "responses"] as const) {
    it.each(cases)(`${api}: %s asked %s sends %s`, (model, asked, sent) => {
      assert.strictEqual(effortSent(api, model, asked), sent)
    })
  }

  it("golden bodies: Chat Completions' reasoning_effort, the Responses API's reasoning with a summary", () => {
    const chat: ChatCompletionCreateParamsStreaming = {
      model: "gpt-5.1",
      messages: [{ role: "user", content: "Why is the sky blue?" }],
      reasoning_effort: "low",
      stream: true,
      stream_options: { include_usage: true }
    }
    assert.deepStrictEqual(C.body("openai", { model: "gpt-5.1", messages, reasoning: { effort: "low" } }), chat)
    const responses: ResponseCreateParamsStreaming = {
      model: "gpt-5.1",
      input: [{ role: "user", content: "Why is the sky blue?" }],
      reasoning: { effort: "low", summary: "concise" },
      stream: true
    }
    assert.deepStrictEqual(
      C.body("responses", { model: "gpt-5.1", messages, reasoning: { effort: "low", summary: "concise" } }),
      responses
    )
  })

  it("the Responses API: the recorded gpt-5 request with effort medium and an auto summary (Mirascope's cassette)", () => {
    const recorded = Fixtures.json("controls", "openai-responses-reasoning.request.json")
    const body = C.body("responses", {
      model: "gpt-5",
      messages: [Message.user(recorded.input[0].content)],
      reasoning: { effort: "medium", summary: "auto" }
    })
    assert.deepStrictEqual(body, recorded)
  })

  it("a summary of concise detail is auto on the families before GPT-5.1; the model's default effort sends none", () => {
    for (const model of ["gpt-5", "o3"]) {
      assert.deepStrictEqual(C.body("responses", { model, messages, reasoning: { summary: "concise" } })["reasoning"], {
        summary: "auto"
      })
    }
    assert.notProperty(C.body("openai", { model: "o3", messages, reasoning: {} }), "reasoning_effort")
  })

  it("refuses what a family cannot take, before sending", () => {
    assert.match(
      C.refusal("openai", { model: "gpt-4o", messages, reasoning: { effort: "high" } }),
      /^reasoning: gpt-4o does not reason/
    )
    assert.notProperty(
      C.body("openai", { model: "gpt-4o", messages, reasoning: { effort: "none" } }),
      "reasoning_effort"
    )
    assert.match(
      C.refusal("openai", { model: "o1-mini", messages, reasoning: { effort: "low" } }),
      /o1-mini reasons at a level of its own and takes no reasoning effort/
    )
    assert.match(
      C.refusal("openai", { model: "o3", messages, reasoning: { budgetTokens: 2000 } }),
      /take a reasoning effort, not a budget of tokens/
    )
    assert.strictEqual(effortSent("openai", "o3", "high"), "high")
    assert.strictEqual(
      C.body("openai", {
        model: "o3",
        messages,
        reasoning: { effort: "high", budgetTokens: 2000 }
      })["reasoning_effort"],
      "high"
    )
    assert.match(
      C.refusal("openai", { model: "o3", messages, reasoning: { effort: "low", summary: "auto" } }),
      /Chat Completions return no reasoning summaries; use the Responses API/
    )
    assert.match(
      C.refusal("openai", { model: "o3", messages, temperature: 0.2, reasoning: { effort: "low" } }),
      /o3 takes no temperature or top_p while it reasons/
    )
    // GPT-6.2 Astra and Sol always reason (the API refuses effort "none"): no temperature beside a reasoning effort.
    for (const model of ["gpt-6.2-astra", "gpt-6.2-sol"]) {
      for (const api of ["openai", "responses"] as const) {
        assert.match(
          C.refusal(api, { model, messages, temperature: 0.2, reasoning: { effort: "none" } }),
          new RegExp(`${model.replace(".", "\\.")} takes no temperature or top_p while it reasons; leave them out$`)
        )
      }
    }
    assert.strictEqual(
      C.body("openai", { model: "gpt-5.1", messages, temperature: 0.2, reasoning: { effort: "none" } })["temperature"],
      0.2
    )
    assert.match(
      C.refusal("openai", { model: "o3", messages, reasoning: { effort: "none", summary: "auto" } }),
      /reasoning\.effort is "none", which turns reasoning off, but reasoning\.summary is set/
    )
    assert.match(
      C.refusal("openai", { model: "o3", messages, reasoning: { budgetTokens: 1.5 } }),
      /a budget is a whole number of tokens/
    )
  })
})

describe("Azure OpenAI: the family of the deployment's baseModel", () => {
  it("reasoning_effort by baseModel; an API version before 2024-12-01 takes none", () => {
    const request: C.Request = { model: "prod", baseModel: "o3-mini", messages, reasoning: { effort: "minimal" } }
    const golden: ChatCompletionCreateParamsStreaming = {
      model: "unused",
      messages: [{ role: "user", content: "Why is the sky blue?" }],
      reasoning_effort: "low",
      stream: true,
      stream_options: { include_usage: true }
    }
    const { model: _, ...expected } = golden
    assert.deepStrictEqual(C.body("azure", request), expected)
    assert.match(
      C.refusal("azure", { ...request, apiVersion: "2024-10-21" }),
      /Azure OpenAI takes reasoning_effort from api-version 2024-12-01-preview on, and this client uses 2024-10-21/
    )
    assert.match(
      C.refusal("azure", { ...request, baseModel: "gpt-4o-2024-08-06" }),
      /gpt-4o-2024-08-06 does not reason/
    )
    assert.deepStrictEqual(
      C.body("azure-responses", { ...request, reasoning: { effort: "high", summary: "detailed" } })["reasoning"],
      { effort: "high", summary: "detailed" }
    )
  })
})

describe("Groq: reasoning_effort and reasoning_format by family", () => {
  it("golden bodies: gpt-oss's graded effort; Qwen3's none or default, with parsed reasoning", () => {
    const gptOss: GroqParams = {
      model: "openai/gpt-oss-120b",
      messages: [{ role: "user", content: "Why is the sky blue?" }],
      reasoning_effort: "high",
      stream: true
    }
    assert.deepStrictEqual(
      C.body("groq", { model: "openai/gpt-oss-120b", messages, reasoning: { effort: "xhigh" } }),
      { ...gptOss, stream_options: { include_usage: true } }
    )
    const qwen: GroqParams = {
      model: "qwen/qwen3-32b",
      messages: [{ role: "user", content: "Why is the sky blue?" }],
      reasoning_effort: "default",
      reasoning_format: "parsed",
      stream: true
    }
    assert.deepStrictEqual(
      C.body("groq", { model: "qwen/qwen3-32b", messages, reasoning: { effort: "high" } }),
      { ...qwen, stream_options: { include_usage: true } }
    )
  })

  it.each(
    [
      ["openai/gpt-oss-20b", "none", "low"],
      ["openai/gpt-oss-20b", "minimal", "low"],
      ["qwen/qwen3-32b", "none", "none"],
      ["qwen/qwen3-32b", "minimal", "default"],
      ["qwen/qwen3.8-27b", "max", "high"],
      ["qwen/qwen3.8-27b", "none", "none"]
    ] as const
  )("%s asked %s sends %s", (model, asked, sent) => {
    assert.strictEqual(effortSent("groq", model, asked), sent)
  })

  // GroqDocs, "Reasoning": `reasoning_format` "defaults to raw" (the reasoning inside `<think>` tags in `content`) "or
  // parsed when JSON mode or tool use are enabled"; groq-sdk: it is "mutually exclusive with `include_reasoning`".
  it("a request that says nothing of reasoning asks Qwen3 for it parsed, never in <think> tags in the text", () => {
    const unasked = (model: string, extraBody?: Record<string, unknown>) =>
      C.body("groq", { model, messages, ...(extraBody === undefined ? {} : { extraBody }) })
    const qwen: GroqParams = {
      model: "qwen/qwen3.6-27b",
      messages: [{ role: "user", content: "Why is the sky blue?" }],
      reasoning_format: "parsed",
      stream: true
    }
    assert.deepStrictEqual(unasked("qwen/qwen3.6-27b"), { ...qwen, stream_options: { include_usage: true } })
    assert.strictEqual(unasked("qwen/qwen3-32b")["reasoning_format"], "parsed")
    // The request's own choice stands: its include_reasoning (Groq takes it only alone), its reasoning_format.
    const included = unasked("qwen/qwen3-32b", { include_reasoning: false })
    assert.notProperty(included, "reasoning_format")
    assert.strictEqual(included["include_reasoning"], false)
    assert.strictEqual(unasked("qwen/qwen3-32b", { reasoning_format: "hidden" })["reasoning_format"], "hidden")
    // gpt-oss streams its reasoning as `reasoning` by itself; other models do not reason.
    for (const model of ["openai/gpt-oss-120b", "llama-3.3-70b-versatile"]) {
      assert.notProperty(unasked(model), "reasoning_format")
      assert.notProperty(unasked(model), "reasoning_effort")
    }
    // Reasoning turned off: no format for reasoning that will not come.
    const off = C.body("groq", { model: "qwen/qwen3-32b", messages, reasoning: { effort: "none" } })
    assert.strictEqual(off["reasoning_effort"], "none")
    assert.notProperty(off, "reasoning_format")
  })

  it("a model without reasoning is refused; not asking it to reason sends nothing", () => {
    assert.match(
      C.refusal("groq", { model: "llama-3.3-70b-versatile", messages, reasoning: { effort: "low" } }),
      /llama-3\.3-70b-versatile does not reason on Groq/
    )
    const body = C.body("groq", { model: "llama-3.3-70b-versatile", messages, reasoning: { effort: "none" } })
    assert.notProperty(body, "reasoning_effort")
    assert.notProperty(body, "reasoning_format")
  })
})
