/**
 * Converts a tool loop's events into one UI message of several steps, with `fromStream`'s converter: each step's
 * chunks, then before its `finish-step` a `tool-approval-request` per call waiting for approval (its `approvalId` the
 * one the loop signed) and each call's output as its handler ends; `finish` with the loop's metadata. Each step's end
 * carries what the answer spent so far, signed (`SpentToken`), which a continuing request brings back: with a budget,
 * every step's; without, a step that called tools (a pause can follow only such a step). The finish metadata counts
 * what the answer's earlier requests spent (`Options.spent`), so its totals are the whole answer's. An answer stopped
 * (its events ended before the loop's `DoneEvent`, or its resumable run stopped through the store: `StopHeard.take`)
 * ends with the metadata of what it spent up to the stop, then `UIChunk.interrupted`.
 *
 * @internal
 */
import * as Arr from "effect/Array"
import * as BigDecimal from "effect/BigDecimal"
import * as Cause from "effect/Cause"
import * as Channel from "effect/Channel"
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as Option from "effect/Option"
import * as Pull from "effect/Pull"
import * as Stream from "effect/Stream"
import type * as CallEnding from "../../core/call/CallEnding.js"
import type * as CallResponseChunk from "../../core/call/CallResponseChunk.js"
import * as CallBasis from "../../core/estimate/CallBasis.js"
import * as ErrorReport from "../../core/http/ErrorReport.js"
import * as Message from "../../core/Message.js"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import * as Tool from "../../core/Tool.js"
import * as Usage from "../../core/Usage.js"
import * as UIBudgetAnswers from "../history/UIBudgetAnswers.js"
import * as UIEditedCalls from "../history/UIEditedCalls.js"
import * as UIHistoryFacts from "../history/UIHistoryFacts.js"
import * as UIHistorySigner from "../history/UIHistorySigner.js"
import * as UISealedResults from "../history/UISealedResults.js"
import type * as ApprovalGate from "../loop/ApprovalGate.js"
import * as ForUser from "../loop/ForUser.js"
import type * as StepEvents from "../loop/StepEvents.js"
import * as UIChunk from "../protocol/UIChunk.js"
import * as SpentToken from "../signing/SpentToken.js"
import * as UIApprovalGate from "../signing/UIApprovalGate.js"
import * as StopHeard from "./StopHeard.js"
import * as UIAppMetadata from "./UIAppMetadata.js"
import { toolError, UIChunkConverter } from "./UIChunkConverter.js"
import * as UIFromStream from "./UIFromStream.js"
import * as UIMetadata from "./UIMetadata.js"
import * as UIRedaction from "./UIRedaction.js"

