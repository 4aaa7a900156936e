/**
 * One budget per answer through `ChatEndpoint`, read by the `ai` package's own client: an answer continued after the
 * user approves a tool goes on with what its first request left of the budget (the model is sent the output cap that
 * fits in what is left, not a fresh one), because the answer carries what it spent, signed by the server, in its
 * metadata; a new question starts a new budget. A client that drops that marker or changes it is refused (400) before
 * any model call; one that sends it again (a second tab, a body replayed) is told in one sentence that the answer was
 * continued already (409).
 *
 * gpt-4o-mini: $0.15 per million input tokens, $0.60 per million output tokens. The first request spends $0.000615
 * (100 in, 1,000 out) of a $0.001 budget: a fresh budget leaves room for about 1,650 output tokens, what is left of
 * this one for about 630.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint, SpendLimit } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const spentKey = "effect-llm-stream/spent"

const signedKey = "effect-llm-stream/signed"

/** What a request continuing an answer another request continued already is told (a 409). */
const continuedBefore = "This answer was continued already, in this tab or another; reload to see it."

const turns = [
  {
    toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }],
    usage: { inputTokens: 100, outputTokens: 1000 }
  },
  { text: "Deleted /tmp/a.", usage: { inputTokens: 100, outputTokens: 10 } },
  { text: "Hello again.", usage: { inputTokens: 100, outputTokens: 10 } }
]

/** The body `post` sent, with its last message's metadata changed by `change`. */
const changed = (post: string, change: (metadata: Record<string, unknown>) => void): string => {
  const body = JSON.parse(post)
  change(body.messages.at(-1).metadata)
  return JSON.stringify(body)
}

/** A raw POST of `body` to the chat at `url` in `chat`'s session: its status and text. */
const poster = (chat: EndpointApp.EndpointClient, url: string) => (body: string) =>
  wait(() => chat.fetch(`${url}/api/chat`, { method: "POST", body })).pipe(
    Effect.flatMap((response) => wait(() => response.text().then((text) => [response.status, text] as const)))
  )

/** The continuation the client would send for the chat `id` once the call of `asked` is approved. */
const approvedContinuation = (chat: EndpointApp.EndpointClient, id: string, asked: any): string =>
  JSON.stringify({
    id,
    trigger: "submit-message",
    messages: chat.messages.map((message, index) =>
      index < chat.messages.length - 1 ? message : {
        ...message,
        parts: message.parts.map((part: any) =>
          part.toolCallId === asked.toolCallId
            ? { ...part, state: "approval-responded", approval: { id: asked.approval.id, approved: true } }
            : part
        )
      }
    )
  })

/** A weather call, then a call to delete /tmp/a, then the answer: each call's step past a small `askAt`. */
const questionTurns = [
  {
    toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }],
    usage: { inputTokens: 1000, outputTokens: 50 }
  },
  {
    toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }],
    usage: { inputTokens: 1000, outputTokens: 50 }
  },
  { text: "Deleted /tmp/a.", usage: { inputTokens: 100, outputTokens: 10 } }
]

/**
 * A chat `id` under a $1 budget that asks at 0.0001 of it, its model answering `turns`: the bodies the model was sent,
 * the paths deleted, the client, a raw POST (its status and text) and the last answer's budget question part.
 */
const askingChat = (id: string, turns: ReadonlyArray<any> = questionTurns) =>
  Effect.gen(function*() {
    const bodies: Array<any> = []
    const deleted: Array<string> = []
    const tools = [EndpointApp.weather, EndpointApp.deleteFile(deleted)]
    const app = ChatEndpoint.layer({ tools, budget: { usd: "1", askAt: 0.0001 } }).pipe(
      Layer.provide(EndpointApp.scriptedOnWire(turns, "openai", bodies))
    )
    const served = yield* EndpointApp.viaWebHandler(app)
    const chat = new EndpointApp.EndpointClient(served, id)
    const post = poster(chat, served.url)
    const questionOf = () => chat.messages.at(-1)!.parts.find((part: any) => part.toolName === "budget_question") as any
    return { bodies, deleted, chat, post, questionOf }
  })

