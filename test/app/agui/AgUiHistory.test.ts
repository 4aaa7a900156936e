/**
 * The history an AG-UI client sends back, across turns, through `@ag-ui/client`'s `HttpAgent` and a `node:http`
 * server of the library:
 *
 * - The provider's opaque state on each part of a turn (Anthropic's thinking signature and `redacted_thinking`,
 *   Gemini's `thoughtSignature`, the Responses API's reasoning items with their `encrypted_content`, Bedrock's
 *   `reasoningContent`) comes to the client as `REASONING_ENCRYPTED_VALUE` naming the reasoning message, the
 *   assistant message (its text) or the tool call it belongs to; the client keeps each as that `encryptedValue`
 *   and returns it, and the turn reaches the provider as the library's own loop sends it. Recorded conversations
 *   (`support/Conversations.ts`) go three turns (the tool needs approval: the first turn ends in the client, its
 *   `resume` answers it): the second request is read against the provider's documented rule (cited in
 *   `support/Conversations.ts`: Anthropic's "Preserving thinking blocks", Google's "Thought signatures",
 *   openai-node's `ResponseIncludable` / `ResponseReasoningItem`, `@aws-sdk/client-bedrock-runtime`'s
 *   `ReasoningContentBlock`) and against what `runTools` sends for the same conversation, the third (a follow-up)
 *   too; `verifyEvents` accepts every run.
 * - The step's signature covers each state on its part: a value the client altered or moved is a 400 naming the
 *   message.
 * - An assistant message is taken only as the server signed it: one changed since is a 400; one the client stopped
 *   before its step ended is not sent back; with `trustHistory`, everything is taken as it came.
 */
import type { AssistantMessage, Message as ClientMessage, RunFinishedEvent } from "@ag-ui/client"
import { HttpAgent } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import type { CallResponse } from "effect-llm-stream"
import { AgUi, CallResponse as Responses, CallStream, LanguageModel, Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type * as HttpClient from "effect/http/HttpClient"
import * as AgUiTurn from "../../../src/app/agui/AgUiTurn.js"
import * as AssistantTurn from "../../../src/core/provider/AssistantTurn.js"
import * as TurnState from "../../../src/providers/TurnState.js"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as Conversations from "../../support/Conversations.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const [, client] = clients[0]!

/** A recorded body, served as its provider sends it (`cuts` and `delayMs`: paced, a piece per event). */
const recorded = (folder: RecordedModels.Folder, name: string, pace?: number) => {
  const body = Fixtures.bytes(folder, `${name}.sse`)
  return {
    headers: { "content-type": "text/event-stream" },
    body,
    ...(pace === undefined ? {} : { cuts: AgUiClient.eventCuts(body), delayMs: pace })
  }
}

/** A server of one call per input, its model calling `baseUrl`; the responses it served, in order. */
const serving = (
  folder: RecordedModels.Folder,
  baseUrl: string,
  options: AgUi.ReadRunInputOptions = {},
  sendReasoning = true
) =>
  Effect.gen(function*() {
    const model = yield* Layer.build(RecordedModels.model(folder, baseUrl, client))
    const responses: Array<CallResponse.CallResponse> = []
    const url = yield* AgUiClient.serve((body) =>
      AgUi.readRunInput(body, options).pipe(
        Effect.flatMap((input) =>
          LanguageModel.stream({ messages: input.messages }).pipe(
            CallStream.onEnd((ending) => Effect.sync(() => responses.push(ending.response))),
            AgUi.fromStream({ threadId: input.threadId, runId: input.runId, sendReasoning }),
            AgUi.toResponse()
          )
        )
      )
    ).pipe(Effect.provide(model))
    return { url, responses, model }
  })

const assistantOf = (messages: ReadonlyArray<{ readonly role: string }>) =>
  messages.find((message): message is AssistantMessage => message.role === "assistant")!

const cases = [
  { folder: "anthropic", name: "thinking", opaque: /"signature":"([^"]+)"/g },
  { folder: "anthropic", name: "redacted-thinking", opaque: /"type":"redacted_thinking","data":"([^"]+)"/g },
  { folder: "google", name: "empty-text-signature", opaque: /"thoughtSignature":"([^"]+)"/g },
  { folder: "openai-responses", name: "reasoning-encrypted-tool-call", opaque: /"encrypted_content":"([^"]+)"/g }
] as const

