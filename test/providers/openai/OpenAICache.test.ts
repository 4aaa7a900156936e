/**
 * OpenAI's prompt caching on the wire (Chat Completions, the Responses API, Azure; Groq has none), against
 * the request bodies OpenAI accepted in pydantic-ai's recorded `gpt-5.6-sol` calls (`fixtures/controls/`)
 * and goldens typed with the `openai` SDK's `ChatCompletionCreateParamsStreaming` and
 * `ResponseCreateParamsStreaming` (6.49: `prompt_cache_breakpoint` on content parts and
 * `prompt_cache_options` are "supported for `gpt-5.6` and later models"; `prompt_cache_retention: "24h"` is
 * extended caching), and `groq-sdk`'s `ChatCompletionCreateParamsStreaming`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Message, Tool } from "effect-llm-stream"
import type { ChatCompletionCreateParamsStreaming as GroqParams } from "groq-sdk/resources/chat/completions"
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions"
import type { ResponseCreateParamsStreaming } from "openai/resources/responses/responses"
import * as Fixtures from "../../../support/Fixtures.js"
import * as C from "../../support/Controls.js"

const question = (catalogue: string) =>
  Message.user([Message.text(catalogue), Message.cachePoint(), Message.text("Reply with exactly: OK")])

/** The text parts of `question("Catalogue")` as sent where the cache point is left out. */
const questionContent = () => [
  { type: "text" as const, text: "Catalogue" },
  { type: "text" as const, text: "Reply with exactly: OK" }
]

describe("gpt-5.6 and later: explicit breakpoints", () => {
  it("Chat Completions: the recorded request (a breakpoint, prompt_cache_options, a key given in extraBody)", () => {
    const [recorded] = Fixtures.json("controls", "openai-cache.requests.json")
    const body = C.body("openai", {
      model: "gpt-5.6-sol",
      messages: [question(recorded.messages[0].content[0].text)],
      // The recorded call named its own key and TTL: extraBody adds them, field by field.
      extraBody: { prompt_cache_key: "pydantic-ai-prompt-cache-e2e-chat", prompt_cache_options: { ttl: "30m" } }
    })
    const golden: ChatCompletionCreateParamsStreaming = {
      ...recorded,
      stream: true,
      stream_options: { include_usage: true }
    }
    assert.deepStrictEqual(body, golden)
  })

  it("Responses API: the recorded request", () => {
    const recorded = Fixtures.json("controls", "openai-responses-cache.request.json")
    const body = C.body("responses", {
      model: "gpt-5.6-sol",
      messages: [question(recorded.input[0].content[0].text)],
      include: ["reasoning.encrypted_content"],
      extraBody: { prompt_cache_key: "pydantic-ai-prompt-cache-e2e-responses", prompt_cache_options: { ttl: "30m" } }
    } as C.Request)
    const golden: ResponseCreateParamsStreaming = { ...recorded, stream: true }
    assert.deepStrictEqual(body, golden)
  })

  it("system parts with a breakpoint; with cache, the implicit breakpoint stays and a key names the prefix", () => {
    const tools = [Tool.make("lookup", { parameters: Schema.Struct({}) })]
    const request: C.Request = {
      model: "gpt-5.6-terra",
      system: [Message.text("Manual"), Message.cachePoint()],
      messages: [Message.user("Q")],
      tools,
      cache: "auto"
    }
    const body = C.body("openai", request)
    const golden: ChatCompletionCreateParamsStreaming = {
      model: "gpt-5.6-terra",
      messages: [
        { role: "system", content: [{ type: "text", text: "Manual", prompt_cache_breakpoint: { mode: "explicit" } }] },
        { role: "user", content: "Q" }
      ],
      tools: [{ type: "function", function: { name: "lookup", parameters: tools[0]!.jsonSchema as any } }],
      prompt_cache_key: body["prompt_cache_key"],
      stream: true,
      stream_options: { include_usage: true }
    }
    assert.deepStrictEqual(body, golden)
    assert.match(body["prompt_cache_key"], /^prefix-[0-9a-f]{16}$/)
    // Responses: a system prompt with a breakpoint is the first input item (`instructions` is a string).
    assert.deepStrictEqual(C.body("responses", request)["input"][0], {
      role: "system",
      content: [{ type: "input_text", text: "Manual", prompt_cache_breakpoint: { mode: "explicit" } }]
    })
  })
})