describe("one budget per answer, across an approval", () => {
  it.live(
    "the continuation sees what the first request spent; a new question starts afresh",
    () =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const deleted: Array<string> = []
        const app = ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted)], budget: { usd: "0.001" } }).pipe(
          Layer.provide(EndpointApp.scriptedOnWire(turns, "openai", bodies))
        )
        const served = yield* EndpointApp.viaWebHandler(app)
        const chat = new EndpointApp.EndpointClient(served, "one-budget")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Delete /tmp/a" })))
        const asked = chat.toolParts[0]
        assert.strictEqual(asked.state, "approval-requested")
        assert.strictEqual(chat.metadata[spentKey].usd, "0.000615", "the answer carries what it spent")
        assert.match(chat.metadata[spentKey].id, /^a1\./, "signed")
        yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
        assert.deepStrictEqual(deleted, ["/tmp/a"])
        assert.include(chat.text, "Deleted /tmp/a.")
        assert.strictEqual(chat.metadata[spentKey].usd, "0.000636", "the answer's spend, both requests")
        const [first, second] = bodies.map((body) => body.max_completion_tokens as number)
        assert.isTrue(first! > 1500 && first! < 1700, `a fresh budget: ${first}`)
        assert.isTrue(second! > 550 && second! < 650, `what the first request left: ${second}`)
        // A new question: a new budget.
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Hi" })))
        assert.include(chat.text, "Hello again.")
        assert.isTrue(
          bodies[2].max_completion_tokens > 1500,
          `a new question's budget: ${bodies[2].max_completion_tokens}`
        )
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    "a continuation without the marker or with a changed one is refused (400), with one used before (409)",
    () =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const app = ChatEndpoint.layer({ tools: [EndpointApp.deleteFile([])], budget: { usd: "0.001" } }).pipe(
          Layer.provide(EndpointApp.scriptedOnWire(turns, "openai", bodies))
        )
        const served = yield* EndpointApp.viaWebHandler(app)
        const chat = new EndpointApp.EndpointClient(served, "hostile-budget")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Delete /tmp/a" })))
        const asked = chat.toolParts[0]
        const post = poster(chat, served.url)
        // The continuation the client would send for the approval, sent as it is and changed.
        const continuation = approvedContinuation(chat, "hostile-budget", asked)
        const dropped = yield* post(changed(continuation, (metadata) => delete metadata[spentKey]))
        assert.strictEqual(dropped[0], 400)
        assert.match(dropped[1], /continued without what it spent/)
        const forged = yield* post(
          changed(continuation, (metadata) => {
            // The amount lowered: its signature no longer matches.
            ;(metadata[spentKey] as any).usd = "0.0001"
          })
        )
        assert.strictEqual(forged[0], 400)
        assert.match(forged[1], /what this answer spent: not what this server signed/)
        assert.strictEqual(bodies.length, 1, "nothing sent to the model")
        // Sent as it is: taken once, the answer goes on with what is left.
        const taken = yield* post(continuation)
        assert.strictEqual(taken[0], 200)
        assert.isTrue(bodies[1].max_completion_tokens < 650)
        const replayed = yield* post(continuation)
        assert.deepStrictEqual(replayed, [409, continuedBefore])
        assert.strictEqual(bodies.length, 2)
      }).pipe(Effect.scoped),
    60_000
  )
})

