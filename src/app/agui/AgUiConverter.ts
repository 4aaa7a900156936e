/**
 * Converts the UI message stream's chunks into AG-UI 1.0 events, so that both protocols say the same of every stream,
 * deltas one for one. A run is `RUN_STARTED` … `RUN_FINISHED` (or `RUN_ERROR`), each model call a step. A step's text
 * and tool calls are one assistant message (the n-th's id `<messageId>-<n>`), started marked as served and ended with
 * the step's signature and the order of its parts (`AgUiTurn`); reasoning is a message of its own; the provider's
 * opaque state is a `REASONING_ENCRYPTED_VALUE` where the UI message stream has it. A file the model made has no
 * AG-UI event: the step's message carries it. A handler's result is a `TOOL_CALL_RESULT` with its outcome's signature,
 * its content the result's text or (where the driver shows them: `Sources.resultParts`) its parts;
 * a tool the provider ran is marked `providerExecutedKey`. Whatever ends the run first closes what is open.
 *
 * @internal
 */
import * as Context from "effect/Context"
import type * as Stream from "effect/Stream"
import type * as FinishReason from "../../core/FinishReason.js"
import * as Transducer from "../../core/stream/Transducer.js"
import * as UIHistoryFacts from "../history/UIHistoryFacts.js"
import * as UITurnOutputs from "../history/UITurnOutputs.js"
import * as UIChunk from "../protocol/UIChunk.js"
import * as SpentToken from "../signing/SpentToken.js"
import * as StopHeard from "../ui/StopHeard.js"
import type * as AgUiEvent from "./AgUiEvent.js"
import * as AgUiInterrupt from "./AgUiInterrupt.js"
import * as AgUiTurn from "./AgUiTurn.js"
import type * as AgUiUsage from "./AgUiUsage.js"

/** The ids of a run and of the first assistant message it makes. */
export interface RunIds {
  readonly threadId: string
  readonly runId: string
  readonly parentRunId?: string | undefined
  readonly messageId: string
}

/** What the converter asks the stream's driver, when it needs it. */
export interface Sources {
  /** What the run used, when it ends. */
  readonly sums: () => AgUiUsage.RunSums | undefined
  /** What the model was told of a call the user denied. */
  readonly deniedText: (toolCallId: string) => string | undefined
  /** Whether the run was stopped from within before its end (a tool loop's events ended without its `DoneEvent`). */
  readonly stopped: () => boolean
  /** The input a call ran with when a person edited it (`ToolResultEvent.asMade`), else `undefined`. */
  readonly editedInput?: ((toolCallId: string) => unknown) | undefined
  /** When an interrupt's signed id stops being answerable (ISO 8601), if it is one this server issued. */
  readonly expiresAt: (interruptId: string) => string | undefined
  /** A call that waits for the user, whose input came in an earlier run (a form asked after its approval). */
  readonly callOf: (toolCallId: string) => AgUiInterrupt.Call | undefined
  /**
   * Whether the part of `toolCallId` is a budget's question (an interrupt of its own) rather than a call. @since 0.7.0
   */
  readonly isQuestion: (toolCallId: string) => boolean
  /**
   * How the model ended the step whose end the run has just reached (its first common finish reason), `undefined`
   * when it did not say or the step did not end. @since 0.7.0
   */
  readonly finishReason?: (() => FinishReason.FinishReason | undefined) | undefined
  /**
   * The parts a handler's result is shown as (its output, which its outcome's signature covers), `undefined` for a
   * result shown as text; of a failure, the parts for the user alone shown after its text (`ForUser`); asked once per
   * result. @since 0.7.0
   */
  readonly resultParts?: ((toolCallId: string) => ReadonlyArray<AgUiEvent.ContentPart> | undefined) | undefined
}

/**
 * Where the metadata of a tool's result keeps the input its call ran with, when a person edited it (the client
 * sends it back with the result; its outcome's signature covers it).
 *
 * @since 0.7.0
 * @category Metadata
 */
export const editedInputKey: string = "effect-llm-stream/editedInput"

/**
 * Where the metadata of a tool call and of its result marks a tool the provider ran itself (a web search): shown,
 * never answered by the client.
 *
 * @since 0.5.0
 * @category Metadata
 */
export const providerExecutedKey: string = "effect-llm-stream/providerExecuted"

