/**
 * Tools the model may call, and the tool calls it streams back.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as JSONSchema from "effect/JSONSchema"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * A tool definition: a name, a description and the Schema of its parameters. The JSON Schema sent to
 * the provider is generated from the Effect Schema.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Tool<Name extends string = string, A = any, I = any> {
  readonly name: Name
  readonly description?: string | undefined
  readonly parameters: Schema.Schema<A, I>
  /** The JSON Schema of `parameters`, as providers expect it. */
  readonly jsonSchema: JSONSchema.JsonSchema7Root
}

/**
 * @example
 * ```ts
 * import { Tool } from "effect-llm-stream"
 * import { Schema } from "effect"
 *
 * const getWeather = Tool.make("get_weather", {
 *   description: "Current weather in a city",
 *   parameters: Schema.Struct({ city: Schema.String })
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = <const Name extends string, A, I>(
  name: Name,
  options: { readonly description?: string | undefined; readonly parameters: Schema.Schema<A, I> }
): Tool<Name, A, I> => {
  const { $schema: _, ...jsonSchema } = JSONSchema.make(options.parameters)
  return {
    name,
    description: options.description,
    parameters: options.parameters,
    jsonSchema: jsonSchema as JSONSchema.JsonSchema7Root
  }
}

/**
 * Whether and which tool the model must call: `"auto"` (its choice), `"none"`, `"required"` (any
 * tool), or `{ name }` (that tool).
 *
 * @since 0.1.0
 * @category Models
 */
export type ToolChoice = "auto" | "none" | "required" | { readonly name: string }

/**
 * A complete tool call as the model streamed it: its id, the tool's name and the raw JSON text of the
 * arguments.
 *
 * @since 0.1.0
 * @category Models
 */
export class ToolCall extends Schema.Class<ToolCall>("effect-llm-stream/ToolCall")({
  id: Schema.String,
  name: Schema.String,
  /** The arguments as the JSON text the model produced. */
  arguments: Schema.String
}) {}

/**
 * One streamed fragment of a tool call. `key` identifies the call within the stream (OpenAI: choice
 * and tool-call index; Anthropic and Bedrock: content-block index); `id` and `name` arrive on the
 * first fragment, `arguments` pieces are concatenated.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ToolCallDelta {
  readonly key: string
  readonly id?: string | undefined
  readonly name?: string | undefined
  readonly arguments: string
}

/**
 * Adds a fragment to the call it belongs to (or starts the call): the first non-empty id and name win,
 * argument pieces concatenate.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const appendDelta = (call: ToolCall | undefined, delta: ToolCallDelta): ToolCall =>
  call === undefined
    ? new ToolCall({ id: delta.id ?? "", name: delta.name ?? "", arguments: delta.arguments }, true)
    : new ToolCall({
      id: call.id === "" ? delta.id ?? "" : call.id,
      name: call.name === "" ? delta.name ?? "" : call.name,
      arguments: call.arguments + delta.arguments
    }, true)

/**
 * A complete tool call whose arguments were decoded with its tool's Schema. `name` discriminates the
 * tools, so `input` has the type of that tool's parameters.
 *
 * @since 0.1.0
 * @category Models
 */
export type DecodedCall<Tools extends ReadonlyArray<Tool>> = {
  readonly [K in keyof Tools]: {
    readonly _tag: "ToolCall"
    readonly id: string
    readonly name: Tools[K]["name"]
    /** The arguments as the model wrote them. */
    readonly arguments: string
    readonly input: Schema.Schema.Type<Tools[K]["parameters"]>
  }
}[number]

/**
 * A tool call that cannot be used: an unknown tool, arguments that are not JSON, or arguments that do
 * not match the tool's Schema. It names the tool and carries the raw arguments.
 *
 * @since 0.1.0
 * @category Errors
 */
export class ToolCallError extends Schema.TaggedError<ToolCallError>("effect-llm-stream/ToolCallError")(
  "ToolCallError",
  {
    reason: Schema.Literal("unknown-tool", "invalid-json", "invalid-arguments"),
    toolName: Schema.String,
    toolCallId: Schema.String,
    arguments: Schema.String,
    message: Schema.String
  }
) {}

/**
 * Decodes a complete call's arguments with the Schema of the tool it names (empty arguments mean `{}`).
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeCall = <const Tools extends ReadonlyArray<Tool>>(
  tools: Tools,
  call: ToolCall
): Either.Either<DecodedCall<Tools>, ToolCallError> => {
  const fail = (reason: ToolCallError["reason"], detail: string) =>
    Either.left(
      new ToolCallError({
        reason,
        toolName: call.name,
        toolCallId: call.id,
        arguments: call.arguments,
        message: `tool call ${call.id} to "${call.name}": ${detail}; arguments: ${call.arguments.slice(0, 500)}`
      })
    )
  const tool = tools.find((candidate) => candidate.name === call.name)
  if (tool === undefined) {
    return fail("unknown-tool", `no such tool (known: ${tools.map((candidate) => candidate.name).join(", ")})`)
  }
  let json: unknown
  try {
    json = call.arguments.trim() === "" ? {} : JSON.parse(call.arguments)
  } catch {
    return fail("invalid-json", "the arguments are not valid JSON")
  }
  const decoded = Schema.decodeUnknownEither(tool.parameters)(json)
  if (Either.isLeft(decoded)) {
    return fail("invalid-arguments", ParseResult.TreeFormatter.formatErrorSync(decoded.left))
  }
  return Either.right({
    _tag: "ToolCall",
    id: call.id,
    name: call.name,
    arguments: call.arguments,
    input: decoded.right
  } as DecodedCall<Tools>)
}