/**
 * How `fromSteps` converts: as `FromStreamOptions`, the metadata made from the loop's `DoneEvent`.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Options<E = unknown> extends Omit<UIFromStream.Options<E>, "metadata"> {
  /**
   * The message metadata sent with `finish` (default: `LoopMetadata`). A stopped answer, which has no `DoneEvent`,
   * sends the `UIMetadata.Metadata` of what it spent up to the stop (since 0.7.0), whatever this gives.
   */
  readonly metadata?: ((done: StepEvents.DoneEvent) => unknown) | undefined
  /**
   * What the answer's earlier requests spent, in USD (`ChatRequest.spent`, `RunInput.spent`): the answer continued
   * after a pause. Its finish metadata's `cost` and `spend.cost` count it, and a step's end carries it on, signed.
   * (With a budget and no `spent` here, the loop's `DoneEvent.budget` says it.)
   *
   * @since 0.7.0
   */
  readonly spent?: BigDecimal.BigDecimal | undefined
  /**
   * The tokens the answer's earlier requests used (`ChatRequest.spentUsage`, `RunInput.spentUsage`), counted in its
   * finish metadata's `usage` and `spend.usage` and carried on, signed, with `spent`. With `spent` given and this not,
   * they are unknown (an answer continued from a 0.6 message): the finish metadata shows no token counts.
   *
   * @since 0.7.0
   */
  readonly spentUsage?: Usage.Usage | undefined
  /**
   * The steps the answer's earlier requests made (`ChatRequest.spentSteps`, `RunInput.spentSteps`), counted in its
   * finish metadata's `steps`, in the `step` the app's `messageMetadata` is asked with at each step's end, and carried
   * on, signed, with `spent`: the count shown is the whole answer's. With `spent` given and this not (a fact signed
   * before steps were counted), the count goes on from this request's steps.
   *
   * @since 0.7.0
   */
  readonly spentSteps?: number | undefined
  /**
   * The answer's budget question was answered `continue` in an earlier request (`RunInput.questionAnswered`): carried
   * on, signed, with what it spent, as it is once the loop takes that answer, so that a later request continuing the
   * answer knows it was (and runs without `askAt`).
   *
   * @since 0.7.0
   */
  readonly questionAnswered?: boolean | undefined
  /**
   * The spend limits whose question was answered `continue` earlier in the answer (`ChatRequest.limitsAnswered`,
   * `RunInput.limitsAnswered`): carried on, signed, with what it spent, with those the loop takes `continue` for now,
   * so that a later request continuing the answer knows them (and gives them to `runTools` as `limitsAnswered`).
   *
   * @since 0.7.0
   */
  readonly limitsAnswered?: ReadonlyArray<string> | undefined
  /**
   * The approvals the request answered (`ChatRequest.approvals`): each sent at the start as the protocol's
   * `tool-approval-response`, so that the answer's head reaches the browser (the call shown approved, running) before
   * an approved tool runs.
   *
   * @since 0.7.0
   */
  readonly approvals?: ReadonlyArray<Tool.ToolApproval> | undefined
}

/**
 * `Options` as the library's own servers give them: the metadata a stopped answer sends, made from the library's own
 * (`ChatEndpoint` names its model; AG-UI, whose `RUN_FINISHED` carries it, sends none: `undefined`), and who hears
 * each step's ending once, a call the stop cut short too (AG-UI's sums).
 */
export interface ServerOptions<E = unknown> extends Options<E> {
  readonly stoppedMetadata?: ((metadata: UIMetadata.Metadata) => unknown) | undefined
  readonly heard?: ((ending: CallEnding.Ending) => void) | undefined
  /**
   * AG-UI's: the input a call a person edited ran with is told in its result's metadata (`AgUi.editedInputKey`), not
   * by a `tool-input-available` before its output (`ranInput`).
   */
  readonly editsInResults?: boolean | undefined
}

/** An answer to an approval (the person's, or the one `needsApproval` gave itself), as `tool-approval-response`. */
const approvalResponse = (
  approvalId: string,
  automatic: { readonly approved: boolean; readonly reason?: string | undefined }
): UIChunk.Chunk => ({
  type: "tool-approval-response",
  approvalId,
  approved: automatic.approved,
  ...(automatic.reason === undefined ? {} : { reason: automatic.reason })
})

/**
 * The reason an answer gives, as the page sent it: a form's values as their JSON text, `cancel` for a form cancelled
 * (docs/mcp.md), else the approval's reason; so that a page reloaded after it shows what the person answered.
 */
const reasonOf = (approval: Tool.ToolApproval): string | undefined =>
  approval.content !== undefined
    ? JSON.stringify(approval.content)
    : approval.action === "cancel"
    ? "cancel"
    : approval.reason

/** The answers to approvals the browser sent, as the protocol says them (those it holds the request of, by its id). */
const approvalResponses = (approvals: ReadonlyArray<Tool.ToolApproval> | undefined): Array<UIChunk.Chunk> =>
  (approvals ?? []).flatMap((approval) =>
    approval.approvalId === undefined
      ? []
      : [approvalResponse(approval.approvalId, { approved: approval.approved, reason: reasonOf(approval) })]
  )

/**
 * What the answer's earlier requests spent, used and the steps they made, as `Options` say it (`undefined`: a new
 * answer).
 */
export const earlierOf = (
  options: {
    readonly spent?: BigDecimal.BigDecimal | undefined
    readonly spentUsage?: Usage.Usage | undefined
    readonly spentSteps?: number | undefined
  }
): SpentToken.Spent | undefined =>
  options.spent === undefined
    ? undefined
    : { usd: options.spent, usage: options.spentUsage, steps: options.spentSteps }

