/**
 * Keeps one object of each class on the hot path alive, so that a full GC between streams does not throw away the
 * optimised code of the stream path (V8 deoptimises code whose hidden classes have no object left). Measured both
 * ways in bench/RESULTS.md ("Keep-alive objects"): without them, the Anthropic 10,000-chunk cells lose to the SDK.
 *
 * The objects are kept with their class (a `WeakMap` keyed by it), blank (made for this, holding no stream's data),
 * and never replaced.
 *
 * @internal
 */

/** A module-level cache of blank objects, one per class and variant, kept so that V8 keeps their shapes' code. */
const kept = new WeakMap<object, Array<unknown>>()

/**
 * Keeps the object `make` makes as the one of `kind` (a class) and `variant` (its shapes: a chunk with or without
 * its extra field), made the first time a stream needs it: nothing is made when a module is loaded, so that a
 * bundle without the stream path leaves it out.
 */
export const keepOnce = (kind: object, make: () => unknown, variant = 0): void => {
  let objects = kept.get(kind)
  if (objects === undefined) {
    objects = []
    kept.set(kind, objects)
  }
  if (variant in objects) return
  objects[variant] = undefined
  objects[variant] = make()
}
