/**
 * Call ids across the turns of a conversation with `runTools`: Gemini may send a function call without an id
 * (`@google/genai` 3.1, `FunctionCall.id`: "Optional. The unique id of the function call. If populated, the client
 * to execute the `function_call` and return the response with the matching `id`"; Firebase's reference,
 * https://firebase.google.com/docs/reference/js/ai.functioncall: Vertex AI leaves it undefined), and 0.4 named such
 * calls `gemini_call_0`, `gemini_call_1` in every step. A refund approved in step 1 then answered step 2's call
 * with the same name ("answered already"): its handler never ran and its `functionCall` went back without a
 * `functionResponse`. Each call now gets an id of its own in the conversation, and the loop keys what it
 * answered by the assistant turn that made the call, so even a history whose steps share an id (stored by 0.4)
 * is answered call by call.
 *
 * Wire rule (https://ai.google.dev/gemini-api/docs/function-calling, "the `functionResponse` ... in the next
 * user turn", and `FunctionResponse.id`: "Populated by the client to match the corresponding function call
 * `id`"): each model turn's `functionCall` parts are followed by a user turn holding one `functionResponse` per
 * call, answered by name when Google sent no id (the ids this library makes are never sent).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { LanguageModel, Message, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type * as HttpClient from "effect/http/HttpClient"
import * as Http from "node:http"
import { clients } from "../../../support/Clients.js"
import * as GeminiSteps from "../../support/GeminiSteps.js"
import { NodeChat } from "../../support/NodeChat.js"
import * as RefundAgent from "../../support/RefundAgent.js"

const gemini = GeminiSteps.model

/**
 * A conversation with Gemini answering each request with the next of `steps`: its loop, run to its end on the
 * messages given, with a refund tool that needs approval and logs each refund to `ran`.
 */
const conversation = (
  steps: ReadonlyArray<ReturnType<typeof GeminiSteps.text>>,
  client: Layer.Layer<HttpClient.HttpClient> = clients[0]![1]
) =>
  Effect.map(ReplayServer.make, (server) => {
    const ran: Array<string> = []
    const baseUrl = server.serve(steps)
    const tools = [RefundAgent.refundTool(ran)]
    const loop = (messages: ReadonlyArray<Message.Message | Tool.ToolApproval>) =>
      LanguageModel.runToolsToEnd({ messages, tools }).pipe(Effect.provide(gemini(baseUrl, client)))
    return { ran, loop, requests: () => server.requests(baseUrl) }
  })

const approvalOf = (done: LanguageModel.DoneEvent): Tool.ToolCall => {
  const last = done.messages[done.messages.length - 1]
  assert.strictEqual(done.reason, "approval")
  assert.strictEqual(last?._tag, "AssistantMessage")
  return (last as Message.AssistantMessage).toolCalls[0]!
}

describe("runTools: calls Gemini sent without ids, across turns", () => {
  for (const [clientName, client] of clients) {
    it.live(`two refunds in two steps: each asks, each runs once, each functionCall gets its response (${clientName})`, () =>
      Effect.gen(function*() {
        const { loop, ran, requests } = yield* conversation([
          GeminiSteps.calls(1, [GeminiSteps.refund("A-1", 5)]),
          GeminiSteps.calls(2, [GeminiSteps.refund("B-2", 9999)]),
          GeminiSteps.text(3, "Both refunded.")
        ], client)

        const first = yield* loop([Message.user("Refund A-1 and B-2")])
        const a = approvalOf(first)
        assert.match(a.id, /^gemini_call_/)
        const second = yield* loop([...first.messages, Message.toolApproval({ toolCallId: a.id, approved: true })])
        const b = approvalOf(second)
        // Its own id: not the first call's, so the first approval does not answer it.
        assert.notStrictEqual(b.id, a.id)
        assert.deepStrictEqual(ran, ["A-1"])
        const third = yield* loop([...second.messages, Message.toolApproval({ toolCallId: b.id, approved: true })])
        assert.strictEqual(third.reason, "stop")
        assert.deepStrictEqual(ran, ["A-1", "B-2"])

        assert.deepStrictEqual(GeminiSteps.contents(requests()[2]!), [
          { role: "user", parts: [{ text: "Refund A-1 and B-2" }] },
          ...GeminiSteps.refunded("A-1", 5),
          ...GeminiSteps.refunded("B-2", 9999)
        ])
      }).pipe(Effect.scoped))
  }

  it.live("a denial answers its own call only: the next step's call still asks, and runs once approved", () =>
    Effect.gen(function*() {
      const { loop, ran, requests } = yield* conversation([
        GeminiSteps.calls(1, [GeminiSteps.refund("A-1", 5)]),
        GeminiSteps.calls(2, [GeminiSteps.refund("B-2", 7)]),
        GeminiSteps.text(3, "Done.")
      ])
      const first = yield* loop([Message.user("Refund")])
      const a = approvalOf(first)
      const denial = Message.toolApproval({ toolCallId: a.id, approved: false, reason: "no" })
      const second = yield* loop([...first.messages, denial])
      const b = approvalOf(second)
      assert.deepStrictEqual(ran, [])
      yield* loop([...second.messages, Message.toolApproval({ toolCallId: b.id, approved: true })])
      assert.deepStrictEqual(ran, ["B-2"])
      const responses = GeminiSteps.contents(requests()[2]!).flatMap((turn: any) =>
        turn.parts.flatMap((part: any) => part.functionResponse === undefined ? [] : [part.functionResponse.response])
      )
      assert.strictEqual(responses.length, 2)
      assert.match(responses[0].error, /denied.*no/)
      assert.deepStrictEqual(responses[1], { result: "refunded B-2 ($7)" })
    }).pipe(Effect.scoped))

  it.live("a stored history whose two steps share an id (0.4's gemini_call_0): the approval answers its own step", () =>
    Effect.gen(function*() {
      const { loop, ran, requests } = yield* conversation([GeminiSteps.text(3, "Done.")])
      const call = (order: string, usd: number) =>
        new Tool.ToolCall({ id: "gemini_call_0", name: "refund", arguments: JSON.stringify({ order, usd }) })
      // Stored as JSON by 0.4 and restored: step 1's refund answered, step 2's waiting for approval.
      const stored = Schema.encodeSync(Schema.toCodecJson(Schema.Array(Message.Message)))([
        Message.user("Refund"),
        Message.assistant("", { toolCalls: [call("A-1", 5)] }),
        Message.toolResult({ toolCallId: "gemini_call_0", name: "refund", content: "refunded A-1 ($5)" }),
        Message.assistant("", { toolCalls: [call("B-2", 9999)] })
      ])
      const restored = Schema.decodeUnknownSync(Schema.toCodecJson(Schema.Array(Message.Message)))(
        JSON.parse(JSON.stringify(stored))
      )
      const done = yield* loop([...restored, Message.toolApproval({ toolCallId: "gemini_call_0", approved: true })])
      assert.strictEqual(done.reason, "stop")
      // Step 2's refund ran (it is not "answered already" by step 1's result), and its call is answered.
      assert.deepStrictEqual(ran, ["B-2"])
      const turns = GeminiSteps.contents(requests()[0]!)
      assert.deepStrictEqual(turns.map((turn: any) => turn.role), ["user", "model", "user", "model", "user"])
      assert.deepStrictEqual(turns[4].parts, [
        { functionResponse: { name: "refund", response: { result: "refunded B-2 ($9999)" } } }
      ])
    }).pipe(Effect.scoped))
})

