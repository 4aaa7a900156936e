/**
 * What a stream `DurableStreams` serves holds: an answer (JSON chunks from index 0), or a client's stream (made by
 * a `PUT` where writes are enabled), whose first chunk keeps its content type and the generation its offsets name
 * (`DurableStreamOffsets`); JSON, each value one chunk, or bytes, each append one chunk (`{ bytes }`, base64).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Base64 from "effect/encoding/Base64"
import * as Result from "effect/Result"
import * as BodyWriter from "../../core/framing/BodyWriter.js"
import * as JsonDepth from "../../core/schema/JsonDepth.js"
import type * as StreamStore from "../store/StreamStore.js"
import * as Offsets from "./DurableStreamOffsets.js"
import * as Reads from "./DurableStreamReads.js"

/**
 * A stream's kind: the index of its first chunk of data, its content type, whether it is JSON, and how it expires
 * (a client's stream made with `Stream-TTL`, whole seconds after its last read or write, or `Stream-Expires-At`).
 */
export interface Kind {
  readonly base: number
  readonly contentType: string
  readonly json: boolean
  readonly expiry?: Expiry | undefined
  /** A fork's sub-offset (`Stream-Fork-Sub-Offset`), past 0: a `PUT` again with another is a conflict. */
  readonly forkSub?: number | undefined
  /**
   * The generations a client's stream's offsets name, drawn by the `PUT` that made it (a stream made again under its
   * name has another); an answer's is its store's `Tail.generation`, read where an offset is issued or taken.
   */
  readonly line?: Offsets.Line | undefined
}

/** A client's stream's kind: its line always told (its first chunk's). */
export interface ClientKind extends Kind {
  readonly line: Offsets.Line
}

/** How a client's stream expires, as its `PUT` said. */
export interface Expiry {
  readonly ttlSeconds?: number | undefined
  readonly expiresAt?: string | undefined
}

export const json = "application/json"

/** An answer: JSON from index 0. */
export const answer: Kind = { base: 0, contentType: json, json: true }

/** The first chunk of a client's stream (its inherited offsets as `[generation, upTo]` pairs). */
export const headOf = (
  contentType: string,
  expiry: Expiry | undefined,
  forkSub: number,
  line: Offsets.Line
): StreamStore.StoredChunk => ({
  durableStream: {
    contentType,
    ...expiry,
    ...(forkSub > 0 ? { forkSub } : {}),
    generation: line.generation,
    ...(line.inherited.length > 0
      ? { inherited: line.inherited.map((stretch) => [stretch.generation, stretch.upTo]) }
      : {})
  }
})

/** A stretch as `headOf` keeps it, or `undefined` for any other value. */
const stretchOf = (value: unknown): Offsets.Stretch | undefined =>
  Array.isArray(value) && value.length === 2 && typeof value[0] === "string" &&
    Offsets.generationPattern.test(value[0]) && Number.isSafeInteger(value[1]) && value[1] >= 0
    ? { generation: value[0], upTo: value[1] }
    : undefined

/**
 * The line a first chunk keeps: its generation (`0` for one made before generations were kept) and its stretches, as
 * many as a line keeps, ascending, each as `headOf` writes it (else none: a stretch not told is no offset taken).
 */
const lineOfHead = (generation: unknown, inherited: unknown): Offsets.Line => {
  const own = typeof generation === "string" && Offsets.generationPattern.test(generation) ? generation : "0"
  if (!Array.isArray(inherited) || inherited.length > Offsets.maxStretches) return Offsets.lineOf(own)
  const stretches = inherited.map(stretchOf)
  const valid = stretches.every((stretch, i) =>
    stretch !== undefined && (i === 0 || stretches[i - 1]!.upTo < stretch.upTo)
  )
  return valid ? { generation: own, inherited: stretches as Array<Offsets.Stretch> } : Offsets.lineOf(own)
}

/** Whether `contentType` is JSON (its media type, parameters aside). */
export const isJson = (contentType: string): boolean => mediaType(contentType) === json

/** A content type's media type, lower case, without parameters. */
export const mediaType = (contentType: string): string => contentType.split(";")[0]!.trim().toLowerCase()

const kindOfHead = (chunk: StreamStore.StoredChunk | undefined): ClientKind => {
  const head = chunk?.["durableStream"] as
    | {
      readonly contentType?: unknown
      readonly ttlSeconds?: unknown
      readonly expiresAt?: unknown
      readonly forkSub?: unknown
      readonly generation?: unknown
      readonly inherited?: unknown
    }
    | undefined
  const contentType = typeof head?.contentType === "string" ? head.contentType : json
  const expiry = {
    ...(typeof head?.ttlSeconds === "number" ? { ttlSeconds: head.ttlSeconds } : {}),
    ...(typeof head?.expiresAt === "string" ? { expiresAt: head.expiresAt } : {})
  }
  const forkSub = typeof head?.forkSub === "number" ? head.forkSub : 0
  return {
    base: 1,
    contentType,
    json: isJson(contentType),
    expiry,
    forkSub,
    line: lineOfHead(head?.generation, head?.inherited)
  }
}

/** The kind of a client's stream `name` (read from its first chunk). */
export const clientKind = (store: StreamStore.Service, name: string, owner: string) =>
  Effect.map(Reads.page(store, name, owner, 0, { limit: 1 }), (read) => kindOfHead(read.chunks[0]))

/** The chunks an append of `body` stores: JSON values (one level of array flattened), or its bytes as one. */
export const chunksOf = (
  kind: Kind,
  body: Uint8Array
): Result.Result<ReadonlyArray<StreamStore.StoredChunk>, string> => {
  if (!kind.json) return Result.succeed(body.length === 0 ? [] : [{ bytes: Base64.encode(body) }])
  const text = new TextDecoder().decode(body)
  if (text.trim() === "") return Result.succeed([])
  // A value nested past the bound no store reads back as this library's (nor can it be served): never stored.
  if (JsonDepth.nestsTooDeep(text)) return Result.fail(`the body is ${JsonDepth.tooDeep}`)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return Result.fail("the body is not JSON")
  }
  if (Array.isArray(value) && value.length === 0) return Result.fail("an append of an empty array holds nothing")
  // A stored chunk is a JSON value kept verbatim: the store keeps what JSON keeps, objects or not.
  return Result.succeed((Array.isArray(value) ? value : [value]) as ReadonlyArray<StreamStore.StoredChunk>)
}

/** A read's body: a JSON array of the chunks, or their bytes one after another. */
export const bodyOf = (kind: Kind, chunks: ReadonlyArray<StreamStore.StoredChunk>): Uint8Array => {
  if (kind.json) return new TextEncoder().encode(JSON.stringify(chunks))
  const pieces = chunks.map((chunk) =>
    typeof chunk["bytes"] === "string"
      ? Result.getOrElse(Base64.decode(chunk["bytes"]), () => new Uint8Array())
      : new Uint8Array()
  )
  return BodyWriter.concatBytes(pieces)
}
