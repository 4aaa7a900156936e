/**
 * An audit of AG-UI against `@ag-ui/core` 1.0.0's own unions, in tables keyed by them: a member 1.0 adds makes a
 * table fail to compile until it has a row.
 *
 * - Output, by `EventType`: each event the converter sends is named by the scenarios that send it (text, reasoning
 *   with the provider's state, tool calls and results, a result's parts, the provider's own tool, an approval, a
 *   tool's question, a budget's question, a denial, a failure, a stop, a steered message, a pause outside a step);
 *   every event of every scenario parses with `EventSchemas` as it is (nothing stripped), and the run passes the
 *   client's own stages (`enforceEvents`, `transformChunks`, `verifyEvents`) in the order sent. A member not sent says
 *   why. (A reconnect reads the stored events again: `AgUiResumable.test.ts` runs those through the same stages.)
 * - Input, by the `Message` role union, the `ContentPart` type union, the `PartSource` type union and the fields of
 *   `RunAgentInput`: each sample (valid by `@ag-ui/core`'s own `RunAgentInputSchema`) is taken, and what the model is
 *   sent is asserted, or refused with a 400 naming the field; never a defect. A client's history runs no tool: an
 *   unsigned assistant message or tool result is refused unless `trustHistory`.
 */
import type { ContentPart, Message as CoreMessage, PartSource, RunAgentInput } from "@ag-ui/client"
import { EventType } from "@ag-ui/client"
import { EventSchemas, RunAgentInputSchema } from "@ag-ui/core/schemas"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import type { ProviderError } from "effect-llm-stream"
import { AgUi, Message, Tool } from "effect-llm-stream"
import * as AgUiConverter from "../../../src/app/agui/AgUiConverter.js"
import type * as AgUiEvent from "../../../src/app/agui/AgUiEvent.js"
import type * as UIChunk from "../../../src/app/protocol/UIChunk.js"
import * as SpentToken from "../../../src/app/signing/SpentToken.js"
import * as AgUiClient from "../../support/AgUiClient.js"

// --- Output -------------------------------------------------------------------------------------------------------

const state = { "effect-llm-stream": { format: "anthropic", signature: "sig" } }

const step = (...chunks: ReadonlyArray<UIChunk.Chunk>): ReadonlyArray<UIChunk.Chunk> => [
  { type: "start-step" },
  ...chunks,
  { type: "finish-step" }
]

const call = (toolCallId: string, toolName: string, input: unknown): ReadonlyArray<UIChunk.Chunk> => [
  { type: "tool-input-start", toolCallId, toolName },
  { type: "tool-input-delta", toolCallId, inputTextDelta: JSON.stringify(input) },
  { type: "tool-input-available", toolCallId, toolName, input, providerMetadata: state }
]

const text = (id: string, delta: string): ReadonlyArray<UIChunk.Chunk> => [
  { type: "text-start", id },
  { type: "text-delta", id, delta },
  { type: "text-end", id, providerMetadata: state }
]

/** A tool result's parts as `@ag-ui/core` 1.0.0's `ContentPart`s: a text, an image's bytes, a document at a URL. */
const shownParts: ReadonlyArray<AgUiEvent.ContentPart> = [
  { type: "text", text: "the page" },
  {
    type: "image",
    source: { type: "data", value: "iVBORw0KGgo=", mimeType: "image/png" },
    metadata: { "effect-llm-stream/part": { alt: "a screenshot" } }
  },
  { type: "document", source: { type: "url", value: "https://example.com/a.pdf", mimeType: "application/pdf" } }
]