/**
 * Where the metadata of an assistant message marks the one a run sends for a question asked outside any step (a
 * resumed run's start): it holds what the answer spent, no turn of the model's, and is never sent to the model.
 *
 * @since 0.7.0
 * @category Metadata
 */
export const pauseKey: string = "effect-llm-stream/pause"

/**
 * Where the metadata of a step's assistant message says how the model ended the step (`stop`, `length`, `tool_calls`,
 * ...: the common finish reason, under the name `RUN_FINISHED.metadata` gives the run's). Read back (`readRunInput`),
 * it is the turn's `finishReason`: after an answer the model finished, a model that takes no prefill has nothing to
 * continue, and a run sent on with nothing new ends at once. Unsigned, like the UI message stream's finish metadata:
 * it decides only between that end and a refusal, neither of which runs or sends anything.
 *
 * @since 0.7.0
 * @category Metadata
 */
export const finishReasonKey: string = "effect-llm-stream/finishReason"

/** What the converter sends. */
export type Out = Array<AgUiEvent.Event>

const marker: AgUiEvent.Metadata = { [UIHistoryFacts.metadataKey]: {} }

const providerExecuted: AgUiEvent.Metadata = { [providerExecutedKey]: true }

/** The `CUSTOM` event telling that a message sent into the run (`data`: its id, kind, and why) was not delivered. */
export const notDelivered = (data: unknown): AgUiEvent.Event => ({
  type: "CUSTOM",
  name: "effect-llm-stream/steering-not-delivered",
  value: data
})

/** Whether a `message-metadata` chunk carries signatures, not the app's metadata. */
const isSignatures = (metadata: unknown): metadata is AgUiEvent.Metadata =>
  typeof metadata === "object" && metadata !== null && UIHistoryFacts.signedOf(metadata) !== undefined

/** A tool's output as a tool message's content: text as it is, anything else as JSON. */
export const contentOf = (output: unknown): string =>
  typeof output === "string" ? output : JSON.stringify(output ?? null)

/** Where an assistant message's metadata keeps the files the model made in its step (AG-UI has no event for them). */
const filesKey = "effect-llm-stream/files"

/** The files an assistant message's metadata carries, in order. */
export const filesOf = (metadata: unknown): ReadonlyArray<string | undefined> => {
  const files = typeof metadata === "object" && metadata !== null
    ? (metadata as Readonly<Record<string, unknown>>)[filesKey]
    : undefined
  return Array.isArray(files) ? files.map((file) => typeof file === "string" ? file : undefined) : []
}

/** Converts the chunks of one run. */
export class AgUiConverter {
  private step = 0
  private stepOpen = false
  private messageOpen = false
  private stepSignature: AgUiEvent.Metadata | undefined = undefined
  private stepSpent: AgUiEvent.Metadata | undefined = undefined
  /** How the model ended the step, once its end came (`Sources.finishReason`). */
  private stepFinish: FinishReason.FinishReason | undefined = undefined
  /** A step ended under a budget, its message left open for the question that may follow (`heldOpen`). */
  private closing = false
  /** The base64 of the step's files the model made, which its message carries. */
  private files: Array<string> = []
  private reasoning: string | undefined = undefined
  private readonly openCalls = new Set<string>()
  /** Calls of the program ended without a result or an approval request: left for the client. */
  private readonly pendingCalls = new Set<string>()
  /** The provider's own calls whose input came, by id, until their result comes. */
  private readonly serverCalls = new Map<string, { readonly name: string; readonly input: unknown }>()
  private readonly interrupts: Array<AgUiEvent.Interrupt> = []
  /** The calls of the program whose input came, by id: what their interrupts show. */
  private readonly calls = new Map<string, AgUiInterrupt.Call>()
  private turn = new AgUiTurn.StepTurn()
  /** Where the signature that follows belongs: the result just sent (its index), or nowhere (an input error's). */
  private signatureFor: number | "none" | undefined = undefined

  private readonly ids: RunIds
  private readonly sources: Sources

  constructor(ids: RunIds, sources: Sources) {
    this.ids = ids
    this.sources = sources
  }

  /** Whether a UI chunk is of a budget's question (its part `UIChunk.budgetQuestionPart`), as the loop said. */
  private isQuestion(chunk: UIChunk.Chunk): boolean {
    return "toolCallId" in chunk && this.sources.isQuestion(chunk.toolCallId)
  }

