/**
 * A window of a conversation, cut anywhere: a program that keeps the last messages of a long conversation sends a
 * conversation that may begin with the assistant's turn, with a call's result whose call was cut off, or in the middle
 * of a tool loop. Each recorded conversation (its question, the call with the provider's state, the result, the answer,
 * then the follow-up) is cut at every message and sent to every API, and each request is read against the rules those
 * APIs state for any conversation: it starts with the user's turn where the API requires it (Bedrock, Gemini), every
 * call in it is answered by its result and every result answers a call in it, the results lead the turn after their
 * call (Anthropic's `tool_result` blocks, OpenAI's `tool` messages right after the assistant's).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as Conversations from "../../support/Conversations.js"
import * as SwitchTargets from "../../support/SwitchTargets.js"

/** The roles of a request's turns, in order (the Responses API's input items by their kind). */
const rolesOf = (target: SwitchTargets.Target, body: any): Array<string> =>
  target.format === "google"
    ? body.contents.map((content: any) => content.role)
    : target.format === "openai-responses"
    ? body.input.map((item: any) => item.role ?? item.type)
    : body.messages.map((message: any) => message.role)

/** Checks that the results lead the turn after their calls: Anthropic's blocks, Bedrock's, OpenAI's messages. */
const checkResultsLead = (target: SwitchTargets.Target, body: any) => {
  if (target.format === "anthropic" || target.format === "bedrock") {
    const isResult = (block: any) =>
      target.format === "anthropic" ? block.type === "tool_result" : "toolResult" in block
    for (const message of body.messages.filter((each: any) => each.role === "user")) {
      const kinds = (Array.isArray(message.content) ? message.content : []).map(isResult)
      assert.deepStrictEqual(kinds, [...kinds].sort((a: boolean, b: boolean) => Number(b) - Number(a)), "leading")
    }
  }
  if (target.format === "openai") {
    body.messages.forEach((message: any, index: number) => {
      const ids = (message.tool_calls ?? []).map((call: any) => call.id)
      const after = body.messages.slice(index + 1, index + 1 + ids.length).map((next: any) => next.tool_call_id)
      assert.deepStrictEqual([...after].sort(), [...ids].sort(), "tool messages right after the assistant's")
    })
  }
}

describe("a window of a conversation, cut anywhere", () => {
  for (const conversation of Conversations.conversations) {
    it.live(`${conversation.name}: every window goes to every API as it takes one`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const first = yield* Conversations.firstExchange(server, conversation)
        const whole = [...first.messages, Message.user(conversation.followUp)]
        for (let cut = 0; cut < whole.length - 1; cut++) {
          const window = whole.slice(cut)
          for (const target of SwitchTargets.targets) {
            const body = yield* SwitchTargets.requestTo(server, target, {
              messages: window,
              tools: [Conversations.handled(conversation)]
            })
            const where = `cut at ${cut}, ${SwitchTargets.nameOf(target)}`
            if (target.format === "google" || target.format === "bedrock") {
              assert.strictEqual(rolesOf(target, body)[0], "user", where)
            }
            const { calls, results } = SwitchTargets.callsAndResults(target, body)
            assert.deepStrictEqual([...calls].sort(), [...results].sort(), where)
            checkResultsLead(target, body)
          }
        }
      }).pipe(Effect.scoped), 60_000)
  }
})
