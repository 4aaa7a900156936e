/**
 * The AG-UI client's side, for tests: `@ag-ui/client`'s own stages over a run's events (its enforcement, which
 * strips, with a warning, every member the 1.0 schema does not describe and parses each event with `@ag-ui/core`'s
 * schema; its chunk expansion; `verifyEvents`, the ordering and pairing rules), its `HttpAgent` run against a
 * server, and a `node:http` server on 127.0.0.1 (a free port) that serves an agent as an application writes one.
 */
import type { AgentSubscriber, BaseEvent, RunAgentParameters, RunFinishedEvent } from "@ag-ui/client"
import { enforceEvents, HttpAgent, transformChunks, verifyEvents } from "@ag-ui/client"
import type { Scope } from "effect"
import { Effect } from "effect"
import type { ProviderError, Tool } from "effect-llm-stream"
import { AgUi, LanguageModel, UIMessageStream } from "effect-llm-stream"
import * as Http from "node:http"
import { of } from "rxjs"

/** The events of an SSE body (complete events), as the client parses them. */
export const eventsOf = (text: string): Array<BaseEvent> =>
  text.split("\n\n").filter((event) => event.startsWith("data: ")).map((event) => JSON.parse(event.slice(6)))

/** Runs `f` with the client's warnings collected (the client warns when it strips what the schema does not know). */
const withWarnings = <A>(f: () => A): { readonly value: A; readonly warnings: Array<string> } => {
  const warnings: Array<string> = []
  const warn = console.warn
  console.warn = (...args: Array<unknown>) => void warnings.push(args.map(String).join(" "))
  try {
    return { value: f(), warnings }
  } finally {
    console.warn = warn
  }
}

/**
 * What the client's stages say of events: each member the schema strips (a warning), a schema failure, a broken
 * ordering or pairing rule; nothing for a valid run.
 */
export const problems = (events: ReadonlyArray<unknown>): Array<string> => {
  const { value, warnings } = withWarnings(() => {
    const found: Array<string> = []
    of(...(events as Array<BaseEvent>)).pipe(enforceEvents(), transformChunks(), verifyEvents()).subscribe({
      error: (error) => void found.push(String(error))
    })
    return found
  })
  return [...warnings, ...value]
}

/** A run of an `HttpAgent`: the events it read, its messages after the run, and what it warned of. */
export interface AgentRun {
  readonly events: Array<BaseEvent>
  readonly agent: HttpAgent
  readonly warnings: Array<string>
}

/** Runs `agent` once (rejecting as `runAgent` does: an HTTP error, a broken rule), its warnings collected. */
export const run = (agent: HttpAgent, parameters?: RunAgentParameters, subscriber: AgentSubscriber = {}) =>
  Effect.promise(async (): Promise<AgentRun> => {
    const events: Array<BaseEvent> = []
    const warnings: Array<string> = []
    const warn = console.warn
    console.warn = (...args: Array<unknown>) => void warnings.push(args.map(String).join(" "))
    try {
      await agent.runAgent(parameters, {
        ...subscriber,
        onEvent: (params) => {
          events.push(params.event)
          return subscriber.onEvent?.(params)
        }
      })
    } finally {
      console.warn = warn
    }
    return { events, agent, warnings }
  })

/** The `resume` of a run that paused: each of its interrupts approved. */
export const approvedAll = (paused: AgentRun): RunAgentParameters => {
  const outcome = (paused.events.at(-1) as RunFinishedEvent).outcome
  const interrupts = outcome?.type === "interrupt" ? outcome.interrupts : []
  return {
    resume: interrupts.map((interrupt) => ({
      interruptId: interrupt.id,
      status: "resolved" as const,
      payload: { approved: true }
    }))
  }
}

/** `run` that keeps its rejection: the error the client's `runAgent` threw. */
export const runFailing = (agent: HttpAgent, parameters?: RunAgentParameters) =>
  Effect.flip(Effect.tryPromise({ try: () => agent.runAgent(parameters), catch: (error) => error }))

/** An agent of the application: the body a client POSTed → the response (a run), or the refusal of the input. */
export type Handler<R> = (body: string) => Effect.Effect<Response, ProviderError.InvalidRequestError, R>

/** Serves `handler` on 127.0.0.1 (a free port) in the context it is made in, until the scope closes; its URL. */
export const serve = <R>(handler: Handler<R>): Effect.Effect<string, never, Scope.Scope | R> =>
  Effect.gen(function*() {
    const context = yield* Effect.context<R>()
    const server = Http.createServer((req, res) =>
      void Effect.runPromiseWith(context)(
        AgUi.readRequest(req).pipe(
          Effect.flatMap(handler),
          Effect.catchTag(
            "InvalidRequestError",
            (error) => Effect.succeed(Response.json({ error: error.message }, { status: error.status ?? 400 }))
          ),
          Effect.flatMap((response) => UIMessageStream.toNodeResponse(response, res))
        )
      )
    )
    yield* Effect.acquireRelease(
      Effect.promise(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))),
      () =>
        Effect.promise(() =>
          new Promise<void>((resolve) => {
            server.close(() => resolve())
            server.closeAllConnections()
          })
        )
    )
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })

/**
 * An agent running the tool loop with `tools` on each run's thread (the input's answers to interrupts with it),
 * served with `fromSteps` (`serve`), each run placed after the step its thread held last (`input.lastStep`; with
 * `placed: false`, as an app that does not pass it): its URL.
 */
export const loopedWith = (tools: ReadonlyArray<Tool.Tool>, placed = true) =>
  serve((body) =>
    AgUi.readRunInput(body).pipe(
      Effect.flatMap((input) =>
        LanguageModel.runTools({ messages: [...input.messages, ...input.approvals], tools }).pipe(
          AgUi.fromSteps({
            threadId: input.threadId,
            runId: input.runId,
            tools,
            lastStep: placed ? input.lastStep : undefined
          }),
          AgUi.toResponse()
        )
      )
    )
  )

/** An agent running the tool loop (no tools) on each run's thread, served with `fromSteps` (`serve`): its URL. */
export const looped = loopedWith([])

/** The offsets just after each event of an SSE body: served in pieces there, a piece per event. */
export const eventCuts = (body: Uint8Array): Array<number> => {
  const text = new TextDecoder().decode(body)
  const cuts: Array<number> = []
  for (let at = text.indexOf("\n\n"); at !== -1; at = text.indexOf("\n\n", at + 2)) cuts.push(at + 2)
  return cuts
}

/** An `HttpAgent` of `url`, on thread `threadId`. */
export const agentOf = (url: string, threadId = "thread-1"): HttpAgent => new HttpAgent({ url, threadId })
