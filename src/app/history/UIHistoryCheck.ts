/**
 * Reads an assistant message of a chat request as the assistant turns and tool results it stands for, taking them only
 * as far as this server produced them: each step with content, and each tool outcome, must be one the server signed
 * (`UIHistoryFacts`), or an outcome of a tool that runs in the browser (`clientTools`); else a 400 naming it. The one
 * exception is a step never signed and answering no approval: an answer the browser stopped, shown but not sent back
 * (last in its message, or before the answer that continued it there). The last message's approvals are checked against
 * the calls they answer (`ApprovalToken`), in the chat `Trust.binding` names. With `trustHistory`, everything is taken
 * as it came.
 *
 * Each step is signed in its message, and after the step served before it there (`UIHistoryFacts.orderFact`): a step
 * sent twice, or out of that order, is a 400 (the model would read a call made, and run, twice, or calls run in
 * another order), and so is text said again more times in a row than it was. A continued answer's first step is
 * signed after the step its message held last (`Read.lastStep`, given to `fromSteps`): it cannot stand before the
 * steps of an earlier response. The steps at a message's end left out, with their signatures, are the browser leaving
 * out its own context, as it may leave out a whole answer: a call it hides the denial of is asked again, and waits
 * for approval again (`HostileStepOrder.test.ts`); a step left out before another is a 400, the other signed after
 * it. A step's `steering-message` parts are not signed, by design: the user's own words, read as user messages after
 * the step and its results (`steeringChecked`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as FinishReason from "../../core/FinishReason.js"
import * as Message from "../../core/Message.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as Tool from "../../core/Tool.js"
import * as ProviderProfiles from "../../providers/ProviderProfiles.js"
import * as TurnCarry from "../../providers/TurnCarry.js"
import type * as ApprovalGate from "../loop/ApprovalGate.js"
import * as FormFit from "../loop/FormFit.js"
import * as ToolInput from "../loop/ToolInput.js"
import * as ToolRuns from "../loop/ToolRuns.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import type * as UIRequestSchema from "../protocol/UIRequestSchema.js"
import * as AnswerFit from "../signing/AnswerFit.js"
import * as ApprovalToken from "../signing/ApprovalToken.js"
import * as UIEditedCalls from "./UIEditedCalls.js"
import * as UIHistoryFacts from "./UIHistoryFacts.js"
import * as UIHistoryState from "./UIHistoryState.js"
import * as UISealedResults from "./UISealedResults.js"
import * as UITurnCarry from "./UITurnCarry.js"
import * as UITurnOutputs from "./UITurnOutputs.js"

/** How far a client's history is taken. */
export interface Trust {
  /** Whether steps and outcomes must be signed (false with `trustHistory`). */
  readonly signed: boolean
  /** The tools that run in the client: their outputs come from it. */
  readonly clientTools: ReadonlySet<string>
  /** The chat (and owner) signatures and approval ids must hold in, if any. */
  readonly binding?: ApprovalGate.Binding | undefined
}

/** What an assistant message stands for: its turns and results, and the approvals it answers. */
export interface Read {
  readonly messages: Array<Message.Message>
  readonly approvals: Array<Tool.ToolApproval>
  /** Where the message's order stands after its steps (`UIHistoryFacts.lastStepOf`), when they were checked. */
  lastStep?: string | undefined
}

type ToolPart = UIRequestSchema.ToolPart & UIDecodedMessage.Part

/**
 * Whether a tool part holds its call's outcome: an output (not a `preliminary` one, which a later one replaces: the
 * tool was still running), a failure or a denial.
 */
export const isOutcome = (part: ToolPart): boolean =>
  (part.state === "output-available" && part.preliminary !== true) || part.state === "output-error" ||
  part.state === "output-denied"

/** A tool part's call, as the server signed it. */
export const callOf = (part: ToolPart): UIHistoryFacts.CallFact => ({
  id: part.toolCallId,
  name: UIDecodedMessage.nameOf(part),
  input: part.input
})

