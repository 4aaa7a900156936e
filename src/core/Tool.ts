/**
 * Tools the model may call, and the tool calls it streams back.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as JsonDecoder from "./schema/JsonDecoder.js"
import * as JsonDepth from "./schema/JsonDepth.js"
import * as ModelJsonSchema from "./schema/ModelJsonSchema.js"

/**
 * A JSON Schema object, as providers receive it.
 *
 * @since 0.2.0
 * @category Models
 */
export type JsonSchema = { readonly [key: string]: unknown }

/**
 * A tool definition: a name, a description, the Schema its arguments are decoded with, and the JSON
 * Schema sent to the provider (generated from the Schema unless the tool brings its own).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Tool<Name extends string = string, A = any, I = any> {
  readonly name: Name
  readonly description?: string | undefined
  readonly parameters: Schema.Codec<A, I>
  /** The JSON Schema of the arguments: an object schema at the root, as every provider requires. */
  readonly jsonSchema: JsonSchema
  /** OpenAI-style strict schema adherence (`strict: true` on OpenAI, Groq and Azure); unset by default. */
  readonly strict?: boolean | undefined
}

/**
 * The JSON Schema of a tool's parameters, as providers accept it: a self-contained object schema at the root
 * (nested classes in `$defs`), a number as `{"type": "number"}` (not the strings `"NaN"` and `"Infinity"` the JSON
 * codec also decodes). A Schema whose JSON form is not an object is rejected.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const jsonSchemaOf = (parameters: Schema.Top): JsonSchema => ModelJsonSchema.toolParameters(parameters)

/**
 * Defines a tool. Its JSON Schema is generated from `parameters` (see `jsonSchemaOf`), unless the tool brings its
 * own `jsonSchema`. A `strict` tool's schema that breaks OpenAI's strict-mode rules is rejected here, naming each
 * offending field, rather than by the provider.
 *
 * @example
 * ```ts
 * import { Tool } from "effect-llm-stream"
 * import { Schema } from "effect"
 *
 * const getWeather = Tool.make("get_weather", {
 *   description: "Current weather in a city",
 *   parameters: Schema.Struct({ city: Schema.String })
 * })
 *
 * // A tool with a hand-written JSON Schema, in OpenAI's strict mode.
 * const search = Tool.make("search", {
 *   jsonSchema: {
 *     type: "object",
 *     properties: { query: { type: "string" } },
 *     required: ["query"],
 *     additionalProperties: false
 *   },
 *   strict: true
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make: {
  <const Name extends string, A, I>(
    name: Name,
    options: MakeOptions & { readonly parameters: Schema.Codec<A, I> }
  ): Tool<Name, A, I>
  <const Name extends string>(
    name: Name,
    options: MakeOptions & { readonly jsonSchema: JsonSchema }
  ): Tool<Name, unknown, unknown>
} = (name: string, options: MakeOptions & { readonly parameters?: Schema.Codec<any, any> | undefined }): Tool => {
  const parameters = options.parameters ?? Schema.Unknown
  const jsonSchema = options.jsonSchema ?? jsonSchemaOf(parameters)
  const violations = options.strict === true ? ModelJsonSchema.strictViolations(jsonSchema) : []
  if (violations.length > 0) {
    throw new TypeError(`tool ${name} cannot be strict: ${violations.join("; ")}`)
  }
  return { name, description: options.description, parameters, jsonSchema, strict: options.strict }
}

/** What `make` takes beside `parameters`. */
interface MakeOptions {
  readonly description?: string | undefined
  readonly jsonSchema?: JsonSchema | undefined
  readonly strict?: boolean | undefined
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
 * A tool call the provider runs itself (web search, code execution, MCP connector calls, ...): the program does not
 * answer it; it is kept so that the conversation can be sent back (a turn paused with `pause_turn`).
 *
 * @since 0.2.0
 * @category Models
 */
export class ServerToolCall extends Schema.Class<ServerToolCall>("effect-llm-stream/ServerToolCall")({
  id: Schema.String,
  name: Schema.String,
  /** The provider's kind of call: `server_tool_use`, `mcp_tool_use`, ... */
  type: Schema.String,
  /** The input as the JSON text the model produced. */
  arguments: Schema.String
}) {
  /**
   * The input, parsed (`{}` when empty or not JSON).
   *
   * @since 0.2.0
   */
  get input(): unknown {
    if (this.arguments.trim() === "" || JsonDepth.nestsTooDeep(this.arguments)) return {}
    try {
      return JSON.parse(this.arguments)
    } catch {
      return {}
    }
  }
}

/**
 * The result of a server tool call, as the provider sent it: `web_search_tool_result`,
 * `code_execution_tool_result`, `mcp_tool_result`, Bedrock's tool results, ...
 *
 * @since 0.2.0
 * @category Models
 */
export class ServerToolResult extends Schema.Class<ServerToolResult>("effect-llm-stream/ServerToolResult")({
  toolUseId: Schema.String,
  /** The provider's kind of result. */
  type: Schema.String,
  /** The result's content, as the provider sent it. */
  content: Schema.Unknown,
  isError: Schema.optionalKey(Schema.Boolean)
}) {}

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
    readonly input: Tools[K]["parameters"]["Type"]
  }
}[number]