  private get messageId(): string {
    return this.step <= 1 ? this.ids.messageId : `${this.ids.messageId}-${this.step}`
  }

  /** Converts a batch of chunks. */
  push(chunks: ReadonlyArray<UIChunk.Chunk>, out: Out): void {
    // A signature follows what it signs in the same batch (`UIHistorySigner` places it there).
    this.signatureFor = undefined
    for (const chunk of chunks) {
      if (this.closing && !this.heldOpen(chunk)) this.closeStep(out)
      if (chunk.type === "message-metadata") {
        this.metadata(chunk.messageMetadata, out)
        continue
      }
      this.signatureFor = undefined
      this.chunk(chunk, out)
    }
  }

  /**
   * Keeps a call's input for the interrupt that may ask about it; whether the chunk is one of a message (a budget's
   * question is an interrupt of its own, no call of a message: only its approval request is read).
   */
  private noted(chunk: UIChunk.Chunk): boolean {
    if (chunk.type === "tool-input-available") {
      this.calls.set(chunk.toolCallId, { name: chunk.toolName, input: chunk.input })
    }
    return !this.isQuestion(chunk) || chunk.type === "tool-approval-request"
  }

  private chunk(chunk: UIChunk.Chunk, out: Out): void {
    if (!this.noted(chunk)) return
    switch (chunk.type) {
      case "start":
        out.push({
          type: "RUN_STARTED",
          threadId: this.ids.threadId,
          runId: this.ids.runId,
          ...(this.ids.parentRunId === undefined ? {} : { parentRunId: this.ids.parentRunId }),
          protocolVersion: "1.0"
        })
        return
      case "start-step":
        if (this.stepOpen) this.closeStep(out)
        this.step++
        this.stepOpen = true
        this.turn = new AgUiTurn.StepTurn()
        out.push({ type: "STEP_STARTED", stepName: `step-${this.step}` })
        return
      case "steering-message":
        this.steered(chunk, out)
        return
      case UIChunk.notDeliveredPart:
        out.push(notDelivered((chunk as UIChunk.Data).data))
        return
      case "text-start":
        this.ensureMessage(out)
        this.turn.open("text", chunk.id)
        return
      case "text-delta":
        this.ensureMessage(out)
        this.turn.text(chunk.id, chunk.delta)
        out.push({ type: "TEXT_MESSAGE_CONTENT", messageId: this.messageId, delta: chunk.delta })
        return
      case "text-end":
        this.turn.end("text", chunk.id, UIHistoryFacts.stateOn(chunk.providerMetadata))
        return
      case "file": {
        // No event for a file the model made: the step's message carries it, with the turn that holds it.
        this.ensureMessage(out)
        const data = UITurnOutputs.base64Of(chunk.url)
        if (data !== undefined) this.files.push(data)
        return
      }
      default:
        if (chunk.type.startsWith("tool-")) this.toolChunk(chunk, out)
        else if (chunk.type.startsWith("reasoning-")) this.reasoningChunk(chunk, out)
        else this.endChunk(chunk, out)
    }
  }

  /** The chunks of reasoning: a `REASONING_*` message of their own, its encrypted state kept for the turn. */
  private reasoningChunk(chunk: UIChunk.Chunk, out: Out): void {
    switch (chunk.type) {
      case "reasoning-start":
        return this.openReasoning(chunk.id, out)
      case "reasoning-delta":
        if (this.reasoning !== this.reasoningId(chunk.id)) this.openReasoning(chunk.id, out)
        out.push({ type: "REASONING_MESSAGE_CONTENT", messageId: this.reasoning!, delta: chunk.delta })
        return
      case "reasoning-end": {
        const state = UIHistoryFacts.stateOn(chunk.providerMetadata)
        this.turn.end("reasoning", this.reasoningId(chunk.id), state)
        this.closeReasoning(out, this.reasoning === this.reasoningId(chunk.id) ? state : undefined)
      }
    }
  }

