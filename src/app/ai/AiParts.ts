/**
 * This library's chunks → `effect/ai` stream parts, a view of the one fold (`Accumulator`): a tool call's state and
 * completion are the fold's, and the finish part is computed from exactly the response `CallStream.accumulate` gives.
 *
 * - Text and reasoning come in blocks (`*-start`, deltas, `*-end` under one id), ending when the provider's content
 *   block stops, when the other kind starts, or at the end. The opaque state the provider put on a part
 *   (`AssistantTurn.State`) travels on its `reasoning-end`, `text-end` or `tool-call`, so that a `Chat`'s history
 *   sends it back on the same part.
 * - A tool call streams `tool-params-*` parts, and `tool-call` as soon as the provider says it is complete.
 * - A structured-output call (`generateObject`) is read by `CallStream.object`'s view (`ObjectFold`): its answer is
 *   the text, or the output tool's arguments streamed as text (the model's own text then as reasoning). Without a
 *   valid answer it fails as `object` does: a refusal with a `ContentPolicyError`, the rest with a
 *   `StructuredOutputError` carrying the text.
 * - A refusal of any other call is text: what the model said when it declined reaches the user.
 * - `finish` after every other part: usage and the finish reason arrive late, and the cost needs both.
 *
 * @internal
 */
import * as AiError from "effect/ai/AiError"
import type * as Response from "effect/ai/Response"
import type * as Arr from "effect/Array"
import * as Result from "effect/Result"
import type * as Stream from "effect/Stream"
import * as CallResponse from "../../core/call/CallResponse.js"
import type * as CallResponseChunk from "../../core/call/CallResponseChunk.js"
import type * as PriceTable from "../../core/call/PriceTable.js"
import * as Accumulator from "../../core/fold/Accumulator.js"
import * as ObjectFold from "../../core/fold/ObjectFold.js"
import type * as StreamEvent from "../../core/fold/StreamEvent.js"
import * as ToolCallFragments from "../../core/fold/ToolCallFragments.js"
import type * as Output from "../../core/Output.js"
import * as Transducer from "../../core/stream/Transducer.js"
import type * as Tool from "../../core/Tool.js"
import * as TurnCarry from "../../providers/TurnCarry.js"
import * as TurnState from "../../providers/TurnState.js"
import * as AiErrors from "./AiErrors.js"
import * as AiFinish from "./AiFinish.js"
import * as AiMetadata from "./AiMetadata.js"
import type * as AiTools from "./AiTools.js"

type Part = Response.StreamPartEncoded

/** Whether a part can carry its response's whole turn (`AiMetadata.turnKey`). */
const carries = (
  part: Part
): part is Extract<Part, { readonly type: "text-end" | "reasoning-end" | "tool-call" | "tool-result" | "file" }> =>
  part.type === "text-end" || part.type === "reasoning-end" || part.type === "tool-call" ||
  part.type === "tool-result" || part.type === "file"

/** What the stage needs besides the chunks. */
export interface Options {
  readonly priceTable: PriceTable.Service
  /** When the request was made (ISO), the timestamp of a response whose provider sends none. */
  readonly requestedAt: string
  readonly tools: Pick<AiTools.Plan, "output" | "params" | "provided">
  /** The method `AiError`s are reported for (`streamText`, `generateText`). */
  readonly method: string
}

interface OpenBlock {
  readonly kind: "text" | "reasoning"
  readonly id: string
  /** The provider's content-block index, for providers that stream blocks. */
  readonly blockIndex: number | undefined
}

/** The state the provider put on a part (`TurnState`) as the `metadata` of its `effect/ai` part. */
const metadataOf = (
  located: TurnState.Located | undefined
): { readonly metadata: Response.ProviderMetadata } | undefined => {
  if (located === undefined) return undefined
  const metadata: AiMetadata.ReasoningMetadata = TurnState.toJson(located)
  return { metadata: { [AiMetadata.metadataKey]: metadata } }
}

