/**
 * Which turns travel whole (`TurnCarry.ofFold`), read from recorded responses: a turn whose parts write it again (text,
 * reasoning with its state, the model's calls) does not; one with what its parts do not write does: a provider's own
 * tool calls and results, a Responses message's `phase` and a call's `namespace` (openai-node 7.57's
 * `ResponseOutputMessage.phase`, `ResponseFunctionToolCall.namespace`), Anthropic's citations. Without reasoning sent
 * to a view, a turn whose reasoning holds state travels too.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { CallStream, LanguageModel } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as TurnCarry from "../../src/providers/TurnCarry.js"
import { clients } from "../../support/Clients.js"
import * as Fixtures from "../../support/Fixtures.js"
import * as RecordedModels from "../support/RecordedModels.js"

const responseOf = (folder: "anthropic" | "openai-responses", body: Uint8Array) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body })
    return yield* CallStream.accumulate(LanguageModel.stream("q")).pipe(
      Effect.provide(RecordedModels.model(folder, baseUrl, clients[0]![1]))
    )
  }).pipe(Effect.scoped)

const carried = (folder: "anthropic" | "openai-responses", name: string, withoutReasoning = false) =>
  Effect.map(
    responseOf(folder, Fixtures.bytes(folder, name)),
    (response) => TurnCarry.ofFold(response, withoutReasoning)
  )

describe("which turns travel whole", () => {
  it.live("not those their parts write again", () =>
    Effect.gen(function*() {
      for (
        const [folder, name] of [
          ["anthropic", "text.sse"],
          ["anthropic", "thinking.sse"],
          ["anthropic", "tool-use.sse"],
          ["openai-responses", "text.sse"],
          ["openai-responses", "tool-calls-parallel.sse"],
          ["openai-responses", "reasoning-encrypted-tool-call.sse"]
        ] as const
      ) {
        assert.isUndefined(yield* carried(folder, name), `${folder}/${name}`)
      }
    }))

  it.live("those with the provider's own tools, citations, a message's phase, a call's namespace", () =>
    Effect.gen(function*() {
      for (
        const [folder, name] of [
          ["anthropic", "web-search.sse"],
          ["anthropic", "code-execution.sse"],
          ["openai-responses", "web-search.sse"],
          ["openai-responses", "tool-search-server.sse"]
        ] as const
      ) {
        const turn = yield* carried(folder, name)
        assert.isDefined(turn, `${folder}/${name}`)
      }
      // The function call a tool search loaded keeps its namespace.
      const searched = yield* carried("openai-responses", "tool-search-server.sse")
      assert.include(
        searched!.blocks.map((block: any) => block.namespace),
        "get_exchange_rate"
      )
      const phased = new TextDecoder().decode(Fixtures.bytes("openai-responses", "text.sse"))
        .replaceAll(`"role":"assistant"}`, `"role":"assistant","phase":"commentary"}`)
      const response = yield* responseOf("openai-responses", new TextEncoder().encode(phased))
      assert.deepStrictEqual(TurnCarry.ofFold(response)?.blocks.map((block: any) => block.phase), ["commentary"])
    }))

  it.live("without reasoning sent to the view, those whose reasoning holds state", () =>
    Effect.gen(function*() {
      assert.isDefined(yield* carried("anthropic", "thinking.sse", true))
      assert.isDefined(yield* carried("openai-responses", "reasoning-encrypted-tool-call.sse", true))
      assert.isUndefined(yield* carried("anthropic", "text.sse", true))
    }))
})
