/**
 * The bin's scripted answers (`ReplayServer.serveScripted`, what `npx effect-llm-stream replay --script` and
 * `--auto` serve) read by each provider's official SDK and its own stream parser, over real HTTP on 127.0.0.1:
 * `openai` (Chat Completions and the Responses API, also for Azure), `@anthropic-ai/sdk`, `groq-sdk`,
 * `@aws-sdk/client-bedrock-runtime` (over HTTP/1.1: it takes HTTP/2 by default, which the replay server does not speak)
 * and `@google/genai` (its `GenerateContentResponse` type, the wire rule for
 * Gemini's events). Each reads the same turn: reasoning, text and a tool call with arguments, and the usage.
 * Then the `ai` package's own tool loop (`streamText` over `@ai-sdk/anthropic`) runs against `--auto`: a call of its
 * tool with valid arguments, then text quoting the result.
 */
import { createAnthropic } from "@ai-sdk/anthropic"
import Anthropic from "@anthropic-ai/sdk"
import { BedrockRuntimeClient, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime"
import { assert, describe, it } from "@effect/vitest"
import { type GenerateContentResponse, GoogleGenAI } from "@google/genai"
import { NodeHttpHandler } from "@smithy/node-http-handler"
import { jsonSchema, stepCountIs, streamText, tool } from "ai"
import { Effect } from "effect"
import { ReplayServer, type TestKit } from "effect-llm-stream/testing"
import Groq from "groq-sdk"
import OpenAI, { AzureOpenAI } from "openai"

const turn: TestKit.Turn = {
  reasoning: "The user wants the weather in Paris.",
  text: "Let me check.",
  toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }],
  usage: { inputTokens: 50, outputTokens: 20 }
}

const parameters = {
  type: "object",
  properties: { city: { type: "string" } },
  required: ["city"],
  additionalProperties: false
} as const

/** The environment of a server answering every request with `turn` (each check its own). */
const environment = Effect.map(
  ReplayServer.make,
  (server) => (script: ReadonlyArray<TestKit.Turn> | "auto" = [turn]) =>
    ReplayServer.serveScripted(server, script, { delayMs: 0 })
)

const run = <A>(
  check: (env: (script?: ReadonlyArray<TestKit.Turn> | "auto") => Record<string, string>) => Promise<A>
) =>
  Effect.gen(function*() {
    const serve = yield* environment
    return yield* Effect.promise(() => check((script) => ({ ...serve(script) })))
  }).pipe(Effect.scoped, Effect.runPromise)