/** The runs of the audit: the UI chunks a run's stream gives, and whether it was stopped from within. */
const scenarios = {
  text: [...step(...text("t1", "Hello"))],
  reasoning: [
    ...step(
      { type: "reasoning-start", id: "r1" },
      { type: "reasoning-delta", id: "r1", delta: "Thinking" },
      { type: "reasoning-end", id: "r1", providerMetadata: state },
      ...text("t1", "Done")
    )
  ],
  tools: [
    ...step(...call("c1", "get_weather", { city: "Paris" })),
    { type: "tool-output-available", toolCallId: "c1", output: { celsius: 18 } },
    ...step(...text("t2", "18°C"), ...call("c2", "get_location", {}))
  ],
  // A result with parts, shown as them (`Sources.resultParts`, as `fromSteps` gives them): its output those parts.
  toolParts: [
    ...step(...call("p1", "screenshot", { page: "home" })),
    { type: "tool-output-available", toolCallId: "p1", output: shownParts },
    ...step(...text("t2", "I see it."))
  ],
  providerTool: [
    ...step(
      {
        type: "tool-input-available",
        toolCallId: "s1",
        toolName: "web_search",
        input: { q: "x" },
        providerExecuted: true
      },
      { type: "tool-output-available", toolCallId: "s1", output: [{ url: "https://x" }], providerExecuted: true },
      ...text("t1", "Found")
    )
  ],
  approval: [
    ...step(...call("c1", "delete_file", { path: "a.txt" })),
    { type: "tool-approval-request", approvalId: "a1", toolCallId: "c1" }
  ],
  toolQuestion: [
    ...step(...call("c1", "book", { when: "noon" })),
    {
      type: "tool-approval-request",
      approvalId: "a1",
      toolCallId: "c1",
      approvalDescriptor: {
        elicitation: {
          message: "Which table?",
          requestedSchema: { type: "object", properties: { n: { type: "number" } } }
        }
      }
    }
  ],
  budgetQuestion: [
    ...step(...text("t1", "Partly")),
    { type: "tool-input-available", toolCallId: "q1", toolName: "budget_question", input: { spent: "1.2", cap: "1" } },
    { type: "tool-approval-request", approvalId: "a1", toolCallId: "q1" }
  ],
  denied: [
    ...step(...call("c1", "delete_file", { path: "a.txt" })),
    { type: "tool-output-denied", toolCallId: "c1" },
    ...step(...text("t2", "Not deleted"))
  ],
  failure: [{ type: "start-step" }, ...text("t1", "Par"), { type: "error", errorText: "The model failed." }],
  stop: [{ type: "start-step" }, ...text("t1", "Par"), { type: "abort" }],
  steered: [
    ...step(...text("t1", "One")),
    { type: "steering-message", id: "u2", parts: [{ type: "text", text: "and two" }] },
    ...step(...text("t2", "Two")),
    { type: "data-steering-not-delivered", id: "x", data: { id: "u3", kind: "queue", reason: "ended" } }
  ],
  pause: [{ type: "message-metadata", messageMetadata: { [SpentToken.metadataKey]: { usd: "1" } } }]
} satisfies Record<string, ReadonlyArray<UIChunk.Chunk>>

type Scenario = keyof typeof scenarios

/** The events of a scenario, as one run's converter sends them (`start` … `finish`, unless it failed or stopped). */
const eventsOf = (name: Scenario): Array<AgUiEvent.Event> => {
  const chunks = scenarios[name] as ReadonlyArray<UIChunk.Chunk>
  const ends = chunks.some((chunk) => chunk.type === "error" || chunk.type === "abort")
  const converter = new AgUiConverter.AgUiConverter(
    { threadId: "t", runId: "r", parentRunId: "run-0", messageId: "m" },
    {
      sums: () => ({ usage: [{ provider: "openai", model: "m", inputTokens: 1, outputTokens: 2 }], metadata: {} }),
      deniedText: () => undefined,
      stopped: () => false,
      expiresAt: () => "2026-11-28T23:00:00.000Z",
      callOf: () => undefined,
      isQuestion: (id) => id === "q1",
      finishReason: () => "stop",
      resultParts: (id) => id === "p1" ? shownParts : undefined
    }
  )
  const out: AgUiConverter.Out = []
  converter.push([{ type: "start" }, ...chunks, ...(ends ? [] : [{ type: "finish" } as const])], out)
  return out
}