const outcomeOf = (part: ToolPart): UIHistoryFacts.Outcome =>
  part.state === "output-available"
    ? { kind: "output", output: part.output }
    : part.state === "output-error"
    ? UIHistoryFacts.errorOutcome(part.errorText ?? "", part.resultProviderMetadata)
    : { kind: "denied" }

/** A tool part as the call of an assistant turn. */
export const toolCallOf = (part: ToolPart): Tool.ToolCall =>
  new Tool.ToolCall({
    id: part.toolCallId,
    name: UIDecodedMessage.nameOf(part),
    arguments: JSON.stringify(part.input ?? {})
  })

/** A tool part's outcome as the result the model reads (an output that is text, as it is). */
export const resultOf = (part: ToolPart): Message.Message => {
  const name = UIDecodedMessage.nameOf(part)
  const reason = part.approval?.reason
  return Message.toolResult({
    toolCallId: part.toolCallId,
    name,
    ...(part.state === "output-available"
      ? { content: typeof part.output === "string" ? part.output : JSON.stringify(part.output ?? null) }
      : part.state === "output-error"
      ? { content: part.errorText ?? "error", isError: true }
      : { content: ToolRuns.deniedText(reason), isError: true })
  })
}

/** A form's values, from the JSON of an approval's `reason` (at most `ToolInput.maxAnswer` long), if an object. */
const contentOf = (reason: string | undefined): { readonly [key: string]: unknown } | undefined => {
  if (reason === undefined || reason.length > ToolInput.maxAnswer || !reason.startsWith("{")) return undefined
  const value: unknown = Result.getOrUndefined(Result.try(() => JSON.parse(reason)))
  return typeof value === "object" && value !== null ? value as { readonly [key: string]: unknown } : undefined
}

/** A user message as the model reads it (its text and files); one with neither is a 400 naming its parts. */
export const userTurn = (
  message: UIDecodedMessage.DecodedMessage,
  index: number
): Effect.Effect<Message.Message, ProviderError.InvalidRequestError> =>
  message.parts.some((part) => part.type === "text" || part.type === "file")
    ? Effect.succeed(UIDecodedMessage.userMessage(message))
    : Effect.fail(UIDecodedMessage.invalid(`messages[${index}].parts`, "a user message without text or a file"))

/**
 * The approval of an `approval-responded` part, its id checked against the call it answers (in the chat `binding`
 * names).
 */
export const approvalOf = (
  part: ToolPart,
  field: string,
  binding: ApprovalGate.Binding | undefined
): Effect.Effect<Tool.ToolApproval, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const approval = part.approval
    if (approval?.approved === undefined) {
      return yield* UIDecodedMessage.invalid(`${field}.approval`, "an answered approval without its answer")
    }
    // A person's reason, bounded as any answer (AG-UI's, a durable run's `approve`): the model reads it.
    const reasonTooLong = ToolInput.reasonTooLong(approval.reason)
    if (reasonTooLong !== undefined) return yield* UIDecodedMessage.invalid(`${field}.approval.reason`, reasonTooLong)
    const verdict = yield* ApprovalToken.check(approval.id, callOf(part), binding)
    if (verdict._tag === "Refused" && verdict.reason !== "expired") {
      return yield* UIDecodedMessage.invalid(
        `${field}.approval.id`,
        `not an approval this server issued for tool call ${JSON.stringify(part.toolCallId)} (its id, tool and input)`
      )
    }
    const answered = { toolCallId: part.toolCallId, approved: approval.approved, approvalId: approval.id }
    const { descriptor } = approval
    const formClaimed = typeof descriptor === "object" && descriptor !== null && "elicitation" in descriptor
    // What the id was signed to ask decides, never the part's descriptor: a form's answer to an approval is refused.
    if ((verdict.asks ?? "approval") === "approval") {
      const misfit = formClaimed
        ? AnswerFit.misfitOf("approval", { ...answered, content: approval.reason ?? "" })
        : undefined
      if (misfit !== undefined) return yield* Effect.fail(AnswerFit.refusal(`${field}.approval.descriptor`, misfit))
      return Tool.toolApproval({ ...answered, reason: approval.reason })
    }
    // The answer to a tool's request for input: the form's values as the JSON text of `reason` (the one free field
    // of `ai` 7's approval response), or `"cancel"` when not approved.
    if (!approval.approved) {
      return Tool.toolApproval({ ...answered, action: approval.reason === "cancel" ? "cancel" : undefined })
    }
    const content = contentOf(approval.reason)
    const misfit = AnswerFit.misfitOf("input", { ...answered, content })
    if (misfit !== undefined) return yield* Effect.fail(AnswerFit.refusal(`${field}.approval.reason`, misfit))
    // Values that do not fit the form the server asked with (`FormFit`, kept under the id): refused, the form open.
    const unfit = yield* FormFit.refusalOf(approval.id, content!, binding?.owner)
    if (unfit !== undefined) return yield* Effect.fail(FormFit.refusal(`${field}.approval.reason`, unfit))
    return Tool.toolApproval({ ...answered, content })
  })