class Mapper {
  /** The one fold of the stream: the response so far, tool calls and their completion included. */
  private readonly response = new Accumulator.Accumulator()
  private metadataSent = false
  private open: OpenBlock | undefined = undefined
  /** The content block the provider is streaming into (Anthropic, Bedrock). */
  private currentBlock: number | undefined = undefined
  private nextId = 0
  /** Positions (in the fold's `toolCalls`) of the calls whose `tool-params-start` was emitted. */
  private readonly started = new Set<number>()
  /** The ids of the provider-executed calls whose `tool-call` was emitted. */
  private readonly serverCalls = new Set<string>()
  private readonly options: Options
  /** What the stream carried besides text, for the usage split (see `AiFinish.usage`). */
  private readonly streamed = { reasoning: false, audio: false }
  /** The answer of a structured-output call, read by the same view as `CallStream.object`. */
  private readonly object: ObjectFold.ObjectFold<unknown> | undefined
  /** Text of a structured-output call held until it is known to be the answer (or the model's aside). */
  private held = ""
  /**
   * The last part a batch ended with, when it ends a text, a reasoning or a tool call: held until the next batch or
   * the end, so that a turn its parts would not write again can travel on it (`TurnCarry`, `AiMetadata.turnKey`).
   */
  private last: Part | undefined = undefined

  constructor(options: Options) {
    this.options = options
    this.object = options.tools.output === undefined
      ? undefined
      : new ObjectFold.ObjectFold(options.tools.output, false)
  }

  push(chunks: Arr.NonEmptyReadonlyArray<CallResponseChunk.CallResponseChunk>): Transducer.Step<Part, AiError.AiError> {
    const out = this.released()
    for (const chunk of chunks) {
      const error = this.chunk(chunk, out)
      if (error !== undefined) return { out, next: "fail", error }
    }
    // Only a response with the provider's blocks can carry its turn: the others' parts go on at once.
    const tail = out[out.length - 1]
    if (tail !== undefined && this.response.blockRecords.length > 0 && carries(tail)) this.last = out.pop()
    return { out, next: "continue" }
  }

  /** The part held from the last batch (taken): the start of the next one, or handed on before a failure. */
  released(): Array<Part> {
    const last = this.last
    this.last = undefined
    return last === undefined ? [] : [last]
  }

  end(): Transducer.Step<Part, AiError.AiError> {
    const out = this.released()
    this.close(out)
    this.response.end()
    const error = this.completeCalls(out)
    if (error !== undefined) return { out, next: "fail", error }
    this.carryTurn(out)
    this.sendMetadata(undefined, out)
    const response = CallResponse.fromAccumulator(this.response, this.options.priceTable)
    if (this.object !== undefined) {
      if (this.object.answerSource === undefined) this.text(this.held, out)
      else this.answerText("", out)
      // A structured-output call without a valid answer (refused, cut, not JSON, twice) fails as `object` does.
      const answer = this.object.end(this.response)
      if (Result.isFailure(answer)) return { out, next: "fail", error: this.outputError(answer.failure) }
    }
    out.push(AiFinish.part(response, { structuredOutput: this.object !== undefined, streamed: this.streamed }))
    return { out, next: "done" }
  }

  private chunk(chunk: CallResponseChunk.CallResponseChunk, out: Array<Part>): AiError.AiError | undefined {
    let stopped: number | undefined
    let failed: Output.OutputError | undefined
    // Each event is read right after the fold took it in, so a call's state is the state at that fragment.
    this.response.push(chunk, (event) => {
      if (this.object !== undefined) {
        failed ??= this.object.event(event, this.response)
        // Text held until the answer's source was known goes where it belongs as soon as it is.
        if (this.held !== "" && this.object.answerSource !== undefined) this.answerText("", out)
      }
      stopped = this.event(event, out) ?? stopped
    })
    if (failed !== undefined) return this.outputError(failed)
    const error = this.completeCalls(out)
    if (error !== undefined) return error
    if (stopped !== undefined && this.open !== undefined && this.open.blockIndex === stopped) this.close(out)
    return undefined
  }