/**
 * The default message metadata `fromSteps` sends with `finish`: the finish metadata of the loop's steps, with their
 * count and why the loop stopped. `steps` counts the model calls of the whole answer (since 0.7.0): an answer
 * continued after a pause (an approval, a tool's question, a budget question) counts its earlier requests' steps
 * (`Options.spentSteps`, read back signed), as a durable run's finish counts its own, so the count a person is shown
 * is the same on every path and never goes down.
 *
 * @since 0.3.0
 * @category Models
 */
export interface LoopMetadata extends UIMetadata.Metadata {
  readonly steps: number
  readonly stopReason: StepEvents.DoneReason
}

/**
 * The default message metadata of a loop's `DoneEvent`; `earlier`: what the answer's earlier requests spent, the
 * tokens they used and the steps they made, counted in its `cost`, `usage`, `spend` and `steps`.
 */
export const loopMetadata = (done: StepEvents.DoneEvent, earlier?: SpentToken.Spent | undefined): LoopMetadata =>
  UIMetadata.metadataOf(UIMetadata.ofSteps(done.steps, done, earlier)) as LoopMetadata

/**
 * A pause's UI chunks, by its kind: a call's approval request (of a call its provider runs, the server that runs it
 * as the request's descriptor: `{ server }`); a tool's request for input, its form as the request's descriptor (the
 * `ai` client keeps it as the part's `approval.descriptor`); a budget's question (`questionChunks`).
 */
export const pauseChunks = (event: StepEvents.PauseEvent): ReadonlyArray<UIChunk.Chunk> => {
  switch (event.kind) {
    case "budget":
      return questionChunks(event)
    case "approval":
    case "input": {
      // The id the approval gate issued for exactly this call (signed, when one is in context).
      const approvalId = event.approvalId ?? event.call.id
      const request: UIChunk.Chunk = {
        type: "tool-approval-request",
        approvalId,
        toolCallId: event.call.id,
        ...(event.kind === "input" && event.elicitation !== undefined
          ? { approvalDescriptor: { elicitation: event.elicitation } }
          : {}),
        // A call its provider runs once approved: who runs it (an MCP server's label), shown with the request.
        ...(event.server === undefined ? {} : { approvalDescriptor: { server: event.server } }),
        ...(event.reason === undefined ? {} : { reason: event.reason }),
        ...(event.automatic === undefined ? {} : { isAutomatic: true })
      }
      // Decided by `needsApproval` itself, as the AI SDK 7 says one: the answer follows the request at once.
      return event.automatic === undefined ? [request] : [request, approvalResponse(approvalId, event.automatic)]
    }
  }
}

/** The question before a budget's cap: a dynamic tool part `UIChunk.budgetQuestionPart` waiting for approval. */
export const questionChunks = (event: StepEvents.BudgetQuestionEvent): ReadonlyArray<UIChunk.Chunk> => {
  const [toolCallId, spent, cap] = [
    UIChunk.budgetQuestionPart,
    BigDecimal.format(event.spent),
    BigDecimal.format(event.cap)
  ]
  return [
    { type: "tool-input-available", toolCallId, toolName: toolCallId, input: { spent, cap }, dynamic: true },
    { type: "tool-approval-request", approvalId: event.questionId ?? toolCallId, toolCallId }
  ]
}

/**
 * How a result's parts are shown where the protocol has parts (AG-UI's): the output that stands for them and for the
 * parts for the user alone after them (`ForUser`), signed as the call's outcome; `undefined` to show the result's text
 * instead.
 */
export type ShowParts = (
  parts: ReadonlyArray<Message.Part>,
  toolCallId: string,
  forUser?: ReadonlyArray<Message.Part>
) => unknown

/**
 * A failed call's chunk, its text `redact`'s; with parts for the user alone (`ForUser`), those parts beside it, as
 * `forUserShown` shows them (`ShowParts`'s, or the `ai` stream's `shown` object's), in its provider metadata.
 */
