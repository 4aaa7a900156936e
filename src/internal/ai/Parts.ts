/**
 * This library's chunks → `effect/ai` stream parts, in one synchronous stage over each array of chunks.
 *
 * - `response-metadata` once, at the first chunk naming the response id or the model (its timestamp is
 *   the provider's `created` when it sends one, else the time the request was made).
 * - Text and reasoning come in blocks, each with `*-start`, its deltas and `*-end` under one id: a block
 *   ends when the provider's content block stops (Anthropic, Bedrock), when the other kind starts, or when
 *   the stream ends. A reasoning block's signature and redacted data travel on its `reasoning-end`.
 * - A tool call streams `tool-params-start` (once its id and name are known), a `tool-params-delta` per
 *   fragment, and `tool-params-end` + `tool-call` as soon as the provider says it is complete (the same
 *   rule as `CallStream.toolCalls`). The forced tool of a structured-output call streams as text instead
 *   (and the model's own text of such a call as reasoning, so that the object is the only text).
 * - A refusal (OpenAI's `refusal` deltas) is text: what the model said when it declined reaches the user,
 *   and the finish reason is `content-filter`. A structured-output call (`generateObject`) that was refused
 *   has no object: it fails with a `ContentPolicyError` quoting the refusal.
 * - `finish` when the stream has ended cleanly, after every other part: usage and the finish reason
 *   arrive late (OpenAI's usage chunk, Bedrock's `metadata`), and the cost needs both.
 *
 * The chunks are folded with `CallResponse.append` as they pass, so the finish part is computed from
 * exactly the response `CallStream.accumulate` would give.
 *
 * @internal
 */
import * as AiError from "effect/ai/AiError"
import type * as Response from "effect/ai/Response"
import type * as Arr from "effect/Array"
import * as Result from "effect/Result"
import type * as Stream from "effect/Stream"
import * as CallResponse from "../../CallResponse.js"
import type * as CallResponseChunk from "../../CallResponseChunk.js"
import type * as PriceTable from "../../PriceTable.js"
import type * as Tool from "../../Tool.js"
import * as Accumulator from "../Accumulator.js"
import * as Transducer from "../framing/Transducer.js"
import * as ToolCalls from "../ToolCalls.js"
import * as Errors from "./Errors.js"
import * as Finish from "./Finish.js"
import * as Metadata from "./Metadata.js"
import type * as Tools from "./Tools.js"

type Part = Response.StreamPartEncoded

/** What the stage needs besides the chunks. */
export interface Options {
  readonly priceTable: PriceTable.Service
  /** When the request was made (ISO), the timestamp of a response whose provider sends none. */
  readonly requestedAt: string
  readonly tools: Pick<Tools.Plan, "structuredToolName" | "structuredOutput" | "params">
  /** The method `AiError`s are reported for (`streamText`, `generateText`). */
  readonly method: string
}

interface OpenBlock {
  readonly kind: "text" | "reasoning"
  readonly id: string
  /** The provider's content-block index, for providers that stream blocks. */
  readonly blockIndex: number | undefined
  signature: string
  redactedData: string | undefined
}

interface OpenCall {
  id: string
  name: string
  /** Whether `tool-params-start` was emitted (it needs the id and the name). */
  started: boolean
  /** Argument fragments that came before the call could start. */
  pending: string
}

/** The provider's `created` (Unix seconds) of a Chat Completions chunk, as ISO. */
const createdAt = (chunk: CallResponseChunk.CallResponseChunk): string | undefined => {
  const created = (chunk.chunk as { readonly created?: unknown } | undefined)?.created
  return typeof created === "number" && Number.isFinite(created) && created > 0
    ? new Date(created * 1000).toISOString()
    : undefined
}

/** Redacted reasoning a chunk carries (Anthropic's `redacted_thinking` block start, Bedrock's `redactedContent`). */
const redactedReasoning = (chunk: CallResponseChunk.CallResponseChunk): string | undefined => {
  if (chunk.provider === "bedrock") return chunk.redactedReasoning
  if (chunk.provider !== "anthropic") return undefined
  const update = chunk.contentBlockUpdate
  return update?._tag === "Start" && update.block["type"] === "redacted_thinking" &&
      typeof update.block["data"] === "string"
    ? update.block["data"]
    : undefined
}

/**
 * What the model said when it refused, `""` for a refusal without words (Anthropic's `stop_reason:
 * "refusal"` before any text), `undefined` when it did not refuse.
 */
