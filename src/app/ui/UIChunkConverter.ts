/**
 * Converts a call's chunks into the UI message stream's chunks, reading each event right after the step's fold
 * (`Accumulator`) took it in, so that a tool call's state and completion are the fold's (as `CallStream.toolCalls`).
 * Text and reasoning go in blocks (`*-start`, deltas passed on as they arrive, `*-end`), a block ending with the
 * provider's content block, the other kind, or the step. A tool call's arguments go fragment by fragment while the call
 * is short, then in larger pieces (`sendsNow`), what is held sent before anything else. The provider's opaque state on
 * a part (`TurnState`) is that part's `providerMetadata` under this library's key, which the `ai` client keeps and
 * `toMessages` writes back; a turn its parts would not write again goes whole at the step's end (`UITurnCarry`). A
 * citation's URL is a `source-url` only for `http:` and `https:` (never `javascript:` or `data:`); a cited document
 * is a `source-document` (`UIDocumentSources`), once per document.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as CallResponseChunk from "../../core/call/CallResponseChunk.js"
import * as Accumulator from "../../core/fold/Accumulator.js"
import type * as ContentBlocks from "../../core/fold/ContentBlocks.js"
import type * as StreamEvent from "../../core/fold/StreamEvent.js"
import * as ToolCallFragments from "../../core/fold/ToolCallFragments.js"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import * as Payload from "../../core/payload/Payload.js"
import * as JsonDepth from "../../core/schema/JsonDepth.js"
import * as Tool from "../../core/Tool.js"
import * as ProviderProfiles from "../../providers/ProviderProfiles.js"
import * as TurnCarry from "../../providers/TurnCarry.js"
import * as TurnState from "../../providers/TurnState.js"
import * as UIHistorySigner from "../history/UIHistorySigner.js"
import type * as UIChunk from "../protocol/UIChunk.js"
import * as UIDocumentSources from "./UIDocumentSources.js"
import * as UIRedaction from "./UIRedaction.js"

/** How chunks are converted. */
export interface ConverterOptions {
  /** Whether reasoning is sent to the browser (default `true`). */
  readonly sendReasoning?: boolean | undefined
  /** The request's tools: a call their Schema rejects (or to another tool) is a `tool-input-error`. */
  readonly tools?: ReadonlyArray<Tool.Tool> | undefined
  /** The text a failed tool call shows the browser (default: `UIRedaction.redact`). */
  readonly redact?: ((failure: UIRedaction.ToolFailure) => string) | undefined
}

interface OpenBlock {
  readonly kind: "text" | "reasoning"
  readonly id: string
  /** The provider's content-block index (Anthropic, Bedrock). */
  readonly blockIndex: number | undefined
}

/** A tool call's arguments as the protocol's `input`: parsed JSON (`{}` when empty), or why they are not. */
const parseInput = (
  call: Tool.ToolCall,
  tools: ReadonlyArray<Tool.Tool> | undefined
): Result.Result<unknown, { readonly input: unknown; readonly errorText: string }> => {
  const parsed = parseJson(call.arguments)
  const input = parsed === Payload.invalidJson ? parsed : CanonicalJson.readableValue(parsed)
  if (tools !== undefined) {
    const decoded = Tool.decodeCall(tools, call)
    if (Result.isSuccess(decoded)) return Result.succeed(input)
    return Result.fail({
      input: input === Payload.invalidJson ? call.arguments : input,
      errorText: decoded.failure.message
    })
  }
  return input === Payload.invalidJson
    ? Result.fail({
      input: call.arguments,
      errorText: Payload.nestsTooDeep(call.arguments)
        ? `the arguments of tool call ${call.id} are ${JsonDepth.tooDeep}`
        : `the arguments of tool call ${call.id} are not valid JSON`
    })
    : Result.succeed(input)
}

