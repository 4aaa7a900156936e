/**
 * Azure OpenAI's content filter is told by the category that filtered. An answer it ends with `content_filter`, and a
 * prompt it refuses with its 400 `content_filter`, were told to a person as "The provider's content filter ..." alone,
 * though Azure names the category in the finishing choice's `content_filter_results` and in the 400's
 * `innererror.content_filter_result` (learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter). The sentence
 * now names it in plain words (`AzureProfile`'s table), the raw results are the response's and the error's
 * `policyDetails`, and the sentence with its cause is still never told to the model as its own.
 *
 * Bodies: `azure/content-filter.sse` (Microsoft's documented stream, `protected_material_text`) and
 * `azure/http-400-content-filter.json` (Mirascope's recorded 400, `self_harm`); see their SOURCES.md.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { CallStream, ChatEndpoint, LanguageModel, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as ProviderProfiles from "../../../src/providers/ProviderProfiles.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import { assertSentAfter, refusals, threeTurns } from "../../support/RefusedAnswers.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)
const stopped = "The provider's content filter stopped this answer (protected text)."
const blocked = "The provider's content filter blocked this message (self-harm)."
const azure = refusals.find((refused) => refused.wire === "azure")!

const served = (status: number, name: string) => ({
  status,
  headers: { "content-type": status === 200 ? "text/event-stream" : "application/json" },
  body: Fixtures.bytes("azure", name)
})

describe("Azure's content filter, by its category", () => {
  it.effect("an answer it stopped: the raw results on the response, the category in the person's sentence", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(served(200, "content-filter.sse"))
      const response = yield* CallStream.accumulate(LanguageModel.stream("Sing")).pipe(
        Effect.provide(RecordedModels.model("azure", baseUrl, FetchHttpClient.layer))
      )
      assert.deepStrictEqual(response.policyDetails, { protected_material_text: { detected: true, filtered: true } })
      assert.strictEqual(ProviderProfiles.withheldNotice(response), stopped)
      assert.isTrue(ProviderProfiles.isNotice(`\n\n${stopped}`), "never told to the model as its own")
    }).pipe(Effect.scoped))

  it.live("an answer it stopped, through the ai client and HttpAgent: shown with its category, not sent back", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(azure.shown, ["Hey Jude, better", `\n\n${stopped}`])
      const bodies: Array<any> = []
      const model = EndpointApp.scriptedOnWire(threeTurns.answers, "azure", bodies, 0, azure.body())
      const app = yield* EndpointApp.viaWebHandler(ChatEndpoint.layer({}).pipe(Layer.provide(model)))
      const chat = new EndpointApp.EndpointClient(app, "filter-category")
      for (const text of threeTurns.said) {
        yield* wait(() => chat.settle(() => chat.sendMessage({ text })))
        chat.messages = JSON.parse(JSON.stringify(chat.messages))
      }
      const shown = chat.messages[1]!.parts.flatMap((part) => part.type === "text" ? [part.text] : [])
      assert.deepStrictEqual(shown, azure.shown)
      assertSentAfter(bodies, azure)
      const url = yield* AgUiClient.looped.pipe(
        Effect.provide(EndpointApp.scriptedOnWire(threeTurns.answers, "azure", [], 0, azure.body()))
      )
      const agent = AgUiClient.agentOf(url, "filter-category")
      agent.addMessage({ id: "u0", role: "user", content: threeTurns.said[0] })
      yield* AgUiClient.run(agent)
      assert.strictEqual(agent.messages.at(-1)?.content, azure.shown.join(""))
    }).pipe(Effect.scoped))

  it.live("a prompt it refused with its 400: the raw results on the error, the category in the person's sentence", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        served(400, "http-400-content-filter.json"),
        served(400, "http-400-content-filter.json")
      ])
      const model = RecordedModels.model("azure", baseUrl, FetchHttpClient.layer)
      const error = yield* LanguageModel.stream("hi").pipe(CallStream.accumulate, Effect.flip, Effect.provide(model))
      assert.strictEqual(error._tag, "InvalidRequestError")
      assert.deepStrictEqual((error as { readonly policyDetails?: unknown }).policyDetails, {
        hate: { filtered: false, severity: "safe" },
        jailbreak: { filtered: false, detected: false },
        self_harm: { filtered: true, severity: "medium" },
        sexual: { filtered: false, severity: "safe" },
        violence: { filtered: false, severity: "safe" }
      })
      const response = yield* UIMessageStream.fromStream(LanguageModel.stream("hi")).pipe(
        UIMessageStream.toResponse(),
        Effect.provide(model)
      )
      assert.strictEqual(yield* Effect.promise(() => response.text()), blocked)
    }).pipe(Effect.scoped))

  it("the table: each category that filtered, in plain words; none when none did", () => {
    const cause = (details: unknown) => ProviderProfiles.policyCause("azure", details)
    assert.strictEqual(
      cause({ hate: { filtered: true, severity: "high" }, violence: { filtered: true, severity: "medium" } }),
      "hate, violence"
    )
    assert.strictEqual(cause({ jailbreak: { filtered: true, detected: true } }), "a jailbreak attempt")
    assert.strictEqual(cause({ protected_material_code: { filtered: true, detected: true } }), "protected code")
    // Custom blocklists, as a list (before 2024-10-01-preview) and as an object with details.
    assert.strictEqual(cause({ custom_blocklists: [{ filtered: true, id: "words" }] }), "a blocklisted term")
    assert.strictEqual(
      cause({ custom_blocklists: { filtered: true, details: [{ filtered: true, id: "words" }] } }),
      "a blocklisted term"
    )
    for (
      const none of [{ hate: { filtered: false, severity: "safe" } }, {}, null, "filtered", [1], {
        x: { filtered: true }
      }]
    ) {
      assert.isUndefined(cause(none))
    }
    // Another provider's profile names none.
    assert.isUndefined(ProviderProfiles.policyCause("openai", { hate: { filtered: true } }))
  })
})
