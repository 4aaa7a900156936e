/**
 * The provider's opaque state through a durable loop across a restart: the recorded conversations of
 * `support/Conversations.ts` run as durable loops on the embedded engine (a SQLite file); the first answer (state
 * and a tool call that needs approval) is persisted as the step's record, the engine is shut down while the run
 * waits, and a new engine on the same file (a new loop, a new model layer: nothing kept in memory) takes the
 * approval and goes on. The second request (after the tool's result) is read against the provider's documented
 * rule (see `support/Conversations.ts`); a follow-up run on the finished run's messages sends the first turn as the
 * second request did.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schedule, Schema, Stream } from "effect"
import { DurableLoop, LanguageModel, Message, StreamStore, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Conversations from "../../support/Conversations.js"
import * as DurableAgent from "../../support/DurableAgent.js"
import * as SwitchTargets from "../../support/SwitchTargets.js"

const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "conversation-durable-"))

/** The conversations' loops (each tool needs approval, each model at its own URL) on one engine on `filename`. */
const engine = (filename: string, urls: ReadonlyArray<string>) => {
  const loops = Conversations.conversations.map((conversation, index) => ({
    loop: LanguageModel.durableLoop(`conversation-${index}`, { tools: [Conversations.handled(conversation, true)] }),
    model: Layer.provide(conversation.model(urls[index]!), FetchHttpClient.layer)
  }))
  const layer = loops.map(({ loop, model }) => Layer.provide(loop.layer, model)).reduce((a, b) => Layer.merge(a, b))
    .pipe(
      Layer.provideMerge(DurableLoop.layerSqlite({ filename, shardingConfig: DurableAgent.fastSharding })),
      Layer.provideMerge(StreamStore.layerMemory())
    )
  return { loops: loops.map(({ loop }) => loop), layer }
}

/** The id of the call the run waits on, from its live view. */
const waitingCall = (executionId: string) =>
  Effect.gen(function*() {
    const view = yield* UIMessageStream.resume(executionId).pipe(
      Effect.retry({ while: (error) => error._tag === "StreamNotFound", schedule: Schedule.spaced("20 millis") })
    )
    const chunks = yield* view.pipe(
      Stream.takeUntil((chunk) => chunk.type === "tool-approval-request"),
      Stream.runCollect
    )
    return (chunks[chunks.length - 1] as Extract<UIMessageStream.Chunk, { type: "tool-approval-request" }>).toolCallId
  })

const codec = Schema.toCodecJson(Schema.Array(Message.Message))

/**
 * Messages as JSON, the ids the library gives Gemini's calls (`gemini_call_<12 random characters>_<n>`, new in each
 * response) left as their number.
 */
const asJson = (messages: ReadonlyArray<Message.Message>) =>
  JSON.stringify(Schema.encodeSync(codec)(messages)).replace(/gemini_call_[A-Za-z0-9_-]{12}_/g, "gemini_call_")

/**
 * Checks a run's messages after the restart against the plain loop's for the same answers (as JSON: what the step's
 * record kept is all a message holds), then sends them with the follow-up to every other API, whose request is read
 * against that API's rules (test/support/SwitchTargets.ts): what the next request's rules need (whose turn it is, its
 * calls and ids, its blocks) comes through the restart.
 */
const continuedElsewhere = (
  server: ReplayServer.ReplayServer,
  conversation: Conversations.Conversation,
  messages: ReadonlyArray<Message.Message>
) =>
  Effect.gen(function*() {
    const plain = yield* Conversations.firstExchange(server, conversation)
    assert.strictEqual(asJson(messages), asJson(plain.messages))
    const opaque = Conversations.opaqueValues(conversation.format, conversation.recordedTurn())
    for (const target of SwitchTargets.targets) {
      if (SwitchTargets.own(conversation, target)) continue
      const body = yield* SwitchTargets.requestTo(server, target, {
        messages: [...messages, Message.user(conversation.followUp)],
        tools: [Conversations.handled(conversation)]
      })
      SwitchTargets.checkFollowUp(target, body, opaque)
    }
  })

describe("a durable loop keeps the provider's state across a restart", () => {
  it.live(
    "every recorded conversation: approved after the engine restarted, the second request carries the state, and another API takes the run's messages",
    () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const conversations = Conversations.conversations
        const urls = conversations.map((conversation) => server.serve(conversation.responses()))
        const filename = Path.join(dir, "runs.db")
        const before = engine(filename, urls)
        const waiting = yield* Effect.forEach(conversations, (conversation, index) =>
          Effect.andThen(
            before.loops[index]!.run(
              { executionId: `run-${index}`, messages: [Message.user(conversation.question)] },
              { discard: true }
            ),
            waitingCall(`run-${index}`)
          ), { concurrency: "unbounded" }).pipe(Effect.provide(before.layer))
        for (const url of urls) assert.strictEqual(server.requests(url).length, 1)
        // A new engine on the same file: the steps' records are all that is left of the first answers.
        const after = engine(filename, urls)
        const finished = yield* Effect.forEach(conversations, (conversation, index) =>
          Effect.gen(function*() {
            const loop = after.loops[index]!
            yield* loop.approve(`run-${index}`, waiting[index]!, { approved: true })
            const done = yield* loop.run({ executionId: `run-${index}`, messages: [] })
            assert.strictEqual(done.reason, "stop")
            const third = yield* loop.run({
              executionId: `run-${index}-follow-up`,
              messages: [...done.messages, Message.user(conversation.followUp)]
            })
            assert.strictEqual(third.steps.length, 1)
            return done.messages
          }), { concurrency: "unbounded" }).pipe(Effect.provide(after.layer))
        for (const [index, conversation] of conversations.entries()) {
          const bodies = server.requests(urls[index]!).map((request) => JSON.parse(request.body))
          assert.strictEqual(bodies.length, 3)
          Conversations.checkSecond(conversation, bodies[1])
          Conversations.checkThird(conversation, bodies[1], bodies[2])
        }
        for (const [index, conversation] of conversations.entries()) {
          yield* continuedElsewhere(server, conversation, finished[index]!)
        }
      }).pipe(Effect.scoped),
    60_000
  )
})
