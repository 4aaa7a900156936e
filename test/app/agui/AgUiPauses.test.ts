/**
 * An answer's pauses over AG-UI, through `@ag-ui/client`'s `HttpAgent` (1.0.0) and resumable runs
 * (test/support/AgUiPausesApp.ts), as the person at a page meets them: two agents resuming one interrupt while its
 * approved tool runs; a resume after its interrupt expired, or naming another user's; the server's stop while an
 * approved tool runs (its `RUN_FINISHED` keeps the answer's total); a resume of an interrupt the thread has moved past
 * (another tab went on without it: refused, a 409) and of one cancelled in another tab (used up); a reload that reads
 * a run again (`GET
 * <agent>/runs/:runId/stream`) while a continuation runs and at an answer's second pause (approval → form, approval →
 * budget question), in memory and on a real `redis-server` (the thread moved past on Durable Streams too). What the agent holds after each run (its messages, its
 * pending interrupts, the total its last `RUN_FINISHED` shows), what runs, and the next request as OpenAI's Chat
 * Completions API reads it: an assistant message with `tool_calls` "must be followed by tool messages responding to
 * each 'tool_call_id'".
 *
 * gpt-4o-mini: each model call here costs $0.0000045 (10 input tokens, 5 output).
 */
import type { BaseEvent, Interrupt, Message, RunAgentInput, RunFinishedEvent } from "@ag-ui/client"
import { HttpAgent } from "@ag-ui/client"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { AgUi, Mcp, StreamStore, UIMessageStream } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as App from "../../support/AgUiPausesApp.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"
import { describeDurableStreams, describeRedis, storeOf, type TwoStores } from "../../support/Stores.js"

let mcp: Awaited<ReturnType<typeof ModernServer.startHttp>>

beforeAll(async () => {
  mcp = await ModernServer.startHttp()
})

afterAll(async () => {
  await mcp.close()
})

/** A page's agent: it runs through `POST <url>`, and reads a run again through its stream route after a reload. */
class PageAgent extends HttpAgent {
  rereading = false
  override requestInit(input: RunAgentInput): RequestInit {
    return this.rereading
      ? {
        method: "GET",
        headers: { ...this.headers, accept: "text/event-stream" },
        signal: this.abortController.signal
      }
      : super.requestInit(input)
  }
}

const pageOf = (url: string, threadId: string, messages: ReadonlyArray<Message> = [], owner = "ann") =>
  new PageAgent({
    url: `${url}/agent`,
    threadId,
    headers: { "x-user": owner },
    initialMessages: structuredClone([...messages])
  })

/** The page reloaded with `messages` (as it kept them), reading the run `runId` again from its start. */
const reloaded = (url: string, threadId: string, messages: ReadonlyArray<Message>, runId: string) =>
  Effect.gen(function*() {
    const page = pageOf(url, threadId, messages)
    page.rereading = true
    page.url = `${url}/agent/runs/${runId}/stream`
    const read = yield* AgUiClient.run(page, { runId })
    page.rereading = false
    page.url = `${url}/agent`
    return { page, read }
  })

const finishedOf = (events: ReadonlyArray<BaseEvent>): RunFinishedEvent => {
  const last = events.at(-1)
  assert.strictEqual(last?.type, "RUN_FINISHED")
  return last as RunFinishedEvent
}

const interruptsOf = (events: ReadonlyArray<BaseEvent>): Array<Interrupt> =>
  (finishedOf(events).outcome as { readonly interrupts?: Array<Interrupt> }).interrupts ?? []

/** The total a page shows: its last run's `RUN_FINISHED` cost. */
const totalOf = (events: ReadonlyArray<BaseEvent>): string | undefined =>
  (finishedOf(events).metadata as Record<string, unknown> | undefined)?.[AgUi.costKey] as string | undefined

const approve = (interrupt: Interrupt, content?: unknown) => ({
  resume: [{
    interruptId: interrupt.id,
    status: "resolved" as const,
    payload: content === undefined ? { approved: true } : { approved: true, content }
  }]
})

