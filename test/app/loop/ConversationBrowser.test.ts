/**
 * The provider's opaque state through the browser, three turns each: a chat server (`support/ConversationApp.ts`:
 * `toMessages` with default options → `runTools` → `fromSteps`) and the `ai` package's own client (`AbstractChat`
 * with `DefaultChatTransport`, what `useChat` runs; `support/NodeChat.ts`). The tool needs approval, so the first
 * answer's turn (state and call) ends in the browser and comes back in its next POST: the state travels in the
 * `providerMetadata` of the reasoning, text and tool parts the client keeps (`callProviderMetadata` on a tool
 * part), and the second request to the model is read against the provider's documented rule (see
 * `support/Conversations.ts`), the third (a follow-up) against the second. The history's signature covers the
 * state: a state the browser altered or moved to another part is a 400 naming the message.
 */
import { assert, describe, it } from "@effect/vitest"
import type { UIMessage } from "ai"
import { Effect, Layer, Logger } from "effect"
import { LanguageModel, Message, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as ConversationApp from "../../support/ConversationApp.js"
import * as Conversations from "../../support/Conversations.js"
import { NodeChat } from "../../support/NodeChat.js"
import { readServed } from "../../support/UIClient.js"

const key = "effect-llm-stream"

/** Where a part of a message the client holds keeps this library's state (a tool part: its call's metadata). */
const metadataField = (part: any): "providerMetadata" | "callProviderMetadata" =>
  part.type.startsWith("tool-") ? "callProviderMetadata" : "providerMetadata"

const stateful = (message: UIMessage): Array<any> =>
  message.parts.filter((part: any) => part[metadataField(part)]?.[key] !== undefined)

const body = (...messages: ReadonlyArray<unknown>) =>
  JSON.stringify({ id: "chat", messages, trigger: "submit-message" })

/** The conversation's first turn, served to the `ai` client: it ends waiting for the tool's approval. */
const firstTurn = (
  conversation: Conversations.Conversation,
  index: number,
  serving: { readonly sendReasoning?: boolean } = {}
) =>
  Effect.gen(function*() {
    const app = yield* ConversationApp.make(conversation, clients[index % 2]![1], serving)
    const chat = new NodeChat(app.url)
    yield* Effect.promise(() => chat.sendMessage({ text: conversation.question }))
    assert.isDefined(chat.toolParts.find((part) => part.state === "approval-requested"))
    return { app, chat }
  })

describe("the UI message stream carries the provider's state to the ai client", () => {
  for (const [index, conversation] of Conversations.conversations.entries()) {
    it.live(`${conversation.name}: fromStream, read by readUIMessageStream`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve(conversation.responses().slice(0, 1))
        const { message } = yield* LanguageModel.stream(conversation.question).pipe(
          readServed,
          Effect.provide(Layer.provide(conversation.model(baseUrl), clients[index % 2]![1]))
        )
        // Each opaque value of the recording is on the part the client keeps it on, and nothing else is.
        const kept = stateful(message!).flatMap((part) => {
          const entry = part[metadataField(part)][key]
          return [entry.itemId, entry.signature, entry.encrypted].filter((value) => value !== null)
        })
        assert.deepStrictEqual(
          new Set(kept),
          new Set(Conversations.opaqueValues(conversation.format, conversation.recordedTurn()))
        )
      }).pipe(Effect.scoped))
  }
})

/**
 * Approves the call that waits, and sends on: the client's `lastAssistantMessageIsCompleteWithApprovalResponses` does,
 * unless a provider's own call of the step still waits for its result (the code execution waiting on the call its
 * code made, a search left for the next response: `input-available`, which the predicate does not count as
 * answered), and then `sendMessage()` does.
 */
const approve = (chat: NodeChat, approval: string) =>
  Effect.promise(() =>
    !chat.toolParts.some((part) => part.providerExecuted === true && part.state === "input-available")
      ? chat.settle(() => chat.addToolApprovalResponse({ id: approval, approved: true }))
      : Promise.resolve(chat.addToolApprovalResponse({ id: approval, approved: true })).then(() =>
        chat.settle(() => chat.sendMessage())
      )
  )