/** Whether `url` may be a link a browser shows: an absolute `http:` or `https:` URL, no scheme a click would run. */
const isWebUrl = (url: string): boolean => {
  if (!/^https?:\/\//i.test(url)) return false
  try {
    const protocol = new URL(url).protocol
    return protocol === "http:" || protocol === "https:"
  } catch {
    return false
  }
}

/** A failed tool call's chunk: its text `redact`'s, never the error's detail. */
export const toolError = (
  redact: (failure: UIRedaction.ToolFailure) => string,
  call: { readonly id: string; readonly name: string },
  error: unknown,
  providerExecuted: boolean
): UIChunk.ToolOutputError => ({
  type: "tool-output-error",
  toolCallId: call.id,
  errorText: redact(new UIRedaction.ToolFailure({ toolName: call.name, toolCallId: call.id, error, providerExecuted }))
})

/** Arguments as JSON (`{}` when empty); arguments nested too deep to send on are not JSON here either. */
const parseJson = (text: string): unknown => text.trim() === "" ? {} : Payload.parseJson(text)

/** Below this many characters sent, each fragment of a call's arguments is sent as it comes. */
const eagerInput = 1024

/** The longest a held fragment waits while more of its call comes: a slow call still shows its progress. */
const maxHoldMillis = 250

/**
 * Whether a call's held arguments go now for their size, of `total` characters so far with `held` of them not sent:
 * each fragment as it comes while the call is short, then once what is held is a quarter of what was sent, so that a
 * call sent at once sends a number of `tool-input-delta`s that grows with the logarithm of its size (and a slow one, its
 * held text sent with its first fragment after `maxHoldMillis`, at most four a second). The `ai` client parses the call's whole text again on each
 * one: one per fragment made a long call quadratic in the browser (16,000 parses of up to 512 KB).
 */
const sendsNow = (total: number, held: number): boolean => {
  const sent = total - held
  return sent < eagerInput || held * 4 >= sent
}

/** Converts the chunks of one message's steps into the array each method is given. */
export class UIChunkConverter {
  private readonly sendReasoning: boolean
  private readonly tools: ReadonlyArray<Tool.Tool> | undefined
  private readonly redact: (failure: UIRedaction.ToolFailure) => string
  private step: Accumulator.Accumulator | undefined = undefined
  /** Whether a step is open. */
  inStep = false
  private open: OpenBlock | undefined = undefined
  private currentBlock: number | undefined = undefined
  /** Block ids are unique in the message. */
  private nextId = 0
  /** Positions in the fold's `toolCallRecords` of the calls whose `tool-input-start` was sent. */
  private started = new Set<number>()
  private readonly sources = new Set<string>()
  /** The documents the answer cited: told the request its call sent (`DocumentSources.told`), they are its files. */
  readonly documents = new UIDocumentSources.DocumentSources()
  /** Ids of the provider's own calls whose input was sent. */
  private serverSent = new Set<string>()
  /** Where the step's first server call with each id is in `serverToolCallRecords`, up to `serverIndexed`. */
  private serverPositions = new Map<string, number>()
  private serverIndexed = 0
  /** The arguments of a call taken in and not sent yet (`sendHeld`), its id and its position in `toolCallRecords`. */
  private held = ""
  private heldId = ""
  private heldAt = -1
  /** When the held arguments began to be held (`Date.now()`: the converter is pure, the wait only a pace). */
  private heldSince = 0

  constructor(options: ConverterOptions = {}) {
    this.sendReasoning = options.sendReasoning ?? true
    this.tools = options.tools
    this.redact = options.redact ?? UIRedaction.redact
  }

  /** The fold of the current step (or of the last one, after `finishStep`); `undefined` before any step. */
  get response(): Accumulator.Accumulator | undefined {
    return this.step
  }

  /** `start-step`, with a fresh fold. */
  startStep(out: Array<UIChunk.Chunk>): void {
    if (this.inStep) this.finishStep(out)
    this.step = new Accumulator.Accumulator()
    this.inStep = true
    this.currentBlock = undefined
    this.started = new Set()
    this.serverSent = new Set()
    this.serverPositions = new Map()
    this.serverIndexed = 0
    this.heldAt = -1
    out.push({ type: "start-step" })
  }

  /** Folds one chunk in and sends what it adds (starting a step if none is open). */
  push(chunk: CallResponseChunk.Common, out: Array<UIChunk.Chunk>): void {
    if (!this.inStep) this.startStep(out)
    const step = this.step!
    let stopped: number | undefined
    step.push(chunk, (event) => {
      switch (event._tag) {
        case "BlockUpdate": {
          const update = event.update
          if (update._tag === "Start" || update._tag === "Open") {
            this.currentBlock = update.index
            if (this.sendReasoning && TurnState.startsReasoning(update)) this.ensure("reasoning", out)
          } else if (update._tag === "Stop") {
            stopped = update.index
            // What comes after the block (a refusal's words the provider sends with its stop reason) is none of it.
            if (this.currentBlock === update.index) this.currentBlock = undefined
          } else if (update._tag === "Citation") this.citation(update, out)
          else if (update._tag === "Part") this.endPart(update.index, out)
          break
        }
        case "ReasoningDelta":
          if (this.sendReasoning && event.text !== "") {
            out.push({ type: "reasoning-delta", id: this.ensure("reasoning", out).id, delta: event.text })
          }
          break
        case "RedactedReasoning":
        case "ReasoningSignature":
          // Reasoning whose state comes without text: its part ends with the state read from its block.
          if (this.sendReasoning) this.ensure("reasoning", out)
          break
        case "RefusalDelta":
          if (event.text !== "") this.told(event.text, out)
          break
        case "TextDelta":
          if (event.text !== "") out.push({ type: "text-delta", id: this.ensure("text", out).id, delta: event.text })
          break
        case "AudioDelta":
          // What the model said aloud is the answer's text (the audio itself has no part in the UI message stream).
          if (event.transcript) {
            out.push({ type: "text-delta", id: this.ensure("text", out).id, delta: event.transcript })
          }
          break
        case "ToolCallDelta":
          if (ToolCallFragments.isFirstChoice(event)) this.callDelta(event, out)
          break
        case "ServerToolResult":
          this.serverResult(event, out)
          break
        case "FileOutput":
          // A file is a part of its own, after what came before it.
          this.closeBlock(out)
          out.push({ type: "file", url: `data:${event.mediaType};base64,${event.data}`, mediaType: event.mediaType })
          break
      }
    })
    this.completeCalls(out)
    if (stopped !== undefined && this.open !== undefined && this.open.blockIndex === stopped) this.closeBlock(out)
  }

  /** Ends the step whose stream ended cleanly (its open block, its calls, `finish-step`); returns its fold. */
  finishStep(out: Array<UIChunk.Chunk>): Accumulator.Accumulator {
    if (!this.inStep) this.startStep(out)
    const step = this.step!
    this.closeBlock(out)
    step.end()
    this.completeCalls(out)
    // The provider's own calls whose result never came are still part of the answer.
    for (const { call, slot } of step.serverToolCallRecords) {
      if (ToolCallFragments.isFirstChoice(slot)) this.serverInput(call, out)
    }
    this.tellWithheld(step, out)
    // A turn its parts would not write again goes whole, to the signer: sealed, when the browser is sent no reasoning.
    const carried = TurnCarry.ofFold(step, !this.sendReasoning)
    if (carried !== undefined) {
      out.push(UIHistorySigner.handOff({ _tag: "Turn", turn: { turn: carried, sealed: !this.sendReasoning } }))
    }
    this.inStep = false
    out.push({ type: "finish-step" })
    return step
  }

  /**
   * Tells why the provider stopped the step's answer on its policy, where it gave no words of refusal of its own: the
   * sentence of its provider's row (`ProviderProfiles.withheldNotice`), as a text part of its own after the answer.
   */
  private tellWithheld(step: Accumulator.Accumulator, out: Array<UIChunk.Chunk>): void {
    const notice = ProviderProfiles.withheldNotice(step)
    if (notice === undefined) return
    this.closeBlock(out)
    this.currentBlock = undefined
    this.told(notice, out)
    this.closeBlock(out)
  }

  /**
   * Text of a refusal (its words, or the sentence telling its cause), a paragraph of its own where it opens a block
   * after the step's text (Claude's explanation after what it had said): a client that joins a message's text blocks
   * (AG-UI's) shows it apart, and the model reads it so again.
   */
  private told(text: string, out: Array<UIChunk.Chunk>): void {
    const before = this.open
    const id = this.ensure("text", out).id
    const apart = this.open !== before && this.step!.content.trim() !== ""
    out.push({ type: "text-delta", id, delta: apart ? `\n\n${text}` : text })
  }

  /** Ends the model's part of a loop's step, before its tools' outputs: its open block and its calls. */
  endOutput(out: Array<UIChunk.Chunk>): void {
    if (!this.inStep) return
    this.closeBlock(out)
    this.step!.end()
    this.completeCalls(out)
  }

  /** The open block of `kind` in the current content block, starting it (and ending another) if needed. */
  private ensure(kind: OpenBlock["kind"], out: Array<UIChunk.Chunk>): OpenBlock {
    if (this.held !== "") this.sendHeld(out)
    const open = this.open
    if (open !== undefined && open.kind === kind && open.blockIndex === this.currentBlock) return open
    this.closeBlock(out)
    const block: OpenBlock = {
      kind,
      id: `${kind === "text" ? "t" : "r"}${this.nextId++}`,
      blockIndex: this.currentBlock
    }
    this.open = block
    out.push({ type: kind === "text" ? "text-start" : "reasoning-start", id: block.id })
    return block
  }

  /** Ends the open block (before an `error` or `abort`: the text so far stays shown). */
  closeBlock(out: Array<UIChunk.Chunk>): void {
    this.sendHeld(out)
    const open = this.open
    if (open === undefined) return
    this.open = undefined
    out.push({
      type: open.kind === "text" ? "text-end" : "reasoning-end",
      id: open.id,
      ...this.stateOf(open.blockIndex, open.kind === "text" ? "Text" : "Reasoning")
    })
  }

  /**
   * Ends the open reasoning part of block `index` where the provider goes on in another part of it (a Responses
   * reasoning item's next summary part, a part of its own in `ai`'s provider), with the item's id.
   */
  private endPart(index: number, out: Array<UIChunk.Chunk>): void {
    const open = this.open
    if (open === undefined || open.kind !== "reasoning" || open.blockIndex !== index) return
    this.sendHeld(out)
    this.open = undefined
    const located = TurnState.partStateAt(this.step!, index, "Reasoning")
    out.push({
      type: "reasoning-end",
      id: open.id,
      ...(located === undefined ? {} : { providerMetadata: { [TurnState.metadataKey]: TurnState.toJson(located) } })
    })
  }

  /** A part's `providerMetadata`, when the provider put state on its content block. */
  private stateOf(
    blockIndex: number | undefined,
    kind: "Text" | "Reasoning" | "ToolCall"
  ): { readonly providerMetadata: UIChunk.ProviderMetadata } | undefined {
    const located = this.step === undefined ? undefined : TurnState.stateAt(this.step, blockIndex, kind)
    return located === undefined
      ? undefined
      : { providerMetadata: { [TurnState.metadataKey]: TurnState.toJson(located) } }
  }

  /** Streams a call's arguments: `tool-input-start` once its id and name are known, then its fragments. */
  private callDelta(delta: ToolCallFragments.ToolCallDelta, out: Array<UIChunk.Chunk>): void {
    const step = this.step!
    const position = step.positionOf(delta)
    const { call, complete } = step.toolCallRecords[position]!
    if (complete) return
    let text = delta.arguments
    if (!this.started.has(position)) {
      if (call.id === "" || call.name === "") return
      this.started.add(position)
      this.closeBlock(out)
      out.push({ type: "tool-input-start", toolCallId: call.id, toolName: call.name })
      // The fragments that came before the call could start, and this one.
      text = call.arguments
    }
    if (text === "") return
    // Another call's held fragments go first; this call's wait until `sendsNow`.
    if (this.heldAt !== position) this.sendHeld(out)
    const holding = this.held !== ""
    this.held += text
    this.heldId = call.id
    this.heldAt = position
    if (sendsNow(call.arguments.length, this.held.length)) this.sendHeld(out)
    else if (!holding) this.heldSince = Date.now()
    else if (Date.now() - this.heldSince >= maxHoldMillis) this.sendHeld(out)
  }

  /**
   * Sends the arguments held back of the call being streamed (`sendsNow`), as one `tool-input-delta`. Anything else
   * written to the answer is written after it: the converter's own chunks, and what its users write (a tool's output,
   * an approval request, `error`, `abort`), who call it first.
   */
  sendHeld(out: Array<UIChunk.Chunk>): void {
    if (this.held === "") return
    out.push({ type: "tool-input-delta", toolCallId: this.heldId, inputTextDelta: this.held })
    this.held = ""
  }

  /** `tool-input-available` (or `tool-input-error`) for every call of the first choice the fold completed. */
  private completeCalls(out: Array<UIChunk.Chunk>): void {
    const step = this.step!
    for (const position of step.takeCompleted()) {
      const { call, slot } = step.toolCallRecords[position]!
      if (!ToolCallFragments.isFirstChoice(slot)) continue
      this.sendHeld(out)
      // The id the call has everywhere, given where its provider sent none or an earlier call's (`CallIds`).
      const toolCallId = call.id
      const toolName = call.name
      const input = parseInput(call, this.tools)
      const state = this.stateOf(slot.index, "ToolCall")
      out.push(
        Result.isSuccess(input)
          ? { type: "tool-input-available", toolCallId, toolName, input: input.success, ...state }
          : { type: "tool-input-error", toolCallId, toolName, ...input.failure, ...state }
      )
    }
  }

  /**
   * A citation with a URL (a web search result the text cites) as a `source-url`, once per URL; of a document, as a
   * `source-document`, once per document.
   */
  private citation(update: ContentBlocks.Update & { readonly _tag: "Citation" }, out: Array<UIChunk.Chunk>): void {
    if (update.document !== undefined) {
      const document = this.documents.sourceOf(update.document)
      if (document === undefined) return
      this.sendHeld(out)
      out.push(document)
      return
    }
    const citation = update.citation
    if (typeof citation !== "object" || citation === null) return
    const { title, url } = citation as { readonly url?: unknown; readonly title?: unknown }
    if (typeof url !== "string") return
    if (!isWebUrl(url) || this.sources.has(url)) return
    this.sources.add(url)
    this.sendHeld(out)
    out.push({
      type: "source-url",
      sourceId: `source-${this.sources.size}`,
      url,
      ...(typeof title === "string" ? { title } : {})
    })
  }

  /** The input of a call the provider ran itself, once. */
  private serverInput(call: Tool.ServerToolCall, out: Array<UIChunk.Chunk>): void {
    if (call.id === "" || this.serverSent.has(call.id)) return
    this.serverSent.add(call.id)
    this.closeBlock(out)
    out.push({
      type: "tool-input-available",
      toolCallId: call.id,
      toolName: call.name,
      input: call.input,
      providerExecuted: true
    })
  }

  /** The result of a call the provider ran itself: its input (if not sent yet), then its output. */
  private serverResult(event: StreamEvent.ServerToolResult, out: Array<UIChunk.Chunk>): void {
    const step = this.step!
    const result = event.result
    if (result.toolUseId === "") return
    // A result answers the first call with its id, found by an index kept as they come (a scan per result was
    // quadratic in a hostile stream of many searches).
    const records = step.serverToolCallRecords
    for (; this.serverIndexed < records.length; this.serverIndexed++) {
      const id = records[this.serverIndexed]!.call.id
      if (!this.serverPositions.has(id)) this.serverPositions.set(id, this.serverIndexed)
    }
    const position = this.serverPositions.get(result.toolUseId)
    if (position === undefined) return
    const call = records[position]!.call
    this.sendHeld(out)
    this.serverInput(call, out)
    out.push(
      result.isError === true
        ? { ...toolError(this.redact, call, result.content, true), providerExecuted: true }
        : { type: "tool-output-available", toolCallId: call.id, output: result.content, providerExecuted: true }
    )
  }
}
