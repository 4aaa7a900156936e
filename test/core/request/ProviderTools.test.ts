/**
 * `providerTools`: tools declared as each API declares them, sent after the request's own tools, checked against
 * the official SDKs' request types (the version installed here):
 *
 * - Anthropic: `@anthropic-ai/sdk` 1.14 `MessageCreateParams.tools: Array<ToolUnion>`, where `WebSearchTool20250305`
 *   is `{ type: "web_search_20250305", name: "web_search", max_uses?, cache_control? }`: a server tool takes the
 *   tools' cache breakpoint like any tool;
 * - OpenAI Chat Completions: `openai` 7.57 `ChatCompletionTool = ChatCompletionFunctionTool |
 *   ChatCompletionCustomTool`; Groq: `groq-sdk` `ChatCompletionTool.type: "function" | "browser_search" |
 *   "code_interpreter"`;
 * - the Responses API: `openai` 7.57 `Tool` (`WebSearchTool`, `{ type: "web_search" }`), after the deprecated
 *   `builtInTools`;
 * - Gemini: `@google/genai` 3.3 `Tool` (one of `functionDeclarations`, `googleSearch`, `codeExecution`,
 *   `urlContext`, ... per entry of `tools`);
 * - Bedrock: `@aws-sdk/client-bedrock-runtime` `Tool = toolSpec | systemTool | cachePoint` in `toolConfig.tools`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as TokenEstimate from "../../../src/core/estimate/TokenEstimate.js"
import * as TokenFamily from "../../../src/core/estimate/TokenFamily.js"
import * as CachePoints from "../../../src/core/request/CachePoints.js"
import * as GoogleRequest from "../../../src/providers/google/GoogleRequest.js"
import * as Controls from "../../support/Controls.js"

const lookup = Tool.make("lookup", {
  description: "Looks a product up",
  parameters: Schema.Struct({ sku: Schema.String })
})
const messages = [Message.user("What is new?")]

describe("providerTools", () => {
  it("Anthropic: after the request's tools, the tools' cache breakpoint on the last of all", () => {
    const webSearch = { type: "web_search_20250305", name: "web_search", max_uses: 3 }
    const body = Controls.body("anthropic", {
      model: "claude-sonnet-4-6",
      messages,
      tools: [lookup],
      providerTools: [webSearch],
      cacheTools: { ttl: "1h" }
    })
    assert.deepStrictEqual(body["tools"], [
      { name: "lookup", description: "Looks a product up", input_schema: lookup.jsonSchema },
      { ...webSearch, cache_control: { type: "ephemeral", ttl: "1h" } }
    ])
    // Alone, they are the tools.
    const alone = Controls.body("anthropic", { model: "claude-sonnet-4-6", messages, providerTools: [webSearch] })
    assert.deepStrictEqual(alone["tools"], [webSearch])
    assert.isUndefined(Controls.body("anthropic", { model: "claude-sonnet-4-6", messages })["tools"])
  })

  it("Chat Completions (OpenAI, Azure, Groq): after the function tools", () => {
    const custom = { type: "custom", custom: { name: "code_exec", description: "Runs Python code" } }
    for (const api of ["openai", "azure"] as const) {
      const body = Controls.body(api, { model: "gpt-5", messages, tools: [lookup], providerTools: [custom] })
      assert.deepStrictEqual(body["tools"].map((tool: any) => tool.type), ["function", "custom"], api)
      assert.deepStrictEqual(body["tools"][1], custom, api)
    }
    const groq = Controls.body("groq", {
      model: "openai/gpt-oss-120b",
      messages,
      providerTools: [{ type: "browser_search" }]
    })
    assert.deepStrictEqual(groq["tools"], [{ type: "browser_search" }])
  })

  it("the Responses API: after the function tools and the deprecated builtInTools", () => {
    for (const api of ["responses", "azure-responses"] as const) {
      const body = Controls.body(api, {
        model: "gpt-5",
        messages,
        tools: [lookup],
        builtInTools: [{ type: "code_interpreter", container: { type: "auto" } }],
        providerTools: [{ type: "web_search" }]
      } as Controls.Request)
      assert.deepStrictEqual(body["tools"].map((tool: any) => tool.type), [
        "function",
        "code_interpreter",
        "web_search"
      ])
    }
  })

  it("Gemini: the functions one tool, each of the provider's one more", () => {
    const body = Result.getOrThrow(GoogleRequest.encodeRequest({
      model: "gemini-3-pro-preview",
      messages,
      tools: [lookup],
      providerTools: [{ googleSearch: {} }, { urlContext: {} }]
    }))
    assert.deepStrictEqual(body["tools"], [
      {
        functionDeclarations: [{
          name: "lookup",
          description: "Looks a product up",
          parametersJsonSchema: lookup.jsonSchema
        }]
      },
      { googleSearch: {} },
      { urlContext: {} }
    ])
    const alone = Result.getOrThrow(GoogleRequest.encodeRequest({
      model: "gemini-2.5-flash",
      messages,
      providerTools: [{ googleSearch: {} }]
    }))
    assert.deepStrictEqual(alone["tools"], [{ googleSearch: {} }])
  })

  it("Bedrock: in toolConfig after the tool specs, before the tools' cache point; none with toolChoice none", () => {
    const grounding = { systemTool: { name: "nova_grounding" } }
    const body = Controls.body("bedrock", {
      model: "anthropic.claude-sonnet-4-5-20250929-v1:0",
      messages,
      tools: [lookup],
      providerTools: [grounding],
      cacheTools: {}
    })
    const tools = body["toolConfig"]["tools"]
    assert.strictEqual(tools.length, 3)
    assert.strictEqual(tools[0].toolSpec.name, "lookup")
    assert.deepStrictEqual(tools[1], grounding)
    assert.property(tools[2], "cachePoint")
    const alone = Controls.body("bedrock", { model: "amazon.nova-premier-v1:0", messages, providerTools: [grounding] })
    assert.deepStrictEqual(alone["toolConfig"], { tools: [grounding] })
    const none = Controls.body("bedrock", {
      model: "amazon.nova-premier-v1:0",
      messages,
      providerTools: [grounding],
      toolChoice: "none"
    })
    assert.isUndefined(none["toolConfig"])
  })

  it("a tool a provider tool declares by name is declared by it alone (a client tool of the provider's kind)", () => {
    const bash = Tool.make("bash", { parameters: Schema.Struct({ command: Schema.String }) })
    const declared = { type: "bash_20250124", name: "bash" }
    const anthropic = Controls.body("anthropic", {
      model: "claude-sonnet-4-6",
      messages,
      tools: [lookup, bash],
      providerTools: [declared]
    })
    assert.deepStrictEqual(anthropic["tools"].map((tool: any) => tool.type ?? tool.name), ["lookup", "bash_20250124"])
    const codeExec = Tool.make("code_exec", { parameters: Schema.String, jsonSchema: { type: "object" } })
    const custom = { type: "custom", custom: { name: "code_exec" } }
    const openai = Controls.body("openai", {
      model: "gpt-5",
      messages,
      tools: [lookup, codeExec],
      providerTools: [custom]
    })
    assert.deepStrictEqual(openai["tools"].map((tool: any) => tool.function?.name ?? tool.type), ["lookup", "custom"])
    const responses = Controls.body("responses", {
      model: "gpt-5",
      messages,
      tools: [lookup, codeExec],
      providerTools: [{ type: "custom", name: "code_exec" }]
    })
    assert.deepStrictEqual(responses["tools"].map((tool: any) => [tool.type, tool.name]), [
      ["function", "lookup"],
      ["custom", "code_exec"]
    ])
  })

  it("count in the estimate, name the prompt's prefix, and take the tools' cache breakpoint", () => {
    const family = TokenFamily.claude
    const plain = TokenEstimate.inputTokens({ messages }, family)
    const searched = TokenEstimate.inputTokens({ messages, providerTools: [{ type: "web_search_20250305" }] }, family)
    assert.isAbove(searched, plain)
    assert.strictEqual(CachePoints.prefixKey({ messages }), CachePoints.prefixKey({ messages, providerTools: [] }))
    assert.notStrictEqual(
      CachePoints.prefixKey({ messages }),
      CachePoints.prefixKey({ messages, providerTools: [{ type: "web_search" }] })
    )
    const points = Result.getOrThrow(CachePoints.breakpoints({
      messages,
      providerTools: [{ type: "web_search" }],
      cacheTools: {}
    }))
    assert.deepStrictEqual(points.map((point) => point.at), ["cacheTools"])
  })
})
