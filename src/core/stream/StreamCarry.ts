/**
 * A value a stream carries for the stage that consumes it, under a key of its own: what only a consumer that knows
 * where the stream comes from can use (a stored stream's hand-off, the way a tool loop takes its approval gate). A
 * stream made of it (mapped, say) carries nothing, and is consumed as any stream is. A stream is marked as it is made,
 * before anything holds it.
 *
 * @internal
 */
import type * as Stream from "effect/Stream"

/** The key a value of type `V` is carried under. */
export interface Key<V> {
  readonly id: string
  /** The carried value's type (never set). */
  readonly value?: V
}

/** The key named `id` (a `~effect-llm-stream/...` name no stream has otherwise). */
export const key = <V>(id: string): Key<V> => ({ id })

/** Marks `stream`, just made, as carrying `value` under `key`. */
export const carry = <S extends Stream.Stream<any, any, any>, V>(stream: S, key: Key<V>, value: V): S =>
  Object.assign(stream, { [key.id]: value })

/** The value `stream` carries under `key`, if it does. */
export const get = <V>(stream: Stream.Stream<any, any, any>, key: Key<V>): V | undefined =>
  (stream as unknown as Partial<Record<string, V>>)[key.id]