/**
 * A tool call that cannot be used: an unknown tool, arguments that are not JSON, or arguments that do
 * not match the tool's Schema. It names the tool and carries the raw arguments.
 *
 * @since 0.1.0
 * @category Errors
 */
export class ToolCallError extends Schema.TaggedError<ToolCallError>()("ToolCallError", {
  reason: Schema.Literals(["unknown-tool", "invalid-json", "invalid-arguments"]),
  toolName: Schema.String,
  toolCallId: Schema.String,
  arguments: Schema.String,
  message: Schema.String
}) {}

/**
 * A complete tool call that cannot be used, delivered as a value (`invalidCalls: "emit"`) so that the program can
 * answer it with an error result the model can correct itself from.
 *
 * @since 0.2.0
 * @category Models
 */
export interface InvalidToolCall {
  readonly _tag: "InvalidToolCall"
  readonly id: string
  /** The tool the model named (possibly one that does not exist). */
  readonly name: string
  /** The arguments as the model wrote them. */
  readonly arguments: string
  /** Why the call cannot be used: an unknown tool, arguments that are not JSON, or do not match the Schema. */
  readonly error: ToolCallError
}

/**
 * Turns a `ToolCallError` into its call, as a value.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const invalidToolCall = (error: ToolCallError): InvalidToolCall => ({
  _tag: "InvalidToolCall",
  id: error.toolCallId,
  name: error.toolName,
  arguments: error.arguments,
  error
})

/** Arguments are decoded with their Schema's JSON codec; one that throws (past the stack) refuses them, no defect. */
const decodeArguments = (parameters: Schema.Codec<unknown, unknown>, json: unknown): Result.Result<unknown, string> => {
  try {
    return Result.mapError(JsonDecoder.of(parameters)(json), (error) => error.message)
  } catch {
    return Result.fail("the arguments could not be checked against the tool's Schema")
  }
}

/**
 * Decodes a complete call's arguments with the Schema of the tool it names (empty arguments mean `{}`).
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeCall = <const Tools extends ReadonlyArray<Tool>>(
  tools: Tools,
  call: ToolCall
): Result.Result<DecodedCall<Tools>, ToolCallError> => {
  const fail = (reason: ToolCallError["reason"], detail: string) =>
    Result.fail(
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
  if (JsonDepth.nestsTooDeep(call.arguments)) return fail("invalid-json", `the arguments are ${JsonDepth.tooDeep}`)
  let json: unknown
  try {
    json = call.arguments.trim() === "" ? {} : JSON.parse(call.arguments)
  } catch {
    return fail("invalid-json", "the arguments are not valid JSON")
  }
  const decoded = decodeArguments(tool.parameters, json)
  if (Result.isFailure(decoded)) return fail("invalid-arguments", decoded.failure)
  return Result.succeed({
    _tag: "ToolCall",
    id: call.id,
    name: call.name,
    arguments: call.arguments,
    input: decoded.success
  } as DecodedCall<Tools>)
}

/**
 * What a handler is given beside its input and call: `progress(output)` reports an interim output while it runs (the
 * UI message stream's `tool-output-available` with `preliminary: true`, `runTools`' `ToolProgressEvent`), which a later
 * one replaces; the value the handler ends with is the result the model reads. Where nothing is shown (a durable
 * loop), it does nothing.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { Tool } from "effect-llm-stream"
 *
 * const search = Tool.handle(
 *   Tool.make("search", { parameters: Schema.Struct({ query: Schema.String }) }),
 *   ({ query }, _call, run) =>
 *     Effect.gen(function*() {
 *       yield* run.progress({ status: "searching", query })
 *       return { results: [`${query}: 3 results`] }
 *     })
 * )
 * ```
 *
 * @since 0.7.0
 * @category Models
 */
