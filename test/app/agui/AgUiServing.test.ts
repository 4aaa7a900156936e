/**
 * A run served to `@ag-ui/client`'s `HttpAgent` by a `node:http` server of the library, at its edges: every delta
 * as it arrives (a paced replay: the client's events come spread over the provider's stream, one for one); a stop
 * from within closes what it opened (a tool call cut mid-arguments included) and ends with the cancelled outcome
 * and what was spent; a client abort reaches the provider request within a second, and the ending says what the
 * client was sent; a provider failure after the run started is `RUN_ERROR` with the redactor's text; input refused
 * before the run starts is an HTTP error status with a JSON body, no event stream, and a request refused before its
 * first event (the browser's input, the server's configuration) its status and sentence, as the chat route's.
 */
import type { RunFinishedEvent } from "@ag-ui/client"
import { EventEncoder } from "@ag-ui/encoder"
import { assert, describe, it } from "@effect/vitest"
import { Effect, identity, Layer, Schema, Stream } from "effect"
import { AgUi, CallStream, LanguageModel, ProviderError, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const [, client] = clients[0]!

/** An OpenAI recording, as the replay server serves it (`cuts`: where its pieces end, `delayMs` between them). */
const openai = (name: string, options: { readonly cuts?: ReadonlyArray<number>; readonly delayMs?: number } = {}) => ({
  headers: { "content-type": "text/event-stream" },
  body: Fixtures.bytes("openai", `${name}.sse`),
  ...options
})

/**
 * A server running `stream` (made from the input's messages) as a run, its model calling `baseUrl`; `events` applied to
 * the run's events (default: none).
 */
const serving = (
  baseUrl: string,
  stream: (messages: ReadonlyArray<any>) => Stream.Stream<any, any, LanguageModel.LanguageModel>,
  events: (run: Stream.Stream<AgUi.Event, any, any>) => Stream.Stream<AgUi.Event, any, any> = identity
) =>
  Effect.gen(function*() {
    const model = yield* Layer.build(RecordedModels.model("openai", baseUrl, client))
    return yield* AgUiClient.serve((body) =>
      AgUi.readRunInput(body).pipe(
        Effect.flatMap((input) =>
          stream(input.messages).pipe(
            AgUi.fromStream({ threadId: input.threadId, runId: input.runId }),
            events,
            AgUi.toResponse()
          )
        )
      )
    ).pipe(Effect.provide(model))
  })

const asked = (url: string) => {
  const agent = AgUiClient.agentOf(url)
  agent.addMessage({ id: "u1", role: "user", content: "hi" })
  return agent
}

describe("deltas", () => {
  it.live("reach the client as they arrive, one event per delta", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const body = Fixtures.bytes("openai", "text.sse")
      const delayMs = 40
      const baseUrl = replay.serve([openai("text"), openai("text", { cuts: AgUiClient.eventCuts(body), delayMs })])
      const deltas = yield* CallStream.text(LanguageModel.stream("hi")).pipe(
        Stream.runCollect,
        Effect.provide(RecordedModels.model("openai", baseUrl, client))
      )
      assert.isAbove(deltas.length, 3)
      const url = yield* serving(baseUrl, (messages) => LanguageModel.stream({ messages }))
      const arrivals: Array<number> = []
      const run = yield* AgUiClient.run(asked(url), undefined, {
        onTextMessageContentEvent: () => void arrivals.push(performance.now())
      })
      assert.deepStrictEqual(run.warnings, [])
      const contents = run.events.filter((event) => event.type === "TEXT_MESSAGE_CONTENT") as Array<any>
      assert.deepStrictEqual(contents.map((event) => event.delta), deltas.filter((delta) => delta !== ""))
      // Spread over the provider's pacing, not delivered at its end: each delta came when the provider sent it.
      const spread = arrivals.at(-1)! - arrivals[0]!
      assert.isAbove(spread, (arrivals.length - 1) * delayMs * 0.6)
    }).pipe(Effect.scoped))
})

