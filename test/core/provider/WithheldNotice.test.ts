/**
 * What a person is told of an answer a provider stopped on its policy (`ProviderProfile.withheldNotice`), read from the
 * provider's `withheld` rows: the row's sentence; the generic one for a provider or a reason with no row (an
 * OpenAI-compatible host's); nothing where the refusal has words, or where the row says the answer's text is the
 * provider's own words (a Bedrock guardrail's message) and text came; the generic sentence where it says so and none
 * came; nothing for any other ending.
 */
import { assert, describe, it } from "@effect/vitest"
import type { FinishReason } from "effect-llm-stream"
import * as ProviderProfiles from "../../../src/providers/ProviderProfiles.js"

const generic = "The provider's content filter stopped this answer."

const notice = (
  provider: string,
  finishReasons: ReadonlyArray<string>,
  commonFinishReasons: ReadonlyArray<FinishReason.FinishReason>,
  said: { readonly content?: string; readonly refusal?: string } = {}
) =>
  ProviderProfiles.withheldNotice({
    provider,
    finishReasons,
    commonFinishReasons,
    content: said.content ?? "",
    refusal: said.refusal ?? ""
  })

describe("withheldNotice", () => {
  it("a row's sentence, by the raw reason", () => {
    assert.strictEqual(notice("google", ["SPII"], ["content_filter"]), ProviderProfiles.profiles.google.withheld!.SPII)
    assert.strictEqual(notice("azure", ["content_filter"], ["content_filter"], { content: "Hey" }), generic)
    assert.strictEqual(
      notice("anthropic", ["refusal"], ["content_filter"]),
      "Anthropic's safety classifiers stopped this answer."
    )
  })

  it("the generic sentence for a provider or a reason with no row", () => {
    assert.strictEqual(notice("deepseek", ["content_filter"], ["content_filter"]), generic)
    assert.strictEqual(notice("google", ["SOMETHING_NEW"], ["content_filter"]), generic)
  })

  it("nothing where the refusal has words, or the answer ended otherwise", () => {
    assert.isUndefined(notice("openai", ["stop"], ["content_filter"], { refusal: "I can't help with that." }))
    assert.isUndefined(notice("anthropic", ["end_turn"], ["stop"]))
    assert.isUndefined(notice("bedrock", ["max_tokens"], ["length"]))
  })

  it("a guardrail's own message stands alone; with none, the cause is told", () => {
    const guardrail = ["guardrail_intervened"]
    assert.isUndefined(notice("bedrock", guardrail, ["content_filter"], { content: "Sorry, I cannot answer." }))
    assert.strictEqual(notice("bedrock", guardrail, ["content_filter"], { content: " " }), generic)
  })
})
