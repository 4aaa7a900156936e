/**
 * Property tests over fast-check arbitraries, in the shape `it.prop` / `it.effect.prop` had before
 * `@effect/vitest` 4 (which takes only Schemas and `effect/Arbitrary` generators): the provider streams
 * of `TestKit.streamArbitrary` and the byte-level generators here are fast-check's.
 */
import { it } from "@effect/vitest"
import { Effect } from "effect"
import type { Scope } from "effect"
import * as FastCheck from "fast-check"

type Arbitraries = ReadonlyArray<FastCheck.Arbitrary<any>>

type Values<T extends Arbitraries> = { [K in keyof T]: T[K] extends FastCheck.Arbitrary<infer A> ? A : never }

interface Options {
  readonly fastCheck?: FastCheck.Parameters<any> | undefined
}

/** A synchronous property: the body throws (an assertion) or returns `false` to falsify it. */
export const prop = <const T extends Arbitraries>(
  name: string,
  arbitraries: T,
  body: (values: Values<T>) => boolean | void,
  options: Options = {}
) =>
  it(name, () => {
    FastCheck.assert(
      FastCheck.property(...(arbitraries as unknown as [FastCheck.Arbitrary<unknown>]), (...values: Array<unknown>) =>
        body(values as unknown as Values<T>)),
      options.fastCheck
    )
  })

/** A property whose body is a (scoped) Effect; a failure or a defect falsifies it. */
export const effectProp = <const T extends Arbitraries, E>(
  name: string,
  arbitraries: T,
  body: (values: Values<T>) => Effect.Effect<unknown, E, Scope.Scope>,
  options: Options = {}
) =>
  it(name, async () => {
    await FastCheck.assert(
      FastCheck.asyncProperty(
        ...(arbitraries as unknown as [FastCheck.Arbitrary<unknown>]),
        async (...values: Array<unknown>) => {
          await Effect.runPromise(Effect.scoped(body(values as unknown as Values<T>)))
        }
      ),
      options.fastCheck
    )
  })
