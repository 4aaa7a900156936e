/**
 * A tool server's form cannot kill a run: through `runTools`, a form whose schema nests 60,000 levels (about 2 MB,
 * under the result bound; sent by a server written by hand, `ModernServer.startHostile`, as no serialiser of objects
 * can send it) and a form of a server built with the official SDK 2.x (`ModernServer.startHttp({ pin: true })`) whose
 * schema holds 8 digits of the client's bearer token as a number are each an error result the model reads, the
 * step's other result kept and the token in no event. Pending forms are kept under their owner's share of the store:
 * another user's 640 pending forms (on a store of 300 streams) do not push out one user's, whose answer still reaches
 * the SDK's server.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Redacted, Scope, Stream } from "effect"
import { LanguageModel, Mcp, Message, StreamStore, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as LoopWire from "../../support/LoopWire.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"

const client = FetchHttpClient.layer
const token = "tok-31415926-bearer"
const scope = Effect.runSync(Scope.make())
let modern: Awaited<ReturnType<typeof ModernServer.startHttp>>
let hostile: Awaited<ReturnType<typeof ModernServer.startHostile>>
let tools: ReadonlyArray<Mcp.McpTool>

beforeAll(async () => {
  ;[modern, hostile] = await Promise.all([ModernServer.startHttp({ pin: true }), ModernServer.startHostile()])
  const connect = (url: string, include: ReadonlyArray<string>) =>
    Mcp.tools({
      transport: { http: { url, headers: { authorization: Redacted.make(`Bearer ${token}`) } } },
      elicitation: "approval",
      needsApproval: false,
      include
    })
  tools = await Effect.runPromise(
    Effect.map(
      Effect.all([connect(modern.url, ["echo", "pin", "deploy"]), connect(hostile.url, ["deep"])]),
      (both) => both.flat()
    ).pipe(Scope.provide(scope), Effect.provide(client))
  )
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await Promise.all([modern.close(), hostile.close()])
})

type Event = LanguageModel.StepEvent

/** Runs the loop (its approvals checked as served, bound to `owner`'s chat) on the scripted `steps`: its events. */
const run = (
  steps: ReplayServer.ScenarioInput | ReadonlyArray<ReplayServer.ScenarioInput>,
  messages: ReadonlyArray<Message.Message | Message.ToolApproval>,
  owner = "someone"
) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const loop = UIMessageStream.withApprovalChecks(LanguageModel.runTools({ messages, tools }), {
      chatId: `chat-${owner}`,
      owner
    })
    const model = LoopWire.modelAt("openai", server.serve(steps), client)
    return Array.from(yield* Stream.runCollect(loop).pipe(Effect.provide(model)))
  })

const results = (events: ReadonlyArray<Event>) =>
  events.filter((event): event is LanguageModel.ToolResultEvent => event._tag === "ToolResultEvent")
const done = (events: ReadonlyArray<Event>) => events.at(-1) as LanguageModel.DoneEvent

/** A step calling the form's tool and `echo`, then an answer. */
const beside = (name: string) => [
  LoopWire.scripted("openai", {
    calls: [
      { id: "call_form", name, arguments: "{}" },
      { id: "call_echo", name: "echo", arguments: JSON.stringify({ text: "kept" }) }
    ]
  }, "1"),
  LoopWire.scripted("openai", { texts: ["Done."] }, "2")
]

describe("a tool server's form cannot kill a run", () => {
  const cases = [
    [
      "a schema nested 60,000 levels",
      "deep",
      "over the size limits (4000 characters of message, 16384 bytes of schema, 8 levels)"
    ],
    ["8 digits of the bearer token as a number in the schema", "pin", "a credential of this connection"]
  ] as const
  for (const [what, name, said] of cases) {
    it.live(`${what}: an error result the model reads, the step's other result kept, the token in no event`, () =>
      Effect.gen(function*() {
        const events = yield* run(beside(name), [Message.user("Go")])
        const [form, echo] = ["call_form", "call_echo"].map((id) =>
          results(events).find((event) => event.call.id === id)
        )
        assert.isTrue(form!.isError)
        assert.include(form!.message.content, said)
        assert.strictEqual(echo!.message.content, "kept")
        assert.strictEqual(done(events).reason, "stop")
        assert.notInclude(JSON.stringify(events), "31415926")
      }).pipe(Effect.provide(client)))
  }

  it.live(
    "another user's 640 pending forms do not push out one user's: its answer reaches the server",
    () =>
      Effect.gen(function*() {
        const ask = (owner: string, ids: ReadonlyArray<string>) =>
          run(
            LoopWire.scripted("openai", {
              calls: ids.map((id) => ({ id, name: "deploy", arguments: JSON.stringify({ env: id }) }))
            }),
            [Message.user("Deploy")],
            owner
          )
        const alice = yield* ask("alice", ["alice_1"])
        const request = alice.find((event): event is LanguageModel.ApprovalRequestEvent =>
          event._tag === "ApprovalRequestEvent"
        )!
        assert.strictEqual(request.elicitation?.message, "Deploy to alice_1?")
        for (let round = 0; round < 10; round++) {
          const flood = yield* ask("mallory", Array.from({ length: 64 }, (_, i) => `m${round}_${i}`))
          assert.strictEqual(done(flood).reason, "approval")
        }
        const approval = Message.toolApproval({
          toolCallId: "alice_1",
          approved: true,
          content: { confirm: true },
          approvalId: request.approvalId
        })
        const answered = yield* run(
          LoopWire.scripted("openai", { texts: ["Done."] }),
          [...done(alice).messages, approval],
          "alice"
        )
        assert.strictEqual(results(answered)[0]!.message.content, "deployed to alice_1")
      }).pipe(Effect.provide([client, StreamStore.layerMemory({ maxStreams: 300 })])),
    60_000
  )
})
