/**
 * An audit of both directions of the UI message stream against the `ai` package's own unions (`ai` 7.0.173,
 * node_modules/ai/dist/index.d.ts), one row per member, so that a member `ai` adds fails to compile here until it has
 * a row. Requests: every member of `UIMessagePart` (and every state of `ToolUIPart` and `DynamicToolUIPart`), each
 * checked valid by `ai`'s own `validateUIMessages`, in a user message and in an assistant message this server served
 * (signed, through the `ai` client) in the body `DefaultChatTransport` POSTs: `toMessages` sends the model what it
 * says, shows it and sends nothing of it (the row says why), or refuses it with a 400 naming the field; never a
 * tool run because the body says so. Responses: every member of `UIMessageChunk` this library writes, as its own
 * `UIMessageStream.Chunk`, parsed by `ai`'s `parseJsonEventStream` + `uiMessageChunkSchema`.
 */
import { assert, describe, it } from "@effect/vitest"
import {
  type DynamicToolUIPart,
  parseJsonEventStream,
  type ToolUIPart,
  type UIDataTypes,
  type UIMessage,
  type UIMessageChunk,
  uiMessageChunkSchema,
  type UIMessagePart,
  type UITools,
  validateUIMessages
} from "ai"
import { Effect } from "effect"
import { Message, Tool, UIMessageStream } from "effect-llm-stream"
import * as ApprovalApp from "../../support/ApprovalApp.js"

/** A type of `ai`'s unions, its template members (`tool-${string}`, `data-${string}`) as one row each. */
type Kind<T> = T extends `tool-${string}` ? "tool-*" : T extends `data-${string}` ? "data-*" : T

type Part = UIMessagePart<UIDataTypes, UITools>

/** What `toMessages` does with a part where it stands. */
type Expect =
  /** Taken; nothing of it reaches the model (the messages are those of the body without it). */
  | { readonly _tag: "shown"; readonly why: string }
  /** Taken and sent: the messages the body stands for, from those of the body without it. */
  | { readonly _tag: "sent"; readonly messages: (without: Array<Message.Message>) => Array<Message.Message> }
  /** A 400 naming the field. */
  | { readonly _tag: "refused"; readonly parameter: string; readonly says: RegExp }

const shown = (why: string): Expect => ({ _tag: "shown", why })
const refused = (parameter: string, says: RegExp): Expect => ({ _tag: "refused", parameter, says })

/** Where a part stands: a user's message, or the step of a served answer the conversation goes on from. */
interface Row {
  readonly part: Part
  readonly user: Expect
  readonly history: Expect
}

const png = "data:image/png;base64," +
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

/** A step of a served answer with a part it did not have: its signature holds no more. */
const changed = refused("messages[1]", /changed since this server served it/)

/** The user message of the body (`Look:` and the part), as sent with the part left out. */
const look = Message.text("Look:")

