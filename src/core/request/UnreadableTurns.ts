/**
 * A request sent again when the API cannot read the turns it is sent back as its own (the `unreadableTurns` row of
 * its table, with the refusal: `Conversation.Rules`). A provider's opaque state is read only where it was made, and
 * by the model that made it (encrypted reasoning by its account or Azure resource, a Claude thinking signature by its
 * model, a Gemini thought signature by its model and account), so a conversation that moves (a model picker, a
 * fallback to another resource, a load balancer, another account) is refused on its next request, and every one after.
 *
 * Refused so (a response's status: nothing was streamed), the request goes once more with every turn of the API's
 * format as another provider's turns go (their text and calls): the model no longer sees its earlier reasoning, as
 * after a switch of provider. The service keeps what each model refused (`Refused`, by the turns and by their state),
 * so that the conversation's next requests to that model send those turns so at once.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as ErrorReport from "../http/ErrorReport.js"
import * as Message from "../Message.js"
import type * as ProviderError from "../ProviderError.js"
import * as CallRequest from "./CallRequest.js"
import * as TextHash from "./TextHash.js"

/** Whether a message is an assistant turn of `format` (the API's own), and which of them `only` says when given. */
const isOwn = (message: Message.Message, format: string, only?: (content: Message.ProviderContent) => boolean) =>
  message._tag === "AssistantMessage" && message.content?.provider === format &&
  (only === undefined || only(message.content))

/** The messages with the assistant turns of `format` (those `only` says, when given) as another provider's. */
export const asAnotherProvider = (
  messages: ReadonlyArray<Message.Message>,
  format: string,
  only?: (content: Message.ProviderContent) => boolean
): ReadonlyArray<Message.Message> =>
  messages.some((message) => isOwn(message, format, only))
    ? messages.map((message) =>
      message._tag === "AssistantMessage" && isOwn(message, format, only)
        ? new Message.AssistantMessage({ text: message.text, toolCalls: message.toolCalls })
        : message
    )
    : messages

/** How an API's blocks are read for the state they hold (its `AssistantTurn.TurnBlocks`). */
export interface BlockReader {
  readonly read: (block: unknown) => { readonly state?: object | undefined } | undefined
}

/** The most turns a service keeps by their state as refused (the oldest go first). */
const maxKept = 4_096

/**
 * The turns each model refused, kept by the service that asked it: by the turns' content (weakly, as long as a
 * conversation holds them) and by the first state a turn holds (`AssistantTurn.State`, hashed: a browser's or a
 * store's conversation is new messages with the same state), at most `maxKept` of those. A later request to that model
 * (the tool loop's next step, the conversation's next question) sends them as another provider's at once rather than
 * being refused again.
 */
export class Refused {
  readonly #byContent = new WeakMap<Message.ProviderContent, Set<string>>()
  /** `model` and the hash of a turn's first state, oldest first. */
  readonly #byState = new Set<string>()

  /** How the API's blocks are read, for the state they hold. */
  readonly #blocks: BlockReader

  constructor(blocks: BlockReader) {
    this.#blocks = blocks
  }

