/**
 * The app's own message metadata, as the AI SDK's `messageMetadata` gives it: asked at the answer's `start`, at each
 * step's end and at its `finish`; sent on `start`, as a `message-metadata` chunk after each `finish-step`, and on
 * `finish` beside the library's own fields (which it never replaces). The `ai` client merges them all into the
 * message's `metadata`.
 *
 * @since 0.7.0
 */
import * as Stream from "effect/Stream"
import type * as UIChunk from "../protocol/UIChunk.js"

/**
 * When the app's metadata is asked for: the answer's `start`; the end of each step (`step`, the steps the answer ended
 * before it: from 0, and in an answer continued after a pause, from the steps its earlier requests made, as the finish
 * metadata's `steps` counts them); its `finish`, with the library's own finish metadata (`metadata`: model, cost,
 * usage, why it ended).
 *
 * @since 0.7.0
 * @category Models
 */
export type Part =
  | { readonly type: "start" }
  | { readonly type: "finish-step"; readonly step: number }
  | { readonly type: "finish"; readonly metadata: unknown }

/**
 * The app's message metadata at `part` (the AI SDK's `messageMetadata`): an object sent to the page, or `undefined`
 * for nothing then.
 *
 * @example
 * ```ts
 * import type { UIMessageStream } from "effect-llm-stream"
 *
 * const messageMetadata: UIMessageStream.MessageMetadata = ({ part }) =>
 *   part.type === "start" ? { createdAt: Date.now() } : undefined
 * ```
 *
 * @since 0.7.0
 * @category Models
 */
export type MessageMetadata = (input: { readonly part: Part }) => object | undefined

/** `finish`'s metadata: the app's, then the library's own over it (a field of both is the library's). */
const merged = (app: object | undefined, library: unknown): unknown =>
  app === undefined
    ? library
    : library === undefined
    ? app
    : typeof library === "object" && library !== null
    ? { ...app, ...library }
    : library

/** One chunk with the app's metadata where it goes (`step`: the steps ended so far). */
const withApp = (
  chunk: UIChunk.Chunk,
  messageMetadata: MessageMetadata,
  out: Array<UIChunk.Chunk>,
  step: number
): number => {
  switch (chunk.type) {
    case "start": {
      const app = messageMetadata({ part: { type: "start" } })
      out.push(app === undefined ? chunk : { ...chunk, messageMetadata: merged(app, chunk.messageMetadata) })
      return step
    }
    case "finish-step": {
      out.push(chunk)
      const app = messageMetadata({ part: { type: "finish-step", step } })
      if (app !== undefined) out.push({ type: "message-metadata", messageMetadata: app })
      return step + 1
    }
    case "finish": {
      const app = messageMetadata({ part: { type: "finish", metadata: chunk.messageMetadata } })
      out.push(app === undefined ? chunk : { ...chunk, messageMetadata: merged(app, chunk.messageMetadata) })
      return step
    }
    default:
      out.push(chunk)
      return step
  }
}

/**
 * `self` with the app's metadata (none without `messageMetadata`); the steps counted per run of the stream, from
 * `earlierSteps` (those the answer's earlier requests made, signed with what they spent: `spentSteps`).
 */
export const withMessageMetadata = <E, R>(
  self: Stream.Stream<UIChunk.Chunk, E, R>,
  messageMetadata: MessageMetadata | undefined,
  earlierSteps: number | undefined = 0
): Stream.Stream<UIChunk.Chunk, E, R> =>
  messageMetadata === undefined ? self : Stream.suspend(() => {
    let step = earlierSteps
    return Stream.mapArray(self, (chunks) => {
      const out: Array<UIChunk.Chunk> = []
      for (const chunk of chunks) step = withApp(chunk, messageMetadata, out, step)
      return out as unknown as typeof chunks
    })
  })