/** Each member of `@ag-ui/core` 1.0.0's `EventType`: the scenarios that send it, or why none does. */
const events: Record<EventType, { readonly sentBy: ReadonlyArray<Scenario> } | { readonly notSent: string }> = {
  [EventType.RUN_STARTED]: { sentBy: ["text", "failure", "pause"] },
  [EventType.RUN_FINISHED]: { sentBy: ["text", "tools", "approval", "toolQuestion", "budgetQuestion", "stop"] },
  [EventType.RUN_ERROR]: { sentBy: ["failure"] },
  [EventType.STEP_STARTED]: { sentBy: ["text", "tools"] },
  [EventType.STEP_FINISHED]: { sentBy: ["text", "tools", "failure", "stop"] },
  [EventType.TEXT_MESSAGE_START]: { sentBy: ["text", "steered", "pause"] },
  [EventType.TEXT_MESSAGE_CONTENT]: { sentBy: ["text", "steered"] },
  [EventType.TEXT_MESSAGE_END]: { sentBy: ["text", "steered", "pause", "failure", "stop"] },
  [EventType.TEXT_MESSAGE_CHUNK]: { notSent: "the START/CONTENT/END form is sent, whose metadata the client keeps" },
  [EventType.TOOL_CALL_START]: { sentBy: ["tools", "providerTool", "approval"] },
  [EventType.TOOL_CALL_ARGS]: { sentBy: ["tools", "providerTool", "approval"] },
  [EventType.TOOL_CALL_END]: { sentBy: ["tools", "providerTool", "approval"] },
  [EventType.TOOL_CALL_CHUNK]: { notSent: "the START/ARGS/END form is sent" },
  [EventType.TOOL_CALL_RESULT]: { sentBy: ["tools", "toolParts", "providerTool", "denied"] },
  [EventType.REASONING_START]: { sentBy: ["reasoning"] },
  [EventType.REASONING_MESSAGE_START]: { sentBy: ["reasoning"] },
  [EventType.REASONING_MESSAGE_CONTENT]: { sentBy: ["reasoning"] },
  [EventType.REASONING_MESSAGE_END]: { sentBy: ["reasoning"] },
  [EventType.REASONING_MESSAGE_CHUNK]: { notSent: "the START/CONTENT/END form is sent" },
  [EventType.REASONING_END]: { sentBy: ["reasoning"] },
  [EventType.REASONING_ENCRYPTED_VALUE]: { sentBy: ["reasoning", "text", "tools"] },
  [EventType.CUSTOM]: { sentBy: ["steered"] },
  [EventType.STATE_SNAPSHOT]: { notSent: "the input's state is the app's: the library writes no state" },
  [EventType.STATE_DELTA]: { notSent: "the input's state is the app's: the library writes no state" },
  [EventType.MESSAGES_SNAPSHOT]: { notSent: "the client keeps the messages; the server never rewrites them" },
  [EventType.ACTIVITY_SNAPSHOT]: { notSent: "no activity of the library's is shown apart from messages" },
  [EventType.ACTIVITY_DELTA]: { notSent: "no activity of the library's is shown apart from messages" },
  [EventType.RAW]: { notSent: "the provider's events stay on the server (a RAW would leak what they carry)" },
  [EventType.SUBAGENT_STARTED]: { notSent: "a tool loop has no subagents" },
  [EventType.SUBAGENT_FINISHED]: { notSent: "a tool loop has no subagents" },
  [EventType.SUBAGENT_ERROR]: { notSent: "a tool loop has no subagents" }
}

