/**
 * How `ChatEndpoint`'s routes answer: the route's response, with the session cookie a new owner needs; a failure
 * becomes its answer (`UIErrorAnswer`, the redaction's text unless the endpoint refused it itself) and one log line;
 * a defect, a 500 that says nothing more.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Provider from "../../core/Provider.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as UIErrorAnswer from "../ui/UIErrorAnswer.js"
import { internalError } from "../ui/UIFromStream.js"
import * as UIRedaction from "../ui/UIRedaction.js"
import * as ChatReservation from "./ChatReservation.js"
import * as EndpointLog from "./EndpointLog.js"
import type * as SessionOwner from "./SessionOwner.js"

/**
 * A failure to answer: the error, and its answer when it is already made (a stream's, with its `error` text), or the
 * response made for it (`made`: `FormAskedAgain`'s stream, which tells the error in its `error` chunk).
 */
export interface Failure {
  readonly error: unknown
  readonly answer?: UIErrorAnswer.ErrorAnswer | undefined
  readonly made?: Made | undefined
}

/** A response made for a failure, and what it does, as the failure's log line says it (`EndpointLog.Entry.said`). */
export interface Made {
  readonly response: HttpServerResponse.HttpServerResponse
  readonly said: string
}

/** The failure of `error`, to answer (with `made`: answered by its response). */
export const failure = (error: unknown, answer?: UIErrorAnswer.ErrorAnswer, made?: Made): Failure => ({
  error,
  answer,
  made
})

/** An answer in the endpoint's own words. */
const ownWords = (status: number, message: string): UIErrorAnswer.ErrorAnswer => ({
  status,
  headers: {},
  body: { error: message }
})

/** The answer to `error`: the endpoint's own words for what it refused, else the redaction's. */
export const answerOf = (error: unknown, redact: UIRedaction.Redact, now: number): UIErrorAnswer.ErrorAnswer => {
  if (error instanceof EndpointLog.Refusal) return ownWords(error.status, error.message)
  if (ChatReservation.isRefusal(error)) return ownWords(409, error.message)
  // A body the endpoint could not take: its own message names the field (never anything of the server's).
  if (error instanceof ProviderError.InvalidRequestError && error.provider === Provider.browser) {
    return ownWords(error.status ?? 400, error.message)
  }
  return UIErrorAnswer.answerOf(error, redact(error), now)
}

/** Where a request is answered: its route, and (once known) its chat and owner. */
export interface Context {
  readonly route: string
  readonly log: boolean
  chatId?: string | undefined
  owned?: SessionOwner.Owned | undefined
}

/** The route's answer: `effect`'s response, or its failure answered and logged once. */
export const reply = <R>(
  context: Context,
  effect: Effect.Effect<HttpServerResponse.HttpServerResponse, Failure, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R> =>
  effect.pipe(
    Effect.catch(({ answer, error, made }) =>
      Effect.gen(function*() {
        if (made !== undefined) {
          if (context.log) {
            yield* EndpointLog.failure({ ...entryOf(context, made.response.status), said: made.said }, error)
          }
          return made.response
        }
        const given = answer ?? answerOf(error, yield* UIRedaction.Redaction, yield* Clock.currentTimeMillis)
        if (context.log) yield* EndpointLog.failure(entryOf(context, given.status), error)
        return UIErrorAnswer.toServerResponse(given)
      })
    ),
    Effect.catchCause((cause) =>
      Effect.as(
        context.log ? EndpointLog.failure(entryOf(context, 500), cause) : Effect.void,
        UIErrorAnswer.toServerResponse(UIErrorAnswer.internal(internalError))
      )
    ),
    Effect.map((response) => {
      const cookie = context.owned?.setCookie
      return cookie === undefined ? response : HttpServerResponse.setHeader(response, "set-cookie", cookie)
    })
  )

/** The log entry of a request answered `status`. */
export const entryOf = (context: Context, status: number): EndpointLog.Entry => ({
  route: context.route,
  status,
  chatId: context.chatId,
  owner: context.owned?.owner
})