  /** The chunks of tool calls. */
  private toolChunk(chunk: UIChunk.Chunk, out: Out): void {
    switch (chunk.type) {
      case "tool-input-start":
        if (chunk.providerExecuted === true || this.openCalls.has(chunk.toolCallId)) return
        this.turn.open("call", chunk.toolCallId)
        return this.startCall(chunk.toolCallId, chunk.toolName, undefined, out)
      case "tool-input-delta":
        if (!this.openCalls.has(chunk.toolCallId)) return
        out.push({ type: "TOOL_CALL_ARGS", toolCallId: chunk.toolCallId, delta: chunk.inputTextDelta })
        return
      case "tool-input-available":
      case "tool-input-error":
        return this.callComplete(chunk, out)
      case "tool-approval-request":
        // Decided by `needsApproval` itself: nothing waits (its result, or denial, follows in the run).
        if (chunk.isAutomatic === true) return
        this.pendingCalls.delete(chunk.toolCallId)
        this.interrupts.push(
          AgUiInterrupt.interruptOf(
            chunk,
            this.calls.get(chunk.toolCallId) ?? this.sources.callOf(chunk.toolCallId),
            this.sources.expiresAt(chunk.approvalId),
            this.isQuestion(chunk)
          )
        )
        return
      case "tool-output-available":
      case "tool-output-error": {
        // An interim output (a handler's progress): AG-UI 1.0 has no event for it; its result follows.
        if (chunk.type === "tool-output-available" && chunk.preliminary === true) return
        const parts = chunk.providerExecuted === true ? undefined : this.sources.resultParts?.(chunk.toolCallId)
        // A failure's parts are the parts for the user alone beside it (`ForUser`), after its text.
        if (parts !== undefined) {
          const failure = chunk.type === "tool-output-error" ? [{ type: "text" as const, text: chunk.errorText }] : []
          return this.result(chunk.toolCallId, [...failure, ...parts], out)
        }
        const content = chunk.type === "tool-output-error" ? chunk.errorText : contentOf(chunk.output)
        if (chunk.providerExecuted === true) return this.serverResult(chunk.toolCallId, content, out)
        return this.result(chunk.toolCallId, content, out)
      }
      case "tool-output-denied": {
        const told = this.sources.deniedText(chunk.toolCallId) ?? "The user denied this tool call."
        return this.result(chunk.toolCallId, told, out)
      }
    }
  }

  /** The chunks that end a step or the run, each closing the step first. */
  private endChunk(chunk: UIChunk.Chunk, out: Out): void {
    const type = chunk.type
    if (type !== "finish-step" && type !== "finish" && type !== "abort" && type !== "error") return
    // A stopped stream's `finish` (`UIChunk.interrupted`): the `abort` after it ends the run, cancelled.
    if (UIChunk.isInterrupted(chunk)) return
    if (type === "finish-step") this.stepFinish = this.sources.finishReason?.()
    // Under a budget, a question may follow the step: what the answer spent then goes on its message.
    const spent = this.stepSpent?.[SpentToken.metadataKey] as { readonly once?: unknown } | undefined
    if (type === "finish-step" && spent !== undefined && spent.once === undefined) {
      this.closing = true
      return
    }
    this.closeStep(out)
    if (type === "finish") this.finished(this.sources.stopped() ? { type: "cancelled" } : this.outcome(), out)
    else if (type === "abort") this.finished({ type: "cancelled" }, out)
    else if (chunk.type === "error") out.push({ type: "RUN_ERROR", message: chunk.errorText })
  }

  /**
   * A `message-metadata` chunk: a signature goes to the result just sent, else (as what was spent) the step's message.
   */
  private metadata(metadata: unknown, out: Out): void {
    if (typeof metadata === "object" && metadata !== null && SpentToken.metadataKey in metadata) {
      if (!this.stepOpen) return this.pauseMessage(metadata as AgUiEvent.Metadata, out)
      this.stepSpent = metadata as AgUiEvent.Metadata
    }
    if (!isSignatures(metadata)) return
    const target = this.signatureFor
    this.signatureFor = undefined
    if (target === "none") return
    if (target === undefined) {
      this.stepSignature = metadata
      return
    }
    const result = out[target] as AgUiEvent.ToolCallResult
    out[target] = { ...result, metadata: { ...result.metadata, ...metadata } }
  }

  /**
   * A message steered into the run: a user message of its own, between the step before it and the step that took it.
   */
  private steered(chunk: UIChunk.SteeringMessage, out: Out): void {
    if (this.stepOpen) this.closeStep(out)
    const messageId = chunk.id
    const text = chunk.parts.flatMap((part) => part.type === "text" ? [part.text] : []).join("")
    out.push({ type: "TEXT_MESSAGE_START", messageId, role: "user" })
    if (text !== "") out.push({ type: "TEXT_MESSAGE_CONTENT", messageId, delta: text })
    out.push({ type: "TEXT_MESSAGE_END", messageId })
  }

