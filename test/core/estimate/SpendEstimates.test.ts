/**
 * How close the estimates are, measured on the recordings: the output of every recorded text answer whose usage
 * is known, estimated from what arrived as a stopped answer's would be, against the output tokens the provider
 * reported (OpenAI's models within 5 %, the others within 20 %); the input of every recorded OpenAI request
 * (`test/fixtures/openai/requests.json`) against its `prompt_tokens` (within 5 %). A count is an integer: an
 * estimate one token off passes whatever the percentage (a 9-token answer cannot be within 0.45 tokens). Answers
 * with hidden output are not text answers: reasoning models' (their thinking is billed, not streamed), answers
 * with the provider's own tool calls (search results, citations and code the stream does not show) or citations of
 * the request's documents (Bedrock's cited text is billed output the stream names only by its place), several
 * choices (the response is the first), Claude's compaction and redacted thinking, and a response reporting no output
 * (a call a code-execution container's program made). Tool calls are measured too,
 * with the looser bound of their framing (15 %).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { CallStream, LanguageModel, Message, OpenAICompatible, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as TokenEstimate from "../../../src/core/estimate/TokenEstimate.js"
import * as TokenFamily from "../../../src/core/estimate/TokenFamily.js"
import * as Tokenizer from "../../../src/core/estimate/Tokenizer.js"
import * as ProviderProfile from "../../../src/core/provider/ProviderProfile.js"
import * as CompatibleHosts from "../../../src/providers/openai-compatible/CompatibleHosts.js"
import * as ProviderProfiles from "../../../src/providers/ProviderProfiles.js"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as RecordedModels from "../../support/RecordedModels.js"

// Estimates with the tokenizer (the test setup counts by characters elsewhere).
process.env["EFFECT_LLM_STREAM_TOKENIZER"] = "on"
Tokenizer.forget()

/** Whether an estimate is within `share` of the reported count, or one token off. */
const within = (estimate: number, reported: number, share: number): boolean =>
  Math.abs(estimate - reported) <= Math.max(1, share * reported)

/** Reasoning models: their hidden thinking is part of the output and no stream shows it. */
const reasoningModel = /^(gpt-5|o\d|codex)|gemini-(2\.5|3)|gemma-4/

/** A recorded Chat Completions message as the library's. */
const messageOf = (message: any): Message.Message => {
  switch (message.role) {
    case "system":
      return Message.system(message.content)
    case "user":
      return Message.user(message.content)
    case "assistant":
      return Message.assistant(message.content ?? "", {
        toolCalls: (message.tool_calls ?? []).map((call: any) =>
          new Tool.ToolCall({ id: call.id, name: call.function.name, arguments: call.function.arguments })
        )
      })
    default:
      return Message.toolResult({ toolCallId: message.tool_call_id, name: "", content: message.content })
  }
}

/** How many choices a recording answers with (its expected values say; one when they do not). */
const choices = (recording: RecordedModels.Recording): number => {
  if (recording.folder === "bedrock") return 1
  const expected = Fixtures.json(recording.folder, `${recording.name}.expected.json`) as { readonly choices?: object }
  return expected.choices === undefined ? 1 : Object.keys(expected.choices).length
}

interface Measured {
  readonly name: string
  readonly family: string
  readonly kind: "text" | "tool calls"
  readonly estimate: number
  readonly reported: number
}

/**
 * The estimate of a settled call's output against the one reported, by `profile`'s family; none when the call failed,
 * reported no output or had output the stream does not show (`choices` answers: the response is the first).
 */
const measure = (
  name: string,
  ending: CallStream.Ending,
  profile: ProviderProfile.Profile | undefined,
  choices: number
): ReadonlyArray<Measured> => {
  const response = ending.response
  const reported = response.usage.outputTokens
  const model = response.model ?? ""
  const hidden = response.serverToolCalls.length > 0 || response.reasoning !== "" ||
    (response.usage.reasoningTokens ?? 0) > 0 || reasoningModel.test(model) || choices > 1 ||
    /compaction|redacted/.test(JSON.stringify(response.blockRecords)) ||
    /"citations/.test(JSON.stringify(response.contentBlocks))
  // A response reporting no output wrote none: a call a code-execution container's program made (Anthropic's
  // programmatic tool calling) is not the model's tokens.
  if (ending._tag !== "Completed" || reported === undefined || reported === 0 || hidden) return []
  const family = ProviderProfile.tokenFamilyOf(profile, model)
  return [{
    name,
    family: family.name,
    kind: response.toolCalls.length > 0 ? "tool calls" : "text",
    estimate: TokenEstimate.outputTokens(response, family),
    reported
  }]
}