/** Reads the assistant message at `index`; `answering`: the body's last, whose approvals are answered now. */
export const readAssistant = (
  message: UIDecodedMessage.DecodedMessage,
  index: number,
  answering: boolean,
  trust: Trust
): Effect.Effect<Read, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const read: Read = { messages: [], approvals: [] }
    const signed = UIHistoryFacts.signedOf(message.metadata)
    if (trust.signed && signed === undefined && UIDecodedMessage.stepsOf(message.parts).some(hasContent)) {
      return yield* UIDecodedMessage.invalid(
        `messages[${index}]`,
        "an assistant message this server did not serve (it has no signature): the browser cannot write the " +
          "history (see toMessages' history option)"
      )
    }
    const steps = UIDecodedMessage.stepsOf(message.parts)
    // The keys of the message's steps (a signed step none of them has was changed since it was served), and the
    // order after the last one checked: the next is signed after it.
    const served = noneServed()
    for (const [position, step] of steps.entries()) {
      const at = { index, last: position === steps.length - 1, answering }
      yield* readStep(step, at, message, served, trust, read)
      // A message steered into the answer after this step: a user message in place, as the model read it.
      yield* steeringChecked(step, index)
      read.messages.push(...UIDecodedMessage.steeredIn(step))
    }
    if (
      trust.signed && signed !== undefined &&
      Object.keys(signed).some((key) => UIHistoryFacts.isStepKey(key) && !served.keys.has(key))
    ) {
      return yield* UIDecodedMessage.invalid(
        `messages[${index}]`,
        "an assistant message changed since this server served it"
      )
    }
    if (trust.signed) read.lastStep = UIHistoryFacts.lastStepOf(served.chain)
    return read
  })

/**
 * A step's `steering-message` parts, each with text or a file: one with neither is a 400 naming its parts, as a user
 * message with neither is (`userTurn`). Unsigned by design: each is the user's own words, read as a user message after
 * the step and its tool results, never as the model's or a tool's, and it changes no signed step; a browser may write
 * the user's words anyway, in the message the answer answers or the next one.
 */
const steeringChecked = (
  step: ReadonlyArray<UIDecodedMessage.Placed>,
  index: number
): Effect.Effect<void, ProviderError.InvalidRequestError> => {
  const empty = step.find(({ part }) =>
    part.type === "steering-message" &&
    !(part["parts"] as ReadonlyArray<UIDecodedMessage.Part>).some((inner) =>
      inner.type === "text" || inner.type === "file"
    )
  )
  return empty === undefined
    ? Effect.void
    : Effect.fail(
      UIDecodedMessage.invalid(
        `messages[${index}].parts[${empty.at}].parts`,
        "a steered message without text or a file"
      )
    )
}

