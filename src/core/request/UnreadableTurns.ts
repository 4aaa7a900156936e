/**
 * A request sent again when the API cannot read the turns it is sent back as its own. A provider's opaque state is
 * read only where it was made, and by the model that made it: reasoning the Responses API returned encrypted, by the
 * account or Azure resource that made it, a stored item only there ("The encrypted content gAAA... could not be
 * verified.", "Item with id 'rs_...' not found."); a Claude thinking block's signature by the model that made it, on a
 * conversation with the same prefix ("Invalid `signature` in `thinking` block", Anthropic and Bedrock alike); a
 * Gemini thought signature by its model and account ("Corrupted thought signature."). A conversation that moves (a
 * model picker between two Claude models, a fallback to another Azure resource or region, a load balancer in front of
 * several, another account) is refused on its next request, and on every request after it.
 *
 * Refused so, the request goes once more with the API's own turns as another provider's turns go (their text and
 * calls; the encoder's rules for such turns apply, Claude's thinking on a budget and Gemini 3's call signatures
 * included): the model no longer sees its earlier reasoning, as after a switch of provider, and the conversation goes
 * on. The refusal names no turn that the request could be told apart by, so every turn of the API's format goes so.
 * It is a response's status (an error with `http`): nothing of that response was streamed.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as Message from "../Message.js"
import type * as ProviderError from "../ProviderError.js"
import type * as CallRequest from "./CallRequest.js"

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

/** How an API says it cannot read its own turns: its turns' format, and whether an error is such a refusal. */
export interface Rule {
  readonly format: string
  /** Whether the API refused the request for state it cannot read (the response's error, with `http`). */
  readonly refuses: (error: ProviderError.ProviderError) => boolean
}

/** Sends a body: the stream of its response. */
export type Post<Body, A> = (body: Body) => Stream.Stream<A, ProviderError.ProviderError>

/** Goes on from the first request's stream, posting another body in its place when it was refused (`retrying`). */
export type Retry<Body> = <A>(
  first: Stream.Stream<A, ProviderError.ProviderError>,
  post: Post<Body, A>
) => Stream.Stream<A, ProviderError.ProviderError>

/**
 * What sends the request again if the API refuses it for its own turns (see the module): given the stream of the first
 * request and how a body is posted, the stream that goes on with the request encoded again (`encodeWith` the messages
 * with those turns as another provider's) when the first is refused so. The first stream itself when the messages hold
 * no turn of the API's.
 */
export const retrying = <Body>(
  messages: ReadonlyArray<Message.Message>,
  rule: Rule,
  encodeWith: (messages: ReadonlyArray<Message.Message>) => Result.Result<Body, CallRequest.Unsupported>
): Retry<Body> =>
<A>(first: Stream.Stream<A, ProviderError.ProviderError>, post: Post<Body, A>) => {
  if (!messages.some((message) => message._tag === "AssistantMessage" && message.content?.provider === rule.format)) {
    return first
  }
  return first.pipe(Stream.catch((error) => {
    if (error.http === undefined || !rule.refuses(error)) return Stream.fail(error)
    const again = encodeWith(asAnotherProvider(messages, rule.format))
    if (Result.isFailure(again)) return Stream.fail(error)
    return Stream.fromEffect(
      Effect.logWarning(
        `${error.provider}: the API could not read the state of its earlier turns (${
          error.errorType ?? error.http.status
        }: another model, account or resource made them); sent again with them as another provider's`
      )
    ).pipe(Stream.drain, Stream.concat(post(again.success)))
  }))
}
