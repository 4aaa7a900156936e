/**
 * A spend limit's question answered `continue`, through `ChatEndpoint` and the `ai` package's own client: the answer's
 * later requests (an approval after it) do not ask that limit again, as the server signed its answer with what the
 * answer spent (`limits`, the limit's id); another limit crossed is asked; a new message asks again; a record the
 * server did not sign is a 400, and suppresses nothing.
 *
 * gpt-4o-mini: each call's step (1,000 tokens in, 50 out) spends $0.00018. The owner's daily limit ($1, askAt 0.0001)
 * is crossed after the first step; the team's hourly one ($2, askAt 0.00015: $0.0003) after the second.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint, SpendLimit } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const spentKey = "effect-llm-stream/spent"

const step = { usage: { inputTokens: 1000, outputTokens: 50 } }

/** A weather call, a call to delete /tmp/a, one to delete /tmp/b, the answer; then a new answer's reply. */
const turns = [
  { ...step, toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
  { ...step, toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }] },
  { ...step, toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/b" } }] },
  { text: "Deleted both.", usage: { inputTokens: 100, outputTokens: 10 } },
  { text: "Hello again.", usage: { inputTokens: 100, outputTokens: 10 } }
]

/** The endpoint with the owner's daily limit and the team's hourly one: the bodies the model was sent, a client. */
const limitedChat = Effect.gen(function*() {
  const bodies: Array<any> = []
  const deleted: Array<string> = []
  const app = ChatEndpoint.layer({
    tools: [EndpointApp.weather, EndpointApp.deleteFile(deleted)],
    spendLimit: (owner) => [
      { key: owner, usd: "1", window: "1 day", askAt: 0.0001, label: "daily limit" },
      { key: `team:${owner}`, usd: "2", window: "1 hour", askAt: 0.00015, label: "team's hourly limit" }
    ]
  }).pipe(
    Layer.provide(EndpointApp.scriptedOnWire(turns, "openai", bodies)),
    Layer.provide(SpendLimit.layerMemory())
  )
  const served = yield* EndpointApp.viaWebHandler(app)
  return { bodies, deleted, served }
})

/** A client of `served` (with `fetch`'s session, when given) and its answers. */
const clientOf = (served: EndpointApp.Served, id: string, fetch?: ReturnType<typeof EndpointApp.withCookies>) => {
  const chat = new EndpointApp.EndpointClient(served, id, fetch)
  const questions = () =>
    (chat.messages.at(-1)?.parts ?? []).filter((part: any) => part.toolName === "budget_question") as Array<any>
  const answer = (part: { readonly approval: { readonly id: string } }) =>
    wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: part.approval.id, approved: true })))
  const approveDelete = () => answer(chat.toolParts.filter((part) => part.type === "tool-delete_file").at(-1))
  return { chat, questions, answer, approveDelete }
}

