/**
 * An AG-UI agent with resumable runs and pauses, as an application writes one, for tests: a `node:http` server on
 * its own store connection (in memory, or a Redis several instances share). Routes (docs/ag-ui.md): `POST /agent`
 * starts a run (`AgUi.readRunInput`, `LanguageModel.runTools` under a budget, `AgUi.fromSteps` with what the answer
 * spent, `AgUi.resumable` under the run's id), `GET /agent/runs/:runId/stream` reads it again (`AgUi.resumeResponse`,
 * after `Last-Event-ID`), `POST /agent/runs/:runId/stop` stops it (`AgUi.stop`). A request's `x-user` header is its
 * owner. Its tool `delete_file` needs approval and takes `deleteMillis` to delete; `tools` adds more (an MCP server's
 * `deploy`, approval then a form). The model (OpenAI's Chat Completions over a replay server) answers "delete <path>"
 * with a call of `delete_file`, "deploy to <env>" with one of `deploy`, a tool result with "Done.", else "Hello.";
 * every body it was sent is kept. Each model call costs $0.0000045 (gpt-4o-mini: 10 input tokens, 5 output).
 */
import type { Scope } from "effect"
import { Effect, Layer, Redacted } from "effect"
import { AgUi, LanguageModel, OpenAI, StreamStore, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Http from "node:http"
import { bodyOf, route, runRoute } from "./AgUiResumableApp.js"
import * as ApprovalApp from "./ApprovalApp.js"
import { listen } from "./Listen.js"

/** What the tools did: each run of `delete_file` as it started, and as it ended. */
export type Runs = ApprovalApp.DeleteRuns

/** An instance of the app. */
export interface Instance {
  readonly url: string
  readonly runs: Runs
}

/** The options of every instance of a test. */
export interface Options {
  readonly deleteMillis?: number | undefined
  readonly tools?: ReadonlyArray<Tool.Tool> | undefined
  /** A budget per answer, in USD, and where (a fraction of it) its question is asked. */
  readonly budget?: { readonly usd: string; readonly askAt?: number | undefined } | undefined
  /** Layers given to every run (a signing key). */
  readonly layers?: Layer.Layer<never> | undefined
}

/** The model's answer to a Chat Completions request body. */
const answer = (body: any, calls: { next: number }): string => {
  const last = body.messages[body.messages.length - 1]
  if (last?.role === "tool") return ApprovalApp.text("Done.")
  const said = typeof last?.content === "string" ? last.content : JSON.stringify(last?.content ?? "")
  const path = /delete (\S+)/.exec(said)?.[1]
  if (path !== undefined) return ApprovalApp.toolCall(`call_${++calls.next}`, "delete_file", { path })
  const env = /\bdeploy to (\S+)/.exec(said)?.[1]
  if (env !== undefined) return ApprovalApp.toolCall(`call_${++calls.next}`, "deploy", { env })
  return ApprovalApp.text("Hello.")
}

/** The model on a replay server of the scope, and the bodies it was sent. */
export const model: Effect.Effect<
  { readonly url: string; readonly requests: () => ReadonlyArray<any> },
  never,
  Scope.Scope
> = Effect.map(ReplayServer.make, (replay) => {
  const calls = { next: 0 }
  const url = replay.serve((request) => ({
    headers: { "content-type": "text/event-stream" },
    body: answer(JSON.parse(request.body), calls)
  }))
  return { url, requests: () => replay.requests(url).map((request) => JSON.parse(request.body)) }
})

/** A run of `input` for its owner, resumable under its run id. */
const started = (input: AgUi.RunInput, tools: ReadonlyArray<Tool.Tool>, options: Options) =>
  LanguageModel.runTools({
    messages: [...input.messages, ...input.approvals],
    tools: [...tools, ...input.tools],
    ...(options.budget === undefined ? {} : {
      budget: {
        usd: options.budget.usd,
        spent: input.spent,
        askAt: input.questionAnswered ? undefined : options.budget.askAt
      }
    })
  }).pipe(
    AgUi.fromSteps({
      threadId: input.threadId,
      runId: input.runId,
      owner: input.owner,
      tools,
      spent: input.spent,
      spentUsage: input.spentUsage,
      spentSteps: input.spentSteps,
      questionAnswered: input.questionAnswered,
      lastStep: input.lastStep
    }),
    AgUi.resumable({ streamId: input.runId, owner: input.owner })
  )

/** An instance on `store`, its model at `modelUrl`. */
export const instance = (
  store: StreamStore.Service,
  modelUrl: string,
  options: Options = {}
): Effect.Effect<Instance, never, Scope.Scope> =>
  Effect.gen(function*() {
    const runs: Runs = { started: [], deleted: [] }
    const layer = yield* Layer.build(
      OpenAI.model("gpt-4o-mini").pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make("test-key"), baseUrl: modelUrl })),
        Layer.provide(FetchHttpClient.layer),
        Layer.merge(options.layers ?? Layer.empty)
      )
    )
    const tools = [ApprovalApp.slowDeleteFile(runs, options.deleteMillis ?? 0), ...options.tools ?? []]
    const run = (effect: Effect.Effect<void, never, LanguageModel.LanguageModel>) =>
      Effect.runPromise(effect.pipe(Effect.provide(layer), Effect.provideService(StreamStore.StreamStore, store)))
    const handle = (request: Http.IncomingMessage, res: Http.ServerResponse, body: string) => {
      const { agent, owner, runs: path } = route(request)
      const write = (response: Response) => AgUi.toNodeResponse(response, res)
      if (agent !== "agent") return write(new Response(null, { status: 404 }))
      if (request.method === "POST" && path === undefined) {
        return AgUi.readRunInput(body, { owner }).pipe(
          Effect.flatMap((input) => started(input, tools, options)),
          Effect.flatMap(AgUi.toNodeResponse(res)),
          Effect.catch((error) =>
            write(
              Response.json({ error: error.message }, {
                status: error._tag === "StreamStoreError" ? 409 : error.status ?? 400
              })
            )
          )
        )
      }
      return Effect.flatMap(runRoute(request.method, route(request)), write)
    }
    const server = Http.createServer((request, res) =>
      void bodyOf(request).then((body) => run(handle(request, res, body)))
    )
    return { url: yield* listen(server), runs }
  })
