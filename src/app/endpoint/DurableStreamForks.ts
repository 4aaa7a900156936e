/**
 * Forks of a client's stream `DurableStreams` serves (`PUT` with `Stream-Forked-From`, `Stream-Fork-Offset`): a new
 * stream holding a copy of its source's data up to the offset (default: the source's tail), its content type and
 * expiry the source's unless the `PUT` names its own, then going on by itself. A copy, made with the store's own
 * verbs (so on every store): the source is not kept for its forks (deleted, it is gone: no soft delete, no 410). A
 * sub-offset (`Stream-Fork-Sub-Offset`) forks inside what follows the offset: that many more JSON values (each value
 * is a chunk here: a batch's values are not told apart from the values after it), or that many bytes of the append
 * there. The headers are the protocol's (`@durable-streams/server`'s `create` and `resolveForkSubOffset`, the
 * conformance suite's "Fork - Creation").
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Base64 from "effect/encoding/Base64"
import * as Result from "effect/Result"
import type * as StreamStore from "../store/StreamStore.js"
import type { Kind } from "./DurableStreamKinds.js"
import * as Offsets from "./DurableStreamOffsets.js"
import * as Reads from "./DurableStreamReads.js"

/** The most chunks a fork copies (past it, 413): the copy is made in the request. */
export const maxForkChunks = 10_000

/** The longest `Stream-Forked-From` taken. */
const maxPathLength = 1024

/** The offset before any data, as the reference server writes it (`Stream-Fork-Offset` of a fork of nothing). */
const zero = /^0{16}(_0{16})?$/

/**
 * A fork a `PUT` asks: its source's name, the offset it forks at (`undefined`: the source's tail; `Zero`: the
 * reference server's offset before any data, any stream's start), its sub-offset.
 */
export interface Fork {
  readonly source: string
  readonly offset: Offsets.At | { readonly _tag: "Zero"; readonly index: 0 } | undefined
  readonly sub: number
}

/** A refusal: its status and why. */
export interface Refusal {
  readonly status: number
  readonly message: string
}

/** The fork a `PUT`'s headers ask (`undefined`: none), or why they are refused. */
export const forkOf = (
  path: string,
  headers: Readonly<Record<string, string | undefined>>
): Fork | Refusal | undefined => {
  const from = headers["stream-forked-from"]
  const at = headers["stream-fork-offset"]
  const sub = headers["stream-fork-sub-offset"]
  if (sub !== undefined && !/^(0|[1-9]\d{0,14})$/.test(sub)) {
    return { status: 400, message: "Stream-Fork-Sub-Offset is a whole number" }
  }
  if (from === undefined) {
    return sub !== undefined || at !== undefined
      ? { status: 400, message: "a fork's offset goes with Stream-Forked-From" }
      : undefined
  }
  const subOffset = sub === undefined ? 0 : Number(sub)
  if (subOffset > 0 && at === undefined) return { status: 400, message: "a sub-offset goes with Stream-Fork-Offset" }
  const prefix = `${path}/`
  if (from.length > maxPathLength || !from.startsWith(prefix) || from.length === prefix.length) {
    return { status: 404, message: "no such stream to fork" }
  }
  let source: string
  try {
    source = decodeURIComponent(from.slice(prefix.length))
  } catch {
    return { status: 404, message: "no such stream to fork" }
  }
  if (at === undefined) return { source, offset: undefined, sub: 0 }
  const offset = zero.test(at) ? { _tag: "Zero", index: 0 } as const : Offsets.parse(at)
  return offset?._tag === "At" || offset?._tag === "Zero"
    ? { source, offset, sub: subOffset }
    : { status: 400, message: "Stream-Fork-Offset is not one this server issued" }
}

/**
 * What a fork at `at` with sub-offset `sub` holds past the source's chunks before `at`: the next `sub` JSON values, or
 * the first `sub` bytes of the append at `at`; why not (a 400), when the source holds less.
 */
export const prefixOf = (
  store: StreamStore.Service,
  source: string,
  owner: string,
  kind: Kind,
  at: number,
  sub: number
): Effect.Effect<
  ReadonlyArray<StreamStore.StoredChunk> | string,
  StreamStore.StreamStoreError | StreamStore.StreamNotFound
> => {
  if (sub === 0) return Effect.succeed([])
  if (kind.json && sub > maxForkChunks) return Effect.succeed("the sub-offset is past the source's values")
  return Effect.map(Reads.page(store, source, owner, at, { limit: kind.json ? sub : 1 }), (read) => {
    if (read.chunks.length === 0) return "the source holds nothing past the fork's offset"
    if (kind.json) return read.chunks.length < sub ? "the sub-offset is past the source's values" : read.chunks
    const encoded = read.chunks[0]!["bytes"]
    const bytes = typeof encoded === "string"
      ? Result.getOrElse(Base64.decode(encoded), () => new Uint8Array())
      : undefined
    if (bytes === undefined || sub > bytes.length) return "the sub-offset is past the source's append"
    return [{ bytes: Base64.encode(bytes.subarray(0, sub)) }]
  })
}

/**
 * Copies the chunks of `source` from index `from` before `to` to the end of `name` (both `owner`'s), a page at a time.
 * Fails as `read` and `append` do (the source gone: `StreamNotFound`).
 */
export const copy = (
  store: StreamStore.Service,
  source: string,
  name: string,
  owner: string,
  from: number,
  to: number
): Effect.Effect<void, StreamStore.StreamStoreError | StreamStore.StreamNotFound> =>
  Effect.gen(function*() {
    let at = from
    while (at < to) {
      const read = yield* Reads.page(store, source, owner, at, { limit: Math.min(Reads.maxChunks, to - at) })
      if (read.chunks.length === 0) return
      yield* store.append(name, read.chunks, { owner })
      at = read.next
    }
  })
