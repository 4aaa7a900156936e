/**
 * Which turns travel whole (`TurnCarry.ofFold`), read from recorded responses: a turn whose parts write it again (text,
 * reasoning with its state, the model's calls) does not; one with what its parts do not write does: a provider's own
 * tool calls and results, a Responses message's `phase` and a call's `namespace` (openai-node 7.57's
 * `ResponseOutputMessage.phase`, `ResponseFunctionToolCall.namespace`), Anthropic's citations. Without reasoning sent
 * to a view, a turn whose reasoning holds state travels too.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { CallStream, LanguageModel, Message, Tool } from "effect-llm-stream"
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

describe("a call a person edited, in its turn (TurnCarry.withEditedCall, each API's editedCalls row)", () => {
  const call = new Tool.ToolCall({ id: "call_1", name: "send_email", arguments: "{\"to\":\"bob@exmaple.com\"}" })
  const edited = new Tool.ToolCall({ id: "call_1", name: "send_email", arguments: "{\"to\":\"bob@example.com\"}" })
  const turnOf = (provider: Message.ProviderContent["provider"], blocks: ReadonlyArray<unknown>) =>
    new Message.AssistantMessage({
      text: "",
      toolCalls: [call],
      content: new Message.ProviderContent({ provider, blocks })
    })

  it("Responses: the reasoning item stays as it came; the call's item keeps its id and what its part does not write", () => {
    const reasoning = { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "gAAAA-encrypted" }
    const item = {
      type: "function_call",
      id: "fc_1",
      call_id: "call_1",
      name: "send_email",
      arguments: call.arguments,
      namespace: "mail"
    }
    const turn = TurnCarry.withEditedCall(turnOf("openai-responses", [reasoning, item]), edited)
    assert.deepStrictEqual(turn.toolCalls, [edited])
    assert.deepStrictEqual(turn.content!.blocks, [reasoning, { ...item, arguments: edited.arguments }])
  })

  it("Claude: thinking stays with its signature; the tool_use block takes the input (its caller kept)", () => {
    const thinking = { type: "thinking", thinking: "Bob's address.", signature: "sig" }
    const use = { type: "tool_use", id: "call_1", name: "send_email", input: { to: "bob@exmaple.com" }, caller: {} }
    const turn = TurnCarry.withEditedCall(turnOf("anthropic", [thinking, use]), edited)
    assert.deepStrictEqual(turn.content!.blocks, [thinking, { ...use, input: { to: "bob@example.com" } }])
  })

  it("OpenRouter: the reasoning details stay; the call goes in the turn's calls", () => {
    const detail = { type: "reasoning.encrypted", data: "opaque", id: "r1", format: "anthropic-claude-v1" }
    const turn = TurnCarry.withEditedCall(turnOf("openrouter", [detail]), edited)
    assert.deepStrictEqual(turn.toolCalls, [edited])
    assert.deepStrictEqual(turn.content!.blocks, [detail])
  })

  it("a turn whose call is as it was comes back as it is", () => {
    const turn = turnOf("anthropic", [])
    assert.strictEqual(TurnCarry.withEditedCall(turn, call), turn)
  })
})