/** Each assistant `tool_calls` of a Chat Completions body followed by a tool message for each of its ids. */
const answered = (body: any): boolean =>
  body.messages.every((message: any, at: number) =>
    (message.tool_calls ?? []).every((call: any) =>
      body.messages.slice(at + 1).some((next: any) => next.role === "tool" && next.tool_call_id === call.id)
    )
  )

const toolMessages = (messages: ReadonlyArray<Message>) => messages.filter((message) => message.role === "tool")

const callsOf = (messages: ReadonlyArray<Message>) =>
  messages.flatMap((message) => message.role === "assistant" ? message.toolCalls ?? [] : [])

/** Resolves once `holds()`, checked every 10 ms. */
const until = (holds: () => boolean) =>
  Effect.promise(() =>
    new Promise<void>((resolve) => {
      const poll = setInterval(() => holds() && (clearInterval(poll), resolve()), 10)
    })
  )

const memory: TwoStores = (ttl) =>
  Effect.map(storeOf(StreamStore.layerMemory({ ttl })), (store) => [store, store] as const)

let threads = 0
const newThread = () => `thread-${process.pid}-${++threads}`

const setup = (stores: TwoStores, options: App.Options = {}) =>
  Effect.gen(function*() {
    const model = yield* App.model
    const [storeA, storeB] = yield* stores("1 minute")
    const a = yield* App.instance(storeA, model.url, options)
    const b = yield* App.instance(storeB, model.url, options)
    return { a, b, requests: model.requests }
  })

/** A page asked to delete `a.txt` on `url`: the agent and its interrupt. */
const askedToDelete = (url: string, threadId = newThread()) =>
  Effect.gen(function*() {
    const page = pageOf(url, threadId)
    page.addMessage({ id: "u1", role: "user", content: "please delete a.txt" })
    const run = yield* AgUiClient.run(page)
    const [interrupt] = interruptsOf(run.events)
    assert.strictEqual(interrupt?.reason, "tool_call")
    return { page, interrupt: interrupt!, total: totalOf(run.events) }
  })

