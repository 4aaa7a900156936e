/**
 * What every provider request sent with `FetchHttpClient` goes out with: `redirect: "manual"` (`Redirects`), a
 * signal of its own aborted when the call fails or is interrupted, or when its body's reader lets go of a body that
 * has not ended (`cut`: a stop ends a call well), and its web response kept so that the call's scope releases it
 * however the call ends (an interruption during the client's uninterruptible step after the headers discards the
 * response, its body uncancelled until a GC).
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { identity } from "effect/Function"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Scope from "effect/Scope"

const manualInit: globalThis.RequestInit = { redirect: "manual" }

const ignore = (): void => undefined

/**
 * The `RequestInit` of `init` with `redirect: "manual"`. "error" is overridden too: fetch's redirect error would read
 * as a connection failure, where a 3xx must be the typed, final redirect error.
 */
export const manualRedirects = (init: globalThis.RequestInit | undefined): globalThis.RequestInit =>
  init === undefined ? manualInit : init.redirect === "manual" ? init : { ...init, redirect: "manual" }

/** Runs `effect` with its fetch requests' redirects not followed (`manualRedirects`); other clients never follow. */
export const withManualRedirects = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.updateContext(
    effect,
    (context: Context.Context<R>) =>
      Context.add(
        context,
        FetchHttpClient.RequestInit,
        manualRedirects(Context.getOrUndefined(context, FetchHttpClient.RequestInit))
      )
  )

/**
 * Runs `execute` with redirects not followed and, under fetch, the body cancelled at the scope's end if not taken; its
 * result with `cut`, which aborts the request (under another client, nothing listens). `around` adds what else the
 * request's context holds, in the same change of context.
 */
export const guarded = <A, E, R>(
  execute: Effect.Effect<A, E, R>,
  around: (context: Context.Context<R>) => Context.Context<R> = identity
): Effect.Effect<readonly [A, cut: () => void], E, R | Scope.Scope> =>
  Effect.withFiber((fiber) => {
    const manual = manualRedirects(Context.getOrUndefined(fiber.context, FetchHttpClient.RequestInit))
    const fetch = fiber.getRef(FetchHttpClient.Fetch)
    let response: Response | undefined
    // The request's own signal, aborted when the call fails or is interrupted, when its body is let go of before its
    // end (`cut`) or never read: a cancelled body has not ended its request on every runtime (oven-sh/bun#33227).
    const aborting = new AbortController()
    const cut = () => aborting.abort()
    const keeping: typeof globalThis.fetch = (input, options) => {
      const signal = options?.signal
      if (signal !== undefined && signal !== null) {
        if (signal.aborted) aborting.abort(signal.reason)
        else signal.addEventListener("abort", () => aborting.abort(signal.reason), { once: true })
      }
      return fetch(input, { ...options, signal: aborting.signal }).then((received) => (response = received))
    }
    const release = (exit: Exit.Exit<unknown, unknown>) =>
      Effect.sync(() => {
        const body = response?.body
        // A body never read was not read to its end either (a stop before the first read ends the call well).
        const unread = body !== undefined && body !== null && !body.locked
        if (unread) body.cancel().catch(ignore)
        // Only then: an abort makes a `DOMException`, which a call that ended well does not pay for.
        if (unread || Exit.isFailure(exit)) aborting.abort()
      })
    return Effect.flatMap(Effect.scope, (scope) =>
      Effect.andThen(
        Scope.addFinalizerExit(scope, release),
        Effect.map(
          Effect.updateContext(
            execute,
            (context: Context.Context<R>) =>
              around(
                Context.add(Context.add(context, FetchHttpClient.RequestInit, manual), FetchHttpClient.Fetch, keeping)
              )
          ),
          (result) => [result, cut] as const
        )
      ))
  })
