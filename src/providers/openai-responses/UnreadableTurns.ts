/**
 * A request sent again when the Responses API host cannot read the turns it is sent back as its own. Reasoning
 * returned encrypted (`store: false`) can be read only by the account or the Azure resource that made it, and a stored
 * item only found there: a conversation that moves (a fallback to another Azure resource or region, a load balancer in
 * front of several, another OpenAI project) is refused on its next request. OpenAI: "The encrypted content gAAA...
 * could not be verified." (`invalid_encrypted_content`: openai/codex#3573, anomalyco/opencode#29879); "Item with id
 * 'rs_...' not found. Items are not persisted when `store` is set to false." (`param: "input"`:
 * router-for-me/CLIProxyAPI#2381).
 *
 * Refused so, the request goes once more with those turns as another provider's turns go (their text and calls, no
 * item ids, no reasoning): the model no longer sees its earlier reasoning, as after a switch of provider, and the
 * conversation goes on. The host's refusal names no turn, so every turn of its format goes so; it comes before the
 * response's first byte (an error with `http`), so nothing was streamed yet.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as Message from "../../core/Message.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as CallRequest from "../../core/request/CallRequest.js"

/** Whether the host refused the request for turns it cannot read (see the module). */
export const refuses = (error: ProviderError.ProviderError): boolean =>
  error._tag === "InvalidRequestError" && error.http !== undefined &&
  (error.errorType === "invalid_encrypted_content" ||
    (error.parameter === "input" && /\bItem with id '[^']*' not found\b/.test(error.message)))

/** The messages with the assistant turns of `format` as another provider's: their text and calls. */
export const asAnotherProvider = (
  messages: ReadonlyArray<Message.Message>,
  format: string
): ReadonlyArray<Message.Message> =>
  messages.map((message) =>
    message._tag === "AssistantMessage" && message.content?.provider === format
      ? new Message.AssistantMessage({ text: message.text, toolCalls: message.toolCalls })
      : message
  )

/**
 * The stream `first` posts, or, when the host refuses it for turns of `format` it cannot read, the request encoded
 * again with those turns as another provider's (`encodeWith`) and posted.
 */
export const orAgain = <Body, A>(
  first: Stream.Stream<A, ProviderError.ProviderError>,
  options: {
    readonly messages: ReadonlyArray<Message.Message>
    readonly format: string
    readonly encodeWith: (messages: ReadonlyArray<Message.Message>) => Result.Result<Body, CallRequest.Unsupported>
    readonly post: (body: Body) => Stream.Stream<A, ProviderError.ProviderError>
  }
): Stream.Stream<A, ProviderError.ProviderError> => {
  const { format, messages } = options
  if (!messages.some((message) => message._tag === "AssistantMessage" && message.content?.provider === format)) {
    return first
  }
  return first.pipe(Stream.catch((error) => {
    if (!refuses(error)) return Stream.fail(error)
    const again = options.encodeWith(asAnotherProvider(messages, format))
    if (Result.isFailure(again)) return Stream.fail(error)
    return Stream.fromEffect(
      Effect.logWarning(
        `${error.provider}: the host could not read its earlier turns (${error.errorType}), made by another account or ` +
          "resource; sent again with them as another provider's"
      )
    ).pipe(Stream.drain, Stream.concat(options.post(again.success)))
  }))
}