/** Logs each measure, and checks it: OpenAI's text within 5 %, the others' within 20 %, tool calls within 15 %. */
const check = (measured: ReadonlyArray<Measured>): void => {
  console.log(
    measured.map((entry) =>
      `${entry.name} (${entry.family}, ${entry.kind}): estimated ${entry.estimate}, reported ${entry.reported}`
    ).join("\n")
  )
  for (const entry of measured) {
    const share = entry.kind === "tool calls" ? 0.15 : entry.family.startsWith("openai") ? 0.05 : 0.2
    assert.isTrue(within(entry.estimate, entry.reported, share), JSON.stringify(entry))
  }
}

describe("estimates", () => {
  it.live("the output of every recorded text answer: OpenAI within 5 %, the others within 20 %", () =>
    Effect.gen(function*() {
      yield* Effect.promise(() => Tokenizer.load("o200k"))
      const server = yield* ReplayServer.make
      const recordings = RecordedModels.folders.flatMap((folder) => RecordedModels.recordings(folder))
      const measured: Array<Measured> = (yield* Effect.forEach(recordings, (recording) =>
        Effect.gen(function*() {
          const { folder } = recording
          const baseUrl = server.serve({
            headers: { "content-type": RecordedModels.contentType(folder) },
            body: recording.body
          })
          const ending = yield* CallStream.settle(LanguageModel.stream("hi")).pipe(
            Effect.provide(RecordedModels.model(folder, baseUrl, clients[0]![1]))
          )
          return measure(
            `${folder}/${recording.name}`,
            ending,
            ProviderProfiles.profileOf(ending.response.provider),
            choices(recording)
          )
        }), { concurrency: 8 })).flat()
      const texts = measured.filter((entry) => entry.kind === "text")
      // Every provider has text answers in the measure, and OpenAI's are counted with its own encoding.
      assert.includeMembers([...new Set(texts.map((entry) => entry.family))], ["openai", "claude", "gemini", "other"])
      assert.isAtLeast(texts.length, 15)
      check(measured)
    }).pipe(Effect.scoped))

  it.live("the output of every recorded OpenAI-compatible host's answer, by its row's family", () =>
    Effect.gen(function*() {
      yield* Effect.promise(() => Tokenizer.load("o200k"))
      const server = yield* ReplayServer.make
      const measured: Array<Measured> = (yield* Effect.forEach(Fixtures.streams("hosts"), (name) =>
        Effect.gen(function*() {
          const baseUrl = server.serve({
            headers: { "content-type": "text/event-stream" },
            body: Fixtures.bytes("hosts", `${name}.sse`)
          })
          // The file name's first word is the host: a preset's row, or a host of the user's own.
          const host = name.split("-")[0]!
          const { choices: answers, model } = Fixtures.json("hosts", `${name}.expected.json`)
          const ending = yield* CallStream.settle(LanguageModel.stream("hi")).pipe(
            Effect.provide(
              OpenAICompatible.model(model).pipe(
                Layer.provide(OpenAICompatible.layer({ name: host, baseUrl, apiKey: Redacted.make("k") })),
                Layer.provide(clients[0]![1])
              )
            )
          )
          const row = CompatibleHosts.presetOf(host) ?? { name: host, baseUrl }
          return measure(`hosts/${name}`, ending, CompatibleHosts.profileOf(row), Object.keys(answers).length)
        }), { concurrency: 8 })).flat()
      // Kimi K2's tool calls on Groq and Hugging Face's router (whose answers Groq serves).
      assert.includeMembers(
        measured.map((entry) =>
          entry.name
        ),
        [
          "hosts/groq-kimi-k2-tool-call",
          "hosts/huggingface-kimi-tool-call"
        ]
      )
      check(measured)
    }).pipe(Effect.scoped))

  it.live("the input of every recorded OpenAI request (messages, tools) within 5 %", () =>
    Effect.gen(function*() {
      yield* Effect.promise(() => Tokenizer.load("o200k"))
      const recorded = Fixtures.json("openai", "requests.json") as Record<string, any>
      const names = Object.keys(recorded).filter((name) => !name.startsWith("_"))
      assert.isAtLeast(names.length, 5)
      for (const name of names) {
        const { body, promptTokens } = recorded[name]
        const request: LanguageModel.Request = {
          messages: body.messages.map(messageOf),
          tools: (body.tools ?? []).map((tool: any) =>
            Tool.make(tool.function.name, {
              description: tool.function.description,
              jsonSchema: tool.function.parameters
            })
          )
        }
        const estimate = TokenEstimate.inputTokens(request, TokenFamily.ofOpenAIModel("gpt-4o"))
        console.log(`${name}: estimated ${estimate}, reported ${promptTokens}`)
        assert.isTrue(within(estimate, promptTokens, 0.05), `${name}: ${estimate} for ${promptTokens}`)
      }
    }))
})
