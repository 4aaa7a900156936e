/**
 * What a call asks for, provider-agnostic: the conversation, settings and tools. Each provider encodes
 * it in its own wire format.
 *
 * @internal
 */
import * as Message from "../../Message.js"
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
