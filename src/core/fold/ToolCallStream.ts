/**
 * The stage behind `CallStream.withToolCalls`: every chunk, each followed by the tool calls the fold completed with
 * it (and, with `partial`, the arguments so far of calls still open, read by one incremental parser per call).
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Stream from "effect/Stream"
import * as PartialJson from "../output/PartialJson.js"
import * as Transducer from "../stream/Transducer.js"
import * as Tool from "../Tool.js"
import * as Accumulator from "./Accumulator.js"
import type * as ChunkCommon from "./ChunkCommon.js"
import type * as StreamEvent from "./StreamEvent.js"

/** What the stage emits: a chunk, a decoded call, a call that cannot be used, or a call's progress. */
export type Event<C> =
  | { readonly _tag: "Chunk"; readonly chunk: C }
  | Tool.DecodedCall<ReadonlyArray<Tool.Tool>>
  | Tool.InvalidToolCall
  | {
    readonly _tag: "ToolCallProgress"
    readonly id: string
    readonly name: string
    readonly argumentsSoFar: string
    readonly input: unknown
  }

/** A call still streaming: its parser, how much it has read, its last value, whether a new one is due. */
interface Progress {
  readonly parser: PartialJson.Parser
  read: number
  input: unknown
  due: boolean
}

/** How calls are emitted: with their progress (`partial`), and unusable calls as values (`"emit"`) or failures. */
export interface Options {
  readonly partial?: boolean | undefined
  readonly invalidCalls?: "fail" | "emit" | undefined
}

/** Folds the chunks of one stream and decodes its tool calls as they complete (the state of one stream). */
class ToolCallDecoder<C extends ChunkCommon.Common> implements Transducer.Transducer<C, Event<C>, Tool.ToolCallError> {
  readonly #partial: boolean
  readonly #emitInvalid: boolean
  readonly #accumulator: Accumulator.Accumulator
  /** The parser of each call still open, by its position in `toolCalls` (with `partial`, made on first progress). */
  readonly #progress = new Map<number, Progress>()
  /** Feeds each tool-call fragment to its call's parser as the accumulator folds it in (with `partial`). */
  readonly #each: ((event: StreamEvent.StreamEvent) => void) | undefined

  readonly #tools: ReadonlyArray<Tool.Tool>

  constructor(tools: ReadonlyArray<Tool.Tool>, options: Options) {
    this.#tools = tools
    this.#partial = options.partial === true
    this.#emitInvalid = options.invalidCalls === "emit"
    this.#accumulator = new Accumulator.Accumulator(undefined, { trackUpdates: this.#partial })
    this.#each = this.#partial
      ? (event) => {
        if (event._tag !== "ToolCallDelta" || this.#progress.size === 0) return
        this.#feed(this.#accumulator.positionOf(event), event.arguments)
      }
      : undefined
  }

  push(chunks: ReadonlyArray<C>): Transducer.Step<Event<C>, Tool.ToolCallError> {
    const out: Array<Event<C>> = []
    for (const chunk of chunks) {
      out.push({ _tag: "Chunk", chunk })
      this.#accumulator.push(chunk, this.#each)
      const error = this.#decodeCompleted(out)
      if (error !== undefined) return { out, next: "fail", error }
      if (this.#partial) this.#emitProgress(out)
    }
    return { out, next: "continue" }
  }

  end(): Transducer.Step<Event<C>, Tool.ToolCallError> {
    // A stream that ended cleanly with calls still open (no end signal): they are complete now.
    const out: Array<Event<C>> = []
    this.#accumulator.end()
    const error = this.#decodeCompleted(out)
    return error === undefined ? { out, next: "done" } : { out, next: "fail", error }
  }

  /** Decodes the calls the fold completed since the last time; a call that cannot be used fails unless emitted. */
  #decodeCompleted(out: Array<Event<C>>): Tool.ToolCallError | undefined {
    for (const position of this.#accumulator.takeCompleted()) {
      this.#progress.delete(position)
      const decoded = Tool.decodeCall(this.#tools, this.#accumulator.toolCallRecords[position]!.call)
      if (Result.isSuccess(decoded)) out.push(decoded.success)
      else if (this.#emitInvalid) out.push(Tool.invalidToolCall(decoded.failure))
      else return decoded.failure
    }
    return undefined
  }

  /** Emits the progress of each open call the last chunk changed. */
  #emitProgress(out: Array<Event<C>>): void {
    const accumulator = this.#accumulator
    for (const position of accumulator.takeUpdated()) {
      const { call, complete } = accumulator.toolCallRecords[position]!
      if (complete) continue
      out.push({
        _tag: "ToolCallProgress",
        id: call.id,
        name: call.name,
        argumentsSoFar: call.arguments,
        input: this.#inputOf(position, call.arguments)
      })
    }
  }

  /** Feeds the parser of the call at `position`, if it has one, the fragment just folded in. */
  #feed(position: number, fragment: string): void {
    const call = this.#progress.get(position)
    if (call === undefined || fragment.length === 0) return
    const pushed = call.parser.push(fragment)
    call.read += fragment.length
    if (Result.isSuccess(pushed) && pushed.success.due) call.due = true
  }

  /** The arguments of the call at `position` so far (`{}` until a value shows), its parser fed fragment by fragment. */
  #inputOf(position: number, argumentsSoFar: string): unknown {
    let call = this.#progress.get(position)
    if (call === undefined) {
      this.#progress.set(position, call = { parser: PartialJson.make(), read: 0, input: {}, due: false })
    }
    if (call.read < argumentsSoFar.length) this.#feed(position, argumentsSoFar.slice(call.read))
    // Arguments that are not JSON keep their last value; the complete call fails to decode.
    if (call.due) {
      call.due = false
      call.input = call.parser.snapshot() ?? call.input
    }
    return call.input
  }
}

/** Emits every chunk, each followed by the tool calls it completed (and, with `partial`, the progress of open calls). */
export const withToolCalls = <C extends ChunkCommon.Common, E, R>(
  self: Stream.Stream<C, E, R>,
  tools: ReadonlyArray<Tool.Tool>,
  options: Options
): Stream.Stream<Event<C>, E | Tool.ToolCallError, R> =>
  Transducer.transduce<C, Event<C>, Tool.ToolCallError>(() => new ToolCallDecoder<C>(tools, options))(self)
