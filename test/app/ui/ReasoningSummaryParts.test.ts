/**
 * A Responses reasoning item whose summary streamed in several parts, through the browser. The Responses API streams
 * each summary part after a `response.reasoning_summary_part.added` of its own (openai-python's and openai-node's
 * `ResponseReasoningSummaryPartAddedEvent`: `item_id`, `output_index`, `summary_index`), and each part begins with a
 * title of its own (`**Testing prime candidates**`); `ai`'s own OpenAI provider shows each as a reasoning part of its
 * own. Run together into one part, the next title was glued to the last sentence before it ("…small
 * primes.**Testing prime candidates**"). Each part is a reasoning part now, holding the item's id (the last one its
 * encrypted reasoning too), and `toMessages` writes the parts back as the one item, its summary part by part, as the
 * loop's own history sends it (`CallResponse.toMessage`). The chunks' reasoning is the deltas as they came.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { CallResponse, Message, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { answered, body, served, user } from "../../support/BrowserTurns.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const sse = (text: string) => ({
  headers: { "content-type": "text/event-stream" },
  body: new TextEncoder().encode(text)
})

const recording = new TextDecoder().decode(Fixtures.bytes("openai-responses", "reasoning-summary.sse"))
const answer = new TextDecoder().decode(Fixtures.bytes("openai-responses", "text.sse"))

/** The recording with its reasoning returned encrypted (`include: ["reasoning.encrypted_content"]`). */
const encrypted = recording.replaceAll(
  `"type":"reasoning","summary":[{`,
  `"type":"reasoning","encrypted_content":"gAAAAB-recorded-reasoning","summary":[{`
)

/** The reasoning item as the recording finished it (`response.output_item.done`). */
const finishedItem = (text: string) => {
  const line = text.split("\n").find((line) =>
    line.startsWith("data: ") && line.includes(`"response.output_item.done"`) && line.includes(`"type":"reasoning"`)
  )!
  return JSON.parse(line.slice("data: ".length)).item
}

const reasoningItem = (request: any) => request.input.find((item: any) => item.type === "reasoning")

describe("a reasoning summary in several parts", () => {
  for (const [name, text] of [["as recorded", recording], ["with its reasoning encrypted", encrypted]] as const) {
    it.live(`${name}: a reasoning part each in the browser, the one item again in the next request`, () =>
      Effect.gen(function*() {
        const item = finishedItem(text)
        assert.strictEqual(item.summary.length, 3)
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([text, answer, text, answer].map(sse))
        const model = RecordedModels.model("openai-responses", baseUrl, clients[0]![1], { model: "gpt-5-mini" })
        // The loop's own history: the response's turn and a follow-up.
        const response = yield* answered([Message.user("q")], model)
        assert.strictEqual(response.reasoning, item.summary.map((part: any) => part.text).join(""))
        yield* answered([Message.user("q"), CallResponse.toMessage(response), Message.user("f")], model)
        // The browser's: each summary part a reasoning part, each with the item's id.
        const first = yield* served([Message.user("q")], model)
        const reasoning = first.parts.filter((part) => part.type === "reasoning") as Array<any>
        assert.deepStrictEqual(reasoning.map((part) => part.text), item.summary.map((part: any) => part.text))
        const states = reasoning.map((part) => part.providerMetadata["effect-llm-stream"])
        assert.deepStrictEqual(states.map((state) => state.itemId), [item.id, item.id, item.id])
        assert.deepStrictEqual(
          states.map((state) => state.encrypted),
          [null, null, item.encrypted_content ?? null]
        )
        const taken = yield* UIMessageStream.toMessages(body([user("u1", "q"), first, user("u2", "f")]))
        yield* answered(taken.messages, model)
        const [, direct, , browser] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
        assert.deepStrictEqual(reasoningItem(direct), item)
        assert.deepStrictEqual(reasoningItem(browser), item)
      }).pipe(Effect.scoped))
  }
})

describe("a gateway's summary part events without their indexes", () => {
  it.live("are read as the summary's progress alone: one reasoning part, the stream whole", () =>
    Effect.gen(function*() {
      const lax = recording.split("\n").map((line) =>
        line.includes(`"response.reasoning_summary_part.added"`)
          ? line.replace(/"output_index":\d+,?/, "").replace(/,?"summary_index":\d+/, "")
          : line
      ).join("\n")
      assert.notInclude(lax.split("\n").find((line) => line.includes("summary_part.added"))!, "summary_index")
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([sse(lax)])
      const model = RecordedModels.model("openai-responses", baseUrl, clients[1]![1], { model: "gpt-5-mini" })
      const first = yield* served([Message.user("q")], model)
      const reasoning = first.parts.filter((part) => part.type === "reasoning") as Array<any>
      assert.strictEqual(reasoning.length, 1)
      assert.strictEqual(reasoning[0].text, finishedItem(recording).summary.map((part: any) => part.text).join(""))
    }).pipe(Effect.scoped))
})
