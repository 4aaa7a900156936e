/**
 * A chat's answer as its stored stream holds it (`resumable` stores each answer under the chat's id and its owner):
 * the chunks an answer that paused ended with, and what they say of its approvals (those answered, those it went on
 * from, those it waits on at its end). `ChatEndpoint` reads it to continue an answer and to ask a form again; a
 * hand-built server, to ask a form again (`UIMessageStream.askAgain`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as UIChunk from "../protocol/UIChunk.js"
import * as StreamStore from "../store/StreamStore.js"

/**
 * How long the answer a continuation continues is read for: a brief read (no reader's slot), of a stream that ended.
 * Past it (the stream replaced, since its tail was read, by another answer still running), none.
 */
const earlierMillis = 5_000

/**
 * The chunks the answer `messageId` ended with, from `chatId`'s stored stream (as `owner`'s), its last `finish` kept as
 * its metadata: none unless the stream has ended with a `finish` (a paused answer) and starts with that message (a
 * store without `tail`, which cannot tell it ended, gives none; a failure of the store, or a read past
 * `earlierMillis`, none).
 */
export const earlierChunks = (
  chatId: string,
  owner: string | undefined,
  messageId: string
) =>
  Effect.gen(function*() {
    const store = yield* StreamStore.StreamStore
    const tail = store.tail === undefined ? undefined : yield* store.tail(chatId, { owner })
    if (tail?.ended !== true) return []
    const stored = yield* Effect.flatMap(
      store.read(chatId, { owner, brief: true }),
      (stream) => Stream.runCollect(Stream.take(stream, tail.count))
    ).pipe(Effect.timeoutOption(earlierMillis))
    return Option.match(stored, {
      onNone: () => [],
      onSome: (chunks) => earlier(chunks as unknown as ReadonlyArray<UIChunk.Chunk>, messageId)
    })
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
 * What an answer's stored chunks say of its approvals: those it answered (a `tool-approval-response`); those it went on
 * from unanswered (a `tool-approval-request` with no response after it, but a step begun after it: the answer went on
 * without that call, left out); and those it waits on at its end (asked, neither answered nor gone past), by id, each
 * with its request as it was sent.
 */
export const approvalsOf = (chunks: ReadonlyArray<UIChunk.Chunk>) => {
  const asked = new Map<string, UIChunk.ToolApprovalRequest>()
  const [left, answered] = [new Set<string>(), new Set<string>()]
  for (const chunk of chunks) {
    if (chunk.type === "tool-approval-request") asked.set(chunk.approvalId, chunk)
    else if (chunk.type === "tool-approval-response") {
      asked.delete(chunk.approvalId)
      answered.add(chunk.approvalId)
    } else if (chunk.type === "start-step") {
      for (const approvalId of asked.keys()) left.add(approvalId)
      asked.clear()
    }
  }
  return { answered, left, waiting: asked }
}

/** The requests an answer's stored chunks wait on at their end, as they were sent (`approvalsOf`). */
export const waitingRequests = (chunks: ReadonlyArray<UIChunk.Chunk>): Array<UIChunk.ToolApprovalRequest> => [
  ...approvalsOf(chunks).waiting.values()
]
