/**
 * The `tools/list` answers of a transport, each tool taken on its own: one the MCP schema of the revision refuses,
 * or over a bound of `McpBounds.listing` (its name, its schemas' size or nesting), is left out of the answer (and
 * reported) before `effect/ai/McpClient` checks it, which would refuse the whole answer for it. The listing stays
 * bounded: every tool listed, left out or not, counts towards the client's 10,000, and the tools kept towards
 * `maxListingChars` of JSON over all pages, past which the listing is refused (reported, and a `LimitError`): a
 * server's tools are held while it is read and sent to the model with every request.
 *
 * @internal
 */
import type * as McpClient from "effect/ai/McpClient"
import * as McpClientError from "effect/ai/McpClientError"
import * as McpSchema from "effect/ai/McpSchema"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Rpc from "effect/rpc/Rpc"
import * as Schema from "effect/Schema"
import * as JsonDepth from "../../core/schema/JsonDepth.js"
import { isObject } from "../../core/schema/JsonEquals.js"
import * as McpBounds from "./McpBounds.js"

/** What a listing's reader is told: a tool left out (its name, `undefined` where it has none, and why), or refused. */
export type Notice =
  | { readonly _tag: "LeftOut"; readonly name: string | undefined; readonly why: string }
  | { readonly _tag: "Refused"; readonly why: string }

const bounds = McpBounds.listing

const limit = (description: string) =>
  new McpClientError.McpClientError({ reason: new McpClientError.LimitError({ description }) })

const overLimit = /* @__PURE__ */ limit("MCP tools discovery exceeded its item limit")

const overChars = /* @__PURE__ */ limit(
  `its tools are over ${bounds.maxListingChars} characters of JSON; the listing is refused`
)

type Check = (value: unknown) => Exit.Exit<unknown, Schema.SchemaError>

type Answer = Effect.Effect<McpSchema.JsonRpcResponse, McpClientError.McpClientError>

/** Where a schema error is, in a result of one tool: `["tools"][0]["inputSchema"]["type"]` as `inputSchema.type`. */
const whyOf = (error: Schema.SchemaError): string => {
  const [expected = "", at = ""] = error.message.split(/\n\s*at /)
  const path = at.replace(/^\["tools"\]\[0\]/, "").replace(/\["([^"]*)"\]/g, ".$1").replace(/^\./, "")
  const what = expected.charAt(0).toLowerCase() + expected.slice(1)
  return path === "" ? what : `${path}: ${what}`
}

/** Why a tool is over a bound of its own (`McpBounds.listing`), or `undefined`: its name, then its schemas' nesting. */
const oversized = (tool: unknown): string | undefined => {
  if (!isObject(tool)) return undefined
  if (typeof tool["name"] === "string" && tool["name"].length > bounds.maxName) {
    return `its name is over ${bounds.maxName} characters`
  }
  for (const [key, what] of [["inputSchema", "input schema"], ["outputSchema", "output schema"]] as const) {
    const over = tool[key] === undefined
      ? undefined
      : McpBounds.schemaOver(tool[key], bounds.maxSchemaChars, bounds.maxSchemaDepth)
    if (over !== undefined) return `its ${what} ${over}`
  }
  // The rest (annotations, icons, `_meta`) within the schemas' nesting, a level below the tool.
  return JsonDepth.valueNestsTooDeep(tool, bounds.maxSchemaDepth + 1)
    ? `it nests deeper than ${bounds.maxSchemaDepth + 1} levels`
    : undefined
}

/**
 * Checks one page's tools as the client does (the revision's `tools/list` result, then the public one), each in a
 * result of its own: the page as it is when the rest of it breaks the schema (the client refuses it whole). Both
 * checks, as `McpClient.request` decodes with both and neither takes all the other takes: in 2025-06-18 the revision's
 * refuses an `outputSchema` of `type: "array"`, the public one `icons` that are not a list.
 */