  /** Hands on the parts of one event the fold took in; the index of a content block it stopped, if it stopped one. */
  private event(event: StreamEvent.StreamEvent, out: Array<Part>): number | undefined {
    switch (event._tag) {
      case "Metadata":
        this.sendMetadata(event, out)
        break
      case "BlockUpdate": {
        const update = event.update
        if (update._tag === "Start" || update._tag === "Open") {
          this.currentBlock = update.index
          if (TurnState.startsReasoning(update)) this.reasoning(out)
        } else if (update._tag === "Stop") return update.index
        else if (update._tag === "Part") this.endPart(update.index, out)
        break
      }
      case "ReasoningDelta":
        out.push({ type: "reasoning-delta", id: this.reasoning(out).id, delta: event.text })
        break
      case "RedactedReasoning":
      case "ReasoningSignature":
        // Its state is read from the block when the reasoning block ends.
        this.reasoning(out)
        break
      case "AudioDelta":
        if (event.data) this.streamed.audio = true
        // What the model said aloud is the answer's text, as its turn's (`CallResponse.toMessage`).
        if (event.transcript && this.object === undefined) this.text(event.transcript, out)
        break
      case "RefusalDelta":
        // A refusal is the model's answer in text; a structured-output call fails on it at the end instead.
        if (this.object === undefined) {
          out.push({ type: "text-delta", id: this.ensure("text", out).id, delta: event.text })
        }
        break
      case "TextDelta":
        if (this.object === undefined) this.text(event.text, out)
        else this.answerText(event.text, out)
        break
      case "ToolCallDelta":
        if (ToolCallFragments.isFirstChoice(event)) this.callDelta(event, out)
        break
      case "ServerToolResult":
        this.serverResult(event.result, out)
        break
      case "FileOutput":
        // A file the model made (an image Gemini drew) is a part of its own, after what came before it.
        this.close(out)
        out.push({ type: "file", mediaType: event.mediaType, data: event.data })
        break
    }
    return undefined
  }

  /** The response's whole turn on its last part that `carries`, when its parts would not write it again. */
  private carryTurn(out: Array<Part>): void {
    const carried = TurnCarry.ofFold(this.response)
    if (carried === undefined) return
    for (let index = out.length - 1; index >= 0; index--) {
      const part = out[index]!
      if (carries(part)) {
        // The turn is JSON (the provider's own blocks, as parsed).
        const turn = carried as unknown as Response.ProviderMetadata[string]
        out[index] = { ...part, metadata: { ...part.metadata, [AiMetadata.turnKey]: turn } }
        return
      }
    }
  }

  /** The open reasoning block (started if needed): the stream carried reasoning. */
  private reasoning(out: Array<Part>): OpenBlock {
    this.streamed.reasoning = true
    return this.ensure("reasoning", out)
  }

  private text(text: string, out: Array<Part>): void {
    if (text !== "") out.push({ type: "text-delta", id: this.ensure("text", out).id, delta: text })
  }

  /**
   * Text of a structured-output call: the answer once it shows a JSON value (the text is the answer), the
   * model's aside when the answer comes through the output tool (reported as reasoning, so that the object is
   * the only text `generateObject` decodes), held until one or the other is known.
   */
  private answerText(text: string, out: Array<Part>): void {
    const source = this.object!.answerSource
    if (source === undefined) {
      this.held += text
      return
    }
    const pending = this.held + text
    this.held = ""
    if (source === "text") this.text(pending, out)
    else if (pending !== "") out.push({ type: "reasoning-delta", id: this.ensure("reasoning", out).id, delta: pending })
  }

  /** An `OutputError` as `effect/ai` reports it: a refusal is a content-policy error, the rest a structured-output error. */
  private outputError(error: Output.OutputError): AiError.AiError {
    return AiErrors.make(
      this.options.method,
      error.reason === "refusal"
        ? new AiError.ContentPolicyError({ description: error.message })
        : new AiError.StructuredOutputError({ description: error.message, responseText: error.text })
    )
  }

  private sendMetadata(metadata: StreamEvent.Metadata | undefined, out: Array<Part>): void {
    if (this.metadataSent) return
    this.metadataSent = true
    const id = metadata?.id ?? this.response.id
    const modelId = metadata?.model ?? this.response.model
    const created = metadata?.created
    out.push({
      type: "response-metadata",
      ...(id === undefined ? {} : { id }),
      ...(modelId === undefined ? {} : { modelId }),
      timestamp: created !== undefined && Number.isFinite(created) && created > 0
        ? new Date(created * 1000).toISOString()
        : this.options.requestedAt
    })
  }

  /** The open block of `kind` in the current content block, starting it (and ending another) if needed. */
  private ensure(kind: OpenBlock["kind"], out: Array<Part>): OpenBlock {
    const open = this.open
    if (open !== undefined && open.kind === kind && open.blockIndex === this.currentBlock) return open
    this.close(out)
    const block: OpenBlock = { kind, id: String(this.nextId++), blockIndex: this.currentBlock }
    this.open = block
    out.push({ type: kind === "text" ? "text-start" : "reasoning-start", id: block.id })
    return block
  }

