/**
 * Objects of the hot path kept alive between streams. V8 drops the optimised code that handled objects of a
 * hidden class once no live object has that class (at a full GC): a process that ends its last stream and
 * collects its garbage would then run its next stream in unoptimised code until the compiler has caught up again
 * (several times slower for thousands of chunks). One object of each class the hot path makes per stream (a
 * parser, a fold, the last chunk of each kind) keeps those classes, and that code, alive. The functions of the hot
 * path are methods of classes, not functions made per stream: the optimised code of a function made per stream
 * dies with the last one made.
 *
 * @internal
 */

const kept = new Map<unknown, unknown>()

/** Keeps `value` alive as the one object kept under `key` (replacing the one kept before). */
export const keep = (key: unknown, value: unknown): void => {
  kept.set(key, value)
}

/**
 * Keeps the object `make` makes under `key`, made once, the first time a stream needs it: nothing is made when a
 * module is loaded, so that a bundle without the stream path leaves it out.
 */
export const keepOnce = (key: unknown, make: () => unknown): void => {
  if (kept.has(key)) return
  kept.set(key, undefined)
  kept.set(key, make())
}