describe("a question before the budget's cap, through the ai client", () => {
  const asking = [
    {
      toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }],
      usage: { inputTokens: 1000, outputTokens: 50 }
    },
    { text: "18°C in Paris.", usage: { inputTokens: 100, outputTokens: 10 } }
  ]
  for (const approved of [true, false]) {
    it.live(
      `a budget_question part waits for approval; ${approved ? "approved, the answer goes on" : "denied, it stops"}`,
      () =>
        Effect.gen(function*() {
          const bodies: Array<any> = []
          const app = ChatEndpoint.layer({ tools: [EndpointApp.weather], budget: { usd: "1", askAt: 0.0001 } }).pipe(
            Layer.provide(EndpointApp.scriptedOnWire(asking, "openai", bodies))
          )
          const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), `question-${approved}`)
          yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather in Paris?" })))
          assert.strictEqual(chat.metadata.stopReason, "budget-question")
          const question = chat.messages.at(-1)!.parts.find((part: any) => part.type === "dynamic-tool") as any
          assert.strictEqual(question.toolName, "budget_question")
          assert.strictEqual(question.state, "approval-requested")
          assert.strictEqual(question.input.cap, "1")
          assert.strictEqual(question.input.spent, "0.00018")
          assert.strictEqual(bodies.length, 1)
          yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: question.approval.id, approved })))
          // Answered, the part has its outcome: the client does not send it again.
          yield* Effect.sleep("200 millis")
          assert.strictEqual(chat.status, "ready")
          assert.strictEqual(chat.posts.length, 2)
          assert.strictEqual(chat.messages.length, 2, "the answer extends the message that asked")
          const answered = chat.messages[1]!.parts.find((part: any) => part.type === "dynamic-tool") as any
          assert.strictEqual(answered.state, approved ? "output-available" : "output-denied")
          if (approved) {
            assert.include(chat.text, "18°C in Paris.")
            assert.strictEqual(chat.metadata.stopReason, "stop")
            assert.strictEqual(bodies.length, 2)
          } else {
            assert.strictEqual(chat.metadata.stopReason, "budget")
            assert.strictEqual(bodies.length, 1, "nothing more sent")
          }
        }).pipe(Effect.scoped),
      60_000
    )
  }
})

describe("a budget question's answer, bound to the answer that asked it", () => {
  it.live(
    "a question of another answer, or a forged id, is a 400 that runs and spends nothing; its own is taken",
    () =>
      Effect.gen(function*() {
        const { bodies, chat, deleted, post, questionOf } = yield* askingChat("bound-question")
        // The first answer stops at its question, left unanswered: the user asks something else.
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather in Paris?" })))
        const other = questionOf()
        assert.strictEqual(other.state, "approval-requested")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Delete /tmp/a" })))
        const asked = chat.toolParts.find((part) => part.type === "tool-delete_file")
        assert.strictEqual(asked.state, "approval-requested")
        assert.strictEqual(questionOf(), undefined, "the second answer waits on its call, asks no question")
        // The approval, with the other answer's question (or a forged id) answered `continue` beside it.
        const continuation = (questionId: string) =>
          JSON.stringify({
            id: "bound-question",
            trigger: "submit-message",
            messages: chat.messages.map((message, index) =>
              index < chat.messages.length - 1 ? message : {
                ...message,
                parts: [
                  ...message.parts.map((part: any) =>
                    part.toolCallId === asked.toolCallId
                      ? { ...part, state: "approval-responded", approval: { id: asked.approval.id, approved: true } }
                      : part
                  ),
                  { ...other, state: "approval-responded", approval: { id: questionId, approved: true } }
                ]
              }
            )
          })
        for (const questionId of [other.approval.id, `${other.approval.id.slice(0, -2)}xy`]) {
          const [status, text] = yield* post(continuation(questionId))
          assert.strictEqual(status, 400)
          assert.include(text, "not the budget question this server asked in this answer")
        }
        assert.deepStrictEqual(deleted, [], "nothing ran")
        assert.strictEqual(bodies.length, 2, "nothing sent to the model")
        // Nothing spent: the approval alone is taken; the answer then asks its own question, which its answer takes.
        yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
        assert.strictEqual(chat.error, undefined)
        assert.deepStrictEqual(deleted, ["/tmp/a"])
        const own = questionOf()
        assert.strictEqual(own.state, "approval-requested")
        assert.notStrictEqual(own.approval.id, other.approval.id)
        yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: own.approval.id, approved: true })))
        assert.strictEqual(chat.error, undefined)
        assert.include(chat.text, "Deleted /tmp/a.")
        assert.strictEqual(bodies.length, 3)
      }).pipe(Effect.scoped),
    60_000
  )
})