export const failedChunk = (
  event: StepEvents.ToolResultEvent,
  redact: (failure: UIRedaction.ToolFailure) => string,
  forUserShown: unknown
): UIChunk.Chunk => {
  const chunk = toolError(redact, event.call, event.result, false)
  return forUserShown === undefined
    ? chunk
    : { ...chunk, providerMetadata: ForUser.errorMetadata(forUserShown) as UIChunk.ProviderMetadata }
}

/**
 * A tool result as the protocol's output chunk; a failure's text is `redact`'s, never the error's detail (the parts
 * for the user alone beside it); a result's parts as `partsShown` (`ShowParts`'s), else as its text.
 */
export const outputChunk = (
  event: StepEvents.ToolResultEvent,
  redact: (failure: UIRedaction.ToolFailure) => string,
  partsShown?: unknown
): UIChunk.Chunk => {
  const toolCallId = event.call.id
  if (event.result instanceof Tool.ToolApproval && !event.result.approved) {
    return { type: "tool-output-denied", toolCallId }
  }
  if (event.isError) return failedChunk(event, redact, ForUser.encodedPartsOf(event.result))
  // Parts (an image, a document) are sent as the result's text, unless shown as parts; with parts for the user alone,
  // that text and those parts (`ForUser`), unless shown as parts.
  return {
    type: "tool-output-available",
    toolCallId,
    output: partsShown ?? (event.message.parts === undefined || ForUser.isShown(event.result)
      ? event.result
      : event.message.content)
  }
}

/**
 * The input a call ran with, when a person edited it (`ToolResultEvent.asMade`), as a `tool-input-available` sent just
 * before its output: the `ai` client's part then shows it (keeping its approval), as the conversation and the model's
 * next request have it; `undefined` for a call that ran as the model made it.
 */
export const ranInput = (event: StepEvents.ToolResultEvent): UIChunk.Chunk | undefined => {
  if (event.asMade === undefined) return undefined
  const { call } = event
  return {
    type: "tool-input-available",
    toolCallId: call.id,
    toolName: call.name,
    input: CanonicalJson.argumentsValue(call.arguments)
  }
}

/** Logs the failed tool calls a pull sent, with the detail the browser was not shown (`ErrorReport.loggable`). */
const logFailures = (failures: Array<StepEvents.ToolResultEvent>): Effect.Effect<void> =>
  Effect.forEach(
    failures.splice(0),
    (event) => {
      const toolName = ErrorReport.loggable(event.call.name, 200)
      return Effect.logWarning(`tool ${toolName} failed`, ErrorReport.loggable(event.message.content)).pipe(
        Effect.annotateLogs({ toolName, toolCallId: ErrorReport.loggable(event.call.id, 200) })
      )
    },
    { discard: true }
  )

type Batch = Arr.NonEmptyReadonlyArray<UIChunk.Chunk>

/** The place of what the answer spent in a batch, until it is signed. */
const spentPlaceholder: UIChunk.Chunk = { type: "message-metadata", messageMetadata: {} }

/** One answer of a tool loop being converted. */
class StepsConversion<E> {
  readonly converter: UIChunkConverter
  readonly metadata: (done: StepEvents.DoneEvent) => unknown
  /** The tool failures sent since the last pull, to log. */
  readonly failures: Array<StepEvents.ToolResultEvent> = []
  /** The calls the loop answers, for the signatures of outputs that end calls of an earlier response. */
  readonly answered = new Map<string, UIHistoryFacts.CallFact>()
  step = -1
  done: StepEvents.DoneEvent | undefined = undefined
  /** Each step's ending, heard once (as its call ended, under a resumable run, or as its `StepEndEvent`). */
  readonly steps: Array<CallEnding.Ending> = []
  /** What the answer's earlier requests spent and used (`earlierOf`). */
  readonly earlier: SpentToken.Spent | undefined
  readonly stoppedMetadata: (metadata: UIMetadata.Metadata) => unknown
  readonly heard: ((ending: CallEnding.Ending) => void) | undefined
  /** Whether an edited call's input is told in its result (AG-UI's), not by a `tool-input-available` (`ranInput`). */
  readonly editsInResults: boolean