type Placed = { readonly part: ToolPart; readonly at: number }

/** A message's steps read so far: their keys, and the order after the last one checked. */
export interface Served {
  readonly keys: Set<string>
  chain: UIHistoryFacts.Chain
}

/** A message's steps before its first. */
export const noneServed = (): Served => ({ keys: new Set(), chain: UIHistoryFacts.noStep })

/** The tool parts of a step the model's turn made (not the provider's own, not still streaming their input). */
const callsOf = (step: ReadonlyArray<UIDecodedMessage.Placed>): Array<Placed> =>
  step.filter((placed): placed is Placed =>
    UIDecodedMessage.isToolPart(placed.part) && placed.part.providerExecuted !== true &&
    placed.part.state !== "input-streaming"
  )

/** What a step holds that its carried turn leaves out (`UITurnOutputs`): its provider calls' outputs, its files. */
const shownIn = (step: ReadonlyArray<UIDecodedMessage.Placed>): UITurnOutputs.Holder => {
  const files = step.flatMap(({ part }) => {
    const url = part.type === "file" ? part["url"] : undefined
    const data = typeof url === "string" ? UITurnOutputs.base64Of(url) : undefined
    return data === undefined ? [] : [data]
  })
  return {
    outputsOf: (id) =>
      step.flatMap(({ part }) =>
        UIDecodedMessage.isToolPart(part) && part.providerExecuted === true && part.toolCallId === id &&
          part.state === "output-available"
          ? [part.output]
          : []
      ),
    fileOf: (index) => files[index]
  }
}

/** The ids of the calls the provider ran itself in a step. */
const ownCallsOf = (step: ReadonlyArray<UIDecodedMessage.Placed>): Array<string> =>
  step.flatMap(({ part }) =>
    UIDecodedMessage.isToolPart(part) && part.providerExecuted === true ? [part.toolCallId] : []
  )

/** Whether a step has a file the model made (an image Gemini drew): its turn holds it for the model. */
const hasFile = (step: ReadonlyArray<UIDecodedMessage.Placed>): boolean => step.some(({ part }) => part.type === "file")

/** Whether a step has a call the provider ran itself: its turn holds it for the model. */
const hasServerCall = (step: ReadonlyArray<UIDecodedMessage.Placed>): boolean =>
  step.some(({ part }) => UIDecodedMessage.isToolPart(part) && part.providerExecuted === true)

/** Whether a step has anything to send: text, calls, or a file the model made. */
const hasContent = (step: ReadonlyArray<UIDecodedMessage.Placed>): boolean =>
  UIDecodedMessage.textOf(step.map(({ part }) => part)) !== "" || callsOf(step).length > 0 || hasFile(step)

/**
 * Whether a step is one this server served in its message, in its order (`served`: the message's steps so far), its
 * turn as served; `false` for an answer's last step stopped before it ended (never signed: not sent back). Else a 400.
 */