/** The values the client keeps (`encryptedValue`), each with what it belongs to, in its order. */
const valuesOf = (messages: ReadonlyArray<ClientMessage>) =>
  holdersOf(messages).flatMap((path) => {
    const value: string | undefined = holderOf(messages, path).encryptedValue
    return value === undefined ? [] : [{ path, value }]
  })

/** What may hold a value: each reasoning and assistant message, each tool call (its message's index, its own). */
const holdersOf = (messages: ReadonlyArray<ClientMessage>): Array<ReadonlyArray<number>> =>
  messages.flatMap((message, index) =>
    message.role === "reasoning" || message.role === "assistant"
      ? [[index], ...(message.role === "assistant" ? message.toolCalls ?? [] : []).map((_, at) => [index, at])]
      : []
  )

/** Where a value sits in the client's messages: a message's own `encryptedValue`, or a tool call's. */
const holderOf = (messages: ReadonlyArray<any>, path: ReadonlyArray<number>): any =>
  path.length === 1 ? messages[path[0]!] : messages[path[0]!].toolCalls[path[1]!]

/** The field of a holder's value, as a refusal names it. */
const fieldOf = (path: ReadonlyArray<number>): string =>
  path.length === 1
    ? `messages[${path[0]}].encryptedValue`
    : `messages[${path[0]}].toolCalls[${path[1]}].encryptedValue`

/** The opaque strings a value holds (a state's fields, or each state of a text message's). */
const opaqueOf = (value: string): Array<string> =>
  [JSON.parse(value)].flat().flatMap((state: any) =>
    state === null ? [] : [state.signature, state.encrypted, state.itemId].filter((field) => typeof field === "string")
  )

describe("the provider's opaque state", () => {
  for (const { folder, name, opaque } of cases) {
    it.live(`${folder} ${name}: comes back on its part, and reaches the provider as the loop's own history does`, () =>
      Effect.gen(function*() {
        const replay = yield* ReplayServer.make
        const baseUrl = replay.serve(recorded(folder, name))
        const calls = (response: CallResponse.CallResponse) => response.toolCalls.map((call) => call.name)
        // The client's tools: a call of the first turn is answered by the client.
        const first = yield* serving(folder, baseUrl, { clientTools: ["weather"] })
        const agent = AgUiClient.agentOf(first.url)
        agent.addMessage({ id: "u1", role: "user", content: "hi" })
        const run = yield* AgUiClient.run(agent)
        assert.deepStrictEqual(run.warnings, [])
        assert.deepStrictEqual(AgUiClient.problems(run.events), [])
        // Each value comes where its part ends, naming it, and holds the state alone (no text: only its fields).
        const values = run.events.flatMap((event, at) => event.type === "REASONING_ENCRYPTED_VALUE" ? [at] : [])
        assert.isNotEmpty(values)
        for (const at of values) {
          const { entityId, encryptedValue, subtype } = run.events[at] as any
          const before = run.events[at - 1] as any
          const ended = subtype === "tool-call" ? ["TOOL_CALL_END"] : ["REASONING_MESSAGE_END", "TEXT_MESSAGE_END"]
          assert.include(ended, before.type)
          assert.strictEqual(before.toolCallId ?? before.messageId, entityId)
          for (const state of [JSON.parse(encryptedValue)].flat()) {
            if (state !== null) assert.deepStrictEqual(Object.keys(state), ["format", ...AssistantTurn.stateFields])
          }
        }
        assert.strictEqual(valuesOf(agent.messages).length, values.length)
        // The client keeps the state of each part of the turn (as its JSON) on the message or call it belongs to.
        const response = first.responses[0]!
        const strings = [...new TextDecoder().decode(Fixtures.bytes(folder, `${name}.sse`)).matchAll(opaque)]
          .map((match) => match[1]!)
        const kept = valuesOf(agent.messages).flatMap(({ value }) => opaqueOf(value))
        const turn = (Responses.toMessage(response) as Message.AssistantMessage).content!
        const states = TurnState.partsOf(turn).flatMap((part) =>
          part.state === undefined ? [] : opaqueOf(JSON.stringify(part.state))
        )
        assert.isNotEmpty(states)
        assert.deepStrictEqual([...kept].sort(), [...states].sort())
        assert.isTrue(strings.some((value) => kept.includes(value)))
        const call = response.toolCalls[0]
        const next: Message.Message = call === undefined
          ? Message.user("and then?")
          : Message.toolResult({ toolCallId: call.id, name: call.name, content: "18°C" })
        agent.addMessage(
          call === undefined
            ? { id: "u2", role: "user", content: "and then?" }
            : { id: "t1", role: "tool", toolCallId: call.id, content: "18°C" }
        )
        assert.deepStrictEqual(AgUiClient.problems((yield* AgUiClient.run(agent)).events), [])
        // The same conversation sent by a program that kept the response itself.
        yield* CallStream.accumulate(LanguageModel.stream({
          messages: [Message.user("hi"), Responses.toMessage(response), next]
        })).pipe(Effect.provide(first.model))
        const [, fromClient, fromProgram] = replay.requests(baseUrl).map((request) => request.body)
        assert.deepStrictEqual(JSON.parse(fromClient!), asWritten(JSON.parse(fromProgram!)))
        assert.isTrue(strings.some((value) => fromClient!.includes(value)), `${calls(response)}`)
      }).pipe(Effect.scoped))
  }
})

