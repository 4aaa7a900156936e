/**
 * The answer a continuation continues (an approval or a form answered, a budget question), as the chat's stored stream
 * holds it: the continuation's stored stream starts with it, so that a replay (`GET <path>/:id/stream` after a reload)
 * is the whole message. The `ai` client (7.0.173) reads a resumed stream as a replay of the whole message
 * (`DefaultChatTransport`'s `resumeStreamIsReplay`, default `true`: its state reset at the first `start`), so a
 * continuation's chunks alone rebuilt an empty message that failed at their first approval ("No tool invocation found
 * for approval ID") and lost the call and its result from what the page sends next. The request's own response is read
 * after it: the page that sent it holds the message already.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as UIChunk from "../protocol/UIChunk.js"
import * as StreamStore from "../store/StreamStore.js"

/**
 * The chunks the answer `messageId` ended with, from `chatId`'s stored stream (as `owner`'s), its last `finish` kept as
 * its metadata: none unless the stream has ended with a `finish` (a paused answer) and starts with that message (a
 * store without `tail`, which cannot tell it ended, gives none; a failure of the store, none).
 */
export const chunksOf = (
  chatId: string,
  owner: string | undefined,
  messageId: string
) =>
  Effect.gen(function*() {
    const store = yield* StreamStore.StreamStore
    if (store.tail === undefined || !(yield* store.tail(chatId, { owner })).ended) return []
    const stored = yield* Effect.flatMap(store.read(chatId, { owner }), Stream.runCollect)
    return earlier(stored as unknown as ReadonlyArray<UIChunk.Chunk>, messageId)
  }).pipe(Effect.catch(() => Effect.succeed<ReadonlyArray<UIChunk.Chunk>>([])))

/** `chunks` of an answer that paused, its `finish` as its metadata; none if they are not the answer `messageId`. */
const earlier = (chunks: ReadonlyArray<UIChunk.Chunk>, messageId: string): ReadonlyArray<UIChunk.Chunk> => {
  const [first, last] = [chunks[0], chunks.at(-1)]
  if (first?.type !== "start" || first.messageId !== messageId || last?.type !== "finish") return []
  const metadata: ReadonlyArray<UIChunk.Chunk> = last.messageMetadata === undefined
    ? []
    : [{ type: "message-metadata", messageMetadata: last.messageMetadata }]
  return [...chunks.slice(0, -1), ...metadata]
}

/**
 * Appends `chunks` to the chat's new stream: how many it holds before the answer's own. An append refused (a full
 * store) may have kept some: then as many as the stream holds.
 */
export const prepend = (
  chatId: string,
  owner: string | undefined,
  chunks: ReadonlyArray<UIChunk.Chunk>
): Effect.Effect<number> =>
  Effect.flatMap(StreamStore.StreamStore, (store) => {
    if (chunks.length === 0) return Effect.succeed(0)
    const holds = store.tail === undefined ?
      Effect.succeed(0) :
      Effect.map(store.tail(chatId, { owner }), (tail) => tail.count)
    return store.append(chatId, chunks as unknown as ReadonlyArray<StreamStore.StoredChunk>, { owner }).pipe(
      Effect.as(chunks.length),
      Effect.catch(() => Effect.catch(holds, () => Effect.succeed(0)))
    )
  })