describe("the bin's scripted answers, read by each official SDK", () => {
  it(
    "openai: Chat Completions (ChatCompletionStream) and the Responses API (ResponseStream), and Azure's deployments",
    () =>
      run(async (env) => {
        const openai = env()
        const client = new OpenAI({ apiKey: "replay", baseURL: openai["OPENAI_BASE_URL"]! })
        const tools = [{ type: "function" as const, function: { name: "get_weather", parameters } }]
        const chat = await client.chat.completions.stream({
          model: "gpt-4o-mini",
          messages: [{ role: "user", content: "Weather in Paris?" }],
          tools
        }).finalChatCompletion()
        const message = chat.choices[0]!.message
        assert.strictEqual(message.content, "Let me check.")
        assert.deepStrictEqual(
          JSON.parse(message.tool_calls![0]!.type === "function" ? message.tool_calls![0]!.function.arguments : ""),
          {
            city: "Paris"
          }
        )
        assert.strictEqual(chat.choices[0]!.finish_reason, "tool_calls")
        assert.strictEqual(chat.usage!.prompt_tokens, 50)

        const response = await new OpenAI({ apiKey: "replay", baseURL: env()["OPENAI_BASE_URL"]! }).responses.stream({
          model: "gpt-4o-mini",
          input: "Weather in Paris?",
          tools: [{ type: "function", name: "get_weather", parameters, strict: true }]
        }).finalResponse()
        assert.strictEqual(response.output_text, "Let me check.")
        const reasoning = response.output.find((item) => item.type === "reasoning")
        assert.strictEqual(reasoning?.type === "reasoning" ? reasoning.summary[0]?.text : undefined, turn.reasoning)
        const call = response.output.find((item) => item.type === "function_call")
        assert.deepStrictEqual(call?.type === "function_call" ? JSON.parse(call.arguments) : undefined, {
          city: "Paris"
        })
        assert.strictEqual(response.usage!.output_tokens, 20)

        const azure = new AzureOpenAI({
          apiKey: "replay",
          endpoint: env()["AZURE_ENDPOINT"]!.replace(/\/openai$/, ""),
          apiVersion: "2024-10-21",
          deployment: "my-deployment"
        })
        const deployed = await azure.chat.completions.stream({
          model: "my-deployment",
          messages: [{ role: "user", content: "Weather in Paris?" }],
          tools
        }).finalChatCompletion()
        assert.strictEqual(deployed.choices[0]!.message.content, "Let me check.")
        assert.strictEqual(deployed.model, "my-deployment")
      }),
    30_000
  )

  it(
    "@anthropic-ai/sdk's MessageStream: thinking, text and tool_use blocks, the stop reason and usage",
    () =>
      run(async (env) => {
        const client = new Anthropic({ apiKey: "replay", baseURL: env()["ANTHROPIC_BASE_URL"]! })
        const message = await client.messages.stream({
          model: "claude-sonnet-4-6",
          max_tokens: 1024,
          messages: [{ role: "user", content: "Weather in Paris?" }],
          tools: [{ name: "get_weather", input_schema: { ...parameters, required: ["city"] } }]
        }).finalMessage()
        assert.deepStrictEqual(message.content.map((block) => block.type), ["thinking", "text", "tool_use"])
        const [thinking, text, use] = message.content
        assert.strictEqual(thinking!.type === "thinking" ? thinking.thinking : "", turn.reasoning)
        assert.strictEqual(text!.type === "text" ? text.text : "", "Let me check.")
        assert.deepStrictEqual(use!.type === "tool_use" ? use.input : undefined, { city: "Paris" })
        assert.strictEqual(message.stop_reason, "tool_use")
        assert.strictEqual(message.usage.output_tokens, 20)
      }),
    30_000
  )

  it("groq-sdk's stream: reasoning, content, the whole tool call, x_groq usage", () =>
    run(async (env) => {
      const client = new Groq({ apiKey: "replay", baseURL: env()["GROQ_BASE_URL"]!.replace(/\/openai\/v1$/, "") })
      const stream = await client.chat.completions.create({
        model: "openai/gpt-oss-120b",
        messages: [{ role: "user", content: "Weather in Paris?" }],
        tools: [{ type: "function", function: { name: "get_weather", parameters } }],
        stream: true
      })
      let content = ""
      let reasoning = ""
      const calls: Array<unknown> = []
      let usage: unknown
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta
        content += delta?.content ?? ""
        reasoning += delta?.reasoning ?? ""
        for (const call of delta?.tool_calls ?? []) calls.push(JSON.parse(call.function!.arguments!))
        usage = chunk.x_groq?.usage ?? usage
      }
      assert.strictEqual(content, "Let me check.")
      assert.strictEqual(reasoning, turn.reasoning)
      assert.deepStrictEqual(calls, [{ city: "Paris" }])
      assert.include(usage, { prompt_tokens: 50, completion_tokens: 20 })
    }), 30_000)

  it(
    "@aws-sdk/client-bedrock-runtime's ConverseStream: its event-stream frames, text, reasoning, tool use, usage",
    () =>
      run(async (env) => {
        const client = new BedrockRuntimeClient({
          region: "us-east-1",
          endpoint: env()["BEDROCK_BASE_URL"]!,
          credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "replay" },
          // The SDK streams ConverseStream over HTTP/2 by default; the replay server speaks HTTP/1.1.
          requestHandler: new NodeHttpHandler()
        })
        const { stream } = await client.send(
          new ConverseStreamCommand({
            modelId: "us.amazon.nova-micro-v1:0",
            messages: [{ role: "user", content: [{ text: "Weather in Paris?" }] }],
            toolConfig: {
              tools: [{
                toolSpec: { name: "get_weather", inputSchema: { json: { ...parameters, required: ["city"] } } }
              }]
            }
          })
        )
        let text = ""
        let reasoning = ""
        let input = ""
        let stopReason: string | undefined
        let outputTokens: number | undefined
        for await (const event of stream!) {
          const delta = event.contentBlockDelta?.delta
          text += delta?.text ?? ""
          reasoning += delta?.reasoningContent?.text ?? ""
          input += delta?.toolUse?.input ?? ""
          stopReason = event.messageStop?.stopReason ?? stopReason
          outputTokens = event.metadata?.usage?.outputTokens ?? outputTokens
        }
        assert.strictEqual(text, "Let me check.")
        assert.strictEqual(reasoning, turn.reasoning)
        assert.deepStrictEqual(JSON.parse(input), { city: "Paris" })
        assert.strictEqual(stopReason, "tool_use")
        assert.strictEqual(outputTokens, 20)
      }),
    30_000
  )

  it(
    "@google/genai's generateContentStream: GenerateContentResponse events, thoughts, text, function call, usage",
    () =>
      run(async (env) => {
        const client = new GoogleGenAI({
          apiKey: "replay",
          httpOptions: { baseUrl: env()["GEMINI_BASE_URL"]!.replace(/\/v1beta$/, "") }
        })
        const events: Array<GenerateContentResponse> = []
        const stream = await client.models.generateContentStream({
          model: "gemini-2.5-flash",
          contents: "Weather in Paris?",
          config: { tools: [{ functionDeclarations: [{ name: "get_weather", parametersJsonSchema: parameters }] }] }
        })
        for await (const event of stream) events.push(event)
        const parts = events.flatMap((event) => event.candidates?.[0]?.content?.parts ?? [])
        assert.strictEqual(
          parts.filter((part) => part.thought === true).map((part) => part.text).join(""),
          turn.reasoning
        )
        assert.strictEqual(
          parts.filter((part) => part.thought !== true).map((part) => part.text ?? "").join(""),
          "Let me check."
        )
        assert.deepStrictEqual(events.flatMap((event) => event.functionCalls ?? []).map((call) => call.args), [{
          city: "Paris"
        }])
        const usage = events.at(-1)!.usageMetadata!
        assert.strictEqual(usage.promptTokenCount, 50)
        assert.strictEqual((usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0), 20)
        assert.strictEqual(events.at(-1)!.candidates?.[0]?.finishReason, "STOP")
      }),
    30_000
  )

  it(
    "the ai package's tool loop (streamText over @ai-sdk/anthropic) against --auto: a valid call, then its result quoted",
    () =>
      run(async (env) => {
        const anthropic = createAnthropic({ apiKey: "replay", baseURL: `${env("auto")["ANTHROPIC_BASE_URL"]!}/v1` })
        const inputs: Array<unknown> = []
        const result = streamText({
          model: anthropic("claude-sonnet-4-6"),
          prompt: "What is the weather in Paris?",
          tools: {
            get_weather: tool({
              description: "The weather in a city",
              inputSchema: jsonSchema<{ city: string }>(parameters),
              execute: async (input) => {
                inputs.push(input)
                return `18°C in ${input.city}`
              }
            })
          },
          stopWhen: stepCountIs(3)
        })
        const text = await result.text
        assert.strictEqual(inputs.length, 1)
        assert.strictEqual(typeof (inputs[0] as { city: unknown }).city, "string")
        assert.include(text, "18°C in")
        assert.strictEqual((await result.steps).length, 2)
      }),
    30_000
  )
})