  /** Starts the step's assistant message, marked as served. */
  private ensureMessage(out: Out): void {
    if (this.messageOpen) return
    this.messageOpen = true
    out.push({ type: "TEXT_MESSAGE_START", messageId: this.messageId, role: "assistant", metadata: marker })
  }

  /** The id of the reasoning message of the UI message stream's reasoning block `id`. */
  private reasoningId(id: string): string {
    return `${this.ids.messageId}-${id}`
  }

  private openReasoning(id: string, out: Out): void {
    this.closeReasoning(out, undefined)
    const messageId = this.reasoningId(id)
    this.reasoning = messageId
    this.turn.open("reasoning", messageId)
    out.push({ type: "REASONING_START", messageId }, { type: "REASONING_MESSAGE_START", messageId, role: "reasoning" })
  }

  /** Ends the open reasoning message, with the state the provider put on it. */
  private closeReasoning(out: Out, state: unknown): void {
    const messageId = this.reasoning
    if (messageId === undefined) return
    this.reasoning = undefined
    out.push({ type: "REASONING_MESSAGE_END", messageId })
    if (state !== undefined) out.push(AgUiTurn.valueOf("message", messageId, state))
    out.push({ type: "REASONING_END", messageId })
  }

  private startCall(toolCallId: string, toolCallName: string, metadata: AgUiEvent.Metadata | undefined, out: Out) {
    this.ensureMessage(out)
    this.openCalls.add(toolCallId)
    out.push({
      type: "TOOL_CALL_START",
      toolCallId,
      toolCallName,
      parentMessageId: this.messageId,
      ...(metadata === undefined ? {} : { metadata })
    })
  }

  /** A call of the program is complete: started (with its arguments) if it was not yet, and ended. */
  private callComplete(chunk: UIChunk.ToolInputAvailable | UIChunk.ToolInputError, out: Out): void {
    if (chunk.type === "tool-input-error") this.signatureFor = "none"
    if (chunk.providerExecuted === true) {
      this.serverCalls.set(chunk.toolCallId, { name: chunk.toolName, input: chunk.input })
      return
    }
    const state = UIHistoryFacts.stateOn(chunk.providerMetadata)
    this.turn.end("call", chunk.toolCallId, state)
    if (!this.openCalls.has(chunk.toolCallId)) {
      this.startCall(chunk.toolCallId, chunk.toolName, undefined, out)
      const args = chunk.type === "tool-input-error" && typeof chunk.input === "string"
        ? chunk.input
        : JSON.stringify(chunk.input ?? {})
      out.push({ type: "TOOL_CALL_ARGS", toolCallId: chunk.toolCallId, delta: args })
    }
    this.openCalls.delete(chunk.toolCallId)
    this.pendingCalls.add(chunk.toolCallId)
    out.push({ type: "TOOL_CALL_END", toolCallId: chunk.toolCallId })
    if (state !== undefined) out.push(AgUiTurn.valueOf("tool-call", chunk.toolCallId, state))
  }

  /** A handler's result, a tool message of its own; the signature that follows it is its outcome's. */
  private result(toolCallId: string, content: AgUiEvent.ToolCallResult["content"], out: Out): void {
    this.pendingCalls.delete(toolCallId)
    const edited = this.sources.editedInput?.(toolCallId)
    const event = this.resultEvent(toolCallId, content)
    this.signatureFor = out.push(edited === undefined ? event : { ...event, metadata: { [editedInputKey]: edited } }) -
      1
  }

  private resultEvent(toolCallId: string, content: AgUiEvent.ToolCallResult["content"]): AgUiEvent.ToolCallResult {
    return {
      type: "TOOL_CALL_RESULT",
      messageId: `${this.ids.messageId}-result-${toolCallId}`,
      toolCallId,
      content,
      role: "tool"
    }
  }

