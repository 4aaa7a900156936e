/**
 * The tools of a Model Context Protocol server as handled tools for `LanguageModel.runTools`, with the loop's
 * guarantees at the boundary to a server the program does not control (`docs/mcp.md`).
 *
 * @since 0.4.0
 */
import type * as McpSchema from "effect/ai/McpSchema"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Result from "effect/Result"
import type * as Scope from "effect/Scope"
import * as ErrorReport from "../../core/http/ErrorReport.js"
import * as ForeignJsonSchema from "../../core/schema/ForeignJsonSchema.js"
import * as JsonDepth from "../../core/schema/JsonDepth.js"
import * as Tool from "../../core/Tool.js"
import * as ToolRuns from "../loop/ToolRuns.js"
import * as McpBounds from "./McpBounds.js"
import type * as McpConnect from "./McpConnect.js"
import * as McpCredentials from "./McpCredentials.js"
import { McpError } from "./McpError.js"
import * as McpImports from "./McpImports.js"
import * as McpInput from "./McpInput.js"
import * as McpNames from "./McpNames.js"
import * as McpResults from "./McpResults.js"

export type { Transport } from "./McpConnect.js"
export { McpError } from "./McpError.js"

/**
 * How the server's tools are offered (`docs/mcp.md`): `prefix`, `include` / `exclude`, `needsApproval`, `timeout`,
 * the bounds of a result, `elicitation` (0.6.0), and `maxTools`, the most tools offered (0.7.0).
 *
 * @since 0.4.0
 * @category Models
 */
export interface Options<T extends McpConnect.Transport = McpConnect.Transport> {
  readonly transport: T
  readonly prefix?: string | undefined
  readonly include?: ReadonlyArray<string> | undefined
  readonly exclude?: ReadonlyArray<string> | undefined
  readonly needsApproval?: "auto" | boolean | ReadonlyArray<string> | undefined
  readonly timeout?: Duration.Input | undefined
  readonly maxResultBytes?: number | undefined
  readonly maxResultDepth?: number | undefined
  readonly maxResultParts?: number | undefined
  readonly elicitation?: "approval" | undefined
  readonly maxTools?: number | undefined
}

/**
 * An MCP server's tool as a handled tool: `name` the one providers are sent (`toolName`), `mcpName` the server's. Its
 * `handler` is bounded by its `timeout`, called in the loop or directly: past it the server is told the call is
 * cancelled, and a direct call fails with an `McpError` (`Timeout`) in the words of the loop's error result.
 *
 * @since 0.4.0
 * @category Models
 */
export interface McpTool extends Tool.Handled<Tool.Tool<string, unknown, unknown>, McpError> {
  readonly mcpName: string
}

/**
 * The defaults of the bounds: a result of 4 MiB, nested 64 levels, of 1,000 content blocks; 60 seconds per call; 128
 * tools offered, as many as OpenAI takes in a request (0.7.0).
 *
 * @since 0.4.0
 * @category Constants
 */
export const defaults = {
  maxResultBytes: 4 * 2 ** 20,
  maxResultDepth: 64,
  maxResultParts: 1_000,
  timeout: /* @__PURE__ */ Duration.seconds(60),
  maxTools: McpBounds.listing.maxTools
} as const

/**
 * The name a tool of MCP name `name` is given for providers: `<prefix>_<name>` (or `name`), else a stable mapping.
 *
 * @example
 * ```ts
 * import { Mcp } from "effect-llm-stream"
 *
 * Mcp.toolName("get_weather") // "get_weather"
 * Mcp.toolName("files/read", "docs") // "docs_files_read_" followed by 8 hex digits
 * ```
 *
 * @since 0.4.0
 * @category Names
 */
export const toolName = (name: string, prefix?: string): string => McpNames.providerName(name, prefix)

const positive = (name: string, value: number | undefined, fallback: number): Result.Result<number, McpError> =>
  value === undefined
    ? Result.succeed(fallback)
    : Number.isSafeInteger(value) && value > 0
    ? Result.succeed(value)
    : Result.fail(new McpError({ reason: "Configuration", message: `${name} must be a positive integer` }))

const approval = (needsApproval: Options["needsApproval"], tool: McpSchema.Tool): boolean =>
  needsApproval === undefined || needsApproval === "auto"
    ? tool.annotations?.readOnlyHint !== true
    : typeof needsApproval === "boolean"
    ? needsApproval
    : needsApproval.includes(tool.name)

/** The result bounds of `options`, each a positive integer (or its default). */
const boundsOf = (options: Options): Result.Result<McpResults.Bounds, McpError> =>
  Result.all({
    maxResultBytes: positive("maxResultBytes", options.maxResultBytes, defaults.maxResultBytes),
    maxResultDepth: positive("maxResultDepth", options.maxResultDepth, defaults.maxResultDepth),
    maxResultParts: positive("maxResultParts", options.maxResultParts, defaults.maxResultParts)
  })

