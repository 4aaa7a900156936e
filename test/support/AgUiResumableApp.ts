/**
 * An AG-UI agent with resumable runs as an application writes one, for tests: an instance is a `node:http` server
 * with its own connection to the store (in memory, or a Redis several instances share). Routes (docs/ag-ui.md):
 * `POST /agent` starts a run (`AgUi.fromSteps`, or for a page asking "one call" `AgUi.fromStream`; `AgUi.resumable`,
 * its id the run's, written with `AgUi.toNodeResponse`), `GET /agent/runs/:runId/stream` reconnects
 * (`AgUi.resumeResponse`, after the `Last-Event-ID` header or `?offset=`), `POST /agent/runs/:runId/stop` stops it on
 * whichever instance runs it (`AgUi.stop`). A request's `x-user` header is its owner. The model (OpenAI's Chat
 * Completions over a replay server) answers "delete <path>" with a call of `delete_file` (which needs approval),
 * "forever" with words that never end (after the call of an answer asked so too), "key refused" with a 401 and "rate
 * limited" with a 429, a tool result with "Done.", anything else with `words` words, a few milliseconds apart. The
 * client side reads Server-Sent Events as `EventSource` does (`id:` and `data:` lines).
 */
import type { Scope } from "effect"
import { Effect, Layer, Redacted } from "effect"
import { AgUi, LanguageModel, OpenAI, StreamStore } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Http from "node:http"
import * as ApprovalApp from "./ApprovalApp.js"
import { listen } from "./Listen.js"
import * as ResumableApp from "./ResumableApp.js"

/** How many words an ordinary answer has. */
export const words = 12

/** An instance of the app. */
export interface Instance {
  readonly url: string
  /** The paths `delete_file` ran for. */
  readonly deleted: Array<string>
}

/** The API's refusal of a call: its status and JSON error, whose message holds a secret no client may read. */
const refusalOf = (status: number, message: string, type: string): ReplayServer.Scenario => ({
  status,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ error: { message, type } })
})

/** What the model refuses, by the words asked: a key it does not take (401), a rate limit (429). */
const refusals: ReadonlyArray<readonly [string, ReplayServer.Scenario]> = [
  ["key refused", refusalOf(401, "Incorrect API key sk-secret", "invalid_request_error")],
  ["rate limited", refusalOf(429, "Rate limit reached for org-secret", "rate_limit_error")]
]

/** The model's answer to a Chat Completions request body. */
const answer = (request: ReplayServer.RecordedRequest): ReplayServer.Scenario => {
  const body = JSON.parse(request.body)
  const last = body.messages[body.messages.length - 1]
  const headers = { "content-type": "text/event-stream" }
  const said = textOf(last)
  // After the call of an answer asked to go on "forever": words that never end.
  if (last?.role === "tool") {
    const forever = body.messages.some((message: any) => message.role === "user" && textOf(message).includes("forever"))
    return forever ? wordsOf(true) : { headers, body: ApprovalApp.text("Done.") }
  }
  const refusal = refusals.find(([words]) => said.includes(words))
  if (refusal !== undefined) return refusal[1]
  const path = /delete (\S+)/.exec(said)?.[1]
  if (path !== undefined) return { headers, body: ApprovalApp.toolCall("call_1", "delete_file", { path }) }
  return wordsOf(said.includes("forever"))
}

/** A message's text as the model reads it. */
const textOf = (message: any): string =>
  typeof message?.content === "string" ? message.content : JSON.stringify(message?.content ?? "")

/** The model's words, a few milliseconds apart: `words` of them, or (`forever`) words that never end. */
const wordsOf = (forever: boolean): ReplayServer.Scenario => {
  const { body: text, cuts } = ResumableApp.chatBody(words, forever)
  return {
    headers: { "content-type": "text/event-stream" },
    body: text,
    cuts,
    delayMs: 5,
    ...(forever ? { endless: true } : {})
  }
}

/** The model's URL on a replay server of the scope. */
export const modelUrl: Effect.Effect<
  { readonly url: string; readonly replay: ReplayServer.ReplayServer },
  never,
  Scope.Scope
> = Effect.map(ReplayServer.make, (replay) => ({ url: replay.serve(answer), replay }))

/** The request's route and owner (the `x-user` header stands for a session's user id). */
export const route = (request: Http.IncomingMessage) => {
  const url = new URL(request.url ?? "/", "http://localhost")
  const [, agent, runs, runId, action] = url.pathname.split("/")
  const user = request.headers["x-user"]
  const lastEventId = request.headers["last-event-id"]
  return {
    agent,
    runs,
    runId: decodeURIComponent(runId ?? ""),
    action,
    owner: typeof user === "string" ? user : undefined,
    offset: typeof lastEventId === "string" ? lastEventId : url.searchParams.get("offset")
  }
}

/**
 * The routes of a run: `GET /agent/runs/:runId/stream` reads it after the client's last event id, `POST
 * /agent/runs/:runId/stop` stops it on whichever instance runs it; any other is a 404.
 */