describe("a budget question asked at the start of a continuation, before any step, through the ai client", () => {
  const turns = questionTurns.slice(1)
  for (const approved of [true, false]) {
    it.live(
      `approval, then the question: ${approved ? "continue goes on" : "stop ends the answer"}; a replay spends nothing`,
      () =>
        Effect.gen(function*() {
          const { bodies, chat, deleted, post, questionOf } = yield* askingChat(`start-question-${approved}`, turns)
          yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Delete /tmp/a" })))
          const asked = chat.toolParts.find((part) => part.type === "tool-delete_file")
          assert.strictEqual(asked.state, "approval-requested")
          yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
          assert.deepStrictEqual(deleted, ["/tmp/a"])
          assert.strictEqual(bodies.length, 1, "asked before the next step")
          const question = questionOf()
          assert.strictEqual(question.state, "approval-requested")
          yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: question.approval.id, approved })))
          assert.strictEqual(chat.error, undefined)
          assert.strictEqual(chat.metadata.stopReason, approved ? "stop" : "budget")
          assert.strictEqual(bodies.length, approved ? 2 : 1)
          if (approved) assert.include(chat.text, "Deleted /tmp/a.")
          // The answer's body sent again spends from the same point no more.
          assert.deepStrictEqual(yield* post(chat.posts.at(-1)!), [409, continuedBefore])
          assert.strictEqual(bodies.length, approved ? 2 : 1)
          assert.deepStrictEqual(deleted, ["/tmp/a"])
        }).pipe(Effect.scoped),
      60_000
    )
  }
})