export interface ToolRun {
  readonly progress: (output: unknown) => Effect.Effect<void>
}

/** The `ToolRun` of a handler run where its progress goes nowhere. */
export const unreported: ToolRun = { progress: () => Effect.void }

/**
 * What `needsApproval` may decide of a call, as the AI SDK 7's approvals do: `"ask"` (as `true`) the person, `{ ask:
 * reason }` saying why; `"approve"` it at once, `{ deny: reason }` deny it at once (the model reads the reason). A
 * decision made here is shown to the browser as the AI SDK sends one (`approval.isAutomatic`, its `reason`).
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { Tool } from "effect-llm-stream"
 *
 * const weather = Tool.handle(
 *   Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) }),
 *   ({ city }) => Effect.succeed(`18°C in ${city}`),
 *   {
 *     needsApproval: ({ city }) =>
 *       city === "Paris" ? "approve" : city === "Atlantis" ? { deny: "Atlantis is not a real city." } : "ask"
 *   }
 * )
 * ```
 *
 * @since 0.7.0
 * @category Models
 */
export type ApprovalDecision = "ask" | "approve" | { readonly ask: string } | { readonly deny: string }

/**
 * A tool with its handler, for `LanguageModel.runTools`: the tool's fields, the `handler` its decoded calls run,
 * and when a call needs the program's approval first.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Handled<T extends Tool = Tool, E = never, R = never>
  extends Tool<T["name"], T["parameters"]["Type"], T["parameters"]["Encoded"]>
{
  readonly _tag: "Handled"
  /**
   * Runs a call: its output is the result (a string, `Message.Part`s, a whole `Message.toolResult`, else JSON); `run`
   * (since 0.7.0) reports interim outputs.
   */
  readonly handler: (input: T["parameters"]["Type"], call: ToolCall, run?: ToolRun) => Effect.Effect<unknown, E, R>
  /** @since 0.7.0 a decision (`ApprovalDecision`) */
  readonly needsApproval: boolean | ((input: T["parameters"]["Type"]) => boolean | ApprovalDecision)
  readonly timeout: Duration.Input | undefined
}

/**
 * How a handled tool's calls run: whether a call needs approval first, and how long it may take before it is
 * answered with an error result.
 *
 * @since 0.3.0
 * @category Models
 */
export interface HandleOptions<Input> {
  readonly needsApproval?: boolean | ((input: Input) => boolean | ApprovalDecision) | undefined
  readonly timeout?: Duration.Input | undefined
}

/**
 * Gives a tool its handler: each call's arguments are decoded with the tool's Schema, and the handler's output
 * is sent back as the result. A handler's failure is an error result the model reads (`isError`), unless the
 * loop is told to stop on it (`onToolError: "fail"`); a defect fails the loop.
 *
 * @example
 * ```ts
 * import { Tool } from "effect-llm-stream"
 * import { Effect, Schema } from "effect"
 *
 * const getWeather = Tool.handle(
 *   Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) }),
 *   ({ city }) => Effect.succeed({ city, celsius: 18 }),
 *   { timeout: "10 seconds" }
 * )
 * ```
 *
 * @since 0.3.0
 * @category Constructors
 */