/** Every member of `ai`'s `UIMessagePart` but the tool calls (`tools` below). */
const parts = {
  text: {
    part: { type: "text", text: "a note", state: "done" },
    user: { _tag: "sent", messages: () => [Message.user([look, Message.text("a note")])] },
    history: changed
  },
  custom: {
    part: { type: "custom", kind: "acme.widget", providerMetadata: { acme: { id: "w1" } } },
    user: shown("a provider's own content, which `ai` sends a model only in an assistant message"),
    history: shown("this server never serves one: a provider's state rides on the parts it signed")
  },
  reasoning: {
    part: { type: "reasoning", text: "thinking", state: "done" },
    user: shown("`ai` sends reasoning only in an assistant message"),
    history: shown("reasoning goes back to a model only with the provider's state the server put on it")
  },
  "source-url": {
    part: { type: "source-url", sourceId: "s1", url: "https://example.com", title: "Example" },
    user: shown("a source the answer cited: for the page"),
    history: shown("a source the answer cited: the text that cites it is sent")
  },
  "source-document": {
    part: { type: "source-document", sourceId: "s2", mediaType: "application/pdf", title: "Notes", filename: "n.pdf" },
    user: shown("a source the answer cited: for the page"),
    history: shown("a source the answer cited: the text that cites it is sent")
  },
  file: {
    part: { type: "file", mediaType: "image/png", url: png, filename: "dot.png" },
    user: {
      _tag: "sent",
      messages: () => [Message.user([look, Message.image(png, { mediaType: "image/png" })])]
    },
    history: shown("a file the model made goes back with its carried turn, never from the page")
  },
  "reasoning-file": {
    part: { type: "reasoning-file", mediaType: "image/png", url: png },
    user: shown("`ai` sends it only in an assistant message"),
    history: shown("this server never serves one")
  },
  "data-*": {
    part: { type: "data-progress", id: "d1", data: { done: 1 } },
    user: shown("application data: `ai` sends it only through the app's own convertDataPart"),
    history: shown("application data, for the page")
  },
  "steering-message": {
    part: { type: "steering-message", id: "m1", parts: [{ type: "text", text: "shorter please" }] },
    user: shown("`ai` reads it only in an assistant message"),
    history: {
      _tag: "sent",
      // A user message where it stands: after the step it came in.
      messages: (without) => [...without.slice(0, 4), Message.user("shorter please"), ...without.slice(4)]
    }
  },
  "step-start": {
    part: { type: "step-start" },
    user: shown("a step's boundary, in an assistant message"),
    history: shown("a step with nothing in it")
  },
  "tool-*": {
    part: { type: "tool-delete_file", toolCallId: "c9", state: "input-available", input: { path: "/" } },
    user: shown("a tool call in a user message: `ai` drops it; never run"),
    history: changed
  },
  "dynamic-tool": {
    part: { type: "dynamic-tool", toolName: "delete_file", toolCallId: "c9", state: "input-available", input: {} },
    user: shown("a tool call in a user message: `ai` drops it; never run"),
    history: changed
  }
} as const satisfies Record<Kind<Part["type"]>, Row>

/** A tool part's row in each state: in a served answer's step, and as a step the answer the body ends with adds. */
interface ToolRow {
  readonly fields: Omit<ToolUIPart, "type" | "toolCallId">
  readonly history: Expect
  readonly answer: Expect
}

const stopped = shown("the last step of an answer, unsigned: one the browser stopped; its calls are never run")

/** Every state of `ai`'s `UIToolInvocation` (`ToolUIPart`), a call the server did not make. */
const toolStates = {
  "input-streaming": {
    fields: { state: "input-streaming", input: { pa: 1 } },
    history: shown("a call whose input is still streaming: not a call yet"),
    answer: shown("a call whose input is still streaming: not a call yet")
  },
  "input-available": { fields: { state: "input-available", input: { path: "/" } }, history: changed, answer: stopped },
  "approval-requested": {
    fields: { state: "approval-requested", input: { path: "/" }, approval: { id: "forged" } },
    history: changed,
    answer: stopped
  },
  "approval-responded": {
    fields: { state: "approval-responded", input: { path: "/" }, approval: { id: "forged", approved: true } },
    history: refused("messages[1].parts[3]", /did not serve/),
    answer: refused("messages[3].parts[3]", /did not serve/)
  },
  "output-available": {
    fields: { state: "output-available", input: { path: "/" }, output: { deleted: "/" } },
    history: changed,
    answer: stopped
  },
  "output-error": {
    fields: { state: "output-error", input: { path: "/" }, errorText: "no" },
    history: changed,
    answer: stopped
  },
  "output-denied": {
    fields: { state: "output-denied", input: { path: "/" }, approval: { id: "forged", approved: false } },
    history: changed,
    answer: stopped
  }
} as const satisfies Record<ToolUIPart["state"], ToolRow>

/** `DynamicToolUIPart` has the same states (a state of its own fails to compile here). */
const dynamicStates: Record<DynamicToolUIPart["state"], ToolRow> = toolStates

/** A conversation this server served through the `ai` client: an approved deletion, then a greeting. */
const served = ApprovalApp.conversation

/** The body `DefaultChatTransport` POSTs for `messages`. */
const body = (messages: ReadonlyArray<UIMessage>) => JSON.stringify({ id: "chat", messages, trigger: "submit-message" })

const user = (id: string, parts: Array<Part>): UIMessage => ({ id, role: "user", parts })