const refusalOf = (response: CallResponse.CallResponse): string | undefined =>
  response.refusal !== ""
    ? response.refusal
    : response.finishReasons.includes("refusal")
    ? response.content
    : undefined

const signatureOf = (chunk: CallResponseChunk.CallResponseChunk): string =>
  chunk.provider === "anthropic" || chunk.provider === "bedrock" ? chunk.signature : ""

/** Only the first choice is an `effect/ai` response (`n > 1` is not a thing there). */
const isFirstChoice = (delta: Tool.ToolCallDelta): boolean => delta.choice === undefined || delta.choice === 0

const slotKey = (delta: Tool.ToolCallDelta): string => `${delta.choice ?? 0}:${delta.index}`

class Mapper {
  private readonly response: Accumulator.Accumulator
  private metadataSent = false
  private open: OpenBlock | undefined = undefined
  /** The content block the provider is streaming into (Anthropic, Bedrock). */
  private currentBlock: number | undefined = undefined
  private nextId = 0
  private readonly calls = new Map<string, OpenCall>()
  private readonly assembler = new ToolCalls.Assembler()
  private readonly options: Options
  /** What the stream carried besides text, for the usage split (see `Finish.usage`). */
  private readonly streamed = { reasoning: false, audio: false }

  constructor(options: Options) {
    this.options = options
    this.response = new Accumulator.Accumulator(CallResponse.emptyWith(options.priceTable))
  }

  push(chunks: Arr.NonEmptyReadonlyArray<CallResponseChunk.CallResponseChunk>): Transducer.Step<Part, AiError.AiError> {
    const out: Array<Part> = []
    for (const chunk of chunks) {
      const error = this.chunk(chunk, out)
      if (error !== undefined) return { out, next: "fail", error }
    }
    return { out, next: "continue" }
  }

  end(): Transducer.Step<Part, AiError.AiError> {
    const out: Array<Part> = []
    this.close(out)
    const error = this.completeCalls(this.assembler.end(), out)
    if (error !== undefined) return { out, next: "fail", error }
    this.sendMetadata(undefined, out)
    const response = new CallResponse.CallResponse(this.response.fields())
    const refusal = this.options.tools.structuredOutput ? refusalOf(response) : undefined
    if (refusal !== undefined) {
      return {
        out,
        next: "fail",
        error: AiError.make({
          module: Errors.module,
          method: this.options.method,
          reason: new AiError.ContentPolicyError({
            description: `the model refused to answer${refusal === "" ? "" : `: "${refusal.slice(0, 1000)}"`}`
          })
        })
      }
    }
    out.push(
      Finish.part(response, {
        structuredOutput: this.options.tools.structuredToolName !== undefined,
        streamed: this.streamed
      })
    )
    return { out, next: "done" }
  }

  private chunk(chunk: CallResponseChunk.CallResponseChunk, out: Array<Part>): AiError.AiError | undefined {
    this.response.push(chunk)
    if (chunk.id !== undefined || chunk.model !== undefined) this.sendMetadata(chunk, out)
    const update = chunk.contentBlockUpdate
    if (update !== undefined && (update._tag === "Start" || update._tag === "Open")) this.currentBlock = update.index

    const redacted = redactedReasoning(chunk)
    if (redacted !== undefined) {
      this.streamed.reasoning = true
      const block = this.ensure("reasoning", out)
      block.redactedData = (block.redactedData ?? "") + redacted
    }
    const reasoning = chunk.reasoning
    if (reasoning !== "") {
      this.streamed.reasoning = true
      out.push({ type: "reasoning-delta", id: this.ensure("reasoning", out).id, delta: reasoning })
    }
    const signature = signatureOf(chunk)
    if (signature !== "") {
      this.streamed.reasoning = true
      this.ensure("reasoning", out).signature += signature
    }
    if ("audio" in chunk && chunk.audio !== undefined && chunk.audio.length > 0) this.streamed.audio = true
    // A refusal is the model's answer in text; a structured-output call fails on it at the end instead.
    const refusal = chunk.refusal
    if (refusal !== "" && !this.options.tools.structuredOutput) {
      out.push({ type: "text-delta", id: this.ensure("text", out).id, delta: refusal })
    }
    const content = chunk.content
    if (content !== "") {
      // In a structured-output call answered through its forced tool, the tool's input is the only text
      // (the answer `generateObject` decodes); what the model writes besides it is reported as reasoning.
      if (this.options.tools.structuredToolName === undefined) {
        out.push({ type: "text-delta", id: this.ensure("text", out).id, delta: content })
      } else {
        out.push({ type: "reasoning-delta", id: this.ensure("reasoning", out).id, delta: content })
      }
    }

    for (const delta of chunk.toolCallDeltas) {
      if (isFirstChoice(delta)) this.callDelta(delta, out)
    }
    const error = this.completeCalls(this.assembler.push(chunk).completed, out)
    if (error !== undefined) return error

    if (update?._tag === "Stop" && this.open !== undefined && this.open.blockIndex === update.index) this.close(out)
    return undefined
  }