describe("the order of a turn's parts", () => {
  it.live("text, a signed call, signed text: each state back on its part, in the provider's order; reordered, a 400", () =>
    Effect.gen(function*() {
      // Constructed in Gemini's wire form (each chunk a `GenerateContentResponse`): the turn's parts interleave text
      // and a call, each signature on its part. Google's "Thought signatures": each goes back in the part it came in.
      const chunk = (parts: ReadonlyArray<unknown>, finishReason?: string) =>
        `data: ${
          JSON.stringify({
            candidates: [{ content: { role: "model", parts }, ...(finishReason ? { finishReason } : {}) }]
          })
        }\r\n\r\n`
      const turn = [
        { text: "Let me check." },
        { functionCall: { name: "weather", args: { location: "Rome" } }, thoughtSignature: "c2lnLWNhbGw=" },
        { text: "Checking now.", thoughtSignature: "c2lnLXRleHQ=" }
      ]
      const body = new TextEncoder().encode(
        turn.map((part, at) => chunk([part], at === 2 ? "STOP" : undefined)).join("")
      )
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve({ headers: { "content-type": "text/event-stream" }, body })
      const { url } = yield* serving("google", baseUrl, { clientTools: ["weather"] })
      const agent = AgUiClient.agentOf(url)
      agent.addMessage({ id: "u1", role: "user", content: "Weather in Rome?" })
      const run = yield* AgUiClient.run(agent)
      assert.deepStrictEqual(AgUiClient.problems(run.events), [])
      const assistant = assistantOf(agent.messages)
      assert.deepStrictEqual(assistant.metadata?.[AgUiTurn.metadataKey], [
        ["text", 13],
        ["call", assistant.toolCalls![0]!.id],
        ["text", 13]
      ])
      assert.deepStrictEqual(JSON.parse(assistant.encryptedValue!).map((state: any) => state?.signature ?? null), [
        null,
        "c2lnLXRleHQ="
      ])
      agent.addMessage({ id: "t1", role: "tool", toolCallId: assistant.toolCalls![0]!.id, content: "18°C" })
      const served = structuredClone(agent.messages)
      yield* AgUiClient.run(agent)
      const sent = JSON.parse(replay.requests(baseUrl).at(-1)!.body).contents[1]
      assert.deepStrictEqual(sent, { role: "model", parts: turn })
      // The text parts' states swapped: the signature on the other text part, a 400 naming the message.
      const swapped = structuredClone(served)
      const held = assistantOf(swapped)
      held.encryptedValue = JSON.stringify(JSON.parse(held.encryptedValue!).reverse())
      const error: any = yield* AgUiClient.runFailing(withMessages(url, swapped))
      assert.strictEqual(error.status, 400)
      assert.include(error.payload.error, `messages[${swapped.indexOf(held)}]: an assistant message changed`)
    }).pipe(Effect.scoped))
})

/**
 * A request body as the library writes assistant turns from their parts (`TurnState`, as from a browser's), which
 * leaves out what the provider reports and does not need back: of the Responses API's input items, a call's
 * `status`, a reasoning item's empty `content` and a text's empty `logprobs` (optional in openai-node's
 * `ResponseFunctionToolCall`, `ResponseReasoningItem` and `ResponseOutputText`); of Gemini's, a thought part without
 * a signature (Google's "Thought signatures": the signatures are what a turn must carry back).
 */