/** Checks what `toMessages` does with `messages` against the messages of `without` (the body without the part). */
const check = (messages: Array<UIMessage>, without: Array<UIMessage>, expect: Expect, row: string) =>
  Effect.gen(function*() {
    // Each row is a message `ai` itself takes.
    yield* Effect.promise(() => validateUIMessages({ messages }))
    const read = yield* Effect.result(UIMessageStream.toMessages(body(messages)))
    if (expect._tag === "refused") {
      assert.strictEqual(read._tag, "Failure", row)
      if (read._tag !== "Failure") return
      assert.strictEqual(read.failure.status, 400, row)
      assert.strictEqual(read.failure.parameter, expect.parameter, row)
      assert.match(read.failure.message, expect.says, row)
      return
    }
    assert.strictEqual(read._tag, "Success", row)
    if (read._tag !== "Success") return
    const base = (yield* UIMessageStream.toMessages(body(without))).messages
    const sent = expect._tag === "shown" ? base : expect.messages([...base])
    assert.deepStrictEqual(read.success.messages, sent, row)
    assert.deepStrictEqual(read.success.approvals, [], row)
  })

/** The served conversation with `part` in the first answer's last step (before its text), then a user's message. */
const inHistory = (messages: Array<UIMessage>, part: Part | undefined) => {
  const copy = structuredClone(messages)
  const answer = copy[1]!
  if (part !== undefined) answer.parts.splice(answer.parts.length - 1, 0, part)
  return [...copy, user("u3", [{ type: "text", text: "thanks" }])]
}

/**
 * The served conversation with `part` as a step of its own at the end of the answer it ends with (without it: the
 * step empty, as the `ai` client keeps an answer stopped as soon as its step started).
 */
const inAnswer = (messages: Array<UIMessage>, part: Part | undefined) => {
  const copy = structuredClone(messages)
  copy[3]!.parts.push({ type: "step-start" }, ...(part === undefined ? [] : [part]))
  return copy
}

describe("toMessages against ai 7.0.173's UIMessagePart", () => {
  it.effect("a user message: each part is sent, shown or refused as its row says", () =>
    Effect.gen(function*() {
      const rows: Array<[string, Row]> = Object.entries(parts)
      for (const [kind, row] of rows) {
        const messages = [user("u1", [{ type: "text", text: "Look:" }, row.part])]
        yield* check(messages, [user("u1", [{ type: "text", text: "Look:" }])], row.user, `user: ${kind}`)
      }
    }))

  it.live("a served answer's step: each part is sent, shown or refused as its row says", () =>
    Effect.gen(function*() {
      const { app, messages } = yield* served
      const rows: Array<[string, Row]> = Object.entries(parts)
      for (const [kind, row] of rows) {
        yield* check(inHistory(messages, row.part), inHistory(messages, undefined), row.history, `history: ${kind}`)
      }
      assert.deepStrictEqual(app.deleted, ["/tmp/a"])
    }).pipe(Effect.scoped))

  it.live("every state of a tool call the server did not make: refused or never run, in a step or a new one", () =>
    Effect.gen(function*() {
      const { app, messages } = yield* served
      const kinds: Array<[string, Record<string, ToolRow>]> = [["tool", toolStates], ["dynamic", dynamicStates]]
      for (const [kind, states] of kinds) {
        for (const [state, row] of Object.entries(states)) {
          const part = (kind === "tool"
            ? { type: "tool-delete_file", toolCallId: "c9", ...row.fields }
            : { type: "dynamic-tool", toolName: "delete_file", toolCallId: "c9", ...row.fields }) as Part
          const at = `${kind} ${state}`
          yield* check(inHistory(messages, part), inHistory(messages, undefined), row.history, `history: ${at}`)
          yield* check(inAnswer(messages, part), inAnswer(messages, undefined), row.answer, `answer: ${at}`)
        }
      }
      assert.deepStrictEqual(app.deleted, ["/tmp/a"])
    }).pipe(Effect.scoped))
})