const isServed = (
  step: ReadonlyArray<UIDecodedMessage.Placed>,
  read: {
    readonly fact: string
    readonly carried: UITurnCarry.Sent | undefined
    readonly calls: Array<Placed>
    /** The step has no text, call or file: the provider's own calls alone. */
    readonly bare: boolean
  },
  at: { readonly index: number; readonly last: boolean },
  message: UIDecodedMessage.DecodedMessage,
  served: Served,
  trust: Trust
): Effect.Effect<boolean, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const { carried, fact } = read
    const stepField = `messages[${at.index}].parts[${step[0]!.at}]`
    const signed = UIHistoryFacts.signedOf(message.metadata)!
    // Signed in the message it was served in: a step moved into another is not one this server served there.
    const { before07, digest, key, tagged, valid } = yield* UIHistoryFacts.check(
      signed,
      fact,
      trust.binding,
      message.id ?? ""
    )
    // Served once: the same step again would tell the model its calls were made, and ran, twice. The same words
    // right after themselves (a message queued into the answer, and the model's answer to it alike) are served so,
    // as many times in a row as they were.
    const repeatable = read.calls.length === 0 && read.carried === undefined
    if (yield* comesTwice(signed, message.id ?? "", { key, digest, repeatable }, served, trust.binding)) {
      return yield* UIDecodedMessage.invalid(stepField, "a step of an assistant message that comes twice in it")
    }
    served.keys.add(key)
    if (!valid) {
      // An answer the browser stopped before its step ended (never signed): shown, not sent back, last in its
      // message or, none of its calls ended, followed by the answer that continued it there (`sendMessage()` after a
      // Stop). A step that answers approvals ended before they were asked: never one. A step of the provider's own
      // calls alone that was never signed (served before 0.7.0) carries no turn: not sent back, as then.
      const stopped = !tagged &&
        !read.calls.some(({ part }) => part.state === "approval-responded" || (!at.last && isOutcome(part)))
      if (read.bare || stopped) {
        return false
      }
      return yield* UIDecodedMessage.invalid(stepField, "a step of an assistant message that this server did not serve")
    }
    if (carried !== undefined && !(yield* UITurnCarry.turnServed(signed, fact, carried, trust.binding))) {
      return yield* UITurnCarry.changed(`messages[${at.index}].metadata`)
    }
    // After the step served before it: moved among the message's steps, it tells another story.
    // (A step signed before 0.7 was signed with no order: its place is not checked.)
    if (!before07 && !(yield* inPlace(signed, message.id ?? "", digest, served, trust.binding))) {
      return yield* UIDecodedMessage.invalid(
        stepField,
        "a step of an assistant message out of the order this server served it in"
      )
    }
    served.chain = UIHistoryFacts.chainAfter(served.chain, digest)
    return true
  })

/**
 * Whether a step stands where it was served in its message: after the step before it (`served`), or, a response's
 * first step whose response was not told the step before it (an app's continuation served without `lastStep`),
 * anywhere: its place unchecked, which is logged.
 */
export const inPlace = (
  signed: Readonly<Record<string, unknown>>,
  message: string,
  digest: string,
  served: Served,
  binding: ApprovalGate.Binding | undefined
): Effect.Effect<boolean> =>
  Effect.flatMap(
    UIHistoryFacts.inOrder(signed, message, digest, served.chain, binding),
    (ordered) =>
      ordered ? Effect.succeed(true) : Effect.tap(
        UIHistoryFacts.unplaced(signed, message, digest, binding),
        (unplaced) =>
          unplaced && served.chain.previous !== null
            ? Effect.logWarning(
              "toMessages: an answer continued without fromSteps' lastStep (ChatRequest.lastStep): the place of its " +
                "first step in its message is not checked"
            )
            : Effect.void
      )
  )

/**
 * Whether a step (its fact's key and digest) comes again in its message (`served`: its steps so far), where the server
 * did not serve it so: text alone (`repeatable`: no call or carried turn) right after itself is served so as many times
 * in a row as its order facts say (`UIHistoryFacts.orderFact`), as a model that says the same words again after a
 * message queued into its answer is; any other step again would tell the model its calls were made, and ran, twice.
 */
export const comesTwice = (
  signed: Readonly<Record<string, unknown>>,
  message: string,
  step: { readonly key: string; readonly digest: string; readonly repeatable: boolean },
  served: Served,
  binding: ApprovalGate.Binding | undefined
): Effect.Effect<boolean> => {
  if (!served.keys.has(step.key)) return Effect.succeed(false)
  if (!step.repeatable || served.chain.previous !== step.digest) return Effect.succeed(true)
  return Effect.map(UIHistoryFacts.inOrder(signed, message, step.digest, served.chain, binding), (said) => !said)
}