const asWritten = (body: any): any => {
  if (body.contents !== undefined) {
    return {
      ...body,
      contents: body.contents.map((content: any) => ({
        ...content,
        parts: content.parts.filter((part: any) => part.thought !== true || part.thoughtSignature !== undefined)
      }))
    }
  }
  if (body.input === undefined) return body
  const empty = (value: unknown) => Array.isArray(value) && value.length === 0
  const without = (item: any, keys: ReadonlyArray<string>) =>
    Object.fromEntries(Object.entries(item).filter(([key, value]) => !keys.includes(key) || !empty(value)))
  return {
    ...body,
    input: body.input.map((item: any) => {
      if (item.type === "function_call") return without({ ...item, status: [] }, ["status"])
      if (item.type === "reasoning") return without(item, ["content"])
      if (item.type !== "message" || !Array.isArray(item.content)) return item
      return { ...item, content: item.content.map((part: any) => without(part, ["logprobs"])) }
    })
  }
}

/** A server of a recorded conversation: each input read, the loop run with its approvals, served with fromSteps. */
const conversationApp = (conversation: Conversations.Conversation, http: Layer.Layer<HttpClient.HttpClient>) =>
  Effect.gen(function*() {
    const replay = yield* ReplayServer.make
    const modelUrl = replay.serve(conversation.responses())
    const model = yield* Layer.build(Layer.provide(conversation.model(modelUrl), http))
    const tools = [Conversations.handled(conversation, true)]
    const url = yield* AgUiClient.serve((body) =>
      AgUi.readRunInput(body).pipe(
        Effect.flatMap((input) =>
          LanguageModel.runTools({ messages: [...input.messages, ...input.approvals], tools }).pipe(
            AgUi.fromSteps({ threadId: input.threadId, runId: input.runId, tools }),
            AgUi.toResponse()
          )
        )
      )
    ).pipe(Effect.provide(model))
    return { url, modelRequests: () => replay.requests(modelUrl).map((request) => JSON.parse(request.body)) }
  })

/** The requests `runTools` sends for the same conversation (the question, then the follow-up), parsed. */
const loopRequests = (conversation: Conversations.Conversation, http: Layer.Layer<HttpClient.HttpClient>) =>
  Effect.gen(function*() {
    const replay = yield* ReplayServer.make
    const baseUrl = replay.serve(conversation.responses())
    const model = Layer.provide(conversation.model(baseUrl), http)
    const tools = [Conversations.handled(conversation)]
    const first = yield* LanguageModel.runToolsToEnd({ messages: [Message.user(conversation.question)], tools })
      .pipe(Effect.provide(model))
    yield* LanguageModel.runToolsToEnd({ messages: [...first.messages, Message.user(conversation.followUp)], tools })
      .pipe(Effect.provide(model))
    return replay.requests(baseUrl).map((request) => JSON.parse(request.body))
  })

/** The conversation's first run, its question: it ends with the tool's call waiting for approval. */
const firstRun = (conversation: Conversations.Conversation, index: number) =>
  Effect.gen(function*() {
    const http = clients[index % 2]![1]
    const app = yield* conversationApp(conversation, http)
    const agent = AgUiClient.agentOf(app.url)
    agent.addMessage({ id: "u1", role: "user", content: conversation.question })
    const run = yield* AgUiClient.run(agent)
    const outcome = (run.events.at(-1) as RunFinishedEvent).outcome as any
    assert.strictEqual(outcome.type, "interrupt")
    const resume = {
      resume: [{ interruptId: outcome.interrupts[0].id, status: "resolved" as const, payload: { approved: true } }]
    }
    return { app, agent, run, resume, http }
  })

/** A copy of the thread with `messages` (the client's, changed), without the interrupts the agent tracks. */
const withMessages = (url: string, messages: ReadonlyArray<ClientMessage>) =>
  new HttpAgent({ url, threadId: "thread-1", initialMessages: structuredClone(messages) as Array<ClientMessage> })