describe("a budget question the browser shows answered, which it never answered", () => {
  it.live(
    "is a 400 naming its part (its own question, or another answer's): nothing runs, nothing is spent, nothing skipped",
    () =>
      Effect.gen(function*() {
        const { bodies, chat, deleted, post, questionOf } = yield* askingChat("shown-answered")
        /** The body continuing the last answer, its parts changed by `parts`. */
        const continuation = (parts: (parts: Array<any>) => Array<any>) =>
          JSON.stringify({
            id: "shown-answered",
            trigger: "submit-message",
            messages: chat.messages.map((message, index) =>
              index < chat.messages.length - 1 ? message : { ...message, parts: parts([...message.parts]) }
            )
          })
        const shownAnswered = (question: any) => ({
          ...question,
          state: "output-available",
          output: "continue",
          approval: { id: question.approval.id, approved: true }
        })
        // The answer waits on its own question: shown answered, it would go on unasked.
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather in Paris?" })))
        const own = questionOf()
        assert.strictEqual(own.state, "approval-requested")
        const skipped = yield* post(
          continuation((parts) => parts.map((part) => part.toolCallId === own.toolCallId ? shownAnswered(own) : part))
        )
        assert.strictEqual(skipped[0], 400)
        assert.include(skipped[1], "a budget question shown as answered, which this server did not take an answer to")
        assert.match(skipped[1], /messages\[1\]\.parts\[\d+\]\.state/)
        assert.strictEqual(bodies.length, 1, "nothing sent to the model")
        // Left unanswered, that question shown answered beside the approval of the next answer: refused the same.
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Delete /tmp/a" })))
        const asked = chat.toolParts.find((part) => part.type === "tool-delete_file")
        assert.strictEqual(asked.state, "approval-requested")
        const approved = (part: any) =>
          part.toolCallId === asked.toolCallId
            ? { ...part, state: "approval-responded", approval: { id: asked.approval.id, approved: true } }
            : part
        const borrowed = yield* post(continuation((parts) => [...parts.map(approved), shownAnswered(own)]))
        assert.strictEqual(borrowed[0], 400)
        assert.include(borrowed[1], "a budget question shown as answered")
        assert.deepStrictEqual(deleted, [], "nothing ran")
        assert.strictEqual(bodies.length, 2)
        // Nothing spent: the approval alone is taken, and the answer asks its own question.
        yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
        assert.strictEqual(chat.error, undefined)
        assert.deepStrictEqual(deleted, ["/tmp/a"])
        assert.strictEqual(questionOf().state, "approval-requested", "asked, not skipped")
        assert.strictEqual(bodies.length, 2)
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    "answered in another answer, its signed answer copied over is refused: it holds in its own answer alone",
    () =>
      Effect.gen(function*() {
        const { bodies, chat, deleted, post, questionOf } = yield* askingChat("copied-answer", [
          questionTurns[0],
          { text: "18°C in Paris.", usage: { inputTokens: 100, outputTokens: 10 } },
          ...questionTurns.slice(1)
        ])
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather in Paris?" })))
        yield* wait(() =>
          chat.settle(() => chat.addToolApprovalResponse({ id: questionOf().approval.id, approved: true }))
        )
        const first = chat.messages.at(-1)! as any
        const answered = questionOf()
        assert.strictEqual(answered.state, "output-available", "answered in its answer")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Delete /tmp/a" })))
        const asked = chat.toolParts.find((part) => part.type === "tool-delete_file")
        const last = chat.messages.at(-1)! as any
        const body = JSON.stringify({
          id: "copied-answer",
          trigger: "submit-message",
          messages: [...chat.messages.slice(0, -1), {
            ...last,
            metadata: {
              ...last.metadata,
              // The outcomes signed in the first answer (the question's answer among them), beside this one's own.
              [signedKey]: {
                ...Object.fromEntries(
                  Object.entries(first.metadata[signedKey] as object).filter(([key]) => key.startsWith("o"))
                ),
                ...last.metadata[signedKey]
              }
            },
            parts: [
              ...last.parts.map((part: any) =>
                part.toolCallId === asked.toolCallId
                  ? { ...part, state: "approval-responded", approval: { id: asked.approval.id, approved: true } }
                  : part
              ),
              answered
            ]
          }]
        })
        const [status, text] = yield* post(body)
        assert.strictEqual(status, 400)
        assert.include(text, "a budget question shown as answered")
        assert.deepStrictEqual(deleted, [])
        assert.strictEqual(bodies.length, 3, "nothing sent to the model")
      }).pipe(Effect.scoped),
    60_000
  )
})

describe("a spend limit's question answered continue, through the ai client", () => {
  it.live(
    "is not the budget's: once the budget's askAt is crossed after a later approval, the budget's question is asked",
    () =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const deleted: Array<string> = []
        // Each call's step spends $0.00018: the limit's askAt ($0.0001 of $1) is crossed after the first, the budget's
        // ($0.0003 of $0.5) after the second.
        const app = ChatEndpoint.layer({
          tools: [EndpointApp.weather, EndpointApp.deleteFile(deleted)],
          budget: { usd: "0.5", askAt: 0.0006 },
          spendLimit: (owner) => ({ key: owner, usd: "1", window: "1 day", askAt: 0.0001, label: "daily limit" })
        }).pipe(
          Layer.provide(EndpointApp.scriptedOnWire(questionTurns, "openai", bodies)),
          Layer.provide(SpendLimit.layerMemory())
        )
        const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), "limit-then-budget")
        const questionOf = () =>
          chat.messages.at(-1)!.parts.filter((part: any) => part.toolName === "budget_question").at(-1) as any
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather in Paris, then delete /tmp/a" })))
        const limitQuestion = questionOf()
        assert.strictEqual(limitQuestion.state, "approval-requested")
        assert.deepStrictEqual(limitQuestion.input, { spent: "0.00018", cap: "1" }, "the limit's question")
        assert.strictEqual(bodies.length, 1)
        yield* wait(() =>
          chat.settle(() => chat.addToolApprovalResponse({ id: limitQuestion.approval.id, approved: true }))
        )
        const asked = chat.toolParts.find((part) => part.type === "tool-delete_file")
        assert.strictEqual(asked.state, "approval-requested")
        yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
        assert.strictEqual(chat.error, undefined)
        assert.deepStrictEqual(deleted, ["/tmp/a"])
        const budgetQuestion = questionOf()
        assert.strictEqual(budgetQuestion.state, "approval-requested")
        assert.deepStrictEqual(budgetQuestion.input, { spent: "0.00036", cap: "0.5" }, "the budget's question, asked")
        assert.strictEqual(bodies.length, 2, "nothing sent past the budget's askAt unasked")
        yield* wait(() =>
          chat.settle(() => chat.addToolApprovalResponse({ id: budgetQuestion.approval.id, approved: true }))
        )
        assert.strictEqual(chat.error, undefined)
        assert.include(chat.text, "Deleted /tmp/a.")
        assert.strictEqual(bodies.length, 3)
      }).pipe(Effect.scoped),
    60_000
  )
})

