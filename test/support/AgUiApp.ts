/**
 * An AG-UI agent as an application writes one, for tests: a `node:http` server on 127.0.0.1 whose every POST is a
 * `RunAgentInput`, read with `AgUi.readRunInput` (the client's tool `get_location` declared in `clientTools`), run as
 * a tool loop with the approvals it answers and served with `AgUi.fromSteps`; a refused input is its status and a
 * JSON body. Its tool `delete_file` needs approval. The model is OpenAI's Chat Completions API played by a replay
 * server: asked to delete, it calls `delete_file` with a fresh call id; asked where the user is, it calls the
 * client's `get_location`; asked to email someone, it calls `send_email` (no approval), and asked to email someone
 * "then delete" a path, `delete_file` once the mail is sent; asked to read a file, it calls `read_file`, whose handler fails with an internal detail
(`readFailure`); given a tool result it answers "Done."; otherwise "Hello.". Every run of the handler is
 * recorded, and so is every request the model was sent.
 */
import type { Scope } from "effect"
import { Effect, Layer, Redacted, Schema, Stream } from "effect"
import type { Message } from "effect-llm-stream"
import { AgUi, LanguageModel, OpenAI, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as AgUiClient from "./AgUiClient.js"
import * as ApprovalApp from "./ApprovalApp.js"

export interface App {
  readonly url: string
  /** The paths `delete_file` ran for, in order. */
  readonly deleted: Array<string>
  /** Whom `send_email` (no approval) mailed, in order. */
  readonly emailed: Array<string>
  /** The bodies the model was sent, parsed. */
  readonly modelRequests: () => ReadonlyArray<any>
  /** With a budget, each run's answer budget as its loop ended (`DoneEvent.budget`). */
  readonly budgets: Array<NonNullable<LanguageModel.DoneEvent["budget"]>>
}

/**
 * The model's answer once given a tool result: "Done.", unless the user asked to email someone "then delete" a path
 * and it was not called yet (then it calls `delete_file`).
 */
const afterResult = (body: any, calls: { next: number }): string => {
  const asked = body.messages.find((message: any) => message.role === "user")
  const said = typeof asked?.content === "string" ? asked.content : JSON.stringify(asked?.content ?? "")
  const path = /\bthen delete (\S+)/.exec(said)?.[1]
  const called = body.messages.some((message: any) =>
    (message.tool_calls ?? []).some((call: any) => call.function?.name === "delete_file")
  )
  return path === undefined || called
    ? ApprovalApp.text("Done.")
    : ApprovalApp.toolCall(`call_${++calls.next}`, "delete_file", { path })
}

/** The model's answer to a Chat Completions request body. */
const answer = (body: any, calls: { next: number }): string => {
  const last = body.messages[body.messages.length - 1]
  if (last?.role === "tool") return afterResult(body, calls)
  const said = typeof last?.content === "string" ? last.content : JSON.stringify(last?.content ?? "")
  const to = /\bemail (\S+)/.exec(said)?.[1]
  if (to !== undefined) return ApprovalApp.toolCall(`call_${++calls.next}`, "send_email", { to })
  const path = /delete (\S+)/.exec(said)?.[1]
  if (path !== undefined) return ApprovalApp.toolCall(`call_${++calls.next}`, "delete_file", { path })
  const env = /\bdeploy to (\S+)/.exec(said)?.[1]
  if (env !== undefined) return ApprovalApp.toolCall(`call_${++calls.next}`, "deploy", { env })
  const read = /\bread (\S+)/.exec(said)?.[1]
  if (read !== undefined) return ApprovalApp.toolCall(`call_${++calls.next}`, "read_file", { path: read })
  if (said.includes("where am I")) return ApprovalApp.toolCall(`call_${++calls.next}`, "get_location", {})
  return ApprovalApp.text("Hello.")
}

/** What `read_file` fails with: a detail the client must never read. */
export const readFailure = "EACCES: permission denied, open '/srv/secrets/db.env'"

const readFile = Tool.handle(
  Tool.make("read_file", { parameters: Schema.Struct({ path: Schema.String }) }),
  () => Effect.fail(new Error(readFailure))
)

/** A tool that needs no approval, recording whom it mailed. */
const sendEmail = (emailed: Array<string>) =>
  Tool.handle(
    Tool.make("send_email", { parameters: Schema.Struct({ to: Schema.String }) }),
    ({ to }) => Effect.sync(() => (emailed.push(to), { sent: to }))
  )

/** The thread an input names, if it is JSON that names one. */
const threadOf = (body: string): string | undefined => {
  try {
    const threadId = (JSON.parse(body) as { threadId?: unknown } | null)?.threadId
    return typeof threadId === "string" ? threadId : undefined
  } catch {
    return undefined
  }
}

/** An instance; `layers` (a store, a signing key) are provided to every run. */
export const make = (options: {
  readonly layers?: Layer.Layer<never> | undefined
  readonly input?: AgUi.ReadRunInputOptions | undefined
  /** More tools of the app (an MCP server's `deploy`, which the model calls when asked to deploy to somewhere). */
  readonly tools?: ReadonlyArray<Tool.Tool> | undefined
  /** Where the app stores each thread's conversation when a run ends (then only an input's new turn is read). */
  readonly history?: Map<string, ReadonlyArray<Message.Message>> | undefined
  /** A budget per answer, in USD: each run goes on from what the answer it continues spent (`input.spent`). */
  readonly budget?: string | undefined
  /**
   * With `budget`: where the loop asks before going on (a fraction of it), unless the answer's question was answered
   * `continue` in an earlier run (`input.questionAnswered`).
   */
  readonly askAt?: number | undefined
  /**
   * The run's spend limits (with `layers` holding a `SpendLimit` layer); one answered `continue` earlier in the answer
   * (`input.limitsAnswered`) is not asked again.
   */
  readonly spendLimit?: LanguageModel.RunRequest["spendLimit"] | undefined
} = {}): Effect.Effect<App, never, Scope.Scope> =>
  Effect.gen(function*() {
    const deleted: Array<string> = []
    const emailed: Array<string> = []
    const budgets: Array<NonNullable<LanguageModel.DoneEvent["budget"]>> = []
    const replay = yield* ReplayServer.make
    const calls = { next: 0 }
    const modelUrl = replay.serve((request) => ({
      headers: { "content-type": "text/event-stream" },
      body: answer(JSON.parse(request.body), calls)
    }))
    const model = yield* Layer.build(
      OpenAI.model("gpt-4o-mini").pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make("test-key"), baseUrl: modelUrl })),
        Layer.provide(FetchHttpClient.layer),
        Layer.merge(options.layers ?? Layer.empty)
      )
    )
    const tools = [ApprovalApp.deleteFile(deleted), readFile, sendEmail(emailed), ...options.tools ?? []]
    const url = yield* AgUiClient.serve((body) =>
      Effect.gen(function*() {
        const threadId = threadOf(body)
        const history = threadId === undefined ? undefined : options.history?.get(threadId)
        const input = yield* AgUi.readRunInput(body, {
          clientTools: ["get_location"],
          ...options.input,
          ...(history === undefined ? {} : { history })
        })
        return yield* LanguageModel.runTools({
          messages: [...input.messages, ...input.approvals],
          tools: [...tools, ...input.tools],
          ...(options.spendLimit === undefined ? {} : { spendLimit: options.spendLimit }),
          // A spend limit answered `continue` earlier in the answer is not asked again.
          limitsAnswered: input.limitsAnswered,
          ...(options.budget === undefined
            ? {}
            : {
              budget: {
                usd: options.budget,
                spent: input.spent,
                // Its question answered `continue` earlier in the answer, it is not asked again.
                askAt: input.questionAnswered ? undefined : options.askAt
              }
            })
        }).pipe(
          Stream.tap((event) =>
            event._tag !== "DoneEvent" ? Effect.void : Effect.sync(() => {
              if (options.history !== undefined) options.history.set(input.threadId, event.messages)
              if (event.budget !== undefined) budgets.push(event.budget)
            })
          ),
          AgUi.fromSteps({
            threadId: input.threadId,
            runId: input.runId,
            tools,
            spent: input.spent,
            spentUsage: input.spentUsage,
            spentSteps: input.spentSteps,
            questionAnswered: input.questionAnswered,
            limitsAnswered: input.limitsAnswered,
            lastStep: input.lastStep
          }),
          AgUi.toResponse()
        )
      }).pipe(
        Effect.catchTag(
          "InvalidRequestError",
          (error) =>
            Effect.succeed(
              Response.json({ error: error.message, parameter: error.parameter }, { status: error.status ?? 400 })
            )
        )
      )
    ).pipe(Effect.provide(model))
    return {
      url,
      deleted,
      emailed,
      budgets,
      modelRequests: () => replay.requests(modelUrl).map((request) => JSON.parse(request.body))
    }
  })