describe("the browser keeps the provider's state across three turns", () => {
  for (const [index, conversation] of Conversations.conversations.entries()) {
    it.live(`${conversation.name}: approved in the browser, the second request carries the state`, () =>
      Effect.gen(function*() {
        const { app, chat } = yield* firstTurn(conversation, index)
        // Its state on its parts; or, for a call code made, the container, in the turn carried whole.
        if (conversation.carriedWhole === undefined) assert.isNotEmpty(stateful(chat.messages[1]!))
        else assert.include(JSON.stringify(chat.messages[1]!.metadata), conversation.carriedWhole)
        // The call that waits for approval (a provider's own call before it, such as its code execution, does not).
        const approval = chat.toolParts.find((part) => part.approval !== undefined).approval.id
        yield* approve(chat, approval)
        yield* Effect.promise(() => chat.sendMessage({ text: conversation.followUp }))
        // The state came back from the browser's own body (the server keeps nothing between requests).
        assert.include(chat.posts[1], conversation.carriedWhole ?? `"${key}"`)
        const bodies = app.modelRequests()
        assert.strictEqual(bodies.length, 3)
        Conversations.checkSecond(conversation, bodies[1])
        Conversations.checkThird(conversation, bodies[1], bodies[2])
      }).pipe(Effect.scoped))

    // A container goes in the turn carried whole, signed with it: see "a container the browser altered" below.
    if (conversation.carriedWhole !== undefined) continue
    it.live(`${conversation.name}: a state the browser altered or moved is a 400 naming the message`, () =>
      Effect.gen(function*() {
        const { chat } = yield* firstTurn(conversation, index + 1)
        // The browser's answer to the approval, as its next POST carries it.
        const served = structuredClone(chat.messages)
        const call = served[1]!.parts.find((part: any) => part.type.startsWith("tool-")) as any
        Object.assign(call, { state: "approval-responded", approval: { ...call.approval, approved: true } })
        // As served, it is taken: the turn goes back as the provider's blocks.
        const taken = yield* UIMessageStream.toMessages(body(...served))
        const assistant = taken.messages[1] as Message.AssistantMessage
        assert.strictEqual(assistant.content?.provider, conversation.turnFormat ?? conversation.format)
        const refused = (messages: ReadonlyArray<UIMessage>) =>
          Effect.map(Effect.flip(UIMessageStream.toMessages(body(...messages))), (error) => {
            assert.strictEqual(error.status, 400)
            assert.match(error.parameter ?? "", /^messages\[1\]/)
          })
        for (const [position, part] of stateful(served[1]!).entries()) {
          const altered = structuredClone(served)
          const entry = stateful(altered[1]!)[position][metadataField(part)][key]
          const field = ["signature", "encrypted", "itemId"].find((name) => typeof entry[name] === "string")!
          entry[field] = `${entry[field].slice(0, -4)}AAAA`
          yield* refused(altered)
        }
        // Moved: the first part's state on another part (where the turn has one), and the first left without it.
        const moved = structuredClone(served)
        const parts = moved[1]!.parts.filter((part: any) => part.type !== "step-start")
        const from = stateful(moved[1]!)[0]
        const to = parts.find((part) => part !== from) as any
        if (to !== undefined) {
          to[metadataField(to)] = { [key]: from[metadataField(from)][key] }
          delete from[metadataField(from)]
          yield* refused(moved)
        }
      }).pipe(Effect.scoped))
  }
})

describe("a call the user leaves unanswered, asking something else instead", () => {
  for (const [index, conversation] of Conversations.conversations.entries()) {
    for (const sendReasoning of [true, false]) {
      const shown = sendReasoning ? "reasoning shown" : "the state sealed"
      it.live(`${conversation.name} (${shown}): the next request sends the turn without the call and what only it needed`, () =>
        Effect.gen(function*() {
          const { app, chat } = yield* firstTurn(conversation, index, { sendReasoning })
          // The approval is never answered: the user types another question.
          yield* Effect.promise(() => chat.sendMessage({ text: conversation.followUp }))
          const bodies = app.modelRequests()
          assert.strictEqual(bodies.length, 2)
          assert.deepStrictEqual(Conversations.unanswerable(conversation.format, bodies[1]), [])
          // What the user asked goes last, after the text of the turn (where it had some).
          assert.include(JSON.stringify(bodies[1]).slice(-400), conversation.followUp)
        }).pipe(Effect.scoped))
    }
  }
})

