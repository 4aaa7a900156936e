/**
 * Prompt caching on the wire, per provider and model family: request bodies against goldens from real
 * traffic (the request bodies the APIs accepted in pydantic-ai's recorded calls, `fixtures/controls/`) and
 * goldens typed with the official SDKs' request types (a golden the SDK would not accept does not compile):
 *
 * - Anthropic: `@anthropic-ai/sdk` `MessageCreateParamsStreaming` (`cache_control: CacheControlEphemeral`
 *   on text, image, document, tool_result blocks, system text blocks, tools, and at the top level).
 * - Bedrock: `@aws-sdk/client-bedrock-runtime` `ConverseStreamCommandInput` (`CachePointBlock` in
 *   `ContentBlock`, `SystemContentBlock`, `Tool`), serialized by the SDK itself.
 *
 * OpenAI's, Azure's and Groq's are in `OpenAICache.test.ts`.
 */
import type { MessageCreateParamsStreaming } from "@anthropic-ai/sdk/resources/messages"
import type { ConverseStreamCommandInput } from "@aws-sdk/client-bedrock-runtime"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as Fixtures from "../../../support/Fixtures.js"
import { serializedBySdk } from "../../support/BedrockSdk.js"
import * as C from "../../support/Controls.js"

const tool = (name: string) => Tool.make(name, { parameters: Schema.Struct({}) })

describe("Anthropic: cache_control", () => {
  it("cache: { ttl: \"5m\" } is the top-level cache_control of the recorded automatic-caching calls, turn by turn", () => {
    const recorded = Fixtures.json("controls", "anthropic-cache.requests.json")
    const [first, second] = recorded
    const question = Message.user([Message.text(first.messages[0].content[0].text)])
    const turns = [
      [question],
      [
        question,
        Message.assistant(second.messages[1].content[0].text),
        Message.user([Message.text(second.messages[2].content[0].text)])
      ]
    ]
    turns.forEach((messages, turn) => {
      const body = C.body("anthropic", {
        model: "claude-sonnet-4-5",
        system: "You are a helpful assistant.",
        messages,
        cache: { ttl: "5m" }
      })
      assert.deepStrictEqual(body, { ...recorded[turn], stream: true })
    })
  })

  it("breakpoints on a tool, system text, a user part and a tool result's part; the automatic one", () => {
    const golden: MessageCreateParamsStreaming = {
      model: "claude-opus-4-7",
      max_tokens: 4096,
      system: [
        { type: "text", text: "You answer from the manual.", cache_control: { type: "ephemeral", ttl: "1h" } },
        { type: "text", text: "Be brief." }
      ],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "The manual", cache_control: { type: "ephemeral" } },
            { type: "text", text: "How do I reset it?" }
          ]
        },
        { role: "assistant", content: [{ type: "tool_use", id: "call_1", name: "lookup", input: {} }] },
        {
          role: "user",
          content: [{
            type: "tool_result",
            tool_use_id: "call_1",
            content: [{ type: "text", text: "Hold the button.", cache_control: { type: "ephemeral" } }]
          }]
        }
      ],
      tools: [{
        name: "lookup",
        input_schema: { type: "object", properties: {}, additionalProperties: false },
        cache_control: { type: "ephemeral", ttl: "1h" }
      }],
      cache_control: { type: "ephemeral" },
      stream: true
    }
    // Four breakpoints would be the limit: the tool's, the system's, the user part's and the automatic one;
    // the tool result's is a fifth, so this golden is checked without `cache`, and the limit below.
    const request: C.Request = {
      model: "claude-opus-4-7",
      system: [
        Message.text("You answer from the manual."),
        Message.cachePoint({ ttl: "1h" }),
        Message.text("Be brief.")
      ],
      tools: [tool("lookup")],
      cacheTools: { ttl: "1h" },
      messages: [
        Message.user([Message.text("The manual"), Message.cachePoint(), Message.text("How do I reset it?")]),
        Message.assistant("", { toolCalls: [new Tool.ToolCall({ id: "call_1", name: "lookup", arguments: "{}" })] }),
        Message.toolResult({
          toolCallId: "call_1",
          name: "lookup",
          content: [Message.text("Hold the button."), Message.cachePoint()]
        })
      ]
    }
    const { cache_control: _, ...explicit } = golden
    assert.deepStrictEqual(C.body("anthropic", request), explicit)
    assert.match(
      C.refusal("anthropic", { ...request, cache: "auto" }),
      /at most 4 cache breakpoints .*this request has 5/
    )
    const fewer = { ...request, cacheTools: undefined, tools: [tool("lookup")] }
    const { tools, ...rest } = golden
    const { cache_control: __, ...plainTool } = tools![0] as any
    assert.deepStrictEqual(C.body("anthropic", { ...fewer, cache: "auto" }), { ...rest, tools: [plainTool] })
  })

  it("a system prompt without cache points stays one string", () => {
    const body = C.body("anthropic", {
      model: "claude-opus-4-7",
      system: [Message.text("a"), Message.text("b")],
      messages: [Message.user("Hi")],
      cache: "auto"
    })
    assert.strictEqual(body["system"], "a\nb")
    assert.deepStrictEqual(body["cache_control"], { type: "ephemeral" })
  })

  it("refuses a longer TTL after a shorter one, in tools → system → messages order, the automatic one last", () => {
    const base: C.Request = {
      model: "claude-sonnet-4-5",
      system: [Message.text("Manual"), Message.cachePoint()],
      messages: [Message.user([Message.text("Q"), Message.cachePoint({ ttl: "1h" })])]
    }
    assert.match(C.refusal("anthropic", base), /messages\[0\]\.parts\[1\] \(1h\) comes after system\.parts\[1\] \(5m\)/)
    assert.match(
      C.refusal("anthropic", { ...base, messages: [Message.user("Q")], cache: { ttl: "1h" } }),
      /the automatic breakpoint of cache \(1h\) comes after system\.parts\[1\] \(5m\)/
    )
    assert.match(
      C.refusal("anthropic", { ...base, system: "Manual", tools: [tool("t")], cacheTools: {} }),
      /comes after cacheTools \(5m\)/
    )
  })

  it("refuses a breakpoint on an empty text block", () => {
    assert.match(
      C.refusal("anthropic", {
        model: "claude-sonnet-4-5",
        messages: [Message.user([Message.text(""), Message.cachePoint()])]
      }),
      /messages\[0\]\.parts\[1\] \(cache point\): Anthropic takes no cache breakpoint on an empty text block/
    )
  })
})