describe("AG-UI output, by @ag-ui/core 1.0.0's EventType", () => {
  const runs = Object.fromEntries(Object.keys(scenarios).map((name) => [name, eventsOf(name as Scenario)]))

  for (const [name, run] of Object.entries(runs)) {
    it(`${name}: each event parses with EventSchemas as sent, and the run passes verifyEvents`, () => {
      for (const event of run) {
        const parsed = EventSchemas.safeParse(event)
        assert.isTrue(parsed.success, `${event.type}: ${parsed.error?.message}`)
        assert.deepStrictEqual(parsed.data, event as unknown, `${event.type}: a member stripped`)
      }
      assert.deepStrictEqual(AgUiClient.problems(run), [])
    })
  }

  it("each member is sent by the scenarios its row names, and no scenario sends a member whose row says none", () => {
    for (const [type, row] of Object.entries(events)) {
      const sending = Object.entries(runs).filter(([, run]) => run.some((event) => event.type === type))
      if ("notSent" in row) assert.deepStrictEqual(sending.map(([name]) => name), [], type)
      else for (const name of row.sentBy) assert.isTrue(sending.some(([one]) => one === name), `${type} in ${name}`)
    }
  })

  it("a result with parts: TOOL_CALL_RESULT's content is those parts, as ToolCallResultEventSchema takes them", () => {
    const result = runs["toolParts"]!.find((event) => event.type === "TOOL_CALL_RESULT") as AgUiEvent.ToolCallResult
    assert.deepStrictEqual(result.content, shownParts)
  })

  it("RUN_STARTED names the parent run; an interrupt's RUN_FINISHED holds each question whole", () => {
    const outcomeOf = (name: Scenario) => (runs[name]!.at(-1) as AgUiEvent.RunFinished).outcome
    assert.deepStrictEqual(outcomeOf("approval"), {
      type: "interrupt",
      interrupts: [{
        id: "a1",
        message: "Run delete_file (path: \"a.txt\")?",
        expiresAt: "2026-11-28T23:00:00.000Z",
        reason: "tool_call",
        toolCallId: "c1",
        metadata: { toolName: "delete_file", input: { path: "a.txt" } }
      }]
    })
    const form = outcomeOf("toolQuestion") as { readonly interrupts: ReadonlyArray<AgUiEvent.Interrupt> }
    assert.deepStrictEqual([form.interrupts[0]!.message, form.interrupts[0]!.responseSchema], [
      "Which table?",
      { type: "object", properties: { n: { type: "number" } } }
    ])
    const budget = outcomeOf("budgetQuestion") as { readonly interrupts: ReadonlyArray<AgUiEvent.Interrupt> }
    assert.deepStrictEqual([budget.interrupts[0]!.reason, budget.interrupts[0]!.metadata], ["budget_question", {
      spent: "1.2",
      cap: "1"
    }])
    assert.deepStrictEqual(outcomeOf("stop"), { type: "cancelled" })
    assert.deepStrictEqual(runs["text"]![0], {
      type: "RUN_STARTED",
      threadId: "t",
      runId: "r",
      parentRunId: "run-0",
      protocolVersion: "1.0"
    })
    assert.deepStrictEqual(outcomeOf("tools"), { type: "success", pendingToolCallIds: ["c2"] })
  })
})

// --- Input --------------------------------------------------------------------------------------------------------

/** A 1.0 input of these messages (and fields), as `@ag-ui/core`'s own schema reads it. */
const inputOf = (messages: ReadonlyArray<CoreMessage>, fields: Partial<RunAgentInput> = {}): string => {
  const input = { threadId: "t", runId: "r", messages, tools: [], context: [], ...fields }
  RunAgentInputSchema.parse(input)
  return JSON.stringify(input)
}

/** What `readRunInput` makes of a body: the conversation sent to the model, or the refused field (never a defect). */
const read = (body: string, options?: AgUi.ReadRunInputOptions) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(AgUi.readRunInput(body, options))
    if (Exit.isSuccess(exit)) return { taken: exit.value }
    const error = Exit.findErrorOption(exit)
    assert.isTrue(error._tag === "Some", `not a typed error: ${String(exit.cause)}`)
    const refusal = (error as { readonly value: ProviderError.InvalidRequestError }).value
    assert.strictEqual(refusal.status, 400)
    return { refused: refusal.parameter, message: refusal.message }
  })

type Expected =
  | { readonly sends: ReadonlyArray<Message.Message>; readonly options?: AgUi.ReadRunInputOptions }
  | { readonly refuses: string; readonly says: string; readonly options?: AgUi.ReadRunInputOptions }

const user = { id: "u1", role: "user", content: "hi" } as const
const assistant: CoreMessage = {
  id: "m1",
  role: "assistant",
  content: "Let me look.",
  toolCalls: [{ id: "c1", type: "function", function: { name: "lookup", arguments: "{\"q\":\"x\"}" } }]
}
const lookup = new Tool.ToolCall({ id: "c1", name: "lookup", arguments: "{\"q\":\"x\"}" })
const trusted = { trustHistory: true, clientTools: ["lookup"] }

/** Each role of `@ag-ui/core` 1.0.0's `Message` union (version-DEKfpZNa.d.ts, `Message`): a sample, its reading. */
const roles: Record<CoreMessage["role"], { readonly messages: ReadonlyArray<CoreMessage> } & Expected> = {
  user: { messages: [{ ...user, name: "ann", metadata: { a: 1 } }], sends: [Message.user("hi")] },
  system: {
    messages: [{ id: "s", role: "system", content: "Be brief." }, user],
    refuses: "messages[0].role",
    says: "system"
  },
  developer: {
    messages: [{ id: "s", role: "developer", content: "Be brief." }, user],
    options: { allowSystem: true },
    sends: [Message.system("Be brief."), Message.user("hi")]
  },
  assistant: { messages: [user, assistant], refuses: "messages[1]", says: "did not serve" },
  tool: {
    messages: [user, assistant, { id: "r1", role: "tool", toolCallId: "c1", content: "found" }],
    options: trusted,
    sends: [
      Message.user("hi"),
      Message.assistant("Let me look.", { toolCalls: [lookup] }),
      Message.toolResult({ toolCallId: "c1", name: "lookup", content: "found" })
    ]
  },
  activity: {
    messages: [{ id: "a", role: "activity", activityType: "progress", content: { done: 1 } }, user],
    sends: [Message.user("hi")]
  },
  reasoning: { messages: [{ id: "r", role: "reasoning", content: "Hmm." }, user], sends: [Message.user("hi")] }
}

