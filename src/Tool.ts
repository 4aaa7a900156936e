/**
 * Tools the model may call, and the tool calls it streams back.
 *
 * @since 0.1.0
 */
import * as JSONSchema from "effect/JSONSchema"
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