describe("a spend limit's question answered continue, through the ai client", () => {
  it.live(
    "is not asked again after an approval in the same answer; a second limit is; a new message asks again",
    () =>
      Effect.gen(function*() {
        const { bodies, deleted, served } = yield* limitedChat
        const { answer, approveDelete, chat, questions } = clientOf(served, "limit-answers")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather in Paris, then delete two files" })))
        const [daily] = questions()
        assert.strictEqual(daily.state, "approval-requested")
        assert.deepStrictEqual(daily.input, { spent: "0.00018", cap: "1" }, "the daily limit's question")
        assert.deepStrictEqual(chat.metadata[spentKey].limits, [], "none answered yet")
        yield* answer(daily)
        assert.strictEqual(chat.error, undefined)
        assert.lengthOf(chat.metadata[spentKey].limits, 1, "the daily limit's answer, signed")
        // The approval's request: the daily limit (still past its askAt) is not asked again; the team's is.
        yield* approveDelete()
        assert.strictEqual(chat.error, undefined)
        assert.deepStrictEqual(deleted, ["/tmp/a"])
        const team = questions().at(-1)
        assert.strictEqual(team.state, "approval-requested")
        assert.deepStrictEqual(team.input, { spent: "0.00036", cap: "2" }, "the team's limit, not the daily one again")
        assert.strictEqual(bodies.length, 2)
        yield* answer(team)
        assert.lengthOf(chat.metadata[spentKey].limits, 2, "both answers carried on")
        yield* approveDelete()
        assert.strictEqual(chat.error, undefined)
        assert.deepStrictEqual(deleted, ["/tmp/a", "/tmp/b"])
        assert.include(chat.text, "Deleted both.", "neither asked again")
        assert.strictEqual(bodies.length, 4)
        // A new message is a new answer: the daily limit is asked again before anything is sent.
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Hello" })))
        const again = questions()
        assert.strictEqual(again.at(-1)?.state, "approval-requested")
        assert.deepStrictEqual(again.at(-1)?.input, { spent: "0.000561", cap: "1" })
        assert.strictEqual(bodies.length, 4)
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    "signs what this answer spent at a limit's question, not what the limit's key spent in its window",
    () =>
      Effect.gen(function*() {
        const { served } = yield* limitedChat
        // Another chat of the owner spends $0.00036 of the daily window: a step, its question, a second step.
        const first = clientOf(served, "spent-elsewhere")
        yield* wait(() => first.chat.settle(() => first.chat.sendMessage({ text: "Weather in Paris, delete /tmp/a" })))
        yield* first.answer(first.questions()[0])
        // This chat's answer has spent nothing when the window's $0.00036 asks its question, before its first step.
        const { answer, chat, questions } = clientOf(served, "spent-here", first.chat.fetch)
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Delete /tmp/b" })))
        const [daily] = questions()
        assert.deepStrictEqual(daily.input, { spent: "0.00036", cap: "1" }, "the question shows the window's spend")
        assert.strictEqual(chat.metadata[spentKey].usd, "0", "the answer's own spend, signed")
        yield* answer(daily)
        assert.strictEqual(chat.error, undefined)
        assert.strictEqual(chat.metadata[spentKey].usd, "0.00018", "its one step, not the window's and the step")
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    "a record the server did not sign for this answer is a 400 that sends nothing, and the limit is then asked",
    () =>
      Effect.gen(function*() {
        const { bodies, served } = yield* limitedChat
        // The owner's daily limit answered `continue` in one chat: its id, as signed there.
        const first = clientOf(served, "answered-here")
        yield* wait(() => first.chat.settle(() => first.chat.sendMessage({ text: "Weather in Paris" })))
        yield* first.answer(first.questions()[0])
        const answered = first.chat.metadata[spentKey]
        assert.lengthOf(answered.limits, 1)
        // Another chat of the same owner, whose question waits: its record claims that answer.
        const other = clientOf(served, "claimed-here", first.chat.fetch)
        yield* wait(() => other.chat.settle(() => other.chat.sendMessage({ text: "Weather in Paris" })))
        assert.strictEqual(other.questions()[0].state, "approval-requested")
        const sent = bodies.length
        const post = (change: (fact: any) => any) => {
          const body = JSON.parse(other.chat.posts.at(-1)!)
          const last = other.chat.messages.at(-1)!
          body.messages = [...body.messages, { ...last, metadata: { [spentKey]: change(last.metadata as any) } }]
          return wait(() =>
            first.chat.fetch(`${served.url}/api/chat`, { method: "POST", body: JSON.stringify(body) }).then(
              async (response) => [response.status, await response.text()] as const
            )
          )
        }
        for (
          const forged of [
            (metadata: any) => ({ ...metadata[spentKey], limits: answered.limits }),
            () => answered
          ]
        ) {
          const [status, text] = yield* post(forged)
          assert.strictEqual(status, 400)
          assert.match(text, /not what this server signed for this answer/)
          assert.strictEqual(bodies.length, sent, "nothing sent")
        }
        // Its own record, as signed: the daily limit is asked again, nothing sent past it.
        const [status, text] = yield* post((metadata) => metadata[spentKey])
        assert.strictEqual(status, 200)
        assert.include(text, "tool-approval-request")
        assert.strictEqual(bodies.length, sent)
      }).pipe(Effect.scoped),
    60_000
  )
})
