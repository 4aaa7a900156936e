/**
 * The stage behind `CallStream.withToolCalls`: every chunk, each followed by the tool calls the fold completed
 * with it, decoded with their tools' Schemas (and, with `partial`, the arguments so far of calls still open:
 * their text, and the value it holds so far, read by one incremental parser per call, as structured output's
 * partials are).
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Stream from "effect/Stream"
import * as Transducer from "../framing/Transducer.js"
import * as PartialJson from "../output/PartialJson.js"
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

/**
 * A call still streaming: its parser, how much of its arguments it has read, its last partial value, and
 * whether the parser has read enough since that value to take a new one.
 */
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

/** The stage over a stream of chunks. */
export const withToolCalls = <C extends ChunkCommon.Common, E, R>(
  self: Stream.Stream<C, E, R>,
  tools: ReadonlyArray<Tool.Tool>,
  options: Options
): Stream.Stream<Event<C>, E | Tool.ToolCallError, R> =>
  Transducer.transduce<C, Event<C>, Tool.ToolCallError>(() => {
    const partial = options.partial === true
    const accumulator = new Accumulator.Accumulator(undefined, { trackUpdates: partial })
    const emitInvalid = options.invalidCalls === "emit"
    const progress = new Map<number, Progress>()
    /** Feeds the parser of the call at `position`, if it has one, the fragment just folded in. */
    const feed = (position: number, fragment: string): void => {
      const call = progress.get(position)
      if (call === undefined || fragment.length === 0) return
      const pushed = call.parser.push(fragment)
      call.read += fragment.length
      if (Result.isSuccess(pushed) && pushed.success.due) call.due = true
    }
    /**
     * The arguments of the call at `position` parsed so far (`{}` before they show a value). Its fragments are
     * fed to its parser as they come (`feed`): the text so far is read whole only once, when the call opens, so
     * the cost stays linear in the arguments however finely they are split.
     */
    const inputOf = (position: number, argumentsSoFar: string): unknown => {
      let call = progress.get(position)
      if (call === undefined) {
        progress.set(position, call = { parser: PartialJson.make(), read: 0, input: {}, due: false })
      }
      if (call.read < argumentsSoFar.length) feed(position, argumentsSoFar.slice(call.read))
      // Arguments that are not JSON keep their last value; the complete call fails to decode.
      if (call.due) {
        call.due = false
        call.input = call.parser.snapshot() ?? call.input
      }
      return call.input
    }
    /** Feeds each tool-call fragment to its call's parser as the accumulator folds it in. */
    const each = partial
      ? (event: StreamEvent.StreamEvent): void => {
        if (event._tag !== "ToolCallDelta" || progress.size === 0) return
        feed(accumulator.positionOf(event), event.arguments)
      }
      : undefined
    /** Decodes the calls the fold completed since the last time; a call that cannot be used fails unless emitted. */
    const decodeCompleted = (out: Array<Event<C>>): Tool.ToolCallError | undefined => {
      for (const position of accumulator.takeCompleted()) {
        progress.delete(position)
        const decoded = Tool.decodeCall(tools, accumulator.toolCalls[position]!)
        if (Result.isSuccess(decoded)) out.push(decoded.success)
        else if (emitInvalid) out.push(Tool.invalidToolCall(decoded.failure))
        else return decoded.failure
      }
      return undefined
    }
    return {
      push: (chunks) => {
        const out: Array<Event<C>> = []
        for (const chunk of chunks) {
          out.push({ _tag: "Chunk", chunk })
          accumulator.push(chunk, each)
          const error = decodeCompleted(out)
          if (error !== undefined) return { out, next: "fail", error }
          if (partial) {
            for (const position of accumulator.takeUpdated()) {
              if (accumulator.toolCallComplete[position]) continue
              const call = accumulator.toolCalls[position]!
              out.push({
                _tag: "ToolCallProgress",
                id: call.id,
                name: call.name,
                argumentsSoFar: call.arguments,
                input: inputOf(position, call.arguments)
              })
            }
          }
        }
        return { out, next: "continue" }
      },
      end: () => {
        // A stream that ended cleanly with calls still open (no end signal): they are complete now.
        const out: Array<Event<C>> = []
        accumulator.end()
        const error = decodeCompleted(out)
        return error === undefined ? { out, next: "done" } : { out, next: "fail", error }
      }
    }
  })(self)