export const runRoute = (
  method: string | undefined,
  { action, offset, owner, runId }: ReturnType<typeof route>
): Effect.Effect<Response> => {
  if (method === "GET" && action === "stream") return AgUi.resumeResponse(runId, { owner, offset })
  if (method === "POST" && action === "stop") {
    return AgUi.stop(runId, { owner }).pipe(
      Effect.as(new Response(null, { status: 204 })),
      Effect.catch((error) => Effect.succeed(new Response(null, { status: ResumableApp.statusOf(error) })))
    )
  }
  return Effect.succeed(new Response(null, { status: 404 }))
}

/** The body of a request. */
export const bodyOf = (request: Http.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let text = ""
    request.setEncoding("utf8")
    request.on("data", (piece: string) => text += piece)
    request.on("end", () => resolve(text))
    request.on("error", reject)
  })

/** An instance on `store`, its model at `model`. */
export const instance = (store: StreamStore.Service, model: string): Effect.Effect<Instance, never, Scope.Scope> =>
  Effect.gen(function*() {
    const deleted: Array<string> = []
    const layer = yield* Layer.build(
      OpenAI.model("gpt-4o-mini").pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make("test-key"), baseUrl: model })),
        Layer.provide(FetchHttpClient.layer)
      )
    )
    const tools = [ApprovalApp.deleteFile(deleted)]
    const run = (effect: Effect.Effect<void, never, LanguageModel.LanguageModel>) =>
      Effect.runPromise(effect.pipe(Effect.provide(layer), Effect.provideService(StreamStore.StreamStore, store)))
    const handle = (request: Http.IncomingMessage, res: Http.ServerResponse, body: string) => {
      const { agent, owner, runs } = route(request)
      const write = (response: Response) => AgUi.toNodeResponse(response, res)
      if (agent !== "agent") return write(new Response(null, { status: 404 }))
      // POST /agent: the run, resumable under its id.
      if (request.method === "POST" && runs === undefined) {
        return AgUi.readRunInput(body, { owner }).pipe(
          Effect.flatMap((input) => {
            const options = {
              threadId: input.threadId,
              runId: input.runId,
              owner,
              tools,
              spent: input.spent,
              spentUsage: input.spentUsage,
              spentSteps: input.spentSteps,
              lastStep: input.lastStep
            }
            // A page that asks for "one call": the model's stream alone (`fromStream`), no tool loop.
            const events = JSON.stringify(input.messages.at(-1) ?? "").includes("one call")
              ? LanguageModel.stream({ messages: input.messages }).pipe(AgUi.fromStream(options))
              : LanguageModel.runTools({ messages: [...input.messages, ...input.approvals], tools }).pipe(
                AgUi.fromSteps(options)
              )
            return AgUi.resumable(events, { streamId: input.runId, owner })
          }),
          Effect.flatMap(AgUi.toNodeResponse(res)),
          Effect.catch((error) =>
            write(Response.json({ error: error.message }, { status: error._tag === "StreamStoreError" ? 409 : 400 }))
          )
        )
      }
      return Effect.flatMap(runRoute(request.method, route(request)), write)
    }
    const server = Http.createServer((request, res) =>
      void bodyOf(request).then((body) => run(handle(request, res, body)))
    )
    return { url: yield* listen(server), deleted }
  })

/** A RunAgentInput of one user message, as `HttpAgent` sends it. */
export const input = (runId: string, text: string, threadId = "thread-1") =>
  JSON.stringify({
    threadId,
    runId,
    messages: [{ id: `user-${runId}`, role: "user", content: text }],
    tools: [],
    context: [],
    state: {},
    forwardedProps: {}
  })

/** One Server-Sent Event as `EventSource` reads it: its `id:` (the last one given) and its data, parsed. */
export interface SseEvent {
  readonly id: string | undefined
  readonly data: { readonly type: string; readonly [key: string]: unknown }
}

/** Server-Sent Events read from a response as they come (see `events`). */
export interface EventReader {
  /** The next `limit` events, or fewer if the response ends first; every one left without a limit. */
  readonly next: (limit?: number) => Promise<Array<SseEvent>>
  /** Disconnects. */
  readonly cancel: () => Promise<void>
}

/** Reads Server-Sent Events of `response` as `EventSource` does (`id:` and `data:` lines, an event per blank line). */
export const events = (response: Response): EventReader => {
  const reader = response.body?.getReader()
  const decoder = new TextDecoder()
  let buffer = ""
  let id: string | undefined
  let done = reader === undefined
  const next = async (limit?: number): Promise<Array<SseEvent>> => {
    const read: Array<SseEvent> = []
    while (limit === undefined || read.length < limit) {
      const end = buffer.indexOf("\n\n")
      if (end === -1) {
        if (done) return read
        const piece = await reader!.read()
        if (piece.done) done = true
        else buffer += decoder.decode(piece.value, { stream: true })
        continue
      }
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const data: Array<string> = []
      for (const line of block.split("\n")) {
        if (line.startsWith("id:")) id = line.slice(3).replace(/^ /, "")
        if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""))
      }
      if (data.length > 0) read.push({ id, data: JSON.parse(data.join("\n")) })
    }
    return read
  }
  return { next, cancel: async () => void await reader?.cancel() }
}

/** Reads the Server-Sent Events of `response` (see `events`): every one, or the first `limit` and then a disconnect. */
export const readEvents = async (response: Response, limit?: number): Promise<Array<SseEvent>> => {
  const reader = events(response)
  const read = await reader.next(limit)
  if (limit !== undefined) await reader.cancel()
  return read
}