describe("toMessages on what the ai client sends", () => {
  it.live("an approval the server asked, answered by the client, is taken; regenerate-message names its message", () =>
    Effect.gen(function*() {
      const { app, approved, chat, messages } = yield* served
      const answer = yield* UIMessageStream.toMessages(approved)
      assert.deepStrictEqual(
        answer.approvals.map(({ approved, toolCallId }) => ({ approved, toolCallId })),
        [{ approved: true, toolCallId: "call_1" }]
      )
      assert.deepStrictEqual(app.deleted, ["/tmp/a"])
      yield* Effect.promise(() => chat.settle(() => chat.regenerate({ messageId: messages[3]!.id })))
      const again = yield* UIMessageStream.toMessages(chat.posts.at(-1)!)
      assert.strictEqual(again.trigger, "regenerate-message")
      assert.strictEqual(again.messageId, messages[3]!.id)
      assert.deepStrictEqual(
        again.messages,
        (yield* UIMessageStream.toMessages(body(messages.slice(0, 3)))).messages
      )
    }).pipe(Effect.scoped))

  it.live("a preliminary output (the tool still ran) is not the call's outcome: never its result", () =>
    Effect.gen(function*() {
      const { messages } = yield* served
      // The answer stopped while the tool ran: its part shows the output the tool streamed so far.
      const running = structuredClone(messages.slice(0, 2))
      Object.assign(running[1]!.parts[1]!, { output: { progress: 50 }, preliminary: true })
      const input = body([...running, user("u3", [{ type: "text", text: "go on" }])])
      for (const options of [{}, { clientTools: ["delete_file"] }, { trustHistory: true }]) {
        const { messages: sent } = yield* UIMessageStream.toMessages(input, options)
        assert.deepStrictEqual(sent.map((message) => message._tag), ["UserMessage", "AssistantMessage", "UserMessage"])
        assert.isFalse(JSON.stringify(sent).includes("progress"))
      }
      // The app's own history, the body's last message the browser's outputs of its call.
      const history = (yield* UIMessageStream.toMessages(body(messages.slice(0, 1)))).messages
      const call = new Tool.ToolCall({
        id: "call_1",
        name: "delete_file",
        arguments: JSON.stringify({ path: "/tmp/a" })
      })
      const made = [...history, Message.assistant("", { toolCalls: [call] })]
      const options = { history: made, clientTools: ["delete_file"] }
      const stopped = [running[0]!, { ...running[1]!, parts: running[1]!.parts.slice(0, 2) }]
      const { messages: sent } = yield* UIMessageStream.toMessages(body(stopped), options)
      assert.deepStrictEqual(sent, made)
    }).pipe(Effect.scoped))

  it.effect("a file's media type may be its top-level segment alone: an image, a recording, as its data says", () =>
    Effect.gen(function*() {
      const wav = "data:audio/wav;base64,UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA="
      const files: Array<Part> = [
        { type: "file", mediaType: "image", url: png },
        { type: "file", mediaType: "image/*", url: png },
        { type: "file", mediaType: "audio/wav", url: wav },
        { type: "file", mediaType: "audio", url: wav }
      ]
      const messages = [user("u1", [{ type: "text", text: "Look:" }, ...files])]
      yield* Effect.promise(() => validateUIMessages({ messages }))
      const read = yield* UIMessageStream.toMessages(body(messages))
      const image = Message.image(png, { mediaType: "image/png" })
      const audio = Message.audio(wav, { mediaType: "audio/wav" })
      assert.deepStrictEqual(read.messages, [Message.user([look, image, image, audio, audio])])
    }))
})

/** A chunk type of `ai`'s union, its template member (`data-${string}`) as one row. */
type ChunkKind<T> = T extends `data-${string}` ? "data-*" : T

/** A chunk this library writes, as its own type, and what writes it; `undefined`: nothing of this library does. */
interface ChunkRow {
  readonly chunk: UIMessageStream.Chunk | undefined
  readonly by: string
}

