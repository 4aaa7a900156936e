/**
 * An answer's totals through `ChatEndpoint`, read by the `ai` package's own client: an answer that pauses (a budget
 * question, a tool's approval) and is continued is one answer, and the cost its last finish metadata shows (`cost`,
 * `spend.cost`) and the tokens it shows (`usage`, `spend.usage`) are the whole answer's, over both requests; no
 * metadata the client took on the way showed a total larger than a later one; nor a step count (`steps`, the whole
 * answer's model calls, signed with what it spent). `onFinish` hears each request's own `spend` and the whole
 * answer's `answerSpent`.
 *
 * gpt-4o-mini: $0.15 per million input tokens, $0.60 per million output tokens.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Layer, Option } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"
import { stepsOf, totalsOf } from "../../support/ShownTotals.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

/** The token counts the finish metadata the client took showed (`usage` and `spend.usage` alike), each once, in order: none goes down. */
const usageTotalsOf = (chat: EndpointApp.EndpointClient): Array<Record<string, number>> => {
  const totals: Array<Record<string, number>> = []
  for (const metadata of chat.metadataSeen) {
    if (metadata.usage === undefined) continue
    assert.deepStrictEqual(metadata.spend.usage, metadata.usage, "spend.usage is usage")
    const last = totals.at(-1)
    if (JSON.stringify(metadata.usage) === JSON.stringify(last)) continue
    for (const [name, count] of Object.entries(last ?? {})) {
      assert.isAtLeast(metadata.usage[name] ?? -1, count, `${name} went down: ${JSON.stringify(totals)}`)
    }
    totals.push(metadata.usage)
  }
  return totals
}

/** An approval asked for, $0.000615 (100 in, 1,000 out), then the answer, $0.000021 (100 in, 10 out). */
const deleting = [
  {
    toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }],
    usage: { inputTokens: 100, outputTokens: 1000 }
  },
  { text: "Deleted /tmp/a.", usage: { inputTokens: 100, outputTokens: 10 } }
]

