/**
 * The history an AG-UI client sends back, across turns, through `@ag-ui/client`'s `HttpAgent` and a `node:http`
 * server of the library:
 *
 * - The provider's opaque state of a turn comes back with it and reaches the provider as the library's own loop
 *   sends it: the next request is byte for byte the one a program sends with `CallResponse.toMessage` of the same
 *   response. Anthropic's thinking signature and `redacted_thinking` must be passed back unmodified with the turn
 *   (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking, "Preserving thinking blocks"); Gemini's
 *   `thoughtSignature` in the part it came with (https://ai.google.dev/gemini-api/docs/thought-signatures); the
 *   Responses API's reasoning items with their `encrypted_content` before the call they led to
 *   (https://platform.openai.com/docs/guides/reasoning, "Encrypted reasoning items").
 * - The client cannot read the sealed state nor change it, nor move it to another message: a 400.
 * - An assistant message is taken only as the server signed it: one changed since is a 400; one the client stopped
 *   before its step ended is not sent back; with `trustHistory`, everything is taken as it came.
 */
import type { AssistantMessage } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import type { CallResponse } from "effect-llm-stream"
import { AgUi, CallResponse as Responses, CallStream, LanguageModel, Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../support/Clients.js"
import * as Fixtures from "../support/Fixtures.js"
import * as AgUiClient from "./support/AgUiClient.js"
import * as RecordedModels from "./support/RecordedModels.js"

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
const serving = (folder: RecordedModels.Folder, baseUrl: string, options: AgUi.ReadRunInputOptions = {}) =>
  Effect.gen(function*() {
    const model = yield* Layer.build(RecordedModels.model(folder, baseUrl, client))
    const responses: Array<CallResponse.CallResponse> = []
    const url = yield* AgUiClient.serve((body) =>
      AgUi.readRunInput(body, options).pipe(
        Effect.flatMap((input) =>
          LanguageModel.stream({ messages: input.messages }).pipe(
            CallStream.onEnd((ending) => Effect.sync(() => responses.push(ending.response))),
            AgUi.fromStream({ threadId: input.threadId, runId: input.runId }),
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

describe("the provider's opaque state", () => {
  for (const { folder, name, opaque } of cases) {
    it.live(`${folder} ${name}: comes back sealed, and reaches the provider as the loop's own history does`, () =>
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
        const sealed = assistantOf(agent.messages).encryptedValue
        assert.match(sealed ?? "", /^o1\./)
        // Nothing of the state is readable in what the client holds.
        const strings = [...new TextDecoder().decode(Fixtures.bytes(folder, `${name}.sse`)).matchAll(opaque)]
          .map((match) => match[1]!)
        assert.isNotEmpty(strings)
        for (const value of strings) assert.notInclude(JSON.stringify(agent.messages), value)
        const response = first.responses[0]!
        const call = response.toolCalls[0]
        const next: Message.Message = call === undefined
          ? Message.user("and then?")
          : Message.toolResult({ toolCallId: call.id, name: call.name, content: "18°C" })
        agent.addMessage(
          call === undefined
            ? { id: "u2", role: "user", content: "and then?" }
            : { id: "t1", role: "tool", toolCallId: call.id, content: "18°C" }
        )
        yield* AgUiClient.run(agent)
        // The same conversation sent by a program that kept the response itself.
        yield* CallStream.accumulate(LanguageModel.stream({
          messages: [Message.user("hi"), Responses.toMessage(response), next]
        })).pipe(Effect.provide(first.model))
        const [, fromClient, fromProgram] = replay.requests(baseUrl).map((request) => request.body)
        assert.strictEqual(fromClient, fromProgram)
        assert.isTrue(strings.some((value) => fromClient!.includes(value)), `${calls(response)}`)
      }).pipe(Effect.scoped))
  }

  it.live("a sealed state changed, or moved to a message of another id, is a 400", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve(recorded("anthropic", "thinking"))
      const { url } = yield* serving("anthropic", baseUrl)
      const agent = AgUiClient.agentOf(url)
      agent.addMessage({ id: "u1", role: "user", content: "hi" })
      yield* AgUiClient.run(agent)
      const saved = structuredClone(agent.messages)
      const assistant = assistantOf(agent.messages)
      const value = assistant.encryptedValue!
      assistant.encryptedValue = `${value.slice(0, -2)}${value.endsWith("A") ? "B" : "A"}A`
      agent.addMessage({ id: "u2", role: "user", content: "and then?" })
      const changed: any = yield* AgUiClient.runFailing(agent)
      assert.strictEqual(changed.status, 400)
      const field = `messages[${agent.messages.indexOf(assistant)}].encryptedValue`
      assert.include(changed.payload.error, field)
      const moved = AgUiClient.agentOf(url)
      moved.setMessages([
        ...saved.map((message) => message.role === "assistant" ? { ...message, id: "other" } : message)
      ])
      moved.addMessage({ id: "u2", role: "user", content: "and then?" })
      const movedError: any = yield* AgUiClient.runFailing(moved)
      assert.strictEqual(movedError.status, 400)
      assert.include(movedError.payload.error, field)
    }).pipe(Effect.scoped))
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