  /** A tool the provider ran itself, once its result came: the call and its result, marked. */
  private serverResult(toolCallId: string, content: string, out: Out): void {
    const call = this.serverCalls.get(toolCallId)
    if (call === undefined) return
    this.serverCalls.delete(toolCallId)
    this.startCall(toolCallId, call.name, providerExecuted, out)
    this.openCalls.delete(toolCallId)
    out.push(
      { type: "TOOL_CALL_ARGS", toolCallId, delta: JSON.stringify(call.input ?? {}) },
      { type: "TOOL_CALL_END", toolCallId },
      { ...this.resultEvent(toolCallId, content), metadata: providerExecuted }
    )
  }

  /**
   * Whether a chunk after a step ended under a budget leaves its message open: the budget's question, and what the
   * answer spent when it was asked (signed with its id: the one question a resume of this answer may answer).
   */
  private heldOpen(chunk: UIChunk.Chunk): boolean {
    if (chunk.type !== "message-metadata") return this.isQuestion(chunk)
    const metadata = chunk.messageMetadata
    return typeof metadata === "object" && metadata !== null && !isSignatures(metadata) &&
      SpentToken.metadataKey in metadata
  }

  /**
   * What the answer spent when a question was asked outside any step (a resumed run's start, before the model's next
   * step): an assistant message of its own (the id the next step would take), of nothing else, which the client sends
   * back, marked `pauseKey`; a resume reads the question it waits on there (`AgUiHistory.isPause`).
   */
  private pauseMessage(spent: AgUiEvent.Metadata, out: Out): void {
    this.step++
    const messageId = this.messageId
    out.push(
      { type: "TEXT_MESSAGE_START", messageId, role: "assistant" },
      { type: "TEXT_MESSAGE_END", messageId, metadata: { ...spent, [pauseKey]: true } }
    )
  }

  /** Ends the open step: what it left open, its assistant message (`AgUiTurn.messageEnd`), `STEP_FINISHED`. */
  private closeStep(out: Out): void {
    this.closing = false
    this.closeReasoning(out, undefined)
    for (const toolCallId of this.openCalls) out.push({ type: "TOOL_CALL_END", toolCallId })
    this.openCalls.clear()
    if (!this.stepOpen) return
    const messageId = this.messageId
    if (this.messageOpen) {
      const files = this.files.length === 0 ? undefined : { [filesKey]: this.files }
      const finish = this.stepFinish === undefined ? undefined : { [finishReasonKey]: this.stepFinish }
      out.push(...this.turn.messageEnd(messageId, this.stepSignature, { ...files, ...this.stepSpent, ...finish }))
    }
    this.stepSpent = undefined
    this.stepFinish = undefined
    this.files = []
    this.stepOpen = false
    this.messageOpen = false
    this.stepSignature = undefined
    out.push({ type: "STEP_FINISHED", stepName: `step-${this.step}` })
  }

  private outcome(): AgUiEvent.Outcome {
    if (this.interrupts.length > 0) return { type: "interrupt", interrupts: this.interrupts }
    return this.pendingCalls.size === 0
      ? { type: "success" }
      : { type: "success", pendingToolCallIds: [...this.pendingCalls] }
  }

  private finished(outcome: AgUiEvent.Outcome, out: Out): void {
    const sums = this.sources.sums()
    out.push({
      type: "RUN_FINISHED",
      threadId: this.ids.threadId,
      runId: this.ids.runId,
      outcome,
      ...(sums?.usage === undefined ? {} : { usage: sums.usage }),
      ...(sums === undefined ? {} : { metadata: sums.metadata })
    })
  }
}

/**
 * The events of a run's UI chunks. Under a resumable run, the stopped ending of the UI conversion it reads
 * (`StopHeard.take`) becomes the run's, through the same converter (`RUN_FINISHED` with its sums).
 */
export const convert = <E, R>(
  self: Stream.Stream<UIChunk.Chunk, E, R>,
  ids: RunIds,
  sources: Sources
): Stream.Stream<AgUiEvent.Event, E, R> =>
  Transducer.transduceIn<UIChunk.Chunk, AgUiEvent.Event, never>((context) => {
    const converter = new AgUiConverter(ids, sources)
    Context.getOrUndefined(context, StopHeard.Within)?.map((chunks) => {
      const out: Out = []
      converter.push(chunks as ReadonlyArray<UIChunk.Chunk>, out)
      return out
    })
    return {
      push: (chunks) => {
        const out: Out = []
        converter.push(chunks, out)
        return { out, next: "continue" }
      },
      end: () => ({ out: [], next: "done" })
    }
  })(self)