  readonly onError: (error: E | UIRedaction.ToolFailure) => string
  readonly binding: ApprovalGate.Binding | undefined
  /** How a result's parts are shown, where the protocol has parts (`ShowParts`). */
  readonly showParts: ShowParts | undefined
  /** The id of the message the answer is served as (what the answer's facts are signed for). */
  readonly messageId: string
  /** What the answer spent so far, its earlier requests' included (`undefined` once a step could not be priced). */
  spentSoFar: BigDecimal.BigDecimal | undefined
  /** The tokens the answer used so far, its earlier requests' included (`undefined`: not known). */
  usedSoFar: Usage.Usage | undefined
  /** Whether the answer's budget question was answered `continue`, in this request or an earlier one. */
  continued: boolean
  /** The ids of the spend limits whose question was answered `continue`, in this request or an earlier one. */
  readonly limits: Array<string>

  constructor(
    options: ServerOptions<E>,
    onError: (error: E | UIRedaction.ToolFailure) => string,
    binding: ApprovalGate.Binding | undefined,
    showParts?: ShowParts | undefined
  ) {
    this.onError = onError
    this.binding = binding
    this.showParts = showParts
    this.messageId = options.messageId ?? crypto.randomUUID()
    this.converter = new UIChunkConverter({ ...options, redact: onError })
    const earlier = earlierOf(options)
    this.earlier = earlier
    this.metadata = options.metadata ?? ((done) => loopMetadata(done, earlier))
    this.stoppedMetadata = options.stoppedMetadata ?? identity
    this.heard = options.heard
    this.editsInResults = options.editsInResults === true
    this.spentSoFar = earlier?.usd ?? BigDecimal.fromBigInt(0n)
    this.usedSoFar = earlier === undefined ? Usage.empty : earlier.usage
    this.continued = options.questionAnswered === true
    this.limits = (options.limitsAnswered ?? []).slice(0, SpentToken.maxLimitIds)
  }

  /** What the answer spent so far (`usd`), as its facts carry it on, with the steps it made so far. */
  spentAt(usd: BigDecimal.BigDecimal): SpentToken.Spent {
    const steps = (this.earlier?.steps ?? 0) + this.steps.length
    return { usd, usage: this.usedSoFar, steps, continued: this.continued, limits: this.limits.slice() }
  }

  /** Enters step `n`, unless it is the step under way. */
  enter(n: number, out: Array<UIChunk.Chunk>): void {
    const converter = this.converter
    if (n === this.step && converter.inStep) return
    if (converter.inStep) converter.finishStep(out)
    converter.startStep(out)
    this.step = n
  }

  /** The UI chunks of one event of the loop. */
  push(event: StepEvents.StepEvent, out: Array<UIChunk.Chunk>): void {
    // What the loop shows beside the model's output follows the call arguments held back so far.
    if (event._tag !== "ChunkEvent") this.converter.sendHeld(out)
    switch (event._tag) {
      case "ChunkEvent":
        this.enter(event.step, out)
        this.converter.push(event.chunk as CallResponseChunk.Common, out)
        break
      case "ApprovalRequestEvent":
        // Asked in the step that holds its call: a call of the message before (step 0) is asked outside any step.
        if (event.step > 0) this.enter(event.step, out)
        this.converter.endOutput(out)
        out.push(...pauseChunks(event))
        break
      case "ToolResultEvent":
        this.toolResult(event, out)
        break
      case "ToolProgressEvent":
        // An interim output, which the next (or the result) replaces: shown, never signed as the call's outcome.
        if (event.step === this.step) this.converter.endOutput(out)
        out.push({ type: "tool-output-available", toolCallId: event.call.id, output: event.output, preliminary: true })
        break
      case "StepEndEvent":
        this.stepEnd(event, out)
        break
      case "BudgetQuestionEvent": {
        // What the answer spent goes with the question, signed with its id: the one question its answer may answer.
        // A spend limit's question shows its window's spend; the answer's own is signed (a limit needs prices, so
        // it is known; else the window's, the larger).
        const usd = event.limit === undefined ? event.spent : this.spentSoFar ?? event.spent
        out.push(...pauseChunks(event))
        this.spent.push([out.push(spentPlaceholder) - 1, this.spentAt(usd), true, event.questionId])
        break
      }
      case "SteeringEvent":
        if (event.notDelivered !== undefined) {
          // One the answer ended without: told back, with why (the `ai` client keeps it as a data part).
          out.push(UIChunk.notDelivered(event.id, event.kind, event.notDelivered))
          break
        }
        // A message taken into the answer: shown before the step that took it (the `ai` 7 `steering-message`).
        if (this.converter.inStep) this.converter.finishStep(out)
        out.push({ type: "steering-message", id: event.id, parts: UIChunk.steeringParts(event.message) })
        break
      case "DoneEvent":
        this.done = event
        this.respent(event, out)
    }
  }

