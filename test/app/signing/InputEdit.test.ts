/**
 * The call an approval edited, kept while its tool's form waits (`InputEdit`): read back as edited for as long as the
 * form's id is answerable, past the store's own `ttl`; a kept call of another id or tool is not taken.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Tool, UIMessageStream } from "effect-llm-stream"
import { TestClock } from "effect/testing"
import * as InputEdit from "../../../src/app/signing/InputEdit.js"
import * as StreamStore from "../../../src/app/store/StreamStore.js"

const layers = Layer.orDie(Layer.mergeAll(
  StreamStore.layerMemory({ ttl: "1 minute" }),
  UIMessageStream.layerSigning({ secret: Redacted.make("s".repeat(32)), approvalTtl: "10 minutes" })
))

const made = new Tool.ToolCall({ id: "call-1", name: "deploy", arguments: "{\"env\":\"teal\"}" })
const edited = new Tool.ToolCall({ id: "call-1", name: "deploy", arguments: "{\"env\":\"prod\"}" })

describe("InputEdit", () => {
  it.effect("a call kept as edited is read back as edited until its form's id expires, past the store's ttl", () =>
    Effect.gen(function*() {
      yield* InputEdit.keep(edited, "form-1", "owner-a")
      yield* TestClock.adjust("9 minutes")
      assert.strictEqual((yield* InputEdit.callOf(made, "form-1", "owner-a")).arguments, "{\"env\":\"prod\"}")
    }).pipe(Effect.provide(layers)))

  it.effect("a kept call is taken only for its own call and owner", () =>
    Effect.gen(function*() {
      yield* InputEdit.keep(edited, "form-2", "owner-a")
      assert.strictEqual(yield* InputEdit.callOf(made, "form-2", "owner-b"), made)
      const other = new Tool.ToolCall({ id: "call-2", name: "deploy", arguments: made.arguments })
      assert.strictEqual(yield* InputEdit.callOf(other, "form-2", "owner-a"), other)
    }).pipe(Effect.provide(layers)))
})