/** Reads one step into `read`, checked against its signature and its order (`served`: the message's steps so far). */
const readStep = (
  step: ReadonlyArray<UIDecodedMessage.Placed>,
  at: { readonly index: number; readonly last: boolean; readonly answering: boolean },
  message: UIDecodedMessage.DecodedMessage,
  served: Served,
  trust: Trust,
  read: Read
): Effect.Effect<void, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const { index, last } = at
    const metadata = message.metadata
    const text = UIDecodedMessage.textOf(step.map(({ part }) => part))
    const calls = callsOf(step)
    // A step of the provider's own calls alone is read for the turn it carries (signed since 0.7.0).
    const bare = text === "" && calls.length === 0 && !hasFile(step)
    if (bare && !hasServerCall(step)) return
    // Each call a person edited (its part shows the input it ran with), read as the model made it: its step as signed.
    const made = trust.signed
      ? yield* UIEditedCalls.madeInputs(calls.filter(({ part }) => isOutcome(part)), metadata, trust.binding, index)
      : new Map<string, unknown>()
    // A trusted step that carries no turn needs no fact (left empty, never read).
    const { carried, fact } = trust.signed || UITurnCarry.carriesTurns(metadata)
      ? yield* UITurnCarry.stepFactOf(
        text,
        calls.map(({ part }) =>
          made.has(part.toolCallId) ? { ...callOf(part), input: made.get(part.toolCallId) } : callOf(part)
        ),
        UIHistoryState.turnOf(step, new Set(calls.map(({ part }) => part))),
        metadata,
        `messages[${index}].metadata`,
        shownIn(step).fileOf(0) === undefined ? ownCallsOf(step) : []
      )
      : { carried: undefined, fact: "" }
    if (trust.signed && !(yield* isServed(step, { fact, carried, calls, bare }, at, message, served, trust))) return
    // A file alone, without the turn that holds it for the model: nothing the model reads.
    if (text === "" && calls.length === 0 && carried === undefined) return
    // How the answer ended, on its last step: whether a model can continue the body's last, and, one stopped on a
    // policy, what the model is not told of it (`toldModel`; a turn left with nothing: `Conversation.withheldTurns`).
    const reason = last ? finishReasonOf(metadata, "finishReason") : undefined
    const finishReason = at.answering || reason === "content_filter" ? reason : undefined
    const said = saidOf(text, finishReason)
    const { results, sent, toolCalls } = yield* sendCalls(calls, at, metadata, trust, read)
    // The turn as the model made it, then with each edited call as it ran, as the loop tells the model.
    const madeCalls = toolCalls.map((call) => UIEditedCalls.asMade(call, made))
    const content = carried !== undefined
      ? TurnCarry.contentOf(
        yield* UITurnOutputs.restored(carried.turn, shownIn(step), `messages[${index}].metadata`),
        madeCalls
      )
      : yield* UIHistoryState.contentOf(
        toldModel(step, finishReason),
        sent,
        (part) => `messages[${index}].parts[${part}]`,
        (call) => made.has(call.toolCallId) ? made.get(call.toolCallId) : call.input
      )
    const turn = Message.assistant(said, { toolCalls: madeCalls, content, finishReason })
    read.messages.push(UIEditedCalls.asRan(turn, toolCalls, made), ...results)
  })

/** A step's text as its model is told it: without the paragraph `toldModel` leaves out, when it ends the text. */
export const saidOf = (text: string, finishReason: FinishReason.FinishReason | undefined): string => {
  if (finishReason !== "content_filter") return text
  const at = text.lastIndexOf("\n\n")
  return ProviderProfiles.isNotice(at === -1 ? text : text.slice(at)) ? text.slice(0, Math.max(at, 0)) : text
}

/**
 * A step's parts as its model is told them: without the sentence this library showed a person of an answer its
 * provider stopped on a policy (`ProviderProfiles.withheldNotice`: a text part of its own, the step's last, of a step
 * that ended on `content_filter`), which the model did not say; the step itself otherwise.
 */