const split = (checks: ReadonlyArray<Check>, result: Record<string, unknown>, tools: ReadonlyArray<unknown>) => {
  const failure = (value: unknown) => {
    for (const check of checks) {
      const exit = check(value)
      if (Exit.isFailure(exit)) return exit.cause.reasons.find((reason) => reason._tag === "Fail")?.error
    }
    return undefined
  }
  if (failure({ ...result, tools: [] }) !== undefined) return undefined
  const kept: Array<unknown> = []
  const leftOut: Array<Notice> = []
  for (const tool of tools) {
    const over = oversized(tool)
    const error = over === undefined ? failure({ ...result, tools: [tool] }) : undefined
    if (over === undefined && error === undefined) kept.push(tool)
    else {
      const name = isObject(tool) && typeof tool["name"] === "string" ? tool["name"] : undefined
      const broken = Schema.isSchemaError(error) ? whyOf(error) : "it is not an MCP tool"
      leftOut.push({ _tag: "LeftOut", name, why: over ?? `it breaks the MCP schema (${broken})` })
    }
  }
  return { kept, leftOut }
}

/** The characters of JSON of the tools kept, counted over a listing's pages: a refusal's notice past the bound. */
const counter = () => {
  let chars = 0
  let pages = 0
  return {
    start: () => {
      chars = 0
      pages = 0
    },
    over: (kept: ReadonlyArray<unknown>): Notice | undefined => {
      pages++
      // Each tool is within its bounds of nesting (`oversized`): serialising it cannot run out of stack.
      for (const tool of kept) chars += (JSON.stringify(tool) ?? "").length
      return chars > bounds.maxListingChars
        ? {
          _tag: "Refused",
          why: `${chars} characters of JSON by page ${pages} of its listing, over ${bounds.maxListingChars}`
        }
        : undefined
    }
  }
}

/**
 * `transport` with its `tools/list` answers' malformed or oversized tools left out, each given to `report`; a
 * listing over `maxListingChars` refused, reported and failed.
 */
export const wellFormed = (
  transport: McpClient.Transport,
  report: (notice: Notice) => Effect.Effect<void>
): McpClient.Transport => {
  const rpc = transport.protocol.clientRpcs.requests.get("tools/list") as Rpc.AnyWithProps | undefined
  if (rpc === undefined) return transport
  const checks: ReadonlyArray<Check> = [rpc.successSchema, McpSchema.ListToolsResult].map((schema) =>
    Schema.decodeUnknownExit(schema as Schema.Codec<unknown, unknown>)
  )
  const modern = transport.protocol.protocolVersion === "2026-07-28"
  let listed = 0
  const size = counter()
  return {
    ...transport,
    request: (message, tool) => {
      if (message.method !== "tools/list") return transport.request(message, tool)
      if (message.params?.["cursor"] === undefined) {
        listed = 0
        size.start()
      }
      return Effect.flatMap(transport.request(message, tool), (response): Answer => {
        if (!("result" in response) || response.id == null || !isObject(response.result)) {
          return Effect.succeed(response)
        }
        const tools = response.result["tools"]
        if (!Array.isArray(tools)) return Effect.succeed(response)
        listed += tools.length
        if (listed > bounds.maxListed) return Effect.fail(overLimit)
        // Older modern peers may omit the discriminator: the client adds it before its check (`McpClient.request`).
        const result = modern && response.result["resultType"] === undefined
          ? { ...response.result, resultType: "complete" }
          : response.result
        const page = split(checks, result, tools)
        if (page === undefined) return Effect.succeed(response)
        const refused = size.over(page.kept)
        if (refused !== undefined) return Effect.andThen(report(refused), Effect.fail(overChars))
        if (page.leftOut.length === 0) return Effect.succeed(response)
        return Effect.as(
          Effect.forEach(page.leftOut, report, { discard: true }),
          { jsonrpc: "2.0", id: response.id, result: { ...response.result, tools: page.kept } }
        )
      })
    }
  }
}
