/**
 * The tool calls of one step of a tool loop, answered as `StepDecision` planned them.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Message from "../../core/Message.js"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import * as ToolSpan from "../../core/telemetry/ToolSpan.js"
import type * as Tool from "../../core/Tool.js"
import * as ForUser from "./ForUser.js"
import type * as StepDecision from "./StepDecision.js"
import { ToolProgressEvent, ToolResultEvent } from "./StepEvents.js"
import * as ToolInput from "./ToolInput.js"

export interface RunOptions {
  readonly onToolError: "continue" | "fail"
  /** Whether each call runs in a span (`Telemetry.Enabled`). */
  readonly spans: boolean
}

/**
 * The journal a durable loop keeps of each call it runs (`LoopBody`), for a handler that starts work elsewhere that
 * must not start twice: `keep(start)` runs `start`, which gives the id of what it started (if anything), and records
 * the id before giving it; run again after a restart, it gives the recorded id and runs nothing (an MCP call keeps
 * the task its `tools/call` created, SEP-2663). Outside a durable loop there is none (`undefined`).
 */
export interface Journal {
  readonly keep: <E>(start: Effect.Effect<string | undefined, E>) => Effect.Effect<string | undefined, E>
}

/** The journal of the call a handler runs for, in a durable loop. */
export const Journal: Context.Reference<Journal | undefined> = /* @__PURE__ */ Context.Reference<Journal | undefined>(
  "effect-llm-stream/ToolRuns/Journal",
  { defaultValue: () => undefined }
)

/**
 * Where the handlers `runAll` runs report their progress (each call's `ToolProgressEvent`, sent on in the loop's
 * events); none outside it (a durable loop's handler reports to nothing).
 */
export const Progress: Context.Reference<((event: ToolProgressEvent) => Effect.Effect<void>) | undefined> =
  /* @__PURE__ */ Context.Reference<((event: ToolProgressEvent) => Effect.Effect<void>) | undefined>(
    "effect-llm-stream/ToolRuns/Progress",
    { defaultValue: () => undefined }
  )

/**
 * The call whose handler the loop bounds by its tool's `timeout` (`runHandler`), while that handler runs: a handler
 * that bounds itself by the same timeout (an MCP tool's, for a direct call) leaves its own call to the loop, whose
 * answer past it is an error result whatever `onToolError` says. None outside the loop.
 */
export const Timed: Context.Reference<Tool.ToolCall | undefined> = /* @__PURE__ */ Context.Reference<
  Tool.ToolCall | undefined
>("effect-llm-stream/ToolRuns/Timed", { defaultValue: () => undefined })

/** What the model reads of a call of tool `name` that did not answer within `timeout`. */
export const timeoutText = (name: string, timeout: Duration.Input): string =>
  `tool ${name} did not answer within ${Duration.format(Duration.fromInputUnsafe(timeout))}`

/**
 * The `ToolRun` a handler of call `call` of step `step` is given: its progress reported where `Progress` says, without
 * the keys a browser refuses (`CanonicalJson.readableValue`), as its output.
 */
const runOf = (step: number, call: Tool.ToolCall): Tool.ToolRun => ({
  progress: (output) =>
    Effect.flatMap(
      Progress,
      (report) =>
        report === undefined
          ? Effect.void
          : report(new ToolProgressEvent({ step, call, output: CanonicalJson.readableValue(output) }))
    )
})

const isPart = Schema.is(Message.Part)

/** A handler's output as a result's content: a string as is, parts as parts, anything else as JSON. */
const contentOf = (output: unknown): string | ReadonlyArray<Message.Part> =>
  typeof output === "string"
    ? output
    : Array.isArray(output) && output.length > 0 && output.every(isPart)
    ? output
    : JSON.stringify(output) ?? String(output)

/** What went wrong, as the model reads it. */
const errorText = (error: unknown): string =>
  typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string" &&
    (error as { message: string }).message !== ""
    ? (error as { message: string }).message
    : typeof error === "string"
    ? error
    : JSON.stringify(error) ?? String(error)

/**
 * The event of a call answered with `content` (a budget question's own, with the id of the question it answers and
 * which question it is: the budget's or a spend limit's, and that limit's id).
 */
export const answered = (
  step: number,
  call: Tool.ToolCall,
  result: unknown,
  content: string | ReadonlyArray<Message.Part>,
  isError: boolean,
  question?: {
    readonly id: string | undefined
    readonly kind: "budget" | "spend-limit"
    readonly limit?: string | undefined
  } | undefined
): ToolResultEvent =>
  new ToolResultEvent({
    step,
    call,
    result,
    isError,
    message: Message.toolResult({
      toolCallId: call.id,
      name: call.name,
      content,
      isError
    }) as Message.ToolResultMessage,
    ...(question?.id === undefined ? {} : { questionId: question.id, questionKind: question.kind }),
    ...(question?.id === undefined || question.limit === undefined ? {} : { questionLimit: question.limit })
  })

/**
 * The event of a call its handler answered with `output`, taken without the keys the `ai` client's JSON parse refuses
 * (`__proto__`, a `constructor`'s `prototype`; a handler echoing data it parsed): what the browser is shown, signed and
 * sent back is what the model reads, on this turn and the next.
 */
const outputEvent = (step: number, call: Tool.ToolCall, output: unknown): ToolResultEvent => {
  const readable = CanonicalJson.readableValue(output)
  return answered(step, call, readable, contentOf(readable), false)
}

/**
 * The event of a call its handler answered with parts for the user alone (`ForUser`): the model reads its content (an
 * error result when `isError`), the browser is shown that content's text (a failure's, as the redactor words it) and
 * the user's parts, marked.
 */