/**
 * Gemini, asked by `contents`: a refund of A-1 first, then (A-1 answered) a refund of B-2, then (B-2 answered) the
 * answer; each call sent without an id.
 */
const refunds = (request: ReplayServer.RecordedRequest) => {
  const answered = GeminiSteps.contents(request).flatMap((turn: any) =>
    turn.parts.flatMap((part: any) => part.functionResponse === undefined ? [] : [part.functionResponse])
  )
  return answered.length === 0
    ? GeminiSteps.calls(1, [GeminiSteps.refund("A-1", 5)])
    : answered.length === 1
    ? GeminiSteps.calls(2, [GeminiSteps.refund("B-2", 9999)])
    : GeminiSteps.text(3, "Both refunded.")
}

/** A chat server: `POST /api/chat` read with `toMessages`, the loop run with its approvals, served with `fromSteps`. */
const chatServer = (model: Layer.Layer<LanguageModel.LanguageModel>, tools: ReadonlyArray<Tool.Tool>) =>
  Effect.gen(function*() {
    const built = yield* Layer.build(model)
    const server = Http.createServer(async (req, res) => {
      const pieces: Array<Buffer> = []
      for await (const piece of req) pieces.push(piece as Buffer)
      await Effect.runPromise(
        UIMessageStream.toMessages(Buffer.concat(pieces).toString("utf8")).pipe(
          Effect.flatMap((request) =>
            LanguageModel.runTools({ messages: [...request.messages, ...request.approvals], tools }).pipe(
              UIMessageStream.fromSteps({ messageId: request.responseMessageId, tools }),
              UIMessageStream.toResponse()
            )
          ),
          Effect.flatMap(UIMessageStream.toNodeResponse(res)),
          Effect.provide(built)
        )
      )
    })
    yield* Effect.acquireRelease(
      Effect.promise(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))),
      () =>
        Effect.promise(() =>
          new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())))
        )
    )
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })

describe("the browser (the ai package's own client): calls Gemini sent without ids, across turns", () => {
  it.live(
    "each refund is its own part, asks, runs once approved; the next request answers each functionCall",
    () =>
      Effect.gen(function*() {
        const ran: Array<string> = []
        const tools = [RefundAgent.refundTool(ran)]
        const replay = yield* ReplayServer.make
        const modelUrl = replay.serve(refunds)
        const url = yield* chatServer(gemini(modelUrl, clients[0]![1]), tools)
        const chat = new NodeChat(url)
        const approve = (part: any) =>
          Effect.promise(() =>
            chat.settle(() => chat.addToolApprovalResponse({ id: part.approval.id, approved: true }))
          )
        yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Refund A-1 and B-2" })))
        const [first] = chat.toolParts
        assert.strictEqual(first.state, "approval-requested")
        yield* approve(first)
        assert.deepStrictEqual(ran, ["A-1"])
        // Step 2's call is a part of its own, with its own id, waiting for its own approval.
        const second = chat.toolParts.find((part) => part.toolCallId !== first.toolCallId)
        assert.strictEqual(second?.state, "approval-requested")
        yield* approve(second)
        assert.deepStrictEqual(ran, ["A-1", "B-2"])
        assert.deepStrictEqual(chat.toolParts.map((part) => part.state), ["output-available", "output-available"])
        const last = replay.requests(modelUrl).at(-1)!
        assert.deepStrictEqual(GeminiSteps.contents(last), [
          { role: "user", parts: [{ text: "Refund A-1 and B-2" }] },
          ...GeminiSteps.refunded("A-1", 5),
          ...GeminiSteps.refunded("B-2", 9999)
        ])
      }).pipe(Effect.scoped),
    30_000
  )
})