describe("a cache point must follow a content part, on every API", () => {
  it.each(C.apis)("%s: first in its message, or after another cache point", (api) => {
    const model = api === "bedrock" ? "us.anthropic.claude-sonnet-4-5-20250929-v1:0" : "gpt-5.6-sol"
    assert.match(
      C.refusal(api, { model, messages: [Message.user([Message.cachePoint(), Message.text("Q")])] }),
      /messages\[0\]\.parts\[0\] \(cache point\): .*this one is first/
    )
    assert.match(
      C.refusal(api, {
        model,
        system: [Message.text("S"), Message.cachePoint(), Message.cachePoint()],
        messages: [Message.user("Q")]
      }),
      /system\.parts\[2\] \(cache point\): .*follows another cache point/
    )
  })
})

describe("Bedrock: cachePoint blocks", () => {
  it("the recorded Converse request with four cache points (system, tools, two in a message)", async () => {
    const recorded = Fixtures.json("controls", "bedrock-cache.request.json")
    const body = C.body("bedrock", {
      model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      ...C.recordedBedrockCacheRequest(recorded)
    })
    // The recorded body also has an empty `inferenceConfig`, which this library leaves out.
    const { inferenceConfig: _, ...expected } = recorded
    assert.deepStrictEqual(body, expected)
  })

  it("the automatic checkpoint goes after the last block, before trailing documents; 1h on Claude 4.5", async () => {
    const input: ConverseStreamCommandInput = {
      modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      system: [{ text: "Manual" }, { cachePoint: { type: "default", ttl: "1h" } }],
      messages: [{
        role: "user",
        content: [
          { text: "Read this." },
          { cachePoint: { type: "default", ttl: "1h" } },
          { document: { format: "txt", name: "Document 1", source: { bytes: Buffer.from("notes") } } }
        ]
      }]
    }
    const body = C.body("bedrock", {
      model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      system: [Message.text("Manual"), Message.cachePoint({ ttl: "1h" })],
      messages: [
        Message.user([Message.text("Read this."), Message.file(Buffer.from("notes"), { mediaType: "text/plain" })])
      ],
      cache: { ttl: "1h" }
    })
    assert.deepStrictEqual(body, { ...(await serializedBySdk(input) as object) })
  })

  it("a tool result's trailing cache point is a block after it; one inside it is refused", async () => {
    const model = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
    const call = new Tool.ToolCall({ id: "c1", name: "lookup", arguments: "{}" })
    const messages = (parts: ReadonlyArray<Message.Part>) => [
      Message.user("Q"),
      Message.assistant("", { toolCalls: [call] }),
      Message.toolResult({ toolCallId: "c1", name: "lookup", content: parts })
    ]
    const body = C.body("bedrock", { model, messages: messages([Message.text("A"), Message.cachePoint()]) })
    assert.deepStrictEqual(body["messages"][2].content, [
      { toolResult: { toolUseId: "c1", content: [{ text: "A" }] } },
      { cachePoint: { type: "default" } }
    ])
    assert.match(
      C.refusal("bedrock", { model, messages: messages([Message.text("A"), Message.cachePoint(), Message.text("B")]) }),
      /messages\[2\]\.parts\[1\] \(cache point\): Bedrock takes no cache point inside a tool result/
    )
  })

  it("refuses a cache point right after a document, and a 1h TTL where the model has only 5m", () => {
    assert.match(
      C.refusal("bedrock", {
        model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        messages: [
          Message.user([
            Message.text("Read"),
            Message.file(Buffer.from("x"), { mediaType: "text/plain" }),
            Message.cachePoint()
          ])
        ]
      }),
      /messages\[0\]\.parts\[2\] \(cache point\): Bedrock takes no cache point right after a document/
    )
    for (
      const model of [
        "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
        "us.anthropic.claude-opus-4-6-v1",
        "amazon.nova-pro-v1:0"
      ]
    ) {
      assert.match(
        C.refusal("bedrock", { model, messages: [Message.user("Q")], cache: { ttl: "1h" } }),
        /the automatic breakpoint of cache \(1h\): Bedrock takes cache TTLs of 5m on this model/
      )
    }
    assert.match(
      C.refusal("bedrock", {
        model: "us.amazon.nova-pro-v1:0",
        messages: [
          Message.user([
            Message.text("1"),
            Message.cachePoint(),
            Message.text("2"),
            Message.cachePoint(),
            Message.text("3"),
            Message.cachePoint(),
            Message.text("4"),
            Message.cachePoint(),
            Message.text("5")
          ])
        ],
        cache: "auto"
      }),
      /Bedrock takes at most 4 cache breakpoints per request \(counting the one cache adds\), and this request has 5/
    )
  })

  it("Nova caches no tools (cacheTools left out); a model without caching gets no checkpoint at all", () => {
    const request: C.Request = {
      model: "us.amazon.nova-pro-v1:0",
      tools: [tool("t")],
      cacheTools: {},
      messages: [Message.user([Message.text("Q"), Message.cachePoint()])],
      cache: "auto"
    }
    const nova = C.body("bedrock", request)
    assert.deepStrictEqual(nova["toolConfig"].tools.length, 1)
    assert.deepStrictEqual(nova["messages"][0].content, [{ text: "Q" }, { cachePoint: { type: "default" } }])
    const llama = C.body("bedrock", { ...request, model: "us.meta.llama3-3-70b-instruct-v1:0" })
    assert.notInclude(JSON.stringify(llama), "cachePoint")
  })
})