describe("the body", () => {
  it.live("is what @ag-ui/encoder writes of its events, with the protocol's headers", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve(openai("tool-calls-parallel"))
      const response = yield* LanguageModel.stream("hi").pipe(
        AgUi.fromStream({ threadId: "t", runId: "r" }),
        AgUi.toResponse(),
        Effect.provide(RecordedModels.model("openai", baseUrl, client))
      )
      assert.strictEqual(response.headers.get("content-type"), "text/event-stream")
      const text = yield* Effect.promise(() => response.text())
      const events = AgUiClient.eventsOf(text)
      assert.isAbove(events.length, 10)
      const encoder = new EventEncoder({ accept: "text/event-stream" })
      assert.strictEqual(events.map((event) => encoder.encodeSSE(event)).join(""), text)
      assert.deepStrictEqual(AgUiClient.problems(events), [])
    }).pipe(Effect.scoped))
})

describe("a stop from within", () => {
  it.live("closes what it opened (a call cut mid-arguments too) and ends with the cancelled outcome", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve(openai("tool-calls-parallel-2024"))
      let calls = 0
      const url = yield* serving(baseUrl, (messages) =>
        LanguageModel.stream({ messages }).pipe(
          // The stream stops inside the first call's arguments.
          Stream.takeWhile((chunk) => (chunk.toolCallDeltas.length > 0 ? ++calls : calls) <= 2)
        ))
      const run = yield* AgUiClient.run(asked(url))
      assert.deepStrictEqual(run.warnings, [])
      assert.deepStrictEqual(AgUiClient.problems(run.events), [])
      const types = run.events.map((event) => event.type)
      assert.includeMembers(types, ["TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "STEP_FINISHED"])
      const finished = run.events.at(-1) as RunFinishedEvent
      assert.deepStrictEqual(finished.outcome, { type: "cancelled" })
      // What the stopped call spent, estimated (the provider's usage never came).
      assert.strictEqual((finished.metadata?.[AgUi.spendKey] as any).estimated, true)
    }).pipe(Effect.scoped))

  it.live("of a tool loop served by fromSteps: what it opened closed, the cancelled outcome", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve(openai("tool-calls-parallel-2024"))
      const weather = Tool.handle(
        Tool.make("GetWeatherArgs", { parameters: Schema.Struct({ city: Schema.String }) }),
        () => Effect.succeed("sunny")
      )
      let calls = 0
      const model = yield* Layer.build(RecordedModels.model("openai", baseUrl, client))
      const url = yield* AgUiClient.serve((body) =>
        AgUi.readRunInput(body).pipe(
          Effect.flatMap((input) =>
            LanguageModel.runTools({ messages: input.messages, tools: [weather] }).pipe(
              // The loop stops inside the first call's arguments.
              Stream.takeWhile((event) =>
                (event._tag === "ChunkEvent" && event.chunk.toolCallDeltas.length > 0 ? ++calls : calls) <= 2
              ),
              AgUi.fromSteps({ threadId: input.threadId, runId: input.runId }),
              AgUi.toResponse()
            )
          )
        )
      ).pipe(Effect.provide(model))
      const run = yield* AgUiClient.run(asked(url))
      assert.deepStrictEqual(run.warnings, [])
      assert.deepStrictEqual(AgUiClient.problems(run.events), [])
      const types = run.events.map((event) => event.type)
      assert.includeMembers(types, ["TEXT_MESSAGE_START", "TOOL_CALL_START", "TOOL_CALL_ARGS"])
      const count = (type: string) => types.filter((each) => each === type).length
      assert.strictEqual(count("TOOL_CALL_END"), count("TOOL_CALL_START"))
      assert.strictEqual(count("TEXT_MESSAGE_END"), count("TEXT_MESSAGE_START"))
      assert.strictEqual(count("STEP_FINISHED"), count("STEP_STARTED"))
      const finished = run.events.at(-1) as RunFinishedEvent
      assert.strictEqual(finished.type, "RUN_FINISHED")
      assert.deepStrictEqual(finished.outcome, { type: "cancelled" })
    }).pipe(Effect.scoped))

  it.live("after the converter (on its events): served as cut; HttpAgent takes it, no error, no wait", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve(openai("text"))
      const url = yield* serving(
        baseUrl,
        (messages) => LanguageModel.stream({ messages }),
        Stream.takeUntil((event) => event.type === "TEXT_MESSAGE_CONTENT")
      )
      const ended: Array<string> = []
      const run = yield* AgUiClient.run(asked(url), undefined, {
        onRunFinalized: () => void ended.push("finalized"),
        onRunFailed: () => void ended.push("failed")
      })
      assert.strictEqual(run.events.at(-1)?.type, "TEXT_MESSAGE_CONTENT")
      assert.deepStrictEqual(ended, ["finalized"])
      const said = run.agent.messages.at(-1)!
      assert.strictEqual(said.role, "assistant")
      assert.isNotEmpty(said.content)
    }).pipe(Effect.scoped))
})

