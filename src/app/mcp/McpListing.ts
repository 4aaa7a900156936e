/**
 * The `tools/list` answers of a transport, each tool taken on its own: one the MCP schema of the revision refuses
 * is left out of the answer (and reported) before `effect/ai/McpClient` checks it, which would refuse the whole
 * answer for it. The listing stays bounded: every tool listed, left out or not, counts towards the client's 10,000.
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
import { isObject } from "../../core/schema/JsonEquals.js"

/** A tool left out: its name (`undefined` where it has none) and what of the MCP schema it breaks. */
export interface LeftOut {
  readonly name: string | undefined
  readonly why: string
}

/** As many tools as `effect/ai/McpClient` takes from one listing (`MAX_DISCOVERY_ITEMS`). */
const maxTools = 10_000

const overLimit = /* @__PURE__ */ new McpClientError.McpClientError({
  reason: new McpClientError.LimitError({ description: "MCP tools discovery exceeded its item limit" })
})

type Check = (value: unknown) => Exit.Exit<unknown, Schema.SchemaError>

type Answer = Effect.Effect<McpSchema.JsonRpcResponse, McpClientError.McpClientError>

/** Where a schema error is, in a result of one tool: `["tools"][0]["inputSchema"]["type"]` as `inputSchema.type`. */
const whyOf = (error: Schema.SchemaError): string => {
  const [expected = "", at = ""] = error.message.split(/\n\s*at /)
  const path = at.replace(/^\["tools"\]\[0\]/, "").replace(/\["([^"]*)"\]/g, ".$1").replace(/^\./, "")
  const what = expected.charAt(0).toLowerCase() + expected.slice(1)
  return path === "" ? what : `${path}: ${what}`
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
  const leftOut: Array<LeftOut> = []
  for (const tool of tools) {
    const error = failure({ ...result, tools: [tool] })
    if (error === undefined) kept.push(tool)
    else {
      const name = isObject(tool) && typeof tool["name"] === "string" ? tool["name"] : undefined
      leftOut.push({ name, why: Schema.isSchemaError(error) ? whyOf(error) : "it is not an MCP tool" })
    }
  }
  return { kept, leftOut }
}

/** `transport` with its `tools/list` answers' malformed tools left out, each given to `report`. */
export const wellFormed = (
  transport: McpClient.Transport,
  report: (tool: LeftOut) => Effect.Effect<void>
): McpClient.Transport => {
  const rpc = transport.protocol.clientRpcs.requests.get("tools/list") as Rpc.AnyWithProps | undefined
  if (rpc === undefined) return transport
  const checks: ReadonlyArray<Check> = [rpc.successSchema, McpSchema.ListToolsResult].map((schema) =>
    Schema.decodeUnknownExit(schema as Schema.Codec<unknown, unknown>)
  )
  const modern = transport.protocol.protocolVersion === "2026-07-28"
  let listed = 0
  return {
    ...transport,
    request: (message, tool) => {
      if (message.method !== "tools/list") return transport.request(message, tool)
      if (message.params?.["cursor"] === undefined) listed = 0
      return Effect.flatMap(transport.request(message, tool), (response): Answer => {
        if (!("result" in response) || response.id == null || !isObject(response.result)) {
          return Effect.succeed(response)
        }
        const tools = response.result["tools"]
        if (!Array.isArray(tools)) return Effect.succeed(response)
        listed += tools.length
        if (listed > maxTools) return Effect.fail(overLimit)
        // Older modern peers may omit the discriminator: the client adds it before its check (`McpClient.request`).
        const result = modern && response.result["resultType"] === undefined
          ? { ...response.result, resultType: "complete" }
          : response.result
        const page = split(checks, result, tools)
        if (page === undefined || page.leftOut.length === 0) return Effect.succeed(response)
        return Effect.as(
          Effect.forEach(page.leftOut, report, { discard: true }),
          { jsonrpc: "2.0", id: response.id, result: { ...response.result, tools: page.kept } }
        )
      })
    }
  }
}
