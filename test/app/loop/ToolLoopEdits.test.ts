/**
 * An approval that edits the call's input before it runs (`Message.toolApproval({ approved: true, input })`), in
 * `runTools` over the replay server: the handler runs once with the edited input and the next request (and the
 * stored conversation) shows the call as it ran; an input the tool's Schema refuses, or over an answer's size bound,
 * runs nothing and is refused (`ApprovalRefused`, `invalid`); a forged id or one used before runs nothing, edited or
 * not. Beside the provider's signed state, each API's `editedCalls` row: Claude's thinking stays as it came, Gemini's
 * edited call goes with the documented `skip_thought_signature_validator`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { LanguageModel, Message, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as GeminiSteps from "../../support/GeminiSteps.js"
import * as LoopWire from "../../support/LoopWire.js"

const client = FetchHttpClient.layer

const sendEmail = (sent: Array<string>) =>
  Tool.handle(
    Tool.make("send_email", { parameters: Schema.Struct({ to: Schema.String, body: Schema.String }) }),
    ({ to }) => Effect.sync(() => sent.push(to)).pipe(Effect.as(`sent to ${to}`)),
    { needsApproval: true }
  )

const typo = { to: "bob@exmaple.com", body: "Lunch?" }
const fixed = { to: "bob@example.com", body: "Lunch?" }
const calls = [{ id: "c1", name: "send_email", arguments: JSON.stringify(typo) }]

const results = (events: ReadonlyArray<LanguageModel.StepEvent>) =>
  events.filter((event): event is LanguageModel.ToolResultEvent => event._tag === "ToolResultEvent")

/** A loop served with approval checks (ids issued and claimed once), against `scenario`. */
const run = (
  scenario: ReplayServer.ScenarioInput | ReadonlyArray<ReplayServer.ScenarioInput>,
  request: LanguageModel.RunRequest<ReadonlyArray<Tool.Tool>>
) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(scenario)
    const events = yield* Stream.runCollect(UIMessageStream.withApprovalChecks(LanguageModel.runTools(request)))
      .pipe(Effect.provide(LoopWire.modelAt("openai", baseUrl, client)))
    return { events, requests: server.requests(baseUrl) }
  })

/** The arguments of the calls of the last assistant message a Chat Completions request sent. */
const sentArguments = (body: string): ReadonlyArray<unknown> => {
  const messages: Array<any> = JSON.parse(body).messages
  const turn = messages.filter((message) => message.role === "assistant" && message.tool_calls !== undefined).at(-1)
  return turn.tool_calls.map((call: any) => JSON.parse(call.function.arguments))
}

