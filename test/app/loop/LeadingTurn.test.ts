/**
 * A conversation the assistant began: a greeting a chat opens with ("Ahoy! What be yer question?"), or a window of a
 * longer conversation that starts after its first question (a program keeping the last turns, a session resumed from
 * a point). Bedrock's Converse refuses it ("A conversation must start with a user message": langgenius/dify#12340,
 * strands-agents/sdk-typescript#727), Gemini too ("Please ensure that multiturn requests alternate between user and
 * model": NousResearch/hermes-agent#55427; a call's turn first, "function call turn comes immediately after a user turn
 * or after a function response turn": archestra-ai/archestra#6258). There such a conversation goes with a user's turn
 * before it (`Turns.leadingUserText`), the assistant's turns as they were; Anthropic's API takes an assistant turn
 * first (anthropics/anthropic-sdk-typescript#622) and OpenAI's too: unchanged there. And a conversation the assistant
 * ends, whose last text Claude takes without trailing whitespace only.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as Turns from "../../../src/core/request/Turns.js"
import * as Conversations from "../../support/Conversations.js"
import * as SwitchTargets from "../../support/SwitchTargets.js"

/** The roles of a request's turns, and the text of its first turn. */
const rolesOf = (target: SwitchTargets.Target, body: any): { roles: Array<string>; first: unknown } => {
  switch (target.format) {
    case "google":
      return { roles: body.contents.map((c: any) => c.role), first: body.contents[0].parts[0].text }
    case "bedrock":
      return { roles: body.messages.map((m: any) => m.role), first: body.messages[0].content[0].text }
    case "anthropic":
      return { roles: body.messages.map((m: any) => m.role), first: body.messages[0].content[0].text }
    case "openai":
      return { roles: body.messages.map((m: any) => m.role), first: body.messages[0].content }
    case "openai-responses":
      return { roles: body.input.map((item: any) => item.role ?? item.type), first: body.input[0].content }
  }
}

const refusing = new Set(["google", "bedrock"])
const greeting = "Ahoy! I be yer weather parrot. What be yer question?"

describe("a conversation the assistant began", () => {
  for (const target of SwitchTargets.targets.filter((each) => each.turns !== "azure-responses")) {
    it.live(`a greeting first, then the user's question: ${SwitchTargets.nameOf(target)}`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const body = yield* SwitchTargets.requestTo(server, target, {
          messages: [Message.assistant(greeting), Message.user("What's the weather in Florence?")]
        })
        const { first, roles } = rolesOf(target, body)
        if (refusing.has(target.format)) {
          assert.deepStrictEqual(roles, ["user", target.format === "google" ? "model" : "assistant", "user"])
          assert.strictEqual(first, Turns.leadingUserText)
          assert.include(JSON.stringify(body), greeting)
        } else {
          assert.strictEqual(roles[0], "assistant")
          assert.include(JSON.stringify(first), greeting)
        }
      }).pipe(Effect.scoped))
  }

  // A window of each recorded conversation of those APIs, from its call on: the turn with the provider's state first.
  for (const conversation of Conversations.conversations.filter((each) => refusing.has(each.format))) {
    const target = SwitchTargets.targets.find((each) => each.turns === conversation.format)!
    it.live(`${conversation.name}: a window that starts at its call goes with a user's turn first`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const first = yield* Conversations.firstExchange(server, conversation)
        const window = [...first.messages.slice(1), Message.user(conversation.followUp)]
        assert.strictEqual(window[0]!._tag, "AssistantMessage")
        const body = yield* SwitchTargets.requestTo(server, target, {
          messages: window,
          tools: [Conversations.handled(conversation)]
        })
        const { first: text, roles } = rolesOf(target, body)
        assert.strictEqual(text, Turns.leadingUserText)
        // The roles alternate from the user's, and the turn goes with its state as it came.
        roles.forEach((role, index) => assert.strictEqual(role === "user", index % 2 === 0, roles.join()))
        const state = Conversations.opaqueValues(conversation.format, conversation.recordedTurn())
        for (const value of state) assert.include(JSON.stringify(body), value)
        const { calls, results } = SwitchTargets.callsAndResults(target, body)
        assert.deepStrictEqual([...calls].sort(), [...results].sort())
      }).pipe(Effect.scoped))
  }
})

describe("a conversation the assistant ends (a prefill, a paused turn sent back)", () => {
  // Claude refuses final assistant content that ends with whitespace ("messages: final assistant content cannot end
  // with trailing whitespace": anomalyco/opencode#1295, tailcallhq/forgecode#1872; on Bedrock a ValidationException,
  // junjiem/dify-plugin-agent-mcp_sse#118). The last text is cut there; a turn before the last goes as it came.
  const claude = SwitchTargets.targets.filter((each) => each.format === "anthropic" || each.format === "bedrock")
  const textsOf = (target: SwitchTargets.Target, message: any): Array<string> =>
    message.content.flatMap((block: any) =>
      target.format === "anthropic" ? (block.type === "text" ? [block.text] : []) : "text" in block ? [block.text] : []
    )
  for (const target of claude) {
    it.live(`${SwitchTargets.nameOf(target)}: the final text's trailing whitespace cut, an earlier turn's kept`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const own = (...texts: ReadonlyArray<string>) =>
          Message.assistant(texts.join(""), {
            content: new Message.ProviderContent({
              provider: target.format,
              blocks: texts.map((text) => target.format === "anthropic" ? { type: "text", text } : { text })
            })
          })
        const sent = (messages: ReadonlyArray<Message.Message>) =>
          Effect.map(SwitchTargets.requestTo(server, target, { messages }), (body) => body.messages)
        const prefill = yield* sent([Message.user("Name a color."), Message.assistant("The color is ")])
        assert.deepStrictEqual(textsOf(target, prefill.at(-1)), ["The color is"])
        const ownLast = yield* sent([Message.user("Think."), own("Let me think.", "\n\n")])
        assert.deepStrictEqual(textsOf(target, ownLast.at(-1)), ["Let me think."])
        const earlier = yield* sent([Message.user("Hi"), own("Hello! \n"), Message.user("Go on.")])
        assert.deepStrictEqual(textsOf(target, earlier[1]), ["Hello! \n"])
      }).pipe(Effect.scoped))
  }
})
