/**
 * Through the `effect/ai` adapter, the words a provider gives for a refusal reach the user as text, with the finish
 * reason `content-filter`: Claude's `stop_details.explanation` after what it had said, and Vertex AI's Model Armor's
 * `finishMessage` (recorded); an answer stopped with no words is the finish reason alone, as `effect/ai` documents it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { ReplayServer } from "effect-llm-stream/testing"
import { LanguageModel as AiModel } from "effect/ai"
import { clients } from "../../../support/Clients.js"
import * as Recordings from "../../support/AiRecordings.js"
import { refusals } from "../../support/RefusedAnswers.js"

const said = (name: string) =>
  Effect.gen(function*() {
    const refused = refusals.find((row) => row.name === name)!
    const provider = refused.wire === "google-vertex" ? "google" : refused.wire as Recordings.ProviderName
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(Recordings.bodyScenario(provider, refused.body()))
    const parts = Array.from(
      yield* AiModel.streamText({ prompt: "Do the thing" }).pipe(
        Stream.runCollect,
        Effect.provide(Recordings.aiModel(provider, baseUrl, clients[0]![1]))
      )
    )
    const text = parts.flatMap((part) => part.type === "text-delta" ? [part.delta] : []).join("")
    const finish = parts.find((part) => part.type === "finish")
    return { text, reason: finish?.type === "finish" ? finish.reason : undefined }
  })

describe("a refusal's words through effect/ai", () => {
  it.effect("Claude's explanation after its text", () =>
    Effect.gen(function*() {
      const { reason, text } = yield* said("Claude's refusal with its explanation")
      assert.strictEqual(text, "Hello..This request was declined because it could enable cyber harm.")
      assert.strictEqual(reason, "content-filter")
    }))

  it.effect("Vertex AI's Model Armor, its finishMessage", () =>
    Effect.gen(function*() {
      const { reason, text } = yield* said("Vertex AI's Model Armor, in its finishMessage")
      assert.strictEqual(
        text,
        "The response violated Responsible AI Safety settings (Hate Speech, Harassment, Dangerous) filters."
      )
      assert.strictEqual(reason, "content-filter")
    }))

  it.effect("Bedrock's content filter: the finish reason alone", () =>
    Effect.gen(function*() {
      const { reason, text } = yield* said("Bedrock's content filter")
      assert.strictEqual(text, "")
      assert.strictEqual(reason, "content-filter")
    }))
})
