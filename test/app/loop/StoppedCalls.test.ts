/**
 * A turn stopped while the model was calling a tool goes on to the next question without the call. A program that
 * stops an answer (`Stream.take`, a timeout, the user's stop) and keeps it with `CallResponse.toMessage` gets a turn
 * whose calls will never be answered: the conversation goes on with the user's next message. Every API refuses a call
 * sent back without its result, and every later turn with it:
 *
 * - Anthropic: "each `tool_use` block must have a corresponding `tool_result` block in the next message" (a 400
 *   "`tool_use` ids were found without `tool_result` blocks immediately after", platform.claude.com, handling tool
 *   calls); a `server_tool_use` left without its result is one the API runs "when you return the client tool_result
 *   blocks in your next request" (platform.claude.com, "Server tools"), which a stopped turn never does;
 * - Chat Completions: "An assistant message with 'tool_calls' must be followed by tool messages responding to each
 *   'tool_call_id'" (openai-node `ChatCompletionToolMessageParam.tool_call_id`);
 * - the Responses API: "No tool output found for function call" (openai-node `ResponseInputItem.FunctionCallOutput`);
 * - Bedrock: `ToolResultBlock.toolUseId` answers each `toolUse` (@aws-sdk/client-bedrock-runtime 3.1164.0);
 * - Gemini: each `functionCall` is answered by a `functionResponse` (ai.google.dev, function calling).
 *
 * Before, the program's turn went back with the call (its input `{}` when stopped inside it), so the next question
 * failed; the browser's stopped message already went without it. Now both paths send the same turn: the text, and
 * no call of the program's nor a provider's own call without its result. Stopped as soon as a call started, and
 * after it was complete but before the provider ended the turn; through the program's message, its stored JSON and
 * the browser's message (the `ai` client's reading, sent back with the next question). A turn that ended keeps its
 * calls, and a provider's call that got its result in the stopped turn stays with it; but an ended turn whose calls
 * the user's next message leaves unanswered (a call waiting for an approval, and the user asks something else) goes as
 * its text, without them (`Conversation.paired`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { CallResponse, CallStream, LanguageModel, Message, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import { nextQuestion, readServed } from "../../support/UIClient.js"

const codec = Schema.toCodecJson(Schema.Array(Message.Message))

/** A request's assistant turns, in the provider's shape. */
const assistantTurns = (folder: RecordedModels.Folder, body: any): Array<any> => {
  switch (folder) {
    case "google":
      return body.contents.filter((content: any) => content.role === "model")
    case "openai-responses":
      return body.input.filter((item: any) => item.role === "assistant" || item.type !== undefined)
    default:
      return body.messages.filter((message: any) => message.role === "assistant")
  }
}