  /**
   * Under a budget, what the answer spent, signed anew when this request signed none: it waits again with no step of
   * its own (a tool's request for input after its approval), and the fact it continued from is used.
   */
  respent(event: StepEvents.DoneEvent, out: Array<UIChunk.Chunk>): void {
    // A fact of this batch, not signed yet, counts: one request signs one fact to continue from.
    if (event.budget === undefined || this.signedSpent || this.spent.length > 0) return
    this.spent.push([out.push(spentPlaceholder) - 1, this.spentAt(event.budget.spent), true])
  }

  /**
   * A step's end: what the answer spent so far goes with it (a placeholder, signed by `withSpent`), with a budget
   * always, else after a step that called tools (a continuation may follow it: an approval, a client's tool).
   */
  stepEnd(event: StepEvents.StepEndEvent, out: Array<UIChunk.Chunk>): void {
    this.hear(event.ending)
    const cost = event.ending.response.spend.cost
    this.spentSoFar = this.spentSoFar === undefined || Option.isNone(cost)
      ? undefined
      : BigDecimal.sum(this.spentSoFar, cost.value.total)
    this.usedSoFar = this.usedSoFar === undefined ? undefined : Usage.add(this.usedSoFar, event.ending.response.usage)
    if (event.step !== this.step || !this.converter.inStep) return
    const calledTools = event.ending.response.toolCalls.length > 0
    // Without a budget, nothing spends from it: a fact for the totals alone, never claimed.
    const usd = event.budget?.spent ?? (calledTools ? this.spentSoFar : undefined)
    if (usd !== undefined) {
      this.spent.push([out.push(spentPlaceholder) - 1, this.spentAt(usd), event.budget !== undefined])
    }
    this.converter.finishStep(out)
  }

  /** Hears a step's ending, once: as its call ends (`StopHeard.take`), then again as its `StepEndEvent`. */
  readonly hear = (ending: CallEnding.Ending): void => {
    if (this.steps.at(-1) === ending) return
    this.steps.push(ending)
    this.heard?.(ending)
  }

  /**
   * The ending of a stopped answer, after `before`: the metadata of what it spent up to the stop (its steps heard, a
   * call cut short too, and what its earlier requests spent), then `UIChunk.interrupted`.
   */
  stopped(before: Array<UIChunk.Chunk>): Array<UIChunk.Chunk> {
    const metadata = this.stoppedMetadata(
      UIMetadata.metadataOf(UIMetadata.ofSteps(this.steps, undefined, this.earlier))
    )
    if (metadata !== undefined) before.push({ type: "message-metadata", messageMetadata: metadata })
    before.push(...UIChunk.interrupted)
    return before
  }

  /** The question answered `continue`: the budget's (no kind: one signed before there were two), or a limit's. */
  continuedPast(kind: StepEvents.ToolResultEvent["questionKind"], limit: string | undefined): void {
    if (kind !== "spend-limit") this.continued = true
    else if (limit !== undefined && !this.limits.includes(limit) && this.limits.length < SpentToken.maxLimitIds) {
      this.limits.push(limit)
    }
  }