describe("the provider's state across three turns, through HttpAgent", () => {
  for (const [index, conversation] of Conversations.conversations.entries()) {
    it.live(`${conversation.name}: resumed in the client, the next requests carry the state as runTools sends it`, () =>
      Effect.gen(function*() {
        const { agent, app, http, resume, run } = yield* firstRun(conversation, index)
        // Its state on its parts; or, for a call code made, the container, in the turn carried whole.
        if (conversation.carriedWhole === undefined) assert.isNotEmpty(valuesOf(agent.messages))
        else assert.include(JSON.stringify(agent.messages), conversation.carriedWhole)
        const second = yield* AgUiClient.run(agent, resume)
        agent.addMessage({ id: "u2", role: "user", content: conversation.followUp })
        const third = yield* AgUiClient.run(agent)
        for (const each of [run, second, third]) {
          assert.deepStrictEqual(each.warnings, [])
          assert.deepStrictEqual(AgUiClient.problems(each.events), [])
        }
        const bodies = app.modelRequests()
        assert.strictEqual(bodies.length, 3)
        Conversations.checkSecond(conversation, bodies[1])
        Conversations.checkThird(conversation, bodies[1], bodies[2])
        const loop = yield* loopRequests(conversation, http)
        assert.deepStrictEqual(bodies.slice(1), loop.slice(1).map(asWritten))
      }).pipe(Effect.scoped))

    it.live(`${conversation.name}: a value the client altered or moved is a 400 naming the message`, () =>
      Effect.gen(function*() {
        const { agent, app, resume } = yield* firstRun(conversation, index + 1)
        const served = structuredClone(agent.messages)
        const at = served.findIndex((message) => message.role === "assistant")
        if (conversation.container !== undefined) {
          // A container goes in the turn carried whole, signed with it: another one (another user's, say) is refused.
          const altered = JSON.parse(JSON.stringify(served).replaceAll(conversation.container, "container_0another"))
          const error: any = yield* AgUiClient.runFailing(withMessages(app.url, altered), resume)
          assert.strictEqual(error.status, 400)
          assert.match(error.payload.error, /^invalid chat request: messages\[\d+\]/)
        }
        const refused = (messages: ReadonlyArray<ClientMessage>, fields: ReadonlyArray<string>) =>
          Effect.map(AgUiClient.runFailing(withMessages(app.url, messages), resume), (error: any) => {
            assert.strictEqual(error.status, 400)
            const named = /^invalid chat request: ([^:]+):/.exec(error.payload.error)?.[1]
            assert.include(fields, named, error.payload.error)
          })
        const values = valuesOf(served)
        for (const { path, value } of values) {
          // An opaque string of the state changed (still a state's JSON), or the value no JSON at all.
          const [opaque] = opaqueOf(value)
          const altered = structuredClone(served)
          const changed = `${opaque!.slice(0, -4)}${opaque!.endsWith("AAAA") ? "BBBB" : "AAAA"}`
          holderOf(altered, path).encryptedValue = value.replace(opaque!, changed)
          yield* refused(altered, [`messages[${at}]`])
          const broken = structuredClone(served)
          holderOf(broken, path).encryptedValue = value.slice(0, -1)
          yield* refused(broken, [fieldOf(path)])
        }
        // Moved: each value onto another message or call that may hold one, its own left without it.
        for (const from of values) {
          for (const to of holdersOf(served)) {
            if (to.join() === from.path.join()) continue
            const moved = structuredClone(served)
            holderOf(moved, to).encryptedValue = from.value
            delete holderOf(moved, from.path).encryptedValue
            yield* refused(moved, [`messages[${at}]`, fieldOf(to)])
          }
        }
        // As served, it is taken.
        assert.deepStrictEqual(
          AgUiClient.problems((yield* AgUiClient.run(withMessages(app.url, served), resume)).events),
          []
        )
      }).pipe(Effect.scoped))
  }
})

describe("a call the client leaves unanswered, asking something else instead", () => {
  // A client that kept no interrupt (a thread reloaded from storage): `HttpAgent` made anew with the messages runs
  // without a resume, where the agent that ran before refuses to ("pending interrupt(s) not addressed by resume").
  for (const [index, conversation] of Conversations.conversations.entries()) {
    it.live(`${conversation.name}: the next request sends the turn without the call and what only it needed`, () =>
      Effect.gen(function*() {
        const { agent, app } = yield* firstRun(conversation, index)
        const messages = [...agent.messages, { id: "u2", role: "user" as const, content: conversation.followUp }]
        const run = yield* AgUiClient.run(withMessages(app.url, messages))
        assert.deepStrictEqual(AgUiClient.problems(run.events), [])
        const bodies = app.modelRequests()
        assert.strictEqual(bodies.length, 2)
        assert.deepStrictEqual(Conversations.unanswerable(conversation.format, bodies[1]), [])
        assert.include(JSON.stringify(bodies[1]).slice(-400), conversation.followUp)
      }).pipe(Effect.scoped))
  }
})