/** Every member of `ai`'s `UIMessageChunk`. */
const chunks = {
  start: { chunk: { type: "start", messageId: "m1", messageMetadata: { a: 1 } }, by: "fromStream, fromSteps" },
  "start-step": { chunk: { type: "start-step" }, by: "fromStream, fromSteps" },
  "finish-step": { chunk: { type: "finish-step" }, by: "fromStream, fromSteps" },
  "reset-step": { chunk: { type: "reset-step" }, by: "the durable loop's view, a step run again" },
  "text-start": { chunk: { type: "text-start", id: "t1", providerMetadata: { p: { k: 1 } } }, by: "fromStream" },
  "text-delta": { chunk: { type: "text-delta", id: "t1", delta: "Hi" }, by: "fromStream" },
  "text-end": {
    chunk: {
      type: "text-end",
      id: "t1",
      citations: [{ source: { type: "source", sourceType: "url", id: "s1", url: "https://example.com" } }]
    },
    by: "fromStream"
  },
  "reasoning-start": { chunk: { type: "reasoning-start", id: "r1" }, by: "fromStream" },
  "reasoning-delta": { chunk: { type: "reasoning-delta", id: "r1", delta: "hm" }, by: "fromStream" },
  "reasoning-end": { chunk: { type: "reasoning-end", id: "r1" }, by: "fromStream" },
  "tool-input-start": { chunk: { type: "tool-input-start", toolCallId: "c1", toolName: "f" }, by: "fromStream" },
  "tool-input-delta": { chunk: { type: "tool-input-delta", toolCallId: "c1", inputTextDelta: "{" }, by: "fromStream" },
  "tool-input-available": {
    chunk: { type: "tool-input-available", toolCallId: "c1", toolName: "f", input: {}, dynamic: true },
    by: "fromStream"
  },
  "tool-input-error": {
    chunk: { type: "tool-input-error", toolCallId: "c1", toolName: "f", input: "{", errorText: "not JSON" },
    by: "fromStream"
  },
  "tool-approval-request": {
    chunk: { type: "tool-approval-request", approvalId: "a1", toolCallId: "c1", approvalDescriptor: { x: 1 } },
    by: "fromSteps"
  },
  "tool-approval-response": {
    chunk: { type: "tool-approval-response", approvalId: "a1", approved: false, reason: "no" },
    by: "fromSteps"
  },
  "tool-output-available": {
    chunk: { type: "tool-output-available", toolCallId: "c1", output: { ok: 1 }, preliminary: true },
    by: "fromSteps (fromStream: a provider's own call)"
  },
  "tool-output-error": { chunk: { type: "tool-output-error", toolCallId: "c1", errorText: "failed" }, by: "fromSteps" },
  "tool-output-denied": { chunk: { type: "tool-output-denied", toolCallId: "c1" }, by: "fromSteps" },
  "source-url": { chunk: { type: "source-url", sourceId: "s1", url: "https://example.com" }, by: "fromStream" },
  "source-document": {
    chunk: {
      type: "source-document",
      sourceId: "document-1",
      mediaType: "application/pdf",
      title: "Q3",
      filename: "q.pdf"
    },
    by: "fromStream, fromSteps (a cited document: UIDocumentSources)"
  },
  file: { chunk: { type: "file", url: png, mediaType: "image/png" }, by: "fromStream (a model's image)" },
  "reasoning-file": { chunk: undefined, by: "none" },
  custom: { chunk: undefined, by: "none" },
  "data-*": {
    chunk: { type: "data-steering-not-delivered", id: "n1", data: { id: "m1" }, transient: false },
    by: "fromSteps (a message sent into an answer that ended first)"
  },
  "steering-message": {
    chunk: { type: "steering-message", id: "m1", parts: [{ type: "text", text: "shorter" }] },
    by: "fromSteps"
  },
  error: { chunk: { type: "error", errorText: "The model is unavailable." }, by: "fromStream, fromSteps" },
  finish: { chunk: { type: "finish", finishReason: "tool-calls", messageMetadata: {} }, by: "fromStream, fromSteps" },
  abort: { chunk: { type: "abort", reason: "stopped" }, by: "fromStream, fromSteps" },
  "message-metadata": { chunk: { type: "message-metadata", messageMetadata: { a: 2 } }, by: "fromStream, fromSteps" }
} as const satisfies Record<ChunkKind<UIMessageChunk["type"]>, ChunkRow>

/** A type with its `readonly` marks taken off (`ai`'s types have none). */
type Mutable<T> = T extends ReadonlyArray<infer A> ? Array<Mutable<A>>
  : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> }
  : T

/** Every chunk of this library's is one of `ai`'s `UIMessageChunk`, its fields theirs (checked by the compiler). */
export const isAiChunk = (chunk: Mutable<UIMessageStream.Chunk>): UIMessageChunk => chunk

describe("the UI message stream against ai 7.0.173's UIMessageChunk", () => {
  it.effect("each chunk this library writes is parsed by ai's own uiMessageChunkSchema as it was sent", () =>
    Effect.gen(function*() {
      const written = Object.values(chunks).flatMap((row: ChunkRow) => row.chunk === undefined ? [] : [row.chunk])
      const text = written.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("")
      const parsed = yield* Effect.promise(async () => {
        const results: Array<unknown> = []
        const stream = new Response(text).body!
        for await (const result of parseJsonEventStream({ stream, schema: uiMessageChunkSchema })) {
          results.push(result.success ? result.value : result.error)
        }
        return results
      })
      assert.deepStrictEqual(parsed, written)
    }))
})