  /** A tool's result (step 0: an answer to an approval of the message before, outside any step). */
  toolResult(event: StepEvents.ToolResultEvent, out: Array<UIChunk.Chunk>): void {
    if (event.step === this.step) this.converter.endOutput(out)
    const call = event.call
    // A question answered `continue` holds for the whole answer: the facts that follow say so (a spend limit's lets
    // the answer past that limit's `askAt` alone, not the budget's).
    if (event.questionId !== undefined && !event.isError) this.continuedPast(event.questionKind, event.questionLimit)
    // A budget question's answer: its outcome is signed as the answer of that question, in this answer.
    this.answered.set(
      call.id,
      event.questionId === undefined
        ? { id: call.id, name: call.name, input: CanonicalJson.argumentsValue(call.arguments) }
        : UIBudgetAnswers.callFact(call, this.messageId, event.questionId, event.questionKind)
    )
    const parts = event.isError ? undefined : this.shownParts(event)
    const shown = event.isError && ForUser.isShown(event.result)
      ? failedChunk(event, this.onError, this.userPartsShown(event))
      : outputChunk(event, this.onError, parts)
    // A call a person edited: the input it ran with before its output, the edit signed with the model's input.
    const [ran, edit] = this.editsInResults ? [] : [ranInput(event), UIEditedCalls.pendingOf(event)]
    if (ran !== undefined && edit !== undefined) out.push(UIHistorySigner.handOff({ _tag: "Edit", edit }), ran)
    out.push(shown)
    // What the model was told, when the browser is shown other than that: sealed by the signer.
    const told = UISealedResults.pendingOf(event, shown, parts !== undefined)
    if (told !== undefined) out.push(UIHistorySigner.handOff({ _tag: "Result", result: told }))
    if (event.isError && !(event.result instanceof Tool.ToolApproval)) this.failures.push(event)
  }

  /**
   * A failure's parts for the user alone (`ForUser`) as shown beside it: as `showParts` shows them alone (`undefined`,
   * not shown, where it cannot), else as `ForUser.shown` writes them.
   */
  private userPartsShown(event: StepEvents.ToolResultEvent): unknown {
    return this.showParts === undefined
      ? ForUser.encodedPartsOf(event.result)
      : this.showParts([], event.call.id, ForUser.partsOf(event.result))
  }

  /** A result's parts as `showParts` shows them, with the parts for the user alone (`ForUser`) after them, if any. */
  private shownParts(event: StepEvents.ToolResultEvent): unknown {
    const { parts, content } = event.message
    if (!ForUser.isShown(event.result)) {
      return parts === undefined ? undefined : this.showParts?.(parts, event.call.id)
    }
    const told = parts ?? (content === "" ? [] : [Message.text(content)])
    return this.showParts?.(told, event.call.id, ForUser.partsOf(event.result))
  }

  /**
   * Where the batch has what the answer spent so far, how much, whether a budget spends from it (claimed once), and
   * the id of the budget question it waits on, until `withSpent` signs it.
   */
  readonly spent: Array<readonly [number, SpentToken.Spent, boolean, (string | undefined)?]> = []
  /** Whether this request signed what the answer spent (a step's end, a budget question). */
  signedSpent = false
  /** The id of the last fact this request signed under a budget: a later one uses it up (`SpentToken.supersede`). */
  lastFact: string | undefined

  withSpent(out: Arr.NonEmptyArray<UIChunk.Chunk>): Effect.Effect<Batch> {
    this.signedSpent = true
    const sign = ([at, spent, once, question]: readonly [number, SpentToken.Spent, boolean, (string | undefined)?]) =>
      Effect.flatMap(SpentToken.issue(spent, this.messageId, this.binding, once, question), (messageMetadata) => {
        out[at] = { type: "message-metadata", messageMetadata }
        if (!once) return Effect.void
        // Only the last fact is the answer's to continue from: one before it would spend from an earlier point.
        const before = this.lastFact
        this.lastFact = messageMetadata[SpentToken.metadataKey]!.id
        return before === undefined ? Effect.void : SpentToken.supersede(before)
      })
    return Effect.as(Effect.forEach(this.spent.splice(0), sign), out)
  }

