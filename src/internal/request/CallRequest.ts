/**
 * What a call asks for, provider-agnostic: the conversation, settings and tools. Each provider encodes
 * it in its own wire format.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as Message from "../../Message.js"
import type * as Output from "../../Output.js"
import * as ProviderError from "../../ProviderError.js"
import type * as Tool from "../../Tool.js"

/** Generation settings shared by every provider. */
export interface Settings {
  /** The most tokens to generate (`max_completion_tokens` / `max_tokens` / `maxTokens` on the wire). */
  readonly maxTokens?: number | undefined
  readonly temperature?: number | undefined
  readonly topP?: number | undefined
  readonly stopSequences?: ReadonlyArray<string> | undefined
}

/** A call: the conversation, an optional system prompt, settings and tools. */
export interface Request extends Settings {
  readonly messages: ReadonlyArray<Message.Message>
  readonly system?: string | undefined
  readonly tools?: ReadonlyArray<Tool.Tool> | undefined
  readonly toolChoice?: Tool.ToolChoice | undefined
  /**
   * Structured output: the answer is a value of this Schema (or `Output`), sent in the provider's JSON mode or
   * through a tool named after it (see `Output.Strategy`); `CallStream.object` and `partialObjects` read it.
   */
  readonly output?: Output.Input | undefined
  /**
   * Extra JSON fields merged into the request body (`n`, `seed`, `thinking`, `response_format`, ...), over
   * the model layer's own `extraBody` (field by field).
   */
  readonly extraBody?: Readonly<Record<string, unknown>> | undefined
}

/** A request, or a plain string sent as a single user message. */
export type Input = Request | string

/** Turns an `Input` into a `Request`. */
export const fromInput = (input: Input): Request =>
  typeof input === "string" ? { messages: [Message.user(input)] } : input

/** A provider request: a `Request` for a named model. */
export interface ProviderRequest extends Request {
  readonly model: string
}

/**
 * Why a request cannot be sent as it is (a part the API cannot take, a setting it does not have): found
 * while encoding, so before any byte is sent. The text says what to do instead.
 */
export interface Unsupported {
  readonly message: string
}

/** A request a provider cannot take, with the reason. */
export const unsupported = (message: string): Result.Result<never, Unsupported> => Result.fail({ message })

/** The error a refused request ends with: an `InvalidRequestError` naming the provider. */
export const refused = (provider: string, unsupported: Unsupported): ProviderError.InvalidRequestError =>
  new ProviderError.InvalidRequestError({ provider, message: `${provider}: ${unsupported.message}` })

/**
 * The stream of a call whose body is encoded when the stream runs: a refused request fails with
 * `refused` before anything is sent; an encoded one is streamed by `send`.
 */
export const streamEncoded = <Body, A>(
  provider: string,
  encode: () => Result.Result<Body, Unsupported>,
  send: (body: Body) => Stream.Stream<A, ProviderError.ProviderError>
): Stream.Stream<A, ProviderError.ProviderError> =>
  Stream.suspend(() => {
    const encoded = encode()
    return Result.isFailure(encoded) ? Stream.fail(refused(provider, encoded.failure)) : send(encoded.success)
  })