  /** The key of a turn's first state for `model`, `undefined` for a turn without state. */
  #stateKey(content: Message.ProviderContent, model: string): string | undefined {
    for (const block of content.blocks) {
      const state = this.#blocks.read(block)?.state
      if (state !== undefined) return `${model} ${TextHash.hex64(JSON.stringify(state))}`
    }
    return undefined
  }

  /** Whether `model` refused the turn of `content`. */
  has(content: Message.ProviderContent, model: string): boolean {
    if (this.#byContent.get(content)?.has(model) === true) return true
    if (this.#byState.size === 0) return false
    const key = this.#stateKey(content, model)
    return key !== undefined && this.#byState.has(key)
  }

  /** Keeps the turns of `format` in `messages` as refused by `model`. */
  add(messages: ReadonlyArray<Message.Message>, format: string, model: string): void {
    for (const message of messages) {
      if (message._tag !== "AssistantMessage" || message.content?.provider !== format) continue
      const models = this.#byContent.get(message.content) ?? new Set()
      this.#byContent.set(message.content, models.add(model))
      const key = this.#stateKey(message.content, model)
      if (key === undefined) continue
      this.#byState.delete(key)
      this.#byState.add(key)
      if (this.#byState.size > maxKept) this.#byState.delete(this.#byState.values().next().value!)
    }
  }
}

/** How an API says it cannot read its own turns, and which turns its models refused already. */
export interface Rule {
  /** The format of the API's own turns (`Message.ProviderContent.provider`). */
  readonly format: string
  /** Whether the API refused the request for state it cannot read (the response's error, with `http`). */
  readonly refuses: (error: ProviderError.ProviderError) => boolean
  readonly refused: Refused
}

/** Sends a body: the stream of its response. */
export type Post<Body, A> = (body: Body) => Stream.Stream<A, ProviderError.ProviderError>

/** Goes on from the first request's stream, posting another body in its place when it was refused. */
export type Retry<Body> = <A>(
  first: Stream.Stream<A, ProviderError.ProviderError>,
  post: Post<Body, A>
) => Stream.Stream<A, ProviderError.ProviderError>

/** A request that is a model's conversation. */
interface Asked {
  readonly model: string
  readonly messages: ReadonlyArray<Message.Message>
}

/** An API's rule: the format of its turns, what its refusal of them is, and a memory of them read with `blocks`. */
export const ruleOf = (
  format: string,
  refuses: (error: ProviderError.ProviderError) => boolean,
  blocks: BlockReader
): Rule => ({ format, refuses, refused: new Refused(blocks) })

/**
 * A request planned for an API that may refuse its own turns (see the module): `encoded`, its first body (the turns
 * the model refused before sent as another provider's already), and `again`, which goes on from the first body's
 * stream, sending the request once more with every turn of the API's as another provider's when it is refused so.
 */
const plan = <R extends Asked, Body>(
  request: R,
  rule: Rule,
  encode: (request: R) => Result.Result<Body, CallRequest.Unsupported>
): {
  readonly encoded: () => Result.Result<Body, CallRequest.Unsupported>
  readonly again: Retry<Body>
} => {
  const messages = asAnotherProvider(
    request.messages,
    rule.format,
    (content) => rule.refused.has(content, request.model)
  )
  return {
    encoded: () => encode(messages === request.messages ? request : { ...request, messages }),
    again: (first, post) => {
      if (!messages.some((message) => isOwn(message, rule.format))) return first
      return first.pipe(Stream.catch((error) => {
        if (error.http === undefined || !rule.refuses(error)) return Stream.fail(error)
        const again = encode({ ...request, messages: asAnotherProvider(messages, rule.format) })
        if (Result.isFailure(again)) return Stream.fail(error)
        rule.refused.add(messages, rule.format, request.model)
        // The host's own code, bounded and stripped of control characters: a proxy in between may send anything.
        const code = ErrorReport.loggable(error.errorType ?? String(error.http.status), 64)
        return Stream.fromEffect(
          Effect.logWarning(
            `${error.provider}: ${request.model} refused its earlier turns as they came (${code}: state another ` +
              "model, account or resource made, or text it takes no longer); sent again with them as another " +
              "provider's"
          )
        ).pipe(Stream.drain, Stream.concat(post(again.success)))
      }))
    }
  }
}

/**
 * Streams one request to an API that may refuse its own turns (`CallRequest.streamEncoded`, its first body as `plan`
 * encodes it): `send` posts the body and goes on with `again`, the retry of the refused request.
 */
export const streamEncoded = <R extends Asked, Body, A>(
  provider: string,
  rule: Rule,
  request: R,
  encode: (request: R) => Result.Result<Body, CallRequest.Unsupported>,
  send: (body: Body, again: Retry<Body>) => Stream.Stream<A, ProviderError.ProviderError>
): Stream.Stream<A, ProviderError.ProviderError> => {
  const planned = plan(request, rule, encode)
  return CallRequest.streamEncoded(provider, planned.encoded, (body) => send(body, planned.again))
}