describe("a budget question answered in two tabs, through the ai client", () => {
  it.live(
    "the second tab's answer is a 409 in one sentence, nothing sent or spent; reloaded, it goes on from the first's",
    () =>
      Effect.gen(function*() {
        const { bodies, chat, deleted, questionOf } = yield* askingChat("two-tabs-question")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather, then delete /tmp/a" })))
        // The same chat in a second tab of the same browser (its session), showing the same question.
        const tab = new EndpointApp.EndpointClient({ url: "http://localhost", fetch: chat.fetch }, chat.id, chat.fetch)
        tab.messages = structuredClone(chat.messages)
        const question = questionOf()
        yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: question.approval.id, approved: true })))
        assert.strictEqual(chat.error, undefined)
        const asked = chat.toolParts.find((part) => part.type === "tool-delete_file")
        assert.strictEqual(asked.state, "approval-requested")
        const sent = bodies.length
        yield* wait(() => tab.settle(() => tab.addToolApprovalResponse({ id: question.approval.id, approved: true })))
        assert.strictEqual(tab.error?.message, continuedBefore)
        assert.strictEqual(bodies.length, sent, "nothing sent to the model")
        // Reloaded, the tab shows the answer as the first tab continued it, and goes on from there.
        const page = new EndpointApp.EndpointClient({ url: "http://localhost", fetch: chat.fetch }, chat.id, chat.fetch)
        page.messages = structuredClone(chat.messages.slice(0, 1))
        yield* wait(() => page.settle(() => page.resumeStream()))
        assert.deepStrictEqual(JSON.parse(JSON.stringify(page.messages)), JSON.parse(JSON.stringify(chat.messages)))
        yield* wait(() => page.settle(() => page.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
        assert.strictEqual(page.error, undefined)
        assert.deepStrictEqual(deleted, ["/tmp/a"])
        assert.include(page.text, "Deleted /tmp/a.")
      }).pipe(Effect.scoped),
    30_000
  )
})

describe("what an answer under a budget spent, as an earlier step of it signed it", () => {
  it.live(
    "a continuation sent with the fact of a step before the last is refused (409): its spend is never undercounted",
    () =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const deleted: Array<string> = []
        const tools = [EndpointApp.weather, EndpointApp.deleteFile(deleted)]
        const app = ChatEndpoint.layer({ tools, budget: { usd: "1" } }).pipe(
          Layer.provide(EndpointApp.scriptedOnWire(questionTurns, "openai", bodies))
        )
        const served = yield* EndpointApp.viaWebHandler(app)
        const chat = new EndpointApp.EndpointClient(served, "earlier-fact")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather, then delete /tmp/a" })))
        const asked = chat.toolParts.find((part: any) => part.state === "approval-requested")
        assert.isDefined(asked, "the delete waits for its approval")
        // Each step's end signed what the answer spent so far: the weather's step, then the delete's.
        const facts = chat.metadataSeen.flatMap((metadata: any) =>
          metadata[spentKey] === undefined ? [] : [metadata[spentKey]]
        )
        const usds = [...new Set(facts.map((fact: any) => fact.usd))]
        assert.deepStrictEqual(usds, ["0.00018", "0.00036"])
        const earlier = facts.find((fact: any) => fact.usd === "0.00018")
        const continuation = approvedContinuation(chat, "earlier-fact", asked)
        const post = poster(chat, served.url)
        const stale = yield* post(changed(continuation, (metadata) => {
          metadata[spentKey] = earlier
        }))
        assert.deepStrictEqual(stale, [409, continuedBefore])
        assert.deepStrictEqual(deleted, [], "nothing ran")
        assert.strictEqual(bodies.length, 2, "nothing sent to the model")
        // The last fact, as the client keeps it: the answer goes on from what both steps spent.
        const taken = yield* post(continuation)
        assert.strictEqual(taken[0], 200)
        assert.deepStrictEqual(deleted, ["/tmp/a"])
      }).pipe(Effect.scoped),
    60_000
  )
})