/** Whether `options` keeps a listed tool (`include`, `exclude`). */
const kept = (options: Options, tool: McpSchema.Tool): boolean =>
  (options.include === undefined || options.include.includes(tool.name)) &&
  !(options.exclude ?? []).includes(tool.name)

/**
 * `effect` bounded by `timeout`: past it, interrupted (the server told the call is cancelled) and an `McpError`
 * (`Timeout`) in the words the loop answers its own with; where the loop bounds this call (`ToolRuns.Timed`), left to
 * it.
 */
const bounded = <A, R>(
  effect: Effect.Effect<A, McpError, R>,
  call: Tool.ToolCall,
  timeout: Duration.Input
): Effect.Effect<A, McpError, R> =>
  Effect.flatMap(ToolRuns.Timed, (timed) =>
    timed === call ? effect : Effect.timeoutOrElse(effect, {
      duration: timeout,
      orElse: () => Effect.fail(new McpError({ reason: "Timeout", message: ToolRuns.timeoutText(call.name, timeout) }))
    }))

/**
 * Calls the server's tool within `timeout`: its result as the tool's output, a failure of the client an `McpError`.
 */
const callTool = (
  connection: McpConnect.Connection,
  descriptor: McpSchema.Tool,
  bounds: McpResults.Bounds,
  check: ((value: unknown) => ReadonlyArray<string>) | undefined,
  timeout: Duration.Input
) =>
(input: unknown, call: Tool.ToolCall) =>
  // Half the call's time for the server's completion of the pages the user accepted, half for the call made again.
  McpInput.call(connection, descriptor, input, call, Duration.divideUnsafe(Duration.fromInputUnsafe(timeout), 2)).pipe(
    Effect.tap((outcome) => {
      const broken = outcome._tag === "Complete" ? McpResults.nonConforming(outcome.result, check) : undefined
      return broken === undefined ? Effect.void : Effect.fail(connection.broke(broken))
    }),
    Effect.map((outcome) =>
      outcome._tag === "Complete"
        ? McpResults.toOutput(outcome.result, call, bounds, connection.scrub)
        : outcome._tag === "Refused"
        ? McpResults.errorResult(call, `${outcome.text}.`)
        : outcome
    ),
    Effect.catch((cause) =>
      cause.reason._tag === "LimitError"
        ? Effect.succeed(McpResults.errorResult(
          call,
          `The tool's result is over ${bounds.maxResultBytes} bytes (maxResultBytes); it was not read.`
        ))
        : Effect.fail(connection.error(cause))
    ),
    (answer) => bounded(answer, call, timeout)
  )

/**
 * A tool's parameters from its input schema, the transport's secrets scrubbed from its strings and keys (it is sent
 * to the model with every request); a schema that holds one in a number is refused. Its depth is checked first.
 */
const parametersOf = (connection: McpConnect.Connection, schema: unknown) => {
  if (JsonDepth.valueNestsTooDeep(schema)) return ForeignJsonSchema.toolParameters(schema)
  const scrubbed = McpCredentials.scrubbedValue(connection.scrub, schema)
  return scrubbed === McpCredentials.leaked
    ? Result.fail("its input schema holds a credential of this connection in a number")
    : ForeignJsonSchema.toolParameters(scrubbed)
}

/** The check of a tool's results against its output schema: `undefined` for none, a failure when it cannot check. */
const outputCheckOf = (descriptor: McpSchema.Tool) =>
  descriptor.outputSchema === undefined
    ? Result.succeed(undefined)
    : ForeignJsonSchema.resultCheck(descriptor.outputSchema)

/**
 * Makes the handled tool of a listed tool, named `name`; `undefined` (logged) when its input schema cannot be sent or
 * its output schema cannot check a result (the official TypeScript SDK refuses every call of such a tool).
 */
const toolOf = (
  connection: McpConnect.Connection,
  options: Options,
  bounds: McpResults.Bounds,
  descriptor: McpSchema.Tool,
  name: string
): Effect.Effect<McpTool | undefined> => {
  const schemas = Result.all({
    parameters: parametersOf(connection, descriptor.inputSchema),
    check: outputCheckOf(descriptor)
  })
  if (Result.isFailure(schemas)) {
    // The server's name of the tool and what its schema refers to are its text: scrubbed as the rest.
    return Effect.as(
      Effect.logWarning(ErrorReport.loggable(connection.scrub(
        `${connection.server}: tool ${JSON.stringify(descriptor.name)} left out: ${schemas.failure}`
      ))),
      undefined
    )
  }
  const { check, parameters } = schemas.success
  const given = descriptor.description ?? descriptor.title
  const scrubbed = given === undefined ? undefined : connection.scrub(given)
  // Cut once scrubbed: a credential cut in two would be scrubbed of neither half.
  const description = scrubbed === undefined ? undefined : McpBounds.described(scrubbed)
  const tool = Tool.make(name, { ...(description === undefined ? {} : { description }), ...parameters })
  const timeout = options.timeout ?? defaults.timeout
  const handled = Tool.handle(tool, callTool(connection, descriptor, bounds, check, timeout), {
    needsApproval: approval(options.needsApproval, descriptor),
    timeout
  })
  // What a call waits on is read only where calls may ask.
  const input = options.elicitation === "approval" ? { waitsForInput: McpInput.waitsForInput } : {}
  const cut = description === scrubbed ? Effect.void : Effect.logWarning(ErrorReport.loggable(connection.scrub(
    `${connection.server}: tool ${JSON.stringify(descriptor.name)}: its description of ${scrubbed!.length} ` +
      `characters is cut to ${McpBounds.listing.maxDescription}`
  )))
  return Effect.as(cut, { ...handled, mcpName: descriptor.name, ...input })
}