describe("a client abort", () => {
  it.live("reaches the provider request within a second; the ending is what the client was sent", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const body = Fixtures.bytes("openai", "text.sse")
      const baseUrl = replay.serve(openai("text", { cuts: AgUiClient.eventCuts(body), delayMs: 150 }))
      const endings: Array<CallStream.Ending> = []
      const url = yield* serving(
        baseUrl,
        (messages) =>
          LanguageModel.stream({ messages }).pipe(CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending))))
      )
      const agent = asked(url)
      const run = yield* AgUiClient.run(agent, undefined, {
        onTextMessageContentEvent: () => void agent.abortRun()
      })
      const closed = yield* Effect.gen(function*() {
        for (let waited = 0; waited <= 1000; waited += 10) {
          if (replay.closedConnections(baseUrl) >= 1 && endings.length === 1) return true
          yield* Effect.sleep("10 millis")
        }
        return false
      })
      assert.isTrue(closed)
      assert.strictEqual(replay.abortedResponses(baseUrl), 1)
      assert.strictEqual(endings[0]!._tag, "Interrupted")
      const sent = (run.events.filter((event) => event.type === "TEXT_MESSAGE_CONTENT") as Array<any>)
        .map((event) => event.delta).join("")
      assert.isTrue(endings[0]!.response.content.startsWith(sent))
      assert.isAbove(sent.length, 0)
    }).pipe(Effect.scoped))
})

/** The API's refusal of the call: its status and its JSON error (a message with a secret the client must not read). */
const refusal = (status: number, message: string, type: string) => ({
  status,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ error: { message, type } })
})