describe("an approval that edits the call's input", () => {
  it.live("runs the handler once with the edited input; every later request shows the call as it ran", () =>
    Effect.gen(function*() {
      const sent: Array<string> = []
      const tools = [sendEmail(sent)]
      const asked = yield* run(LoopWire.scripted("openai", { calls }), { messages: [Message.user("Mail Bob")], tools })
      const done = asked.events.at(-1) as LanguageModel.DoneEvent
      const ask = asked.events.find((event) => event._tag === "ApprovalRequestEvent")!
      const edit = Message.toolApproval({ toolCallId: "c1", approved: true, approvalId: ask.approvalId, input: fixed })
      const answered = yield* run(LoopWire.scripted("openai", { texts: ["Sent."] }), {
        messages: [...done.messages, edit],
        tools
      })
      assert.deepStrictEqual(sent, ["bob@example.com"])
      const result = results(answered.events)[0]!
      assert.isFalse(result.isError)
      assert.deepStrictEqual(JSON.parse(result.call.arguments), fixed)
      assert.deepStrictEqual(JSON.parse(result.asMade!.arguments), typo)
      // The next request: the assistant's call carries the edited arguments, its result after it.
      assert.deepStrictEqual(sentArguments(answered.requests[0]!.body), [fixed])
      // The conversation kept (as stored Message JSON) holds the call as it ran, and sends it so on every request.
      const kept = (answered.events.at(-1) as LanguageModel.DoneEvent).messages
      const json = Schema.encodeSync(Schema.Array(Message.Message))(kept)
      const stored = Schema.decodeUnknownSync(Schema.Array(Message.Message))(JSON.parse(JSON.stringify(json)))
      const later = yield* run(LoopWire.scripted("openai", { texts: ["Anything else?"] }), {
        messages: [...stored, Message.user("Thanks")],
        tools
      })
      assert.deepStrictEqual(sentArguments(later.requests[0]!.body), [fixed])
      assert.deepStrictEqual(sent, ["bob@example.com"])
    }))

  it.live("an edited input its tool's Schema refuses, or too long, runs nothing and is refused in words", () =>
    Effect.gen(function*() {
      const sent: Array<string> = []
      const tools = [sendEmail(sent)]
      for (const input of [{ to: 42, body: "Lunch?" }, { to: "bob@example.com", body: "x".repeat(70_000) }]) {
        const asked = yield* run(LoopWire.scripted("openai", { calls }), {
          messages: [Message.user("Mail Bob")],
          tools
        })
        const done = asked.events.at(-1) as LanguageModel.DoneEvent
        const ask = asked.events.find((event) => event._tag === "ApprovalRequestEvent")!
        const answered = yield* run(LoopWire.scripted("openai", { texts: ["Not sent."] }), {
          messages: [
            ...done.messages,
            Message.toolApproval({ toolCallId: "c1", approved: true, approvalId: ask.approvalId, input })
          ],
          tools
        })
        const result = results(answered.events)[0]!
        assert.instanceOf(result.result, LanguageModel.ApprovalRefused)
        assert.strictEqual((result.result as LanguageModel.ApprovalRefused).reason, "invalid")
        assert.isTrue(result.isError)
        assert.match(result.message.content as string, /^not run: the edited input of send_email was refused: /)
        // The model sees the call as it made it (nothing ran), and why.
        assert.deepStrictEqual(sentArguments(answered.requests[0]!.body), [typo])
        const told = LoopWire.sent("openai", answered.requests[0]!.body).results[0]!
        assert.match(told.content, /edited input/)
      }
      assert.deepStrictEqual(sent, [])
    }))

  it.live("an edit under a forged id, moved to another call, or under an id used before runs nothing", () =>
    Effect.gen(function*() {
      const sent: Array<string> = []
      const tools = [sendEmail(sent)]
      const two = [...calls, { id: "c2", name: "send_email", arguments: JSON.stringify(fixed) }]
      const asked = yield* run(LoopWire.scripted("openai", { calls: two }), {
        messages: [Message.user("Mail Bob")],
        tools
      })
      const done = asked.events.at(-1) as LanguageModel.DoneEvent
      const [one, other] = asked.events.filter((event): event is LanguageModel.ApprovalRequestEvent =>
        event._tag === "ApprovalRequestEvent"
      ) as [LanguageModel.ApprovalRequestEvent, LanguageModel.ApprovalRequestEvent]
      const answer = (toolCallId: string, approvalId: string, to: string) =>
        run(LoopWire.scripted("openai", { texts: ["Done."] }), {
          messages: [
            ...done.messages,
            Message.toolApproval({ toolCallId, approved: true, approvalId, input: { ...fixed, to } }),
            Message.toolApproval({ toolCallId: toolCallId === "c1" ? "c2" : "c1", approved: false })
          ],
          tools
        })
      const reason = (events: ReadonlyArray<LanguageModel.StepEvent>) =>
        (results(events).find((event) => event.call.id === "c1")!.result as LanguageModel.ApprovalRefused).reason
      const ending = one.approvalId!.endsWith("AA") ? "BB" : "AA"
      const forged = yield* answer("c1", `${one.approvalId!.slice(0, -2)}${ending}`, "mallory@example.com")
      assert.strictEqual(reason(forged.events), "unverified")
      const moved = yield* answer("c1", other.approvalId!, "mallory@example.com")
      assert.strictEqual(reason(moved.events), "unverified")
      assert.deepStrictEqual(sent, [])
      yield* answer("c1", one.approvalId!, "bob@example.com")
      assert.deepStrictEqual(sent, ["bob@example.com"])
      const replayed = yield* answer("c1", one.approvalId!, "mallory@example.com")
      assert.strictEqual(reason(replayed.events), "used")
      assert.deepStrictEqual(sentArguments(replayed.requests[0]!.body)[0], typo)
      assert.deepStrictEqual(sent, ["bob@example.com"])
    }))

  it.live("Claude: the edited call goes back with the turn's thinking as it came (its signature kept)", () =>
    Effect.gen(function*() {
      const sent: Array<string> = []
      const tools = [sendEmail(sent)]
      const server = yield* ReplayServer.make
      const first = server.serve(LoopWire.scripted("anthropic", { reasoning: ["Bob's address."], calls }, "1"))
      const asked = yield* Stream.runCollect(
        LanguageModel.runTools({ messages: [Message.user("Mail Bob")], tools })
      ).pipe(Effect.provide(LoopWire.modelAt("anthropic", first, client)))
      const done = asked.at(-1) as LanguageModel.DoneEvent
      const second = server.serve(LoopWire.scripted("anthropic", { texts: ["Sent."] }, "2"))
      yield* Stream.runDrain(LanguageModel.runTools({
        messages: [...done.messages, Message.toolApproval({ toolCallId: "c1", approved: true, input: fixed })],
        tools
      })).pipe(Effect.provide(LoopWire.modelAt("anthropic", second, client)))
      assert.deepStrictEqual(sent, ["bob@example.com"])
      const body = JSON.parse(server.requests(second)[0]!.body)
      const turn = body.messages.filter((message: any) => message.role === "assistant").at(-1)
      assert.deepStrictEqual(turn.content.map((block: any) => block.type), ["thinking", "tool_use"])
      assert.strictEqual(turn.content[0].signature, "sig-1")
      assert.deepStrictEqual(turn.content[1].input, fixed)
    }).pipe(Effect.scoped))

  it.live("Gemini: the edited call goes with skip_thought_signature_validator; its thought keeps its signature", () =>
    Effect.gen(function*() {
      const sent: Array<string> = []
      const tools = [sendEmail(sent)]
      const server = yield* ReplayServer.make
      const step = {
        candidates: [{
          content: {
            role: "model",
            parts: [
              { text: "Bob's address.", thought: true, thoughtSignature: "sig-thought" },
              { functionCall: { name: "send_email", args: typo }, thoughtSignature: "sig-call" }
            ]
          },
          finishReason: "STOP",
          index: 0
        }],
        usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 10, totalTokenCount: 110 },
        modelVersion: "gemini-2.5-flash",
        responseId: "resp-1"
      }
      const baseUrl = server.serve([
        { headers: { "content-type": "text/event-stream" }, body: `data: ${JSON.stringify(step)}\r\n\r\n` },
        GeminiSteps.text(2, "Sent.")
      ])
      const asked = yield* Stream.runCollect(
        LanguageModel.runTools({ messages: [Message.user("Mail Bob")], tools })
      ).pipe(Effect.provide(GeminiSteps.model(baseUrl)))
      const done = asked.at(-1) as LanguageModel.DoneEvent
      const ask = asked.find((event) => event._tag === "ApprovalRequestEvent")!
      yield* Stream.runDrain(LanguageModel.runTools({
        messages: [...done.messages, Message.toolApproval({ toolCallId: ask.call.id, approved: true, input: fixed })],
        tools
      })).pipe(Effect.provide(GeminiSteps.model(baseUrl)))
      assert.deepStrictEqual(sent, ["bob@example.com"])
      const turn = GeminiSteps.contents(server.requests(baseUrl)[1]!).filter((content) => content.role === "model")
        .at(-1)
      assert.deepStrictEqual(turn.parts[0], { text: "Bob's address.", thought: true, thoughtSignature: "sig-thought" })
      assert.deepStrictEqual(turn.parts[1], {
        functionCall: { name: "send_email", args: fixed },
        thoughtSignature: "skip_thought_signature_validator"
      })
    }).pipe(Effect.scoped))
})
