/**
 * `ChatEndpoint`'s `POST <path>/:id/steer` and `POST <path>/:id/queue` (with its `steering` option): a message a
 * person sends into the chat's running answer, on any instance sharing the `StreamStore`, owner-checked as stop and
 * resume are.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Schema from "effect/Schema"
import type * as Tool from "../../core/Tool.js"
import * as Steering from "../loop/Steering.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as StreamStore from "../store/StreamStore.js"
import * as UIServing from "../ui/UIServing.js"
import * as ChatRoutes from "./ChatRoutes.js"
import * as EndpointReply from "./EndpointReply.js"
import * as NodeHandler from "./NodeHandler.js"

/** The body of a send: the message's text, and the `id` that makes a retry safe. */
const Body = Schema.Struct({ id: Schema.optionalKey(Schema.String), text: Schema.String })

/**
 * Each reason's status: unknown or another owner's 404, ended 409, too large 413, full 429, invalid 400, the store down
 * 503.
 */
const statusOf: Record<Steering.SteeringError["reason"], number> = {
  NotFound: 404,
  Ended: 409,
  TooLarge: 413,
  Full: 429,
  Invalid: 400,
  Unavailable: 503
}

/** The answer to a send that was refused: its status, one sentence, and `Retry-After` when the inbox is full. */
const refusal = (error: Steering.SteeringError): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.jsonUnsafe({ error: error.message }, {
    status: statusOf[error.reason],
    headers: error.retryAfterMillis === undefined
      ? {}
      : { "retry-after": String(Math.max(1, Math.ceil(error.retryAfterMillis / 1000))) }
  })

/**
 * The answer to a send that failed: a store down as the chat route answers one (`EndpointReply`: a 503 in the
 * redaction's words, what failed in the log alone); any other refusal in its own words (`refusal`).
 */
const answerOf = (error: Steering.SteeringError) =>
  error.reason === "Unavailable"
    ? Effect.fail(
      EndpointReply.failure(new StreamStore.StreamStoreError({ reason: "Unavailable", message: error.message }))
    )
    : Effect.succeed(refusal(error))

/** The body, read up to a bound that fits a message of `maxBytes`, decoded (else a 400 naming the field). */
const readBody = (request: HttpServerRequest.HttpServerRequest, maxBytes: number) =>
  Effect.gen(function*() {
    const source = NodeHandler.nodeSource(request) ??
      (yield* Effect.mapError(HttpServerRequest.toWeb(request), () => ChatRoutes.unreadable))
    const text = yield* UIServing.readRequest(source, { maxBytes: maxBytes + 1024 })
    const json = yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: () => UIDecodedMessage.invalid("body", "not JSON")
    })
    return yield* Effect.mapError(
      Schema.decodeUnknownEffect(Body)(json),
      () => UIDecodedMessage.invalid("body", "expected { id?: string, text: string }")
    )
  })

/** `POST <path>/:id/steer` or `/queue`: 202 `{ id }` once the message is in the answer's inbox. */
export const send = <R>(endpoint: ChatRoutes.Endpoint<ReadonlyArray<Tool.Tool>, R>, kind: Steering.Kind) => {
  const maxBytes = endpoint.options.steering?.maxBytes ?? Steering.defaultMaxBytes
  return (request: HttpServerRequest.HttpServerRequest) =>
    ChatRoutes.storedRoute(endpoint, `POST ${endpoint.path}/:id/${kind}`, (chatId, owner) =>
      Effect.gen(function*() {
        const body = yield* Effect.mapError(readBody(request, maxBytes), EndpointReply.failure)
        const options = { owner, ...(body.id === undefined ? {} : { id: body.id }) }
        const sent = kind === "steer"
          ? Steering.steer(chatId, body.text, options)
          : Steering.queue(chatId, body.text, options)
        return yield* sent.pipe(
          Effect.map(({ id }) => HttpServerResponse.jsonUnsafe({ id }, { status: 202 })),
          Effect.catchTag("SteeringError", answerOf)
        )
      }))(request)
}