describe("cache points in stored conversations", () => {
  it("a message with cache points and a system prompt of parts encode as JSON and decode back as they were", () => {
    const messages = [
      Message.system([Message.text("Manual"), Message.cachePoint({ ttl: "1h" })]),
      Message.user([Message.text("Q"), Message.cachePoint()]),
      Message.toolResult({
        toolCallId: "c",
        name: "t",
        content: [Message.text("A"), Message.cachePoint({ ttl: "5m" })]
      })
    ]
    const codec = Schema.Array(Message.Message)
    const json = JSON.parse(JSON.stringify(Schema.encodeSync(codec)(messages)))
    assert.deepStrictEqual(json[0], {
      _tag: "SystemMessage",
      text: "Manual",
      parts: [{ _tag: "TextPart", text: "Manual" }, { _tag: "CachePointPart", ttl: "1h" }]
    })
    assert.deepStrictEqual(Schema.decodeUnknownSync(codec)(json), messages)
    // Code that reads only a message's text sees its text.
    assert.deepStrictEqual(messages.map((message) => (message as { readonly text?: string }).text), [
      "Manual",
      "Q",
      undefined
    ])
  })
})

describe("Bedrock: tools left out take no checkpoint", () => {
  it("toolChoice \"none\" sends no tools, so cacheTools does not count against the four checkpoints", () => {
    const points = [1, 2, 3, 4].flatMap((n) => [Message.text(`${n}`), Message.cachePoint()])
    const request: C.Request = {
      model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      tools: [tool("t")],
      toolChoice: "none",
      cacheTools: {},
      messages: [Message.user(points)]
    }
    const body = C.body("bedrock", request)
    assert.notProperty(body, "toolConfig")
    assert.strictEqual(JSON.stringify(body).match(/cachePoint/g)?.length, 4)
    assert.match(C.refusal("bedrock", { ...request, toolChoice: "auto" }), /at most 4 cache breakpoints .* has 5/)
  })
})