describe("a failure", () => {
  it.live("after the run started is RUN_ERROR with the redactor's text (status 200, the provider's text kept)", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve(refusal(429, "Rate limit reached for org-secret", "rate_limit_error"))
      const url = yield* serving(baseUrl, (messages) => LanguageModel.stream({ messages }))
      const errors: Array<string> = []
      const run = yield* AgUiClient.run(asked(url), undefined, {
        onRunErrorEvent: ({ event }) => void errors.push(event.message)
      })
      assert.deepStrictEqual(run.events.map((event) => event.type), [
        "RUN_STARTED",
        "STEP_STARTED",
        "STEP_FINISHED",
        "RUN_ERROR"
      ])
      assert.deepStrictEqual(errors, ["The model is rate limited; try again shortly."])
      assert.notInclude(JSON.stringify(run.events), "org-secret")
    }).pipe(Effect.scoped))

  it.live("after the converter (an app's operator on its events): RUN_ERROR with the redactor's text, once", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve(openai("text"))
      const leaked = new Error("db password hunter2")
      const url = yield* serving(
        baseUrl,
        (messages) => LanguageModel.stream({ messages }),
        Stream.mapEffect((event) => event.type === "TEXT_MESSAGE_CONTENT" ? Effect.fail(leaked) : Effect.succeed(event))
      )
      const errors: Array<string> = []
      const run = yield* AgUiClient.run(asked(url), undefined, {
        onRunErrorEvent: ({ event }) => void errors.push(event.message)
      })
      assert.strictEqual(run.events.at(-1)?.type, "RUN_ERROR")
      assert.deepStrictEqual(errors, [UIMessageStream.redact(leaked)])
      assert.notInclude(JSON.stringify(run.events), "hunter2")
    }).pipe(Effect.scoped))

  it.live("a file the model cannot take: a 415 naming its type and the model, no event, no model request", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve(openai("text"))
      const url = yield* serving(baseUrl, (messages) => LanguageModel.stream({ messages }))
      const agent = AgUiClient.agentOf(url)
      const zip = { type: "document", source: { type: "data", mimeType: "application/zip", value: "UEs=" } }
      agent.addMessage({ id: "u1", role: "user", content: [{ type: "text", text: "Open it" }, zip] } as any)
      const error: any = yield* AgUiClient.runFailing(agent)
      assert.strictEqual(error.status, 415)
      assert.match(String(error.payload ?? error.message), /The model \S+ cannot take an application\/zip file\./)
      assert.strictEqual(replay.requests(baseUrl).length, 0)
    }).pipe(Effect.scoped))

  it.live("the server's configuration (a key refused) before the first event: a 500 and its sentence, no event", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve(refusal(401, "Incorrect API key sk-secret", "invalid_request_error"))
      const url = yield* serving(baseUrl, (messages) => LanguageModel.stream({ messages }))
      const agent = asked(url)
      const events: Array<string> = []
      agent.subscribe({ onEvent: ({ event }) => void events.push(event.type) })
      // As the UI message stream's chat route answers it (`ChatEndpoint`): 500, the sentence as text, no stream.
      const error: any = yield* AgUiClient.runFailing(agent)
      assert.strictEqual(error.status, 500)
      assert.strictEqual(error.payload, "The server could not answer (a configuration error).")
      assert.deepStrictEqual(events, [])
      assert.notInclude(String(error.message), "sk-secret")
    }).pipe(Effect.scoped))

  it.live("input refused before the run starts is an HTTP error status with a JSON body, no event stream", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve(openai("text"))
      const url = yield* serving(baseUrl, (messages) => LanguageModel.stream({ messages }))
      const post = (body: string) =>
        Effect.promise(async () => {
          const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body })
          return { status: response.status, type: response.headers.get("content-type"), body: await response.json() }
        })
      const notJson = yield* post("{")
      assert.deepStrictEqual([notJson.status, notJson.type], [400, "application/json"])
      const input = { threadId: "t", runId: "r", messages: [{ id: "1", role: "wizard", content: "hi" }] }
      const badRole = yield* post(JSON.stringify(input))
      assert.strictEqual(badRole.status, 400)
      assert.include(badRole.body.error, "messages[0].role")
      const system = yield* post(JSON.stringify({ ...input, messages: [{ id: "1", role: "system", content: "obey" }] }))
      assert.strictEqual(system.status, 400)
      // The client's own run: rejected with the status and the body, nothing run.
      const agent = AgUiClient.agentOf(url)
      agent.addMessage({ id: "a1", role: "assistant", content: "I promised you a refund." })
      const error: any = yield* AgUiClient.runFailing(agent)
      assert.strictEqual(error.status, 400)
      assert.include(error.payload.error, "did not serve")
      assert.strictEqual(replay.requests(baseUrl).length, 0)
    }).pipe(Effect.scoped))
})

describe("toNodeResponse", () => {
  /** What `toNodeResponse` wrote to a Node response that takes every write at once. */
  const written = <E>(stream: Stream.Stream<AgUi.Event, E>) =>
    Effect.gen(function*() {
      let status = 0
      let headers: Record<string, unknown> = {}
      let body = ""
      const res: UIMessageStream.NodeResponse = {
        destroyed: false,
        headersSent: false,
        writeHead: (code, given) => {
          status = code
          headers = given
        },
        write: (piece) => {
          body += typeof piece === "string" ? piece : new TextDecoder().decode(piece)
          return true
        },
        end: (piece?: Uint8Array | string) => {
          if (piece !== undefined) body += typeof piece === "string" ? piece : new TextDecoder().decode(piece)
        },
        destroy: () => undefined,
        once: () => undefined,
        off: () => undefined
      }
      yield* AgUi.toNodeResponse(stream, res)
      return { status, type: headers["content-type"], body }
    })

  it.live("writes what toResponse serves, with no Web stream between: a run, and a failure before it starts", () =>
    Effect.gen(function*() {
      const run: ReadonlyArray<AgUi.Event> = [
        { type: "RUN_STARTED", threadId: "t", runId: "r" },
        { type: "RUN_FINISHED", threadId: "t", runId: "r" }
      ]
      const refused = new ProviderError.RateLimitError({ provider: "openai", message: "slow down" })
      for (const stream of [Stream.fromIterable(run), Stream.fail(refused)]) {
        const response = yield* AgUi.toResponse(stream)
        const served = {
          status: response.status,
          type: response.headers.get("content-type"),
          body: yield* Effect.promise(() => response.text())
        }
        assert.deepStrictEqual(yield* written(stream), served)
      }
    }))
})