export const toldModel = <P extends { readonly part: UIDecodedMessage.Part }>(
  step: ReadonlyArray<P>,
  finishReason: FinishReason.FinishReason | undefined
): ReadonlyArray<P> => {
  if (finishReason !== "content_filter") return step
  let at = step.length - 1
  while (at >= 0 && step[at]!.part.type !== "text") at--
  const text = step[at]?.part["text"]
  return typeof text === "string" && ProviderProfiles.isNotice(text) ? step.filter((_, i) => i !== at) : step
}

const isFinishReason = Schema.is(FinishReason.FinishReason)

/**
 * How the answer a message holds ended, as the server wrote it in the message's metadata under `key` (the UI message
 * stream's finish metadata `finishReason`: its last step's; AG-UI's `finishReasonKey`: its step's). Unsigned, it
 * decides only what the browser could decide itself: whether a model that takes no prefill ends at once or is refused
 * the request, and what of an answer stopped on a policy (`content_filter`) its model is not told (`toldModel`,
 * `Conversation.withheldTurns`).
 */
export const finishReasonOf = (metadata: unknown, key: string): FinishReason.FinishReason | undefined => {
  const reason = typeof metadata === "object" && metadata !== null
    ? (metadata as { readonly [key: string]: unknown })[key]
    : undefined
  return isFinishReason(reason) ? reason : undefined
}

/**
 * The calls of a step: each with an outcome (checked against its signature) and its result, and, in the body's last
 * step, each whose approval is answered now. A call without either stays in its turn for the one policy to take out
 * (`TurnCarry.withoutUnanswered`: never run; a turn at the end left with none of its calls goes whole).
 */
const sendCalls = (
  calls: ReadonlyArray<Placed>,
  at: { readonly index: number; readonly last: boolean; readonly answering: boolean },
  metadata: unknown,
  trust: Trust,
  read: Read
) =>
  Effect.gen(function*() {
    const signed = UIHistoryFacts.signedOf(metadata)
    const toolCalls: Array<Tool.ToolCall> = []
    const results: Array<Message.Message> = []
    const sent = new Set<UIDecodedMessage.Part>()
    for (const { at: partAt, part } of calls) {
      const field = `messages[${at.index}].parts[${partAt}]`
      if (isOutcome(part)) {
        if (trust.signed && !(yield* outcomeServed(signed!, part, trust))) {
          return yield* UIDecodedMessage.invalid(
            field,
            `the outcome of tool call ${JSON.stringify(part.toolCallId)} was not produced by this server (a tool ` +
              "that runs in the browser is declared with clientTools)"
          )
        }
        // As the model read it, when the browser was shown other than that (a failure's detail, an image).
        const told = yield* UISealedResults.modelResult(metadata, callOf(part), [outcomeOf(part)], field, trust.binding)
        toolCalls.push(toolCallOf(part))
        results.push(told ?? resultOf(part))
        sent.add(part)
      } else {
        if (part.state === "approval-responded" && at.answering && at.last) {
          read.approvals.push(yield* approvalOf(part, field, trust.binding))
        }
        toolCalls.push(toolCallOf(part))
        sent.add(part)
      }
    }
    return { toolCalls, results, sent }
  })

/** Whether a tool part's outcome is one this server signed, or the output of a tool that runs in the browser. */
const outcomeServed = (
  signed: Readonly<Record<string, unknown>>,
  part: ToolPart,
  trust: Trust
): Effect.Effect<boolean> =>
  Effect.flatMap(UIHistoryFacts.outcomeFact(callOf(part), outcomeOf(part)), (fact) =>
    Effect.map(
      UIHistoryFacts.check(signed, fact, trust.binding),
      ({ valid }) => valid || (part.state !== "output-denied" && trust.clientTools.has(UIDecodedMessage.nameOf(part)))
    ))