const png = "iVBORw0KGgo="

/** Each part of `@ag-ui/core` 1.0.0's `ContentPart` union (version-DEKfpZNa.d.ts, `ContentPart`), in a user message. */
const parts: Record<ContentPart["type"], { readonly part: ContentPart } & Expected> = {
  text: { part: { type: "text", text: "hi", metadata: { at: 1 } }, sends: [Message.user("hi")] },
  image: {
    part: { type: "image", source: { type: "data", value: png, mimeType: "image/png" } },
    sends: [Message.user([Message.image(`data:image/png;base64,${png}`, { mediaType: "image/png" })])]
  },
  audio: {
    part: { type: "audio", source: { type: "url", value: "https://x/a.wav" } },
    refuses: "messages[0].content[0]",
    says: ": audio needs its mimeType"
  },
  video: {
    part: { type: "video", source: { type: "url", value: "https://x/a.mp4", mimeType: "video/mp4" } },
    refuses: "messages[0].content[0]",
    says: "video is not taken"
  },
  document: {
    part: { type: "document", source: { type: "url", value: "https://x/a.pdf", mimeType: "application/pdf" } },
    sends: [Message.user([Message.file("https://x/a.pdf", { mediaType: "application/pdf" })])]
  }
}

/** Each source of `@ag-ui/core` 1.0.0's `PartSource` union (version-DEKfpZNa.d.ts, `PartSource`), of an audio part. */
const sources: Record<PartSource["type"], { readonly source: PartSource } & Expected> = {
  data: {
    source: { type: "data", value: "AAAA", mimeType: "audio/wav" },
    sends: [Message.user([Message.audio("data:audio/wav;base64,AAAA", { mediaType: "audio/wav" })])]
  },
  url: {
    source: { type: "url", value: "https://x/a.wav", mimeType: "audio/wav" },
    sends: [Message.user([Message.audio("https://x/a.wav", { mediaType: "audio/wav" })])]
  },
  file: {
    source: { type: "file", value: "file-1", provider: "openai", mimeType: "audio/wav" },
    refuses: "messages[0].content[0]",
    says: "a handle of a file at a provider"
  }
}

/** Each field of `@ag-ui/core` 1.0.0's `RunAgentInput` (version-DEKfpZNa.d.ts): a sample, and what is read of it. */
const fields: Record<
  keyof RunAgentInput,
  { readonly input: Partial<RunAgentInput>; readonly check: (run: AgUi.RunInput) => unknown }
> = {
  threadId: { input: { threadId: "thread-9" }, check: (run) => run.threadId === "thread-9" },
  runId: { input: { runId: "run-9" }, check: (run) => run.runId === "run-9" },
  protocolVersion: { input: { protocolVersion: "1.0" }, check: () => true },
  parentRunId: { input: { parentRunId: "run-0" }, check: (run) => run.parentRunId === "run-0" },
  state: { input: { state: { step: 2 } }, check: (run) => (run.state as { step: number }).step === 2 },
  messages: { input: { messages: [user] }, check: (run) => run.messages.length === 1 },
  tools: {
    input: { tools: [{ name: "lookup", description: "Looks up", parameters: { type: "object" }, metadata: { a: 1 } }] },
    check: (run) => run.tools.map((tool) => tool.name).join() === "lookup"
  },
  context: {
    input: { context: [{ description: "page", value: "/home" }] },
    check: (run) => run.context[0]?.value === "/home"
  },
  forwardedProps: {
    input: { forwardedProps: { a: 1 } },
    check: (run) => (run.forwardedProps as { a: number }).a === 1
  },
  resume: { input: { resume: [] }, check: (run) => run.approvals.length === 0 }
}