export const handle = <T extends Tool, E = never, R = never>(
  tool: T,
  handler: (input: T["parameters"]["Type"], call: ToolCall, run: ToolRun) => Effect.Effect<unknown, E, R>,
  options: HandleOptions<T["parameters"]["Type"]> = {}
): Handled<T, E, R> => ({
  name: tool.name,
  description: tool.description,
  parameters: tool.parameters,
  jsonSchema: tool.jsonSchema,
  strict: tool.strict,
  _tag: "Handled",
  // A caller of the handler that reports nothing (0.6's, with two arguments) gives it `unreported`.
  handler: (input, call, run = unreported) => handler(input, call, run),
  needsApproval: options.needsApproval ?? false,
  timeout: options.timeout
})

/**
 * A call's approval (`Message.toolApproval`); with `approvalId` (0.4.0), run only if issued for it, unexpired, once.
 * Answering a tool's request for input (an MCP server's form, `ApprovalRequestEvent.elicitation`, 0.6.0): `content`
 * the user's answer when approved, `action: "cancel"` a cancel rather than a decline when not.
 *
 * @since 0.3.0
 * @category Models
 */
export class ToolApproval extends Schema.TaggedClass<ToolApproval>("effect-llm-stream/ToolApproval")("ToolApproval", {
  toolCallId: Schema.String,
  approved: Schema.Boolean,
  reason: Schema.optionalKey(Schema.String),
  approvalId: Schema.optionalKey(Schema.String),
  content: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  action: Schema.optionalKey(Schema.Literal("cancel")),
  /**
   * @since 0.7.0 An approval's edited input: the call runs with it (checked against its tool's Schema) instead. The
   * answer to a tool's request for input (its form) edits nothing: the call goes on with the input approved.
   */
  input: Schema.optionalKey(Schema.Unknown),
  /** @since 0.7.0 the interrupt it answers when that is no call's: `budget`, a budget's question (`budgetAnswer`) */
  interrupt: Schema.optionalKey(Schema.Literal("budget"))
}) {}

/**
 * Answers a call that needed approval, in the next `runTools` request (never without the browser's `approvalId`).
 *
 * @since 0.3.0
 * @category Constructors
 */
export const toolApproval = (options: {
  readonly toolCallId: string
  readonly approved: boolean
  readonly reason?: string | undefined
  readonly approvalId?: string | undefined
  readonly content?: { readonly [key: string]: unknown } | undefined
  readonly action?: "cancel" | undefined
  /**
   * @since 0.7.0 The input the call runs with instead of the model's (with `approved: true`): an edit; not taken by
   * the answer to a tool's request for input.
   */
  readonly input?: unknown
  /** @since 0.7.0 */
  readonly interrupt?: "budget" | undefined
}): ToolApproval => {
  const { toolCallId, approved, ...optional } = options
  const given = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined))
  return new ToolApproval({ toolCallId, approved, ...given })
}

/**
 * The id and tool name of the call a tool loop's question before its budget's cap stands for (`budgetAnswer`).
 *
 * @deprecated A budget's question is no tool call: answer it with `budgetAnswer` (or a durable run's
 * `approve(executionId, "budget_question", ...)`, kept through 0.7); on the UI message stream its part is named
 * `UIMessageStream.budgetQuestionPart`.
 * @since 0.6.0
 * @category Constants
 */
export const budgetQuestion = "budget_question"

/**
 * Answers a tool loop's question before its budget's cap (`BudgetQuestionEvent`) in its next request (`continue` up to
 * the cap, or `stop`): an approval marked as the budget's interrupt (`interrupt: "budget"`, since 0.7.0, so that no
 * call of the conversation is taken for it), checked and taken once as one.
 *
 * @since 0.6.0
 * @category Constructors
 */
export const budgetAnswer = (options: {
  readonly questionId?: string | undefined
  readonly answer: "continue" | "stop"
}): ToolApproval =>
  toolApproval({
    toolCallId: budgetQuestion,
    approved: options.answer === "continue",
    approvalId: options.questionId,
    interrupt: "budget"
  })
