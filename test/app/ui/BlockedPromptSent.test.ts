/**
 * What the next requests carry of a message the provider refused on its policy before any answer, through `ChatEndpoint`
 * and the `ai` package's chat client, over three turns, the chat kept as JSON and read back between them: Gemini's
 * `promptFeedback.blockReason` and Vertex AI's Model Armor ("If set, the prompt was blocked and no candidates are
 * returned. Rephrase the prompt.", ai.google.dev/api/generate-content#PromptFeedback). The model never read the
 * blocked message: the next request leaves it out, where it went with the person's next message joined to it (one
 * user turn), blocked again.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import * as Fixtures from "../../../support/Fixtures.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import { textsSent, threeTurns } from "../../support/RefusedAnswers.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const blocked: ReadonlyArray<readonly [string, TestKit.ScriptedProvider, string]> = [
  ["Gemini's PROHIBITED_CONTENT", "google", "prompt-blocked.sse"],
  ["Vertex AI's Model Armor", "google-vertex", "vertex-model-armor-prompt-blocked.sse"]
]

describe("a message blocked on the provider's policy, in the next requests of the ai client", () => {
  it.live.each(blocked)("%s: left out", ([, wire, name]) =>
    Effect.gen(function*() {
      const bodies: Array<any> = []
      const model = EndpointApp.scriptedOnWire(threeTurns.answers, wire, bodies, 0, Fixtures.bytes("google", name))
      const served = yield* EndpointApp.viaWebHandler(ChatEndpoint.layer({}).pipe(Layer.provide(model)))
      const chat = new EndpointApp.EndpointClient(served, `blocked-sent-${wire}`)
      for (const [at, text] of threeTurns.said.entries()) {
        yield* wait(() => chat.settle(() => chat.sendMessage({ text })))
        assert.strictEqual(
          chat.error?.message,
          at === 0 ? "The provider's content filter blocked this message." : undefined
        )
        assert.strictEqual((chat.messages.at(-1)?.metadata as any)?.finishReason, at === 0 ? "content_filter" : "stop")
        chat.messages = JSON.parse(JSON.stringify(chat.messages))
      }
      assert.lengthOf(bodies, 3)
      assert.deepStrictEqual(textsSent(bodies[0]), [["user", threeTurns.said[0]]])
      assert.deepStrictEqual(textsSent(bodies[1]), [["user", threeTurns.said[1]]])
      assert.deepStrictEqual(textsSent(bodies[2]), [
        ["user", threeTurns.said[1]],
        ["assistant", threeTurns.answers[0].text],
        ["user", threeTurns.said[2]]
      ])
    }).pipe(Effect.scoped))
})