describe("an approval answered, then sent with the user's next message", () => {
  // Without `sendAutomaticallyWhen` (the ai client's default) an answered approval waits in the browser and goes with
  // the next message: not acted on (its call left out), and the server says so in its log.
  const conversation = Conversations.conversations[0]!
  it.live(`${conversation.name}: the call is left out, and a warning names it`, () =>
    Effect.gen(function*() {
      const { chat } = yield* firstTurn(conversation, 0)
      const messages = structuredClone(chat.messages) as Array<any>
      const part = messages.at(-1).parts.find((each: any) => each.state === "approval-requested")
      Object.assign(part, { state: "approval-responded", approval: { ...part.approval, approved: true } })
      messages.push({ id: "u2", role: "user", parts: [{ type: "text", text: conversation.followUp }] })
      const lines: Array<string> = []
      const request = yield* UIMessageStream.toMessages(body(...messages)).pipe(
        Effect.provide(Logger.layer([Logger.make(({ message }) => lines.push(String(message)))]))
      )
      assert.deepStrictEqual(request.approvals, [])
      const calls = request.messages.flatMap((message) => message._tag === "AssistantMessage" ? message.toolCalls : [])
      assert.deepStrictEqual(calls, [])
      assert.strictEqual(lines.length, 1)
      assert.include(lines[0], `the approval of tool call ${JSON.stringify(part.toolCallId)} came back`)
      assert.include(lines[0], "sendAutomaticallyWhen")
    }).pipe(Effect.scoped))
})

describe("a container the browser altered", () => {
  const conversation = Conversations.conversations.find((each) => each.container !== undefined)!
  it.live("is a 400 naming the message: the container goes in the turn carried whole, signed with it", () =>
    Effect.gen(function*() {
      const { chat } = yield* firstTurn(conversation, 1)
      const served = structuredClone(chat.messages)
      const call = served[1]!.parts.find((part: any) => part.approval !== undefined) as any
      Object.assign(call, { state: "approval-responded", approval: { ...call.approval, approved: true } })
      const taken = yield* UIMessageStream.toMessages(body(...served))
      assert.strictEqual((taken.messages[1] as Message.AssistantMessage).content?.container, conversation.container)
      // Another container (another user's, say): its request would run in it.
      const altered = JSON.parse(JSON.stringify(served).replaceAll(conversation.container!, "container_0another"))
      const error = yield* Effect.flip(UIMessageStream.toMessages(body(...altered)))
      assert.strictEqual(error.status, 400)
      assert.match(error.parameter ?? "", /^messages\[1\]/)
    }).pipe(Effect.scoped))
})

describe("without reasoning sent to the browser, the provider's state goes sealed", () => {
  for (const [index, conversation] of Conversations.conversations.entries()) {
    it.live(`${conversation.name}: approved in the browser, the second request carries the state`, () =>
      Effect.gen(function*() {
        // `sendReasoning: false`: the browser is sent no reasoning, and the turn's state (a thinking block and its
        // signature, encrypted reasoning) goes sealed, so that the approved call's continuation carries it
        // (Anthropic: "you must pass thinking blocks back" with tool use; see `support/Conversations.ts`).
        const { app, chat } = yield* firstTurn(conversation, index, { sendReasoning: false })
        assert.isEmpty(chat.messages[1]!.parts.filter((part: any) => part.type === "reasoning"))
        // The call that waits for approval (a provider's own call before it, such as its code execution, does not).
        const approval = chat.toolParts.find((part) => part.approval !== undefined).approval.id
        yield* approve(chat, approval)
        yield* Effect.promise(() => chat.sendMessage({ text: conversation.followUp }))
        const bodies = app.modelRequests()
        Conversations.checkSecond(conversation, bodies[1])
        Conversations.checkThird(conversation, bodies[1], bodies[2])
      }).pipe(Effect.scoped))
  }
})