  /** Ends the open block, with the state of its content block (or, `part`, of its part of the block). */
  private close(out: Array<Part>, part = false): void {
    const open = this.open
    if (open === undefined) return
    this.open = undefined
    const stateAt = part ? TurnState.partStateAt : TurnState.stateAt
    const metadata = metadataOf(stateAt(this.response, open.blockIndex, open.kind === "text" ? "Text" : "Reasoning"))
    out.push({ type: open.kind === "text" ? "text-end" : "reasoning-end", id: open.id, ...metadata })
  }

  /**
   * Ends the open reasoning part of block `index` where the provider goes on in another part of the block (a Responses
   * reasoning item's next summary part): it ends with the item's id, and the next reasoning starts a part.
   */
  private endPart(index: number, out: Array<Part>): void {
    if (this.open?.kind === "reasoning" && this.open.blockIndex === index) this.close(out, true)
  }

  /** Streams a call's arguments: `tool-params-start` once its id and name are known, then its fragments. */
  private callDelta(delta: ToolCallFragments.ToolCallDelta, out: Array<Part>): void {
    const response = this.response
    const position = response.positionOf(delta)
    const call = response.toolCallRecords[position]!.call
    if (call.name !== "" && call.name === this.options.tools.output?.name) {
      // The structured output's forced tool: its arguments are the answer, streamed as text (from the start).
      this.text(this.started.has(position) ? delta.arguments : call.arguments, out)
      this.started.add(position)
      return
    }
    if (!this.started.has(position)) {
      if (call.id === "" || call.name === "") return
      this.started.add(position)
      out.push({ type: "tool-params-start", id: call.id, name: this.options.tools.provided.programToolOf(call.name) })
      // Fragments that came before the call could start, and this one.
      if (call.arguments !== "") out.push({ type: "tool-params-delta", id: call.id, delta: call.arguments })
      return
    }
    if (delta.arguments !== "") out.push({ type: "tool-params-delta", id: call.id, delta: delta.arguments })
  }

  /**
   * A result of a call the provider ran, of a tool the request declared (`Tool.providerDefined`): the call's
   * `tool-call` (once), then its `tool-result`, both provider-executed, after what came before them; a failure as
   * the provider reports one (`ProviderDefinedTools`), which the tool's `failure` Schema decodes.
   */
  private serverResult(result: Tool.ServerToolResult, out: Array<Part>): void {
    const call = this.response.serverToolCallRecords.find((record) => record.call.id === result.toolUseId)?.call
    const name = call === undefined ? undefined : this.options.tools.provided.toolOf(call)
    if (call === undefined || name === undefined) return
    this.close(out)
    if (!this.serverCalls.has(call.id)) {
      this.serverCalls.add(call.id)
      const params = this.options.tools.provided.paramsOf(call, result)
      out.push({ type: "tool-call", id: call.id, name, params, providerExecuted: true })
    }
    out.push({
      type: "tool-result",
      id: call.id,
      name,
      result: result.content,
      isFailure: this.options.tools.provided.failed(result),
      providerExecuted: true
    })
  }

  /** `tool-params-end` and `tool-call` for every call of the first choice the fold completed. */
  private completeCalls(out: Array<Part>): AiError.AiError | undefined {
    const response = this.response
    for (const position of response.takeCompleted()) {
      // A call of another choice (`n > 1`) is not part of this response.
      const { call, slot } = response.toolCallRecords[position]!
      if (!ToolCallFragments.isFirstChoice(slot)) continue
      if (call.name === this.options.tools.output?.name) continue
      const name = this.options.tools.provided.programToolOf(call.name)
      const params = this.options.tools.params(name, call.arguments)
      if (Result.isFailure(params)) return AiErrors.make(this.options.method, params.failure)
      if (this.started.has(position)) out.push({ type: "tool-params-end", id: call.id })
      out.push({
        type: "tool-call",
        id: call.id,
        name,
        params: params.success,
        ...metadataOf(TurnState.stateAt(this.response, slot.index, "ToolCall"))
      })
    }
    return undefined
  }
}

/** The stream parts of a stream of chunks (a failure of the chunks' stream passes through). */
export const fromChunks = (options: Options) =>
<E, R>(
  chunks: Stream.Stream<CallResponseChunk.CallResponseChunk, E, R>
): Stream.Stream<Part, E | AiError.AiError, R> =>
  Transducer.transduce<CallResponseChunk.CallResponseChunk, Part, AiError.AiError>(() => {
    const mapper = new Mapper(options)
    return { push: (chunks) => mapper.push(chunks), end: () => mapper.end(), failed: () => mapper.released() }
  })(chunks)