const expectRow = (body: string, expected: Expected, name: string) =>
  Effect.gen(function*() {
    const result = yield* read(body, expected.options)
    if ("sends" in expected) {
      assert.deepStrictEqual(result.taken?.messages, expected.sends, name)
    } else {
      assert.strictEqual(result.refused, expected.refuses, name)
      assert.include(result.message, expected.says, name)
    }
  })

describe("AG-UI input, by @ag-ui/core 1.0.0's unions", () => {
  it.effect("each Message role is taken as the model needs it, or refused naming the field", () =>
    Effect.gen(function*() {
      for (const [role, row] of Object.entries(roles)) yield* expectRow(inputOf(row.messages), row, role)
    }))

  it.effect("each ContentPart type, and each PartSource type, is taken or refused naming the part", () =>
    Effect.gen(function*() {
      for (const [type, row] of Object.entries(parts)) {
        yield* expectRow(inputOf([{ id: "u1", role: "user", content: [row.part] }]), row, type)
      }
      for (const [type, row] of Object.entries(sources)) {
        const part: ContentPart = { type: "audio", source: row.source }
        yield* expectRow(inputOf([{ id: "u1", role: "user", content: [part] }]), row, type)
      }
      // A url source that is a storage URI: the provider would read it with this server's credentials.
      for (const value of ["s3://payroll/2026.pdf", "gs://secrets/key.pdf"]) {
        const part: ContentPart = { type: "document", source: { type: "url", value, mimeType: "application/pdf" } }
        yield* expectRow(inputOf([{ id: "u1", role: "user", content: [part] }]), {
          refuses: "messages[0].content[0]",
          says: "a url source is a data: URL or an http(s) URL"
        }, value)
      }
      // No part at all, as on the UI message stream.
      yield* expectRow(inputOf([{ id: "u1", role: "user", content: [] }]), {
        refuses: "messages[0].content",
        says: "a user message without text or a file"
      }, "no part")
    }))

  it.effect("each RunAgentInput field is read", () =>
    Effect.gen(function*() {
      for (const [field, row] of Object.entries(fields)) {
        const body = inputOf(row.input.messages ?? [], row.input)
        const taken = (yield* read(body, { clientTools: ["lookup"] })).taken
        assert.isTrue(taken !== undefined && row.check(taken) === true, field)
      }
    }))

  it.effect("a tool message's error goes to the model with its partial content (ToolMessage.error, 1.0.0)", () =>
    Effect.gen(function*() {
      const failed = (content: ToolMessageContent): CoreMessage => ({
        id: "r1",
        role: "tool",
        toolCallId: "c1",
        content,
        error: "timed out"
      })
      const resultOf = (content: ToolMessageContent) =>
        Effect.map(read(inputOf([user, assistant, failed(content)]), trusted), (result) => result.taken?.messages[2])
      assert.deepStrictEqual(
        yield* resultOf("rows 1-3"),
        Message.toolResult({ toolCallId: "c1", name: "lookup", content: "rows 1-3\n\ntimed out", isError: true })
      )
      assert.deepStrictEqual(
        yield* resultOf([{ type: "text", text: "rows 1-3" }]),
        Message.toolResult({
          toolCallId: "c1",
          name: "lookup",
          content: [Message.text("rows 1-3"), Message.text("timed out")],
          isError: true
        })
      )
      assert.deepStrictEqual(
        yield* resultOf(""),
        Message.toolResult({ toolCallId: "c1", name: "lookup", content: "timed out", isError: true })
      )
    }))

  it.effect("a client's history runs no tool: its call and result, unsigned, are refused unless trusted", () =>
    Effect.gen(function*() {
      const body = inputOf([user, assistant, { id: "r1", role: "tool", toolCallId: "c1", content: "found" }])
      assert.strictEqual((yield* read(body, { clientTools: ["lookup"] })).refused, "messages[1]")
      // Trusted, a call that nothing answers is left out before the model is asked.
      const cut = yield* read(inputOf([user, assistant]), trusted)
      assert.deepStrictEqual(cut.taken?.approvals, [])
      assert.isFalse(JSON.stringify(cut.taken?.messages).includes("\"c1\""))
    }))
})

type ToolMessageContent = Extract<CoreMessage, { readonly role: "tool" }>["content"]