describe("the answer's totals, across a pause", () => {
  it.live(
    "after a budget question answered 'continue', the finish shows what both requests cost",
    () =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        // $0.00018 (1,000 in, 50 out), then $0.000021 (100 in, 10 out).
        const turns = [
          {
            toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }],
            usage: { inputTokens: 1000, outputTokens: 50 }
          },
          { text: "18°C in Paris.", usage: { inputTokens: 100, outputTokens: 10 } }
        ]
        const app = ChatEndpoint.layer({ tools: [EndpointApp.weather], budget: { usd: "1", askAt: 0.0001 } }).pipe(
          Layer.provide(EndpointApp.scriptedOnWire(turns, "openai", bodies))
        )
        const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), "totals-question")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather in Paris?" })))
        assert.strictEqual(chat.metadata.stopReason, "budget-question")
        assert.strictEqual(chat.metadata.cost, "0.00018")
        const question = chat.messages.at(-1)!.parts.find((part) => part.type === "dynamic-tool") as any
        yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: question.approval.id, approved: true })))
        assert.include(chat.text, "18°C in Paris.")
        assert.strictEqual(bodies.length, 2)
        assert.strictEqual(chat.metadata.stopReason, "stop")
        assert.strictEqual(chat.metadata.cost, "0.000201", "the whole answer's cost")
        assert.strictEqual(chat.metadata.spend.cost, "0.000201")
        assert.deepStrictEqual(totalsOf(chat), ["0.00018", "0.000201"])
        // The tokens of both requests: 1,000 + 100 in, 50 + 10 out.
        assert.deepStrictEqual(usageTotalsOf(chat), [
          { inputTokens: 1000, cachedTokens: 0, outputTokens: 50, reasoningTokens: 0, totalTokens: 1050 },
          { inputTokens: 1100, cachedTokens: 0, outputTokens: 60, reasoningTokens: 0, totalTokens: 1160 }
        ])
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    "after an approval, without a budget, the finish and onFinish count both requests",
    () =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const deleted: Array<string> = []
        const endings: Array<ChatEndpoint.Finished> = []
        const app = ChatEndpoint.layer({
          tools: [EndpointApp.deleteFile(deleted)],
          onFinish: (finished) => Effect.sync(() => endings.push(finished))
        }).pipe(Layer.provide(EndpointApp.scriptedOnWire(deleting, "openai", bodies)))
        const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), "totals-approval")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Delete /tmp/a" })))
        assert.strictEqual(chat.metadata.stopReason, "approval")
        assert.strictEqual(chat.metadata.cost, "0.000615")
        const asked = chat.toolParts[0]
        yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
        assert.deepStrictEqual(deleted, ["/tmp/a"])
        assert.include(chat.text, "Deleted /tmp/a.")
        assert.strictEqual(chat.metadata.cost, "0.000636", "the whole answer's cost")
        assert.strictEqual(chat.metadata.spend.cost, "0.000636")
        assert.deepStrictEqual(totalsOf(chat), ["0.000615", "0.000636"])
        assert.deepStrictEqual(stepsOf(chat), [1, 2], "both requests' steps")
        assert.deepStrictEqual(usageTotalsOf(chat), [
          { inputTokens: 100, cachedTokens: 0, outputTokens: 1000, reasoningTokens: 0, totalTokens: 1100 },
          { inputTokens: 200, cachedTokens: 0, outputTokens: 1010, reasoningTokens: 0, totalTokens: 1210 }
        ])
        yield* EndpointApp.eventually(() => endings.length === 2, () => `${endings.length} endings`)
        const [first, second] = endings.map((finished) => finished.ending)
        // Each request's own spend (summed, each counted once); the answer's total as the person saw it.
        const requestCost = (ending: ChatEndpoint.Ending) =>
          BigDecimal.format(Option.getOrThrow(ending.spend.cost).total)
        assert.deepStrictEqual([requestCost(first!), requestCost(second!)], ["0.000615", "0.000021"])
        assert.strictEqual(BigDecimal.format(first!.answerSpent!), "0.000615")
        assert.strictEqual(BigDecimal.format(second!.answerSpent!), "0.000636")
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    "without a budget, the marker counts only in the totals: changed it is a 400, sent again it is read again",
    () =>
      Effect.gen(function*() {
        const deleted: Array<string> = []
        const app = ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted)] }).pipe(
          Layer.provide(EndpointApp.scriptedOnWire([...deleting, deleting[1]!], "openai", []))
        )
        const served = yield* EndpointApp.viaWebHandler(app)
        const chat = new EndpointApp.EndpointClient(served, "totals-marker")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Delete /tmp/a" })))
        const marker = chat.metadata["effect-llm-stream/spent"]
        assert.deepStrictEqual([marker.usd, marker.once], ["0.000615", false], "not claimed: no budget spends from it")
        assert.deepStrictEqual(
          marker.usage,
          { inputTokens: 100, cachedTokens: 0, outputTokens: 1000, reasoningTokens: 0 },
          "the tokens, signed with it"
        )
        assert.strictEqual(marker.steps, 1, "the steps, signed with it")
        const asked = chat.toolParts[0]
        const body = (change: (marker: any) => void) => {
          const messages = structuredClone(chat.messages) as Array<any>
          const last = messages.at(-1)
          change(last.metadata["effect-llm-stream/spent"])
          last.parts = last.parts.map((part: any) =>
            part.toolCallId === asked.toolCallId
              ? { ...part, state: "approval-responded", approval: { id: asked.approval.id, approved: true } }
              : part
          )
          return JSON.stringify({ id: "totals-marker", trigger: "submit-message", messages })
        }
        const post = (text: string) =>
          wait(() =>
            chat.fetch(`${served.url}/api/chat`, { method: "POST", body: text }).then(async (response) =>
              [response.status, await response.text()] as const
            )
          )
        // Made a claimed one, its amount, its tokens or its steps changed, its tokens or steps left out: not what the
        // server signed.
        for (
          const change of [
            (marker: any) => delete marker.once,
            (marker: any) => (marker.usd = "0.0001"),
            (marker: any) => (marker.usage.outputTokens = 1),
            (marker: any) => delete marker.usage,
            (marker: any) => (marker.steps = 0),
            (marker: any) => (marker.steps = 7),
            (marker: any) => (marker.steps = 1.5),
            (marker: any) => delete marker.steps
          ]
        ) {
          const [status, text] = yield* post(body(change))
          assert.strictEqual(status, 400)
          assert.match(text, /what this answer spent: not what this server signed/)
        }
        assert.deepStrictEqual(deleted, [])
        const [first, firstText] = yield* post(body(() => {}))
        assert.strictEqual(first, 200)
        assert.include(firstText, "\"cost\":\"0.000636\"")
        assert.include(firstText, "\"steps\":2")
        assert.include(
          firstText,
          "\"usage\":{\"inputTokens\":200,\"cachedTokens\":0,\"outputTokens\":1010,\"reasoningTokens\":0,\"totalTokens\":1210}"
        )
        // Sent again: the approval is used (nothing runs twice), the totals still count what the answer spent before.
        const [again, againText] = yield* post(body(() => {}))
        assert.strictEqual(again, 200)
        assert.deepStrictEqual(deleted, ["/tmp/a"])
        assert.include(againText, "\"cost\":\"0.000636\"")
      }).pipe(Effect.scoped),
    60_000
  )
})