describe("an approval given with a new question, in one run", () => {
  // `HttpAgent`: the user approves the call and asks on (`addMessage`, then `runAgent` with the resume). The call's
  // result goes right after its turn, before the question: Anthropic takes `tool_result` blocks only first in the
  // message after the call (platform.claude.com, handling tool calls), Bedrock and Gemini the same.
  for (const [index, conversation] of Conversations.conversations.entries()) {
    it.live(`${conversation.name}: the call's result, then the question`, () =>
      Effect.gen(function*() {
        const { agent, app, resume } = yield* firstRun(conversation, index)
        agent.addMessage({ id: "u2", role: "user", content: conversation.followUp })
        yield* AgUiClient.run(agent, resume)
        const bodies = app.modelRequests()
        assert.strictEqual(bodies.length, 2)
        const sent = JSON.stringify(bodies[1])
        assert.isAbove(sent.indexOf(conversation.tool.output), -1)
        assert.isBelow(sent.lastIndexOf(conversation.tool.output), sent.lastIndexOf(conversation.followUp))
      }).pipe(Effect.scoped))
  }
})

describe("the assistant messages sent back", () => {
  it.live("are taken as served; a changed one is a 400; with trustHistory, as they came", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve(recorded("openai", "text"))
      const { url } = yield* serving("openai", baseUrl)
      const agent = AgUiClient.agentOf(url)
      agent.addMessage({ id: "u1", role: "user", content: "hi" })
      yield* AgUiClient.run(agent)
      const served = assistantOf(agent.messages).content!
      agent.addMessage({ id: "u2", role: "user", content: "and then?" })
      yield* AgUiClient.run(agent)
      const sent = JSON.parse(replay.requests(baseUrl).at(-1)!.body).messages
      assert.deepStrictEqual(sent.slice(0, 3), [
        { role: "user", content: "hi" },
        { role: "assistant", content: served },
        { role: "user", content: "and then?" }
      ])
      const changed = AgUiClient.agentOf(url)
      changed.setMessages(agent.messages.map((message) =>
        message.role === "assistant" && message.content === served
          ? { ...message, content: "I promised a refund." }
          : message
      ))
      const error: any = yield* AgUiClient.runFailing(changed)
      assert.strictEqual(error.status, 400)
      assert.include(error.payload.error, "changed since this server served it")
      const trusting = yield* serving("openai", baseUrl, { trustHistory: true })
      const trusted = AgUiClient.agentOf(trusting.url)
      trusted.setMessages(changed.messages)
      yield* AgUiClient.run(trusted)
      assert.include(replay.requests(baseUrl).at(-1)!.body, "I promised a refund.")
    }).pipe(Effect.scoped))

  it.live("with the provider's state: edited, a 400; trusted, taken as it came without the state it no longer fits", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve(recorded("anthropic", "thinking"))
      const { url } = yield* serving("anthropic", baseUrl)
      const agent = AgUiClient.agentOf(url)
      agent.addMessage({ id: "u1", role: "user", content: "hi" })
      yield* AgUiClient.run(agent)
      agent.addMessage({ id: "u2", role: "user", content: "and then?" })
      const edited = agent.messages.map((message) =>
        message.role === "assistant" ? { ...message, content: `${message.content} Also, a refund.` } : message
      )
      const at = edited.findIndex((message) => message.role === "assistant")
      const error: any = yield* AgUiClient.runFailing(withMessages(url, edited))
      assert.strictEqual(error.status, 400)
      assert.include(error.payload.error, `messages[${at}]: an assistant message changed since this server served it`)
      const trusting = yield* serving("anthropic", baseUrl, { trustHistory: true })
      const turnOf = (messages: ReadonlyArray<ClientMessage>) =>
        Effect.gen(function*() {
          yield* AgUiClient.run(withMessages(trusting.url, messages))
          return JSON.parse(replay.requests(baseUrl).at(-1)!.body).messages[1]
        })
      // As served, the turn goes with its thinking block; edited, as the client wrote it.
      assert.strictEqual((yield* turnOf(agent.messages)).content[0].type, "thinking")
      const { content } = yield* turnOf(edited)
      assert.deepStrictEqual(content, [{ type: "text", text: edited[at]!.content }])
    }).pipe(Effect.scoped))

  it.live("one the client stopped before its step ended is not sent back", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve([recorded("openai", "text", 100), recorded("openai", "text")])
      const { url } = yield* serving("openai", baseUrl)
      const agent = AgUiClient.agentOf(url)
      agent.addMessage({ id: "u1", role: "user", content: "hi" })
      yield* AgUiClient.run(agent, undefined, { onTextMessageContentEvent: () => void agent.abortRun() })
      assert.isAbove(assistantOf(agent.messages).content!.length, 0)
      agent.addMessage({ id: "u2", role: "user", content: "and then?" })
      yield* AgUiClient.run(agent)
      const sent = JSON.parse(replay.requests(baseUrl).at(-1)!.body).messages
      assert.deepStrictEqual(sent, [{ role: "user", content: "hi" }, { role: "user", content: "and then?" }])
    }).pipe(Effect.scoped))
})

