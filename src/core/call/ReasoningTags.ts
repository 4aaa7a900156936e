/**
 * Reasoning a model writes inside tags in its text (DeepSeek-R1, QwQ and Qwen3 think in `<think>...</think>`),
 * moved out of it for hosts that stream it as text: `extractReasoning`.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import { dual } from "effect/Function"
import * as Stream from "effect/Stream"
import * as ChunkCommon from "../fold/ChunkCommon.js"
import * as StreamEvent from "../fold/StreamEvent.js"
import type * as CallResponseChunk from "./CallResponseChunk.js"

/**
 * Which tags hold the reasoning, and whether the text starts inside them.
 *
 * @since 0.5.0
 * @category Models
 */
export interface ReasoningTagOptions {
  /** The tag's name: `think` (the default) for `<think>...</think>`. */
  readonly tag?: string | undefined
  /**
   * Whether the text begins as reasoning, without the opening tag (as DeepSeek-R1 does on hosts whose chat template
   * writes `<think>` into the prompt): everything until the closing tag is reasoning. Default `false`.
   */
  readonly startWithReasoning?: boolean | undefined
}

type Events = ReadonlyArray<StreamEvent.StreamEvent>

/** The length of the longest end of `text` that begins `tag` (without being all of it). */
const partialTagAt = (text: string, tag: string): number => {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length
  }
  return 0
}

/** Whether `split` is `events` again: text outside the tags, nothing held, nothing moved. */
const sameEvents = (events: Events, split: Events): boolean =>
  events.length === split.length && events.every((event, index) => {
    const other = split[index]!
    return event === other || (event._tag === "TextDelta" && other._tag === "TextDelta" && event.text === other.text)
  })

/** Splits a stream's text at the tags, remembering across chunks whether it is inside them. */
export class TagSplitter {
  readonly #open: string
  readonly #close: string
  #inside: boolean
  /** Text held back: the end of a chunk's text that may begin a tag. */
  #held = ""
  /** The last chunk seen: what text still held at the end is given with. */
  #last: CallResponseChunk.Common | undefined = undefined

  constructor(options: ReasoningTagOptions = {}) {
    const tag = options.tag ?? "think"
    this.#open = `<${tag}>`
    this.#close = `</${tag}>`
    this.#inside = options.startWithReasoning ?? false
  }

  /** The text's pieces, each reasoning or text, with the text held before it; a tag cut at its end held back. */
  split(text: string, out: Array<StreamEvent.StreamEvent>): void {
    let rest = this.#held + text
    this.#held = ""
    while (rest !== "") {
      const tag = this.#inside ? this.#close : this.#open
      const at = rest.indexOf(tag)
      if (at === -1) {
        const held = partialTagAt(rest, tag)
        this.#piece(rest.slice(0, rest.length - held), out)
        this.#held = rest.slice(rest.length - held)
        return
      }
      this.#piece(rest.slice(0, at), out)
      rest = rest.slice(at + tag.length)
      this.#inside = !this.#inside
    }
  }

  /** The held text, as what it was read as (a tag never finished is text). */
  flush(out: Array<StreamEvent.StreamEvent>): void {
    const held = this.#held
    this.#held = ""
    this.#piece(held, out)
  }

  #piece(text: string, out: Array<StreamEvent.StreamEvent>): void {
    if (text !== "") out.push(this.#inside ? StreamEvent.reasoning(text) : StreamEvent.text(text))
  }

  /** `chunk` with its text split (a copy), or the chunk itself when that changes nothing. */
  chunk<C extends CallResponseChunk.Common>(chunk: C): C {
    this.#last = chunk
    const events = chunk.events
    if (this.#held === "" && !events.some((event) => event._tag === "TextDelta")) return chunk
    if (!(chunk instanceof ChunkCommon.ChunkBase)) return chunk
    const out: Array<StreamEvent.StreamEvent> = []
    for (const event of events) {
      if (event._tag === "TextDelta") this.split(event.text, out)
      else {
        // The answer ends here: what was held is the answer's.
        if (event._tag === "Finish") this.flush(out)
        out.push(event)
      }
    }
    return sameEvents(events, out) ? chunk : ChunkCommon.withEvents(chunk, out)
  }

  /** The text still held when the stream ends, with a copy of the last chunk carrying nothing else. */
  end<C extends CallResponseChunk.Common>(): ReadonlyArray<C> {
    const last = this.#last
    if (this.#held === "" || !(last instanceof ChunkCommon.ChunkBase)) return []
    const out: Array<StreamEvent.StreamEvent> = []
    this.flush(out)
    return [ChunkCommon.withEvents(last as unknown as C & ChunkCommon.ChunkBase, out)]
  }
}

/**
 * The stream with the reasoning its model writes inside tags in its text (`<think>...</think>` by default) moved
 * into each chunk's `reasoning`, for hosts that stream it as text (vLLM without a reasoning parser, Ollama). A
 * chunk whose text changes is a copy; a tag cut between chunks is found whole, the text that could begin one held
 * until the next chunk (or the stream's end) shows. `LanguageModel.withReasoningTags` does it for every call of a
 * model.
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel } from "effect-llm-stream"
 *
 * // A DeepSeek-R1 served by vLLM or Ollama through OpenAI.layer({ baseUrl }): its thinking, apart from its answer.
 * const answer = LanguageModel.stream("Why is the sky blue?").pipe(
 *   CallStream.extractReasoning(),
 *   CallStream.accumulate
 * )
 * ```
 *
 * @since 0.5.0
 * @category Operators
 */
export const extractReasoning: {
  (
    options?: ReasoningTagOptions
  ): <C extends CallResponseChunk.Common, E, R>(self: Stream.Stream<C, E, R>) => Stream.Stream<C, E, R>
  <C extends CallResponseChunk.Common, E, R>(
    self: Stream.Stream<C, E, R>,
    options?: ReasoningTagOptions
  ): Stream.Stream<C, E, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <C extends CallResponseChunk.Common, E, R>(
    self: Stream.Stream<C, E, R>,
    options?: ReasoningTagOptions
  ): Stream.Stream<C, E, R> =>
    Stream.suspend(() => {
      const splitter = new TagSplitter(options)
      // What is still held comes before the end, and before a failure: no text the model sent is lost.
      const held = Stream.suspend(() => Stream.fromIterable(splitter.end<C>()))
      return Stream.concat(Stream.map(self, (chunk) => splitter.chunk(chunk)), held).pipe(
        Stream.catchCause((cause) =>
          Cause.hasInterruptsOnly(cause) ? Stream.failCause(cause) : Stream.concat(held, Stream.failCause(cause))
        )
      )
    })
)
