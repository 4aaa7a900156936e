/**
 * Which spend limits a person let an answer go past: each limit is named by its id, a tag under the server's signing
 * key of what makes it that limit (its `key` and `window`, as the store counts them; never shown as they are), so that
 * the record of an answer's `continue` (`SpentToken`, signed) names the limit it answered, whatever its place in the
 * request's list. A request continuing that answer gives the ids back (`RunRequest.limitsAnswered`): the loop does not
 * ask those limits again; another limit, or the same key over another window, is another id, and is asked. The loop
 * names a limit through its gate (`ApprovalGate.Gate.limitId`, this module's `idOf` in the UI's gate).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as SigningKey from "./SigningKey.js"

/** The most ids an answer's record holds (more limits answered in one answer are asked again). */
export const maxIds = 32

/** A limit's id: the tag of its key and window (in whole milliseconds); `undefined` for a limit the guard refuses. */
export const idOf = (limit: CallRequest.SpendLimit | undefined): Effect.Effect<string | undefined> => {
  const window = limit === undefined ? Option.none() : Duration.fromInput(limit.window)
  if (typeof limit?.key !== "string" || Option.isNone(window) || !Duration.isFinite(window.value)) {
    return Effect.undefined
  }
  const millis = Math.round(Duration.toMillis(window.value))
  return Effect.flatMap(
    SigningKey.Signing,
    (key) => key.tag(JSON.stringify(["effect-llm-stream/spend-limit/v1", limit.key, millis]))
  )
}