/**
 * Two runs of an `HttpAgent` against a server of `folder`'s model at `baseUrl`: `question`, then `followUp`; the
 * messages the client held after the first, and the model's second request.
 */
const twoRuns = (
  folder: RecordedModels.Folder,
  baseUrl: string,
  replay: ReplayServer.ReplayServer,
  question: string,
  followUp: string
) =>
  Effect.gen(function*() {
    const { responses, url } = yield* serving(folder, baseUrl)
    const agent = AgUiClient.agentOf(url)
    agent.addMessage({ id: "u1", role: "user", content: question })
    const first = yield* AgUiClient.run(agent)
    assert.deepStrictEqual(AgUiClient.problems(first.events), [])
    const served = structuredClone(agent.messages)
    agent.addMessage({ id: "u2", role: "user", content: followUp })
    yield* AgUiClient.run(agent)
    const second = JSON.parse(replay.requests(baseUrl)[1]!.body)
    return { agent, responses, second, served, url }
  })

describe("a turn with more than its parts show, through HttpAgent", () => {
  it.live("Anthropic's web search (server calls, results, citations) reaches the provider as the loop's own history does", () =>
    Effect.gen(function*() {
      // Anthropic's prefix checks (platform.claude.com, preserved-thinking/prefix-checks): "send each assistant turn
      // back exactly as the API returned it". The turn goes whole in the step's message metadata (`UITurnCarry`).
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve([recorded("anthropic", "web-search"), recorded("anthropic", "text")])
      const { agent, responses, second, url } = yield* twoRuns("anthropic", baseUrl, replay, "the news", "and then?")
      assert.deepStrictEqual(second.messages[1].content, responses[0]!.contentBlocks)
      assert.deepStrictEqual(second.messages[1].content.slice(0, 2).map((block: any) => block.type), [
        "server_tool_use",
        "web_search_tool_result"
      ])
      // From the app's own storage (trustHistory), the same.
      const input = JSON.stringify({
        threadId: "t",
        runId: "r",
        messages: agent.messages,
        tools: [],
        context: [],
        state: {},
        forwardedProps: {}
      })
      const trusted = yield* AgUi.readRunInput(input, { trustHistory: true })
      const assistant = trusted.messages.find((message) => message._tag === "AssistantMessage") as any
      assert.deepStrictEqual(assistant.content.blocks, responses[0]!.contentBlocks)
      // The search's results travel once, as the tool message of its call: the turn names them by their digest, so a
      // result changed in the client is refused.
      const assistantMessage = agent.messages.find((message) => message.role === "assistant")!
      assert.include(JSON.stringify(assistantMessage), "effect-llm-stream/output")
      const forged = agent.messages.map((message) =>
        message.role === "tool" && typeof message.content === "string" && message.content.includes("\"title\"")
          ? { ...message, content: message.content.replace(/"title":"[^"]*"/, "\"title\":\"Forged\"") }
          : message
      )
      assert.notDeepEqual(forged, agent.messages)
      const error: any = yield* AgUiClient.runFailing(withMessages(url, forged as Array<ClientMessage>))
      assert.strictEqual(error.status, 400)
      assert.include(error.payload.error, "changed since this server served it")
    }).pipe(Effect.scoped))
})