/**
 * Connects to one MCP server and gives its tools as handled tools for `LanguageModel.runTools`, for the scope
 * (`docs/mcp.md`). The list is read once, tool by tool: a tool the MCP schema refuses, whose input schema cannot be
 * sent to providers, or whose output schema cannot check its results, is left out (logged), the others offered; a
 * result that breaks the output schema fails its call.
 * A server listing a tool whose name holds a credential of the transport is refused (`McpError`, `Protocol`).
 * The listing is bounded (0.7.0): a tool whose name is over 128 characters, or whose schema is over 65,536
 * characters of JSON or 64 levels, is left out (logged); a description over 1,024 characters is cut (logged); a
 * listing over 8 Mi characters of JSON, or more tools than `maxTools` once `include` and `exclude` are applied, is
 * refused (`McpError`, `Limit`).
 *
 * @example
 * ```ts
 * import { LanguageModel, Mcp, Message } from "effect-llm-stream"
 * import { Effect, Redacted } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const files = yield* Mcp.tools({
 *     transport: { stdio: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "."] } },
 *     prefix: "files"
 *   })
 *   const tickets = yield* Mcp.tools({
 *     transport: {
 *       http: { url: "https://mcp.example.com/mcp", headers: { authorization: Redacted.make("Bearer secret") } }
 *     },
 *     needsApproval: ["close_ticket"]
 *   })
 *   return yield* LanguageModel.runToolsToEnd({
 *     messages: [Message.user("Summarise README.md in a new ticket")],
 *     tools: [...files, ...tickets]
 *   })
 * }).pipe(Effect.scoped)
 * ```
 *
 * @since 0.4.0
 * @category Constructors
 */
export const tools: {
  (options: Options<Extract<McpConnect.Transport, { readonly stdio: unknown }>>): Effect.Effect<
    ReadonlyArray<McpTool>,
    McpError,
    Scope.Scope
  >
  (options: Options): Effect.Effect<ReadonlyArray<McpTool>, McpError, Scope.Scope | HttpClient.HttpClient>
} = (options: Options): Effect.Effect<ReadonlyArray<McpTool>, McpError, any> =>
  Effect.gen(function*() {
    if (options.prefix !== undefined && !McpNames.validPrefix.test(options.prefix)) {
      return yield* new McpError({
        reason: "Configuration",
        message: "prefix must be a letter or _ followed by at most 31 letters, digits, _ or -"
      })
    }
    const bounds = yield* Effect.fromResult(boundsOf(options))
    const maxTools = yield* Effect.fromResult(positive("maxTools", options.maxTools, defaults.maxTools))
    // Loaded on the first connection: Effect's MCP client and its RPC modules load then, not with the package.
    const { connect } = yield* McpImports.connection
    const connection = yield* connect({
      transport: options.transport,
      label: options.prefix,
      maxBytes: bounds.maxResultBytes,
      // Starting a server (a package to fetch, a process to boot) may take longer than a call.
      timeout: Duration.max(Duration.fromInputUnsafe(options.timeout ?? defaults.timeout), defaults.timeout),
      elicitation: options.elicitation === "approval"
    })
    const listed = (yield* Effect.mapError(connection.client.listTools(), connection.error))
      .filter((tool) => kept(options, tool))
    // A name is what a call names: one cannot be scrubbed and still be called, so the server is refused.
    if (listed.some((tool) => connection.scrub(tool.name) !== tool.name)) {
      return yield* new McpError({
        reason: "Protocol",
        message: `${connection.server} lists a tool whose name holds a credential of this connection`
      })
    }
    const names = McpNames.assign(listed.map((tool) => tool.name), options.prefix)
    const made = yield* Effect.forEach(listed, (descriptor, index) => {
      const name = names[index]
      return name === undefined
        ? Effect.succeed(undefined)
        : toolOf(connection, options, bounds, descriptor, name)
    })
    const offered = made.filter((tool) => tool !== undefined)
    // Each one goes with every request: past what a request may carry, which to leave out is the program's choice.
    if (offered.length > maxTools) {
      return yield* new McpError({
        reason: "Limit",
        message: `${connection.server} offers ${offered.length} tools, more than the ${maxTools} a request may ` +
          "carry (maxTools): choose them with include or exclude"
      })
    }
    return offered
  })