describe("older families: cache points left out, the key and retention where they apply", () => {
  it("gpt-4o: no breakpoint, a key; a one-hour TTL asks for nothing more", () => {
    const body = C.body("openai", {
      model: "gpt-4o",
      system: [Message.text("Manual"), Message.cachePoint()],
      messages: [question("Catalogue")],
      cache: { ttl: "1h" }
    })
    const golden: ChatCompletionCreateParamsStreaming = {
      model: "gpt-4o",
      messages: [
        { role: "system", content: "Manual" },
        { role: "user", content: questionContent() }
      ],
      prompt_cache_key: body["prompt_cache_key"],
      stream: true,
      stream_options: { include_usage: true }
    }
    assert.deepStrictEqual(body, golden)
  })

  it.each(["gpt-4.1-mini", "gpt-5-mini", "gpt-5.1", "gpt-5.6-sol"])(
    "%s: a one-hour TTL is extended retention",
    (model) => {
      const body = C.body("openai", { model, messages: [Message.user("Q")], cache: { ttl: "1h" } })
      assert.strictEqual(body["prompt_cache_retention"], "24h")
      assert.strictEqual(
        C.body("openai", { model, messages: [Message.user("Q")], cache: "auto" })["prompt_cache_retention"],
        undefined
      )
    }
  )

  it("the key names the system prompt and tools: the same for every turn, another for other instructions", () => {
    const key = (request: Partial<C.Request>) =>
      C.body("openai", {
        model: "gpt-4o",
        messages: [Message.user("Q")],
        cache: "auto",
        ...request
      })["prompt_cache_key"]
    const system = "You answer from the manual."
    assert.strictEqual(
      key({ system }),
      key({ system, messages: [Message.user("Q"), Message.assistant("A"), Message.user("R")] })
    )
    assert.notStrictEqual(key({ system }), key({ system: system + "!" }))
    assert.notStrictEqual(key({ system }), key({ system, tools: [Tool.make("t", { parameters: Schema.Struct({}) })] }))
    // extraBody wins: a key of one's own.
    assert.strictEqual(key({ system, extraBody: { prompt_cache_key: "mine" } }), "mine")
  })
})

describe("Azure and Groq", () => {
  it("Azure: the family is the deployment's baseModel; no prompt_cache_key", () => {
    const request: C.Request = { model: "my-deployment", messages: [question("Catalogue")], cache: "auto" }
    const newer = C.body("azure", { ...request, baseModel: "gpt-5.6-sol" })
    assert.deepStrictEqual(newer["messages"][0].content[0], {
      type: "text",
      text: "Catalogue",
      prompt_cache_breakpoint: { mode: "explicit" }
    })
    assert.strictEqual(newer["prompt_cache_key"], undefined)
    const older = C.body("azure", { ...request, baseModel: "gpt-4o-2024-08-06" })
    assert.notInclude(JSON.stringify(older), "prompt_cache")
  })

  it("Groq: no cache field at all", () => {
    const golden: GroqParams = {
      model: "openai/gpt-oss-120b",
      messages: [
        { role: "system", content: "Manual" },
        { role: "user", content: questionContent() }
      ],
      stream: true
    }
    const body = C.body("groq", {
      model: "openai/gpt-oss-120b",
      system: [Message.text("Manual"), Message.cachePoint({ ttl: "1h" })],
      messages: [question("Catalogue")],
      cache: "auto",
      cacheTools: {}
    })
    assert.deepStrictEqual(body, { ...golden, stream_options: { include_usage: true } })
  })
})