  private sendMetadata(chunk: CallResponseChunk.CallResponseChunk | undefined, out: Array<Part>): void {
    if (this.metadataSent) return
    this.metadataSent = true
    const id = chunk?.id ?? this.response.id
    const modelId = chunk?.model ?? this.response.model
    out.push({
      type: "response-metadata",
      ...(id === undefined ? {} : { id }),
      ...(modelId === undefined ? {} : { modelId }),
      timestamp: (chunk === undefined ? undefined : createdAt(chunk)) ?? this.options.requestedAt
    })
  }

  /** The open block of `kind` in the current content block, starting it (and ending another) if needed. */
  private ensure(kind: OpenBlock["kind"], out: Array<Part>): OpenBlock {
    const open = this.open
    if (open !== undefined && open.kind === kind && open.blockIndex === this.currentBlock) return open
    this.close(out)
    const block: OpenBlock = {
      kind,
      id: String(this.nextId++),
      blockIndex: this.currentBlock,
      signature: "",
      redactedData: undefined
    }
    this.open = block
    out.push({ type: kind === "text" ? "text-start" : "reasoning-start", id: block.id })
    return block
  }

  private close(out: Array<Part>): void {
    const open = this.open
    if (open === undefined) return
    this.open = undefined
    if (open.kind === "text") {
      out.push({ type: "text-end", id: open.id })
      return
    }
    if (open.signature === "" && open.redactedData === undefined) {
      out.push({ type: "reasoning-end", id: open.id })
      return
    }
    const metadata: Metadata.ReasoningMetadata = {
      provider: this.response.provider ?? "unknown",
      signature: open.signature === "" ? null : open.signature,
      redactedData: open.redactedData ?? null
    }
    out.push({ type: "reasoning-end", id: open.id, metadata: { [Metadata.key]: metadata } })
  }

  private callDelta(delta: Tool.ToolCallDelta, out: Array<Part>): void {
    const key = slotKey(delta)
    let call = this.calls.get(key)
    if (call === undefined) {
      call = { id: "", name: "", started: false, pending: "" }
      this.calls.set(key, call)
    }
    if (call.id === "" && delta.id) call.id = delta.id
    if (call.name === "" && delta.name) call.name = delta.name
    if (call.name !== "" && call.name === this.options.tools.structuredToolName) {
      // The structured output's forced tool: its arguments are the answer, streamed as text.
      const text = call.pending + delta.arguments
      call.pending = ""
      if (text !== "") out.push({ type: "text-delta", id: this.ensure("text", out).id, delta: text })
      return
    }
    if (!call.started) {
      if (call.id === "" || call.name === "") {
        call.pending += delta.arguments
        return
      }
      call.started = true
      out.push({ type: "tool-params-start", id: call.id, name: call.name })
      if (call.pending !== "") out.push({ type: "tool-params-delta", id: call.id, delta: call.pending })
      call.pending = ""
    }
    if (delta.arguments !== "") out.push({ type: "tool-params-delta", id: call.id, delta: delta.arguments })
  }

  private completeCalls(completed: ReadonlyArray<Tool.ToolCall>, out: Array<Part>): AiError.AiError | undefined {
    for (const complete of completed) {
      let found: string | undefined
      for (const [key, call] of this.calls) {
        if (call.id === complete.id && call.name === complete.name) {
          found = key
          break
        }
      }
      // A call of another choice (`n > 1`), which is not part of this response.
      if (found === undefined) continue
      const call = this.calls.get(found)!
      this.calls.delete(found)
      if (complete.name === this.options.tools.structuredToolName) continue
      const params = this.options.tools.params(complete.name, complete.arguments)
      if (Result.isFailure(params)) {
        return AiError.make({
          module: Errors.module,
          method: this.options.method,
          reason: new AiError.InvalidOutputError({ description: params.failure })
        })
      }
      if (call.started) out.push({ type: "tool-params-end", id: complete.id })
      out.push({ type: "tool-call", id: complete.id, name: complete.name, params: params.success })
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
    return { push: (chunks) => mapper.push(chunks), end: () => mapper.end() }
  })(chunks)