describe("an image the model drew, through HttpAgent", () => {
  it.live("the Responses API's (reasoning, the image, a message of no text): the turn goes back as the loop's", () =>
    Effect.gen(function*() {
      // A step of no text and no call of the program's: its turn (the reasoning item, the `image_generation_call`, the
      // message item with no text that ends it) goes whole in the message's metadata, signed. Kept from the client,
      // the next run was a 400, and the message item no part of either stream ("a reasoning item must be followed by
      // its output item": platform.openai.com/docs/guides/reasoning, keeping reasoning items in context).
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve([
        recorded("openai-responses", "image-generation"),
        recorded("openai-responses", "text")
      ])
      const { responses, second } = yield* twoRuns("openai-responses", baseUrl, replay, "Draw an echidna", "Bluer")
      assert.deepStrictEqual(second.input.slice(1, -1), responses[0]!.contentBlocks)
      assert.deepStrictEqual(second.input.map((item: any) => item.type ?? item.role), [
        "user",
        "reasoning",
        "image_generation_call",
        "message",
        "user"
      ])
    }).pipe(Effect.scoped))

  it.live("AG-UI shows no image, but the next request sends the model its turn as the loop's history has it", () =>
    Effect.gen(function*() {
      // Gemini 3 Pro Image's answer, an inlineData part signed; AG-UI 1.0 has no event for a file the model made.
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve([recorded("google", "image-signature"), recorded("google", "text")])
      const { responses, second } = yield* twoRuns("google", baseUrl, replay, "Draw a cat", "Bluer")
      // The recorded part, with its signature (the recording's last part, an empty text, goes nowhere).
      assert.deepStrictEqual(second.contents[1], {
        role: "model",
        parts: [responses[0]!.contentBlocks[0]]
      })
      assert.deepStrictEqual(second.contents[1].parts, [
        { inlineData: { mimeType: "image/jpeg", data: "AA==" }, thoughtSignature: "live-image-thought-signature" }
      ])
      assert.strictEqual(second.contents.length, 3)
    }).pipe(Effect.scoped))

  it.live("a large image travels once, in the message's metadata, and goes back in its turn, checked", () =>
    Effect.gen(function*() {
      const data = Buffer.from(Array.from({ length: 600 }, (_, i) => i % 251)).toString("base64")
      const image = { inlineData: { mimeType: "image/png", data }, thoughtSignature: "sig-of-the-image" }
      const event = (candidate: unknown) =>
        `data: ${JSON.stringify({ candidates: [candidate], modelVersion: "g" })}\n\n`
      const drawn = event({ content: { role: "model", parts: [image] }, index: 0 }) +
        event({ content: { role: "model", parts: [{ text: "" }] }, finishReason: "STOP", index: 0 })
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve([
        { headers: { "content-type": "text/event-stream" }, body: new TextEncoder().encode(drawn) },
        recorded("google", "text"),
        recorded("google", "text")
      ])
      const { second, served, url } = yield* twoRuns("google", baseUrl, replay, "Draw a cat", "Bluer")
      assert.strictEqual(JSON.stringify(served).split(data).length - 1, 1)
      assert.deepStrictEqual(second.contents[1], { role: "model", parts: [image] })
      // Another image in its place: the turn's digest does not match it.
      const other = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7) % 251)).toString("base64")
      const swapped = JSON.parse(JSON.stringify(served).replace(data, other))
      const error: any = yield* AgUiClient.runFailing(
        withMessages(url, [...swapped, { id: "u3", role: "user", content: "f" }])
      )
      assert.strictEqual(error.status, 400)
      assert.include(error.payload.error, "a file the model made changed since this server served it")
    }).pipe(Effect.scoped))
})

describe("without reasoning sent to the client", () => {
  it.live("Anthropic's thinking before a call the client answers goes back sealed, as the provider needs it", () =>
    Effect.gen(function*() {
      // Anthropic: with thinking and tool use, the thinking block goes back before the call it led to (see
      // `support/Conversations.ts`). The client is sent no reasoning; the turn travels sealed (`UITurnCarry`).
      const replay = yield* ReplayServer.make
      const sse = (name: string) => RecordedModels.served("conversations", name)
      const baseUrl = replay.serve([sse("anthropic-thinking-tool-use.1.sse"), sse("anthropic-thinking-tool-use.2.sse")])
      const { url } = yield* serving("anthropic", baseUrl, { clientTools: ["weather"] }, false)
      const agent = AgUiClient.agentOf(url)
      agent.addMessage({ id: "u1", role: "user", content: "the weather in Florence?" })
      const first = yield* AgUiClient.run(agent)
      assert.deepStrictEqual(AgUiClient.problems(first.events), [])
      assert.isFalse(first.events.some((event) => event.type.startsWith("REASONING")))
      assert.notInclude(JSON.stringify(agent.messages), "signature")
      const call = assistantOf(agent.messages).toolCalls![0]!
      agent.addMessage({ id: "t1", role: "tool", toolCallId: call.id, content: "40 C" })
      yield* AgUiClient.run(agent)
      const second = JSON.parse(replay.requests(baseUrl)[1]!.body)
      const turn = second.messages[1].content
      assert.deepStrictEqual(turn.map((block: any) => block.type), ["thinking", "tool_use"])
      assert.isString(turn[0].signature)
    }).pipe(Effect.scoped))
})