const forUserEvent = (step: number, call: Tool.ToolCall, output: ForUser.Output): ToolResultEvent => {
  const event = answered(step, call, undefined, output.content, output.isError === true)
  return new ToolResultEvent({ ...event, result: ForUser.shown(event.message.content, output.forUser) })
}

/** Runs a decoded call's handler in its span: its output, its failure (or timeout) as an error result. */
export const runHandler = <E, R>(
  step: number,
  tool: Tool.Handled<Tool.Tool, E, R>,
  call: Tool.ToolCall,
  input: unknown,
  options: RunOptions
): Effect.Effect<ToolResultEvent, E, R> => {
  const handled = tool.handler(input, call, runOf(step, call))
  const timeout = tool.timeout
  const timed: Effect.Effect<Result.Result<unknown, string>, E, R> = timeout === undefined
    ? Effect.map(handled, Result.succeed)
    : Effect.map(
      Effect.timeoutOption(Effect.provideService(handled, Timed, call), timeout),
      (output) => output._tag === "Some" ? Result.succeed(output.value) : Result.fail(timeoutText(call.name, timeout))
    )
  const answer = Effect.matchEffect(timed, {
    onSuccess: (output) =>
      Effect.succeed(
        Result.isFailure(output)
          ? answered(step, call, output.failure, output.failure, true)
          : output.success instanceof ToolInput.InputRequired
          // Asked of the user where the loop asks (`ToolInput.ask`); where it does not, an error result.
          ? answered(step, call, output.success, `tool ${call.name} asked for input, which is not taken here`, true)
          : output.success instanceof ToolInput.AnswerMisfit
          // The user's answer refused: the model reads why, the person is told the field (`UIRedaction`).
          ? answered(step, call, output.success, output.success.text, true)
          : output.success instanceof Message.ToolResultMessage
          // A whole result: an error result the model reads (an MCP server's `isError`), whatever `onToolError` says.
          ? answered(step, call, output.success, output.success.parts ?? output.success.content, output.success.isError)
          : output.success instanceof ForUser.Output
          ? forUserEvent(step, call, output.success)
          : outputEvent(step, call, output.success)
      ),
    onFailure: (error) =>
      options.onToolError === "fail"
        ? Effect.fail(error)
        : Effect.succeed(answered(step, call, error, errorText(error), true))
  })
  if (!options.spans) return answer
  return answer.pipe(
    Effect.tap((event) => Effect.annotateCurrentSpan(ToolSpan.outcome(event.isError, event.result))),
    // With `onToolError: "fail"` the run's failure ends the span: named too.
    Effect.tapError((error) => Effect.annotateCurrentSpan("error.type", ToolSpan.errorType(error))),
    Effect.withSpan(`execute_tool ${call.name}`, { attributes: ToolSpan.attributes(call) })
  )
}

/** The answer to a call planned to be answered now: its handler's result, or the error result the model reads. */
export const answer = <E, R>(
  step: number,
  plan: Extract<StepDecision.CallPlan, { readonly _tag: "Run" | "Invalid" | "NotRun" }>,
  options: RunOptions
): Effect.Effect<ToolResultEvent, E, R> =>
  plan._tag === "Run"
    ? plan.automatic?.approved === false
      // Denied by `needsApproval` itself: nothing runs, the model reads the reason as it reads a person's.
      ? Effect.succeed(answered(
        step,
        plan.call,
        Message.toolApproval({ toolCallId: plan.call.id, approved: false, reason: plan.automatic.reason }),
        deniedText(plan.automatic.reason),
        true
      ))
      : runHandler(step, plan.tool as Tool.Handled<Tool.Tool, E, R>, plan.call, plan.input, options)
    : plan._tag === "Invalid"
    ? Effect.succeed(answered(step, plan.call, plan.error, plan.error.message, true))
    : Effect.succeed(answered(step, plan.call, plan.text, plan.text, true))

/** How many interim outputs of one call wait to be sent before its handler waits for them. */
const progressBuffer = 16

/** One answer's events: the interim outputs its handler reports as it runs, then its result. */
const answerEvents = <E, R>(
  answer: Effect.Effect<ToolResultEvent, E, R>,
  onResult: (event: ToolResultEvent) => void
): Stream.Stream<ToolResultEvent | ToolProgressEvent, E, R> =>
  Stream.callback<ToolResultEvent | ToolProgressEvent, E, R>((queue) =>
    answer.pipe(
      Effect.provideService(Progress, (event) => Effect.asVoid(Queue.offer(queue, event))),
      Effect.flatMap((event) => {
        onResult(event)
        return Queue.offer(queue, event)
      }),
      Effect.andThen(Queue.end(queue)),
      Effect.catchCause((cause) => Queue.failCause(queue, cause))
    ), { bufferSize: progressBuffer })

/**
 * The answers, run `concurrency` at a time, each call's interim outputs as its handler reports them and its result
 * as it ends; `results` receives the results in the calls' order.
 */
export const runAll = <E, R>(
  answers: ReadonlyArray<Effect.Effect<ToolResultEvent, E, R>>,
  concurrency: number | "unbounded",
  results: Array<Message.ToolResultMessage | undefined>
): Stream.Stream<ToolResultEvent | ToolProgressEvent, E, R> =>
  Stream.fromIterable(answers.map((answer, index) => [answer, index] as const)).pipe(
    Stream.flatMap(
      ([answer, index]) =>
        answerEvents(answer, (event) => {
          if (!(event.result instanceof ToolInput.InputRequired)) results[index] = event.message
        }),
      { concurrency }
    )
  )

/** The text a denied call is answered with (the model reads it; a browser's history sends it back the same). */
export const deniedText = (reason: string | undefined): string =>
  `The user denied this tool call${reason === undefined ? "." : `: ${reason}`}`
