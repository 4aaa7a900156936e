/**
 * The one line `ChatEndpoint` logs for each failed request: `Warning` when the failure is the user's, `Error` when it
 * is the server's. It names the route, the status and the error (no password in a URL, no control character); its
 * annotations, the chat id and a hash of the owner (never the owner, which may be a session's secret). A client that
 * goes away before its response ended (a Stop, a closed tab) is nobody's failure: one line at `Info`.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as ErrorReport from "../../core/http/ErrorReport.js"
import * as RequestChecks from "../../core/http/RequestChecks.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as Model from "../store/StreamStoreModel.js"
import * as UIErrorAnswer from "../ui/UIErrorAnswer.js"
import * as ChatReservation from "./ChatReservation.js"

/** A request the endpoint refused itself: another host, a cross-site POST, no owner. */
export class Refusal extends Data.TaggedError("EndpointRefusal")<{
  readonly status: number
  readonly message: string
}> {}

/** Whether a failure is the user's doing (their request, their limit) rather than the server's. */
export const isUsers = (error: unknown): boolean => {
  if (error instanceof Refusal || ChatReservation.isRefusal(error)) return true
  if (error instanceof Model.StreamStoreError) {
    return error.reason === "AlreadyExists" || error.reason === "InvalidId" || error.reason === "TooManyReaders"
  }
  if (error instanceof Model.StreamNotFound) return true
  if (!ProviderError.isProviderError(error)) return false
  return error._tag === "SpendLimitExceeded" || UIErrorAnswer.isBrowsersInput(error)
}

/** The error as one line: its tag (or name) and its message's first line, made loggable. */
const describe = (error: unknown): string => {
  const fields = typeof error === "object" && error !== null
    ? error as { readonly _tag?: unknown; readonly name?: unknown; readonly message?: unknown }
    : undefined
  const name = typeof fields?._tag === "string" ? fields._tag : typeof fields?.name === "string" ? fields.name : "Error"
  const text = typeof fields?.message === "string" ? `${name}: ${fields.message}` : String(error)
  return ErrorReport.loggable(RequestChecks.withoutUserinfo(text.split("\n")[0]!))
}

/** The first 16 hex digits of the SHA-256 of `owner`: the same owner's requests found together, never its value. */
export const ownerHash = (owner: string): Effect.Effect<string> =>
  Effect.promise(async () => {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(owner))
    return Array.from(new Uint8Array(digest).subarray(0, 8), (byte) => byte.toString(16).padStart(2, "0")).join("")
  })

/** Where a failure happened, and to whom. */
export interface Entry {
  readonly route: string
  readonly status: number
  readonly chatId?: string | undefined
  readonly owner?: string | undefined
  /**
   * What the response made for the failure did (`FormAskedAgain`'s "asked the form again"), said with its status:
   * answered whole, not broken off.
   */
  readonly said?: string | undefined
}

/** Logs the failure of a request, once: `error` the failure, or the cause of a defect. */
export const failure = (entry: Entry, error: unknown): Effect.Effect<void> =>
  Effect.gen(function*() {
    const owner = entry.owner === undefined ? undefined : yield* ownerHash(entry.owner)
    const found = Cause.isCause(error) ? Cause.squash(error) : error
    // A streamed answer (200) that failed after its first content broke off; any other failure was answered.
    const what = entry.said !== undefined
      ? `${entry.said} (${entry.status})`
      : entry.status === 200
      ? "broke off after its first content"
      : `answered ${entry.status}`
    const line = `chat ${entry.route} ${what}: ${describe(found)}`
    const annotations: Record<string, unknown> = { "http.status": entry.status }
    // The browser's id of the chat, as it may stand in a log line.
    if (entry.chatId !== undefined) annotations["chat.id"] = ErrorReport.loggable(entry.chatId, 200)
    if (owner !== undefined) annotations["chat.owner"] = owner
    yield* (isUsers(found) ? Effect.logWarning(line) : Effect.logError(line)).pipe(Effect.annotateLogs(annotations))
  })

/** The line for a client that went away before its response ended (`useChat`'s Stop, a closed tab): `Info`. */
export const clientGone: Effect.Effect<void> = Effect.logInfo("chat: a client went away before its response ended")