/** The calls a request sends back: the program's, and the provider's own without their result. */
const callsSent = (folder: RecordedModels.Folder, body: any): Array<string> => {
  const json = JSON.stringify(assistantTurns(folder, body))
  switch (folder) {
    case "anthropic": {
      const blocks = assistantTurns(folder, body).flatMap((turn) => Array.isArray(turn.content) ? turn.content : [])
      const results = new Set(blocks.map((block: any) => block.tool_use_id))
      return blocks.filter((block: any) =>
        block.type === "tool_use" || (block.type.endsWith("_tool_use") && !results.has(block.id))
      ).map((block: any) => block.id)
    }
    case "openai":
      return assistantTurns(folder, body).flatMap((turn) => turn.tool_calls ?? []).map((call: any) => call.id)
    case "openai-responses":
      return assistantTurns(folder, body).filter((item) => item.type === "function_call").map((item) => item.call_id)
    case "bedrock":
      return [...json.matchAll(/"toolUseId":"([^"]+)"/g)].map((match) => match[1]!)
    default:
      return [...json.matchAll(/"functionCall":\{"name":"([^"]+)"/g)].map((match) => match[1]!)
  }
}

/** Where to stop, before the provider ends the turn. */
const stops = {
  "a call started": (response: CallResponse.CallResponse) =>
    response.toolCalls.length > 0 || response.serverToolCalls.length > 0,
  "its calls were complete": (response: CallResponse.CallResponse) =>
    response.toolCalls.length > 0 && response.toolCallComplete.every((complete) => complete),
  "the search's input was whole, its result not come": (response: CallResponse.CallResponse) =>
    response.serverToolResults.length === 0 && response.serverToolCalls.some((call) => {
      try {
        return typeof JSON.parse(call.arguments).query === "string"
      } catch {
        return false
      }
    })
}

type Stop = keyof typeof stops

// Chat Completions' calls are complete only when the turn ends (a call's end is not streamed).
const cases: ReadonlyArray<
  { readonly folder: RecordedModels.Folder; readonly name: string; readonly stops: ReadonlyArray<Stop> }
> = [
  { folder: "anthropic", name: "tool-use.sse", stops: ["a call started", "its calls were complete"] },
  {
    folder: "anthropic",
    name: "web-search-text-first.sse",
    stops: ["a call started", "the search's input was whole, its result not come"]
  },
  { folder: "openai", name: "tool-calls-parallel.sse", stops: ["a call started"] },
  {
    folder: "openai-responses",
    name: "reasoning-encrypted-tool-call.sse",
    stops: ["a call started", "its calls were complete"]
  },
  { folder: "bedrock", name: "tool-use.eventstream.b64", stops: ["a call started", "its calls were complete"] },
  { folder: "google", name: "tool-call-id.sse", stops: ["a call started", "its calls were complete"] }
]

const question = "Go on."

describe("a turn stopped while the model called a tool goes on without the call", () => {
  for (const { folder, name, stops: at } of cases) {
    for (const stop of at) {
      const reached = stops[stop]
      it.effect(`${folder}/${name}, stopped once ${stop}: the program's turn, stored JSON, the browser's`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const recorded = {
            headers: { "content-type": RecordedModels.contentType(folder) },
            body: Fixtures.body(folder, name)
          }
          const baseUrl = server.serve(Array.from({ length: 7 }, () => recorded))
          const layer = RecordedModels.model(folder, baseUrl, FetchHttpClient.layer)
          // The whole answer: where the stop falls, and that it ended with its calls.
          const steps = yield* LanguageModel.stream(question).pipe(
            CallStream.scan,
            Stream.runCollect,
            Effect.provide(layer)
          )
          const at = steps.findIndex(([, response]) => reached(response))
          const whole = steps.at(-1)![1]
          const wholeTurn = CallResponse.toMessage(whole)
          assert.isAbove(whole.toolCalls.length + whole.serverToolCalls.length, 0)
          if (at === -1 || steps[at]![1].finishReasons.length > 0) return yield* Effect.fail(`no stop at ${stop}`)
          const stopped = yield* CallStream.accumulate(LanguageModel.stream(question).pipe(Stream.take(at + 1))).pipe(
            Effect.provide(layer)
          )
          const turn = CallResponse.toMessage(stopped)
          assert.strictEqual(turn._tag === "AssistantMessage" ? turn.toolCalls.length : -1, 0)
          const history = [Message.user(question), turn, Message.user("And then?")]
          const stored = Schema.decodeUnknownSync(codec)(JSON.parse(JSON.stringify(Schema.encodeSync(codec)(history))))
          for (const messages of [history, stored]) {
            yield* LanguageModel.stream({ messages }).pipe(Stream.runDrain, Effect.provide(layer))
          }
          // The browser's message of the same stop, sent back with the next question.
          const { message } = yield* LanguageModel.stream(question).pipe(
            Stream.take(at + 1),
            readServed,
            Effect.provide(layer)
          )
          const request = yield* UIMessageStream.toMessages(nextQuestion(question, message!, "And then?"))
          yield* LanguageModel.stream({ messages: request.messages }).pipe(Stream.runDrain, Effect.provide(layer))
          // The ended turn sends its calls (the rule leaves them to the program); the three stopped ones none.
          yield* LanguageModel.stream({ messages: [Message.user(question), wholeTurn] }).pipe(
            Stream.runDrain,
            Effect.provide(layer)
          )
          const bodies = server.requests(baseUrl).map((request) => JSON.parse(request.body))
          // The answers read (the whole, the stopped, the browser's), and the requests sent on.
          assert.strictEqual(bodies.length, 7)
          for (const body of [bodies[2], bodies[3], bodies[5]]) {
            assert.deepStrictEqual(callsSent(folder, body), [])
            const text = JSON.stringify(stopped.content).slice(1, -1)
            if (text !== "") assert.include(JSON.stringify(assistantTurns(folder, body)), text)
          }
          for (const call of [...whole.toolCalls, ...whole.serverToolCalls]) {
            assert.include(JSON.stringify(assistantTurns(folder, bodies[6])), call.id)
          }
        }).pipe(Effect.scoped))
    }
  }

  // The recordings whose turn calls the program's tools (the web search's calls are the provider's own).
  for (const { folder, name } of cases.filter((each) => each.name !== "web-search-text-first.sse")) {
    it.effect(`${folder}/${name}: an ended turn whose calls the next question leaves unanswered goes without them`, () =>
      Effect.gen(function*() {
        // A call waiting for the user's approval, and the user asks something else: a conversation a program keeps
        // (its messages, and their stored JSON), where the browser's path has its own (ConversationBrowser.test.ts).
        const server = yield* ReplayServer.make
        const { baseUrl, layer } = RecordedModels.replaying(server, folder, name, 3)
        const whole = yield* CallStream.accumulate(LanguageModel.stream(question)).pipe(Effect.provide(layer))
        assert.isAbove(whole.toolCalls.length, 0)
        const history = [Message.user(question), CallResponse.toMessage(whole), Message.user("Never mind: and then?")]
        const stored = Schema.decodeUnknownSync(codec)(JSON.parse(JSON.stringify(Schema.encodeSync(codec)(history))))
        for (const messages of [history, stored]) {
          yield* LanguageModel.stream({ messages }).pipe(Stream.runDrain, Effect.provide(layer))
        }
        for (const request of server.requests(baseUrl).slice(1)) {
          const body = JSON.parse(request.body)
          assert.deepStrictEqual(callsSent(folder, body), [])
          const text = JSON.stringify(whole.content).slice(1, -1)
          if (text !== "") assert.include(JSON.stringify(assistantTurns(folder, body)), text)
        }
      }).pipe(Effect.scoped))
  }

  it.effect("a stream that completed without a finish reason ended its turn: the loop answers its call, settle keeps it", () =>
    Effect.gen(function*() {
      // An OpenAI-compatible server that ends with `[DONE]` and never says `finish_reason` (a proxy, a local server).
      const chunk = (delta: object) =>
        `data: ${
          JSON.stringify({
            id: "chatcmpl-nofinish",
            object: "chat.completion.chunk",
            created: 1,
            model: "gpt-4o",
            choices: [{ index: 0, delta, finish_reason: null }]
          })
        }\n\n`
      const call = chunk({
        role: "assistant",
        tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "lookup", arguments: "{}" } }]
      }) + "data: [DONE]\n\n"
      const answer = chunk({ role: "assistant", content: "Found it." }) + "data: [DONE]\n\n"
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(
        [call, answer, call].map((body) => ({ headers: { "content-type": "text/event-stream" }, body }))
      )
      const lookup = Tool.handle(Tool.make("lookup", { parameters: Schema.Struct({}) }), () => Effect.succeed("here"))
      const done = yield* LanguageModel.runToolsToEnd({ messages: [Message.user(question)], tools: [lookup] }).pipe(
        Effect.provide(RecordedModels.model("openai", baseUrl, FetchHttpClient.layer))
      )
      assert.strictEqual(done.steps.length, 2)
      const second = JSON.parse(server.requests(baseUrl)[1]!.body)
      assert.deepStrictEqual(second.messages.map((message: any) => message.role), ["user", "assistant", "tool"])
      assert.strictEqual(second.messages[1].tool_calls[0].id, "call_1")
      assert.strictEqual(second.messages[2].tool_call_id, "call_1")
      // Settled by the program: a `Completed` ending's turn keeps its call too, for the program to answer.
      const ending = yield* CallStream.settle(LanguageModel.stream(question)).pipe(
        Effect.provide(RecordedModels.model("openai", baseUrl, FetchHttpClient.layer))
      )
      assert.strictEqual(ending._tag, "Completed")
      const turn = CallResponse.toMessage(ending.response)
      assert.deepStrictEqual(turn._tag === "AssistantMessage" ? turn.toolCalls.map((call) => call.id) : [], ["call_1"])
    }).pipe(Effect.scoped))

  it.effect("a provider's call that got its result in the stopped turn goes back with it", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const recorded = {
        headers: { "content-type": "text/event-stream" },
        body: Fixtures.body("anthropic", "web-search.sse")
      }
      const baseUrl = server.serve([recorded, recorded])
      const layer = RecordedModels.model("anthropic", baseUrl, FetchHttpClient.layer)
      // Stopped in the text after the first search's result, before the second search.
      const stopped = yield* CallStream.accumulate(
        LanguageModel.stream(question).pipe(Stream.takeUntil((chunk) => chunk.content !== ""))
      ).pipe(Effect.provide(layer))
      assert.strictEqual(stopped.serverToolCalls.length, 1)
      assert.strictEqual(stopped.serverToolResults.length, 1)
      yield* LanguageModel.stream({ messages: [Message.user(question), CallResponse.toMessage(stopped)] }).pipe(
        Stream.runDrain,
        Effect.provide(layer)
      )
      const [turn] = assistantTurns("anthropic", JSON.parse(server.requests(baseUrl)[1]!.body))
      assert.deepStrictEqual(turn.content.map((block: any) => block.type), [
        "server_tool_use",
        "web_search_tool_result",
        "text"
      ])
      assert.strictEqual(turn.content[0].id, stopped.serverToolCalls[0]!.id)
      assert.strictEqual(turn.content[1].tool_use_id, stopped.serverToolCalls[0]!.id)
    }).pipe(Effect.scoped))
})