  /**
   * The last chunks: the step's end, and `finish` with the loop's metadata; for a loop stopped from within (its events
   * ended before its `DoneEvent`), the ending of a stopped stream (`stopped`).
   */
  end(): Array<UIChunk.Chunk> {
    const out: Array<UIChunk.Chunk> = []
    if (this.converter.inStep) this.converter.finishStep(out)
    const ended = this.done
    if (ended === undefined) return this.stopped(out)
    const last = ended.steps[ended.steps.length - 1]?.response
    // An answer a bound ended (a budget, a spend limit) without a finish reason of its own was cut short.
    const cut = ended.reason === "budget" || ended.reason === "spend-limit" ? "length" : undefined
    out.push(UIMetadata.finish(last, () => this.metadata(ended), cut))
    return out
  }
}

type Watch = (events: ReadonlyArray<StepEvents.StepEvent>) => void

/**
 * What the answer's pull over the loop's events does (`UIFromStream.answerPull`): its head, then each batch converted,
 * its tool failures logged and its history signed, `watch` (AG-UI's) told each batch first; then its ending.
 */
const stageOf = <E>(
  conversion: StepsConversion<E>,
  options: ServerOptions<E>,
  watch: Watch | undefined
): { readonly head: Batch; readonly stage: UIFromStream.Stage<StepEvents.StepEvent, E> } => {
  const signer = new UIHistorySigner.HistorySigner(conversion.answered, conversion.binding, options.lastStep)
  const failures = conversion.failures
  const id = conversion.messageId
  // A pull that sent a tool's failure logs its detail (one check per pull, no step per chunk).
  const signed = (chunks: Batch): Pull.Pull<Batch> =>
    failures.length === 0 ? signer.batch(chunks) : Effect.andThen(logFailures(failures), signer.batch(chunks))
  const head: Batch = [{ type: "start", messageId: id }, ...approvalResponses(options.approvals)]
  const stage: UIFromStream.Stage<StepEvents.StepEvent, E> = {
    convert: (events) => {
      watch?.(events)
      const out: Array<UIChunk.Chunk> = []
      for (let index = 0; index < events.length; index++) conversion.push(events[index]!, out)
      if (!Arr.isArrayNonEmpty(out)) return undefined
      return conversion.spent.length === 0 ? signed(out) : Effect.flatMap(conversion.withSpent(out), signed)
    },
    signed,
    ending: (cause) =>
      Pull.isDoneCause(cause)
        ? { chunks: Effect.sync(() => conversion.end()), then: Cause.done() }
        : UIFromStream.failureEnding(cause as Cause.Cause<E>, conversion.onError, conversion.converter, (held) =>
          conversion.stopped(held))
  }
  return { head, stage }
}

/**
 * The UI chunks of a tool loop's events; `watch` is told each batch of them first, and `showParts` shows a result's
 * parts (AG-UI's). Under a resumable run, a stop ends the stored stream with this conversion's ending, each step's
 * ending heard as its call ends (`StopHeard.take`), so that the stopped ending counts a call the stop cut short.
 */
export const fromSteps = <E, R>(
  self: Stream.Stream<StepEvents.StepEvent, E, R>,
  options: ServerOptions<E> = {},
  watch?: Watch,
  showParts?: ShowParts
): Stream.Stream<UIChunk.Chunk, E, R> => {
  const binding = UIHistoryFacts.bindingOf(options.binding)
  return UIAppMetadata.withMessageMetadata(
    Stream.fromChannel(Channel.fromTransform((_, scope) =>
      Effect.withFiber((fiber) => {
        // A conversion per run of the stream, told the request of the loop's call (the documents its citations name),
        // its redaction and, under a resumable run, its store's stop read from the fiber's context in one step.
        const redact = options.onError ?? fiber.getRef(UIRedaction.Redaction)
        const conversion = new StepsConversion(options, redact, binding, showParts)
        const documents = conversion.converter.documents
        const { head, stage } = stageOf(conversion, options, watch)
        StopHeard.take(fiber.context, UIFromStream.stoppedChunks(stage), conversion.hear)
        return Effect.map(
          CallBasis.observedPull(
            UIApprovalGate.withApprovalChecks(self, binding),
            (basis) => documents.told(basis),
            scope
          ),
          (upstream) => UIFromStream.answerPull(head, upstream, stage)
        )
      })
    )),
    options.messageMetadata,
    options.spentSteps
  )
}