const reloads = (name: string, stores: TwoStores) =>
  describe(name, () => {
    it.live("a reload while the approved tool runs reads the continuation whole; the next request holds the call", () =>
      Effect.gen(function*() {
        const { a, b, requests } = yield* setup(stores, { deleteMillis: 400 })
        const { interrupt, page, total } = yield* askedToDelete(a.url)
        const kept = structuredClone(page.messages)
        const runId = `run-${newThread()}`
        const running = Effect.runPromise(AgUiClient.run(page, { runId, ...approve(interrupt) })).catch(() => undefined)
        yield* until(() => a.runs.started.length === 1)
        page.abortRun()
        yield* Effect.promise(() => running)
        const { page: again, read } = yield* reloaded(b.url, page.threadId, kept, runId)
        assert.deepStrictEqual(read.warnings, [])
        assert.deepStrictEqual(a.runs.deleted, ["a.txt"])
        assert.deepStrictEqual(finishedOf(read.events).outcome, { type: "success" })
        const [call] = callsOf(again.messages)
        assert.deepStrictEqual([call?.function.name, JSON.parse(call!.function.arguments)], ["delete_file", {
          path: "a.txt"
        }])
        assert.deepStrictEqual(toolMessages(again.messages).map((message) => (message as any).toolCallId), [
          call!.id
        ])
        assert.deepStrictEqual(again.pendingInterrupts, [])
        assert.strictEqual(again.messages.at(-1)?.content, "Done.")
        assert.deepStrictEqual([total, totalOf(read.events)], ["0.0000045", "0.000009"])
        // The reloaded page goes on: the model is sent the call and its result.
        again.addMessage({ id: "u2", role: "user", content: "thanks" })
        const next = yield* AgUiClient.run(again)
        assert.deepStrictEqual(finishedOf(next.events).outcome, { type: "success" })
        const body = requests().at(-1)
        assert.isTrue(answered(body))
        assert.deepStrictEqual(body.messages.map((message: any) => message.role), [
          "user",
          "assistant",
          "tool",
          "assistant",
          "user"
        ])
        assert.deepStrictEqual(a.runs.deleted, ["a.txt"])
      }).pipe(Effect.scoped))

    it.live("a reload at an answer's second pause (approval, then a form) reads it whole, and answers the form", () =>
      Effect.gen(function*() {
        const tools = yield* Mcp.tools({ transport: { http: { url: mcp.url } }, elicitation: "approval" })
        const { a, b, requests } = yield* setup(stores, { tools })
        const threadId = newThread()
        const page = pageOf(a.url, threadId)
        page.addMessage({ id: "u1", role: "user", content: "please deploy to teal" })
        const first = yield* AgUiClient.run(page)
        const [approval] = interruptsOf(first.events)
        const kept = structuredClone(page.messages)
        const runId = `run-${newThread()}`
        const second = yield* AgUiClient.run(page, { runId, ...approve(approval!) })
        const [form] = interruptsOf(second.events)
        assert.strictEqual(form?.message, "Deploy to teal?")
        const { page: again, read } = yield* reloaded(b.url, threadId, kept, runId)
        assert.deepStrictEqual(read.warnings, [])
        assert.deepStrictEqual(again.messages, page.messages, "the page as the one that ran it")
        assert.deepStrictEqual(again.pendingInterrupts, page.pendingInterrupts)
        assert.deepStrictEqual(totalOf(read.events), totalOf(second.events))
        const answer = yield* AgUiClient.run(again, approve(form!, { confirm: true }))
        assert.deepStrictEqual(finishedOf(answer.events).outcome, { type: "success" })
        assert.strictEqual(again.messages.at(-1)?.content, "Done.")
        assert.isTrue(answered(requests().at(-1)))
        assert.deepStrictEqual([totalOf(first.events), totalOf(answer.events)], ["0.0000045", "0.000009"])
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

    it.live("a reload at a budget question after an approval reads it whole, and the question answered goes on", () =>
      Effect.gen(function*() {
        const { a, b, requests } = yield* setup(stores, { budget: { usd: "1", askAt: 0.000001 } })
        const { interrupt, page, total } = yield* askedToDelete(a.url)
        const kept = structuredClone(page.messages)
        const runId = `run-${newThread()}`
        const second = yield* AgUiClient.run(page, { runId, ...approve(interrupt) })
        const [question] = interruptsOf(second.events)
        assert.strictEqual(question?.reason, "budget_question")
        const { page: again, read } = yield* reloaded(b.url, page.threadId, kept, runId)
        assert.deepStrictEqual(read.warnings, [])
        assert.deepStrictEqual(again.messages, page.messages, "the page as the one that ran it")
        assert.deepStrictEqual(again.pendingInterrupts, page.pendingInterrupts)
        const goOn = yield* AgUiClient.run(again, approve(question!))
        assert.deepStrictEqual(finishedOf(goOn.events).outcome, { type: "success" })
        assert.strictEqual(again.messages.at(-1)?.content, "Done.")
        assert.isTrue(answered(requests().at(-1)))
        assert.deepStrictEqual(a.runs.deleted, ["a.txt"])
        const totals = [total, totalOf(second.events), totalOf(read.events), totalOf(goOn.events)]
        assert.deepStrictEqual(totals, ["0.0000045", "0.0000045", "0.0000045", "0.000009"])
      }).pipe(Effect.scoped))
  })

reloads("a reload reads an AG-UI run again whole (in memory)", memory)
describeRedis("a reload reads an AG-UI run again whole", (stores) => reloads("on Redis", stores))

describe("AG-UI interrupts answered twice, late, or by another", () => {
  it.live("two agents resume one interrupt while its tool runs: it runs once, the first run is not stopped", () =>
    Effect.gen(function*() {
      const { a, requests } = yield* setup(memory, { deleteMillis: 300 })
      const { interrupt, page } = yield* askedToDelete(a.url)
      const tab = pageOf(a.url, page.threadId, page.messages)
      const first = Effect.runPromise(AgUiClient.run(page, approve(interrupt)))
      yield* until(() => a.runs.started.length === 1)
      const second = yield* AgUiClient.run(tab, approve(interrupt))
      const one = yield* Effect.promise(() => first)
      assert.deepStrictEqual(a.runs.started, ["a.txt"])
      assert.deepStrictEqual(a.runs.deleted, ["a.txt"])
      assert.deepStrictEqual(finishedOf(one.events).outcome, { type: "success" })
      assert.deepStrictEqual(toolMessages(page.messages).map((message) => message.content), [
        JSON.stringify({ deleted: "a.txt" })
      ])
      // The second claims an approval used: its page is told so, as the model is; nothing runs twice.
      assert.deepStrictEqual(finishedOf(second.events).outcome, { type: "success" })
      assert.deepStrictEqual(toolMessages(tab.messages).map((message) => message.content), [
        "not run: this approval was used before"
      ])
      assert.deepStrictEqual([totalOf(one.events), totalOf(second.events)], ["0.000009", "0.000009"])
      for (const body of requests()) assert.isTrue(answered(body))
    }).pipe(Effect.scoped))

  it.live("a resume after its interrupt expired runs nothing; another user's interrupt is a 400", () =>
    Effect.gen(function*() {
      const layers = Layer.orDie(
        UIMessageStream.layerSigning({ secret: Redacted.make("s".repeat(32)), approvalTtl: "1 second" })
      )
      const { a, requests } = yield* setup(memory, { layers })
      const { interrupt, page } = yield* askedToDelete(a.url)
      const bob = pageOf(a.url, page.threadId, page.messages, "bob")
      const refused: any = yield* AgUiClient.runFailing(bob, approve(interrupt))
      assert.strictEqual(refused.status, 400)
      assert.strictEqual(requests().length, 1)
      yield* Effect.sleep("1100 millis")
      const late = pageOf(a.url, page.threadId, page.messages)
      const run = yield* AgUiClient.run(late, approve(interrupt))
      assert.deepStrictEqual(finishedOf(run.events).outcome, { type: "success" })
      assert.deepStrictEqual(toolMessages(late.messages).map((message) => message.content), [
        "not run: this approval has expired; ask for it again"
      ])
      assert.deepStrictEqual(a.runs.started, [])
      for (const body of requests()) assert.isTrue(answered(body))
    }).pipe(Effect.scoped))
})

/** What a page is told of a resume of an interrupt its thread has moved past. */
const replaced = "This answer was replaced in another tab; reload to see the thread's current answer."

const cancel = (interrupt: Interrupt) => ({
  resume: [{ interruptId: interrupt.id, status: "cancelled" as const }]
})

const movedPast = (name: string, stores: TwoStores) =>
  describe(name, () => {
    it.live("another tab's run moves the thread past an interrupt: its resume is refused; the tab reloads, goes on", () =>
      Effect.gen(function*() {
        const { a, b, requests } = yield* setup(stores)
        const { interrupt, page } = yield* askedToDelete(a.url)
        // Another tab, on the other instance, goes on without the pause: its history holds the user's message alone.
        const tab = pageOf(b.url, page.threadId, page.messages.slice(0, 1))
        tab.addMessage({ id: "u2", role: "user", content: "hi" })
        const before = structuredClone(tab.messages)
        const runId = `run-${newThread()}`
        const other = yield* AgUiClient.run(tab, { runId })
        assert.deepStrictEqual(finishedOf(other.events).outcome, { type: "success" })
        const asked = requests().length
        // The first tab answers the interrupt it still shows, approved or cancelled: refused, nothing runs or is asked.
        for (const answer of [approve(interrupt), cancel(interrupt)]) {
          const refused: any = yield* AgUiClient.runFailing(page, answer)
          assert.strictEqual(refused.status, 409)
          assert.deepStrictEqual(refused.payload, { error: replaced })
        }
        assert.deepStrictEqual(a.runs.started, [])
        assert.strictEqual(requests().length, asked)
        // Reloaded, it reads the thread's latest run and goes on from there, turn after turn.
        const { page: again, read } = yield* reloaded(a.url, page.threadId, before, runId)
        assert.deepStrictEqual(read.warnings, [])
        assert.deepStrictEqual(again.messages, tab.messages)
        again.addMessage({ id: "u3", role: "user", content: "please delete b.txt" })
        const [next] = interruptsOf((yield* AgUiClient.run(again)).events)
        const done = yield* AgUiClient.run(again, approve(next!))
        assert.deepStrictEqual(finishedOf(done.events).outcome, { type: "success" })
        assert.deepStrictEqual(a.runs.deleted, ["b.txt"])
        // The other tab, a turn behind, answers nothing it never held; its next message goes on as well.
        tab.addMessage({ id: "u4", role: "user", content: "thanks" })
        assert.deepStrictEqual(finishedOf((yield* AgUiClient.run(tab)).events).outcome, { type: "success" })
        for (const body of requests()) assert.isTrue(answered(body))
        assert.deepStrictEqual(a.runs.deleted, ["b.txt"])
      }).pipe(Effect.scoped))

    it.live("a second tab's answer of an interrupt its answer has paused past is refused; the answer's pause goes on", () =>
      Effect.gen(function*() {
        const tools = yield* Mcp.tools({ transport: { http: { url: mcp.url } }, elicitation: "approval" })
        const { a, b, requests } = yield* setup(stores, { tools })
        const page = pageOf(a.url, newThread())
        page.addMessage({ id: "u1", role: "user", content: "please deploy to teal" })
        const [approval] = interruptsOf((yield* AgUiClient.run(page)).events)
        const tab = pageOf(b.url, page.threadId, structuredClone(page.messages))
        // The first tab approves: the answer pauses again, at the deploy's form.
        const [form] = interruptsOf((yield* AgUiClient.run(page, approve(approval!))).events)
        assert.strictEqual(form?.message, "Deploy to teal?")
        // The second tab, still at the first pause, approves it too: the thread has moved past it, nothing runs.
        const asked = requests().length
        const refused: any = yield* AgUiClient.runFailing(tab, approve(approval!))
        assert.strictEqual(refused.status, 409)
        assert.deepStrictEqual(refused.payload, { error: replaced })
        assert.strictEqual(requests().length, asked)
        // The first tab's pause is still the thread's latest: its form is answered and the answer goes on.
        const answer = yield* AgUiClient.run(page, approve(form!, { confirm: true }))
        assert.deepStrictEqual(finishedOf(answer.events).outcome, { type: "success" })
        assert.strictEqual(page.messages.at(-1)?.content, "Done.")
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

    it.live("an interrupt cancelled in one tab is used up: another tab's approval of it runs nothing; the thread goes on", () =>
      Effect.gen(function*() {
        const { a, b, requests } = yield* setup(stores)
        const { interrupt, page } = yield* askedToDelete(a.url)
        const tab = pageOf(b.url, page.threadId, page.messages)
        // The first tab cancels it with a message of its own: nothing runs, the model answers the message.
        page.addMessage({ id: "u2", role: "user", content: "never mind" })
        const cancelled = yield* AgUiClient.run(page, cancel(interrupt))
        assert.deepStrictEqual(finishedOf(cancelled.events).outcome, { type: "success" })
        assert.strictEqual(page.messages.at(-1)?.content, "Hello.")
        // The second tab approves the same interrupt: used up, nothing runs; its page is told so, as the model is.
        const late = yield* AgUiClient.run(tab, approve(interrupt))
        assert.deepStrictEqual(finishedOf(late.events).outcome, { type: "success" })
        assert.deepStrictEqual(toolMessages(tab.messages).map((message) => message.content), [
          "not run: this approval was used before"
        ])
        assert.deepStrictEqual(a.runs.started, [])
        // The first tab goes on: its next pause is answered and runs once.
        page.addMessage({ id: "u3", role: "user", content: "please delete c.txt" })
        const [next] = interruptsOf((yield* AgUiClient.run(page)).events)
        const done = yield* AgUiClient.run(page, approve(next!))
        assert.deepStrictEqual(finishedOf(done.events).outcome, { type: "success" })
        assert.deepStrictEqual(a.runs.deleted, ["c.txt"])
        for (const body of requests()) assert.isTrue(answered(body))
      }).pipe(Effect.scoped))
  })

movedPast("a resume of an interrupt its thread moved past, over AG-UI (in memory)", memory)
describeRedis("a resume of an interrupt its thread moved past, over AG-UI", (stores) => movedPast("on Redis", stores))
describeDurableStreams(
  "a resume of an interrupt its thread moved past, over AG-UI",
  (stores) => movedPast("on Durable Streams", stores)
)

describe("an app that says the owner once, to readRunInput, over AG-UI", () => {
  it.live("given the input's owner (said once, to readRunInput), a pause is approved and its tool runs", () =>
    Effect.gen(function*() {
      const { a, requests } = yield* setup(memory)
      const { interrupt, page } = yield* askedToDelete(a.url)
      const done = yield* AgUiClient.run(page, approve(interrupt))
      assert.deepStrictEqual(finishedOf(done.events).outcome, { type: "success" })
      assert.deepStrictEqual(a.runs.deleted, ["a.txt"])
      for (const body of requests()) assert.isTrue(answered(body))
    }).pipe(Effect.scoped))
})

const stops = (name: string, stores: TwoStores) =>
  describe(name, () => {
    it.live("the server's stop interrupts the approved tool; the run ends cancelled; nothing runs or is asked again", () =>
      Effect.gen(function*() {
        const { a, b, requests } = yield* setup(stores, { deleteMillis: 1000 })
        const { interrupt, page, total } = yield* askedToDelete(a.url)
        const runId = `run-${newThread()}`
        const running = Effect.runPromise(AgUiClient.run(page, { runId, ...approve(interrupt) }))
        yield* until(() => a.runs.started.length === 1)
        // The page's stop, on the other instance: the run stops wherever it runs.
        const stopped = yield* Effect.promise(() =>
          fetch(`${b.url}/agent/runs/${runId}/stop`, { method: "POST", headers: { "x-user": "ann" } })
        )
        assert.strictEqual(stopped.status, 204)
        const run = yield* Effect.promise(() => running)
        assert.deepStrictEqual(run.warnings, [])
        assert.deepStrictEqual(finishedOf(run.events).outcome, { type: "cancelled" })
        assert.deepStrictEqual(run.events.map((event) => event.type), ["RUN_STARTED", "RUN_FINISHED"])
        // The page's total is the answer's: what its first run spent, carried on (the stop spent nothing more).
        assert.isDefined(total)
        assert.strictEqual(totalOf(run.events), total)
        assert.isDefined((finishedOf(run.events).metadata as Record<string, unknown>)[AgUi.spendKey])
        yield* Effect.sleep("1200 millis")
        assert.deepStrictEqual(a.runs.deleted, [], "the stop interrupted the tool")
        assert.strictEqual(requests().length, 1, "nothing asked of the model")
        assert.deepStrictEqual(page.pendingInterrupts, [])
        assert.deepStrictEqual(toolMessages(page.messages), [])
        // The person goes on: the interrupted call is left out of what the model reads; nothing runs.
        page.addMessage({ id: "u2", role: "user", content: "hi" })
        const next = yield* AgUiClient.run(page)
        assert.deepStrictEqual(finishedOf(next.events).outcome, { type: "success" })
        assert.deepStrictEqual(a.runs.started, ["a.txt"])
        assert.deepStrictEqual(requests().at(-1).messages.map((message: any) => message.role), ["user", "user"])
      }).pipe(Effect.scoped))
  })

stops("a stop while an approved tool runs, over AG-UI (in memory)", memory)
describeRedis("a stop while an approved tool runs, over AG-UI", (stores) => stops("on Redis", stores))
