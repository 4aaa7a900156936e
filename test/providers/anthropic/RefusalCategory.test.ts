/**
 * Claude's refusal is told by its category. A `refusal` stop's `stop_details` (`@anthropic-ai/sdk` 1.14.0
 * `RefusalStopDetails`: `category` such as `cyber` or `bio`, `explanation` or `null`) was read for its explanation
 * alone: the details were lost, and a refusal without an explanation was told as "Anthropic's safety classifiers
 * stopped this answer." whatever its category. The details are now the response's `policyDetails`, and the sentence
 * names the category in plain words (`AnthropicProfile`'s table) where no explanation came; across three turns through
 * the `ai` client, the refused turn is still left out with the message that led to it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { CallStream, ChatEndpoint, LanguageModel } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as ProviderProfiles from "../../../src/providers/ProviderProfiles.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import { assertSentAfter, refusals, threeTurns } from "../../support/RefusedAnswers.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)
const named = refusals.find((row) => row.name === "Claude's refusal naming its category, without an explanation")!
const explained = refusals.find((row) => row.name === "Claude's refusal with its explanation")!
const stopped = "Anthropic's safety classifiers stopped this answer (biological harm)."

const accumulated = (body: Uint8Array) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({ status: 200, headers: { "content-type": "text/event-stream" }, body })
    return yield* CallStream.accumulate(LanguageModel.stream("Do the thing")).pipe(
      Effect.provide(RecordedModels.model("anthropic", baseUrl, FetchHttpClient.layer))
    )
  })

describe("Claude's refusal, by its category", () => {
  it.effect("the stop_details on the response; the category in the sentence where no explanation came", () =>
    Effect.gen(function*() {
      const response = yield* accumulated(named.body())
      assert.deepStrictEqual(response.policyDetails, { type: "refusal", category: "bio", explanation: null })
      assert.strictEqual(ProviderProfiles.withheldNotice(response), stopped)
      assert.isTrue(ProviderProfiles.isNotice(`\n\n${stopped}`), "never told to the model as its own")
      const withWords = yield* accumulated(explained.body())
      assert.deepStrictEqual(withWords.policyDetails, {
        type: "refusal",
        category: "cyber",
        explanation: "This request was declined because it could enable cyber harm."
      })
      // Its explanation is the refusal's words: no sentence of the library's.
      assert.isUndefined(ProviderProfiles.withheldNotice(withWords))
    }).pipe(Effect.scoped))

  it.live("through the ai client over three turns: shown with its category, the turn left out", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(named.shown, ["Hello..", `\n\n${stopped}`])
      const bodies: Array<any> = []
      const model = EndpointApp.scriptedOnWire(threeTurns.answers, "anthropic", bodies, 0, named.body())
      const app = yield* EndpointApp.viaWebHandler(ChatEndpoint.layer({}).pipe(Layer.provide(model)))
      const chat = new EndpointApp.EndpointClient(app, "refusal-category")
      for (const text of threeTurns.said) {
        yield* wait(() => chat.settle(() => chat.sendMessage({ text })))
        chat.messages = JSON.parse(JSON.stringify(chat.messages))
      }
      const shown = chat.messages[1]!.parts.flatMap((part) => part.type === "text" ? [part.text] : [])
      assert.deepStrictEqual(shown, named.shown)
      assertSentAfter(bodies, named)
    }).pipe(Effect.scoped))

  it("the table: each category in plain words; none for null or one it does not know", () => {
    const cause = (category: unknown) => ProviderProfiles.policyCause("anthropic", { type: "refusal", category })
    assert.strictEqual(cause("cyber"), "cyber harm")
    assert.strictEqual(cause("frontier_llm"), "developing competing AI models")
    assert.strictEqual(cause("reasoning_extraction"), "reproducing its reasoning")
    assert.strictEqual(cause("general_harms"), "potential harm")
    for (const none of [null, "toString", "weather", 3]) assert.isUndefined(cause(none))
    assert.isUndefined(ProviderProfiles.policyCause("anthropic", null))
  })
})
