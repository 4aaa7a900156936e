/**
 * The kinds of output items of a Responses API stream. A function call and the built-in tools the
 * application executes itself (`custom_tool_call`, `computer_call`, `local_shell_call`, `shell_call`,
 * `apply_patch_call`, and a `tool_search_call` with `execution: "client"`) are tool calls for the program,
 * each answered with its own `*_output` item; so is an MCP server's call the service asks the application to approve
 * (`mcp_approval_request`, answered with `mcp_approval_response`); every other item is the model's own (a message, reasoning)
 * or a tool the service ran itself (web search, file search, code interpreter, image generation, MCP, a
 * server tool search, and item types this library does not know).
 *
 * The shapes are openai-node's `ResponseOutputItem` and `ResponseInputItem` (`resources/responses/responses.ts`).
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as ToolCallFragments from "../../core/fold/ToolCallFragments.js"
import type * as Message from "../../core/Message.js"
import * as Payload from "../../core/payload/Payload.js"
import type * as Conversation from "../../core/request/Conversation.js"
import type * as ResponsesSchemas from "./ResponsesSchemas.js"

/** A built-in tool the application executes: the tool's name, where the item holds its input, its answer item. */
interface ClientTool {
  /** The name of the call (a custom tool's own name; the built-in tool's type otherwise). */
  readonly name: (item: ResponsesSchemas.ClientCallItem) => string
  /** The item's input: what the application acts on. */
  readonly input: (item: Readonly<Record<string, unknown>>) => unknown
  /** The `*_output` item answering a call, or why the result cannot be sent as one. */
  readonly output: (callId: string, result: Message.ToolResultMessage) => Result.Result<unknown, string>
}

const named = (name: string) => () => name
const field = (key: string) => (item: Readonly<Record<string, unknown>>) => item[key]

/** Parsed JSON, or `undefined` for text that is not JSON or nests too deep. */
const parseJson = (text: string): unknown => {
  const parsed = Payload.parseJson(text)
  return parsed === Payload.invalidJson ? undefined : parsed
}

/** A screenshot answers a computer call: its JSON (`{"type": "computer_screenshot", ...}`) or its image URL. */
const screenshotOf = (content: string): Result.Result<unknown, string> => {
  const text = content.trim()
  const json = text.startsWith("{") ? parseJson(text) : undefined
  if (Payload.isRecord(json) && json["type"] === "computer_screenshot") return Result.succeed(json)
  if (/^(https?:|data:)/.test(text)) return Result.succeed({ type: "computer_screenshot", image_url: text })
  return Result.fail(
    "the result of a computer_call must be a screenshot: its image URL (https: or data:) or the JSON of a " +
      "`computer_screenshot` object"
  )
}

/**
 * A shell call is answered with a list of command outputs: the JSON list as it is, or, for any other text,
 * one output whose stdout (stderr for an error result) is the text, with exit code 0 (1 for an error).
 */
const shellOutputOf = (result: Message.ToolResultMessage): unknown => {
  const json = result.content.trim().startsWith("[") ? parseJson(result.content) : undefined
  if (Array.isArray(json)) return json
  return [{
    stdout: result.isError ? "" : result.content,
    stderr: result.isError ? result.content : "",
    outcome: { type: "exit", exit_code: result.isError ? 1 : 0 }
  }]
}

/** The built-in tools the application executes, by item type. */
const clientTools: Readonly<Record<string, ClientTool>> = {
  custom_tool_call: {
    name: (item) => item.name ?? "",
    input: field("input"),
    output: (callId, result) =>
      Result.succeed({ type: "custom_tool_call_output", call_id: callId, output: result.content })
  },
  computer_call: {
    name: named("computer"),
    // A computer call carries one `action`, or (the GA `computer` tool) a list of `actions`.
    input: (item) => item["action"] ?? item["actions"],
    output: (callId, result) =>
      Result.map(screenshotOf(result.content), (output) => ({ type: "computer_call_output", call_id: callId, output }))
  },
  local_shell_call: {
    name: named("local_shell"),
    input: field("action"),
    // The SDK's `LocalShellCallOutput` names the call in `id` ("the unique ID of the local shell tool call").
    output: (callId, result) => Result.succeed({ type: "local_shell_call_output", id: callId, output: result.content })
  },
  shell_call: {
    name: named("shell"),
    input: field("action"),
    output: (callId, result) =>
      Result.succeed({ type: "shell_call_output", call_id: callId, output: shellOutputOf(result) })
  },
  apply_patch_call: {
    name: named("apply_patch"),
    input: field("operation"),
    output: (callId, result) =>
      Result.succeed({
        type: "apply_patch_call_output",
        call_id: callId,
        status: result.isError ? "failed" : "completed",
        output: result.content
      })
  },
  tool_search_call: {
    name: named("tool_search"),
    input: field("arguments"),
    output: (callId, result) => {
      const tools = parseJson(result.content)
      return Array.isArray(tools)
        ? Result.succeed({
          type: "tool_search_output",
          call_id: callId,
          execution: "client",
          status: "completed",
          tools
        })
        : Result.fail("the result of a client tool_search_call must be the JSON list of the tools it found")
    }
  }
}

/** The item types a tool call for the program can have (a `tool_search_call` only with `execution: "client"`). */
export const clientCallTypes: ReadonlyArray<string> = Object.keys(clientTools)

/**
 * Whether an item is a call of a built-in tool the application executes: a `tool_search_call` only with `execution:
 * "client"`, a `shell_call` only in the application's environment (none, or `local`; one in a hosted container,
 * `container_reference`, the service runs: `ResponseFunctionShellToolCall.environment`, openai 7.57.0).
 */
export const isClientCall = (item: ResponsesSchemas.OutputItem): item is ResponsesSchemas.ClientCallItem =>
  Object.hasOwn(clientTools, item.type) &&
  (item.type !== "tool_search_call" || (item as ResponsesSchemas.ClientCallItem).execution === "client") &&
  (item.type !== "shell_call" || isLocal((item as { readonly environment?: unknown }).environment))

/** Whether a shell call's environment is the application's: none given, or `local`. */
const isLocal = (environment: unknown): boolean =>
  environment === undefined || environment === null ||
  (environment as { readonly type?: unknown }).type === "local"

/** Whether an item is a function call. */
export const isFunctionCall = (item: ResponsesSchemas.OutputItem): item is ResponsesSchemas.FunctionCallItem =>
  item.type === "function_call"

const approvalRequest = "mcp_approval_request"

/**
 * Whether an item is a call the service runs itself once the application approves it: an MCP server's
 * (`mcp_approval_request`: `id`, `server_label`, `name`, `arguments`; openai 7.59.0
 * `ResponseOutputItem.McpApprovalRequest`), asked of the program as a tool call whose id is the request's.
 */
export const isApprovalRequest = (item: ResponsesSchemas.OutputItem): boolean =>
  item.type === approvalRequest && typeof (item as { readonly id?: unknown }).id === "string"

/** Whether an item is a tool call for the program: a function call, a client call or an approval request. */
export const isProgramCall = (item: ResponsesSchemas.OutputItem): boolean =>
  isFunctionCall(item) || isClientCall(item) || isApprovalRequest(item)

/** An approval request, whole, as a tool call: the request's id, the MCP tool's name and its arguments. */
export const approvalDelta = (index: number, item: ResponsesSchemas.OutputItem): ToolCallFragments.ToolCallDelta => ({
  index,
  id: stringField(item, "id"),
  name: stringField(item, "name") ?? "",
  arguments: stringField(item, "arguments") ?? "{}"
})

/** The id a tool result names a call item by: its `call_id`, an approval request's own `id`. */
export const callIdOf = (item: Readonly<Record<string, unknown>>): unknown =>
  item["type"] === approvalRequest ? item["id"] : item["call_id"]

/**
 * The answer to an approval request (`ResponseInputItem.McpApprovalResponse`, openai 7.59.0): the service then runs
 * the call, or tells the model it was denied (the request's `approvedServiceCalls` row).
 */
export const approvalResponse = (callId: string, approval: Conversation.ServiceApproval): unknown => ({
  type: "mcp_approval_response",
  approval_request_id: callId,
  approve: approval.approve,
  ...(approval.reason === undefined ? {} : { reason: approval.reason })
})

/** Whether a call item of type `callType` is an approval request (its result is answered as its approval). */
export const asksApproval = (callType: string | undefined): boolean => callType === approvalRequest

/** A client call, whole: its call id, its name and its input as JSON text. */
export const clientCallDelta = (
  index: number,
  item: ResponsesSchemas.ClientCallItem
): ToolCallFragments.ToolCallDelta => {
  const tool = clientTools[item.type]!
  return {
    index,
    id: item.call_id ?? undefined,
    name: tool.name(item),
    arguments: JSON.stringify(tool.input(item as Readonly<Record<string, unknown>>) ?? {})
  }
}

/** A string field of an item of any kind, when it is one. */
export const stringField = (item: ResponsesSchemas.OutputItem, key: string): string | undefined => {
  const value = (item as Readonly<Record<string, unknown>>)[key]
  return typeof value === "string" ? value : undefined
}

/**
 * The item answering a tool call whose item had type `callType`: `function_call_output` for a function call
 * (and for a call of unknown kind, its id as `callId` writes it), the matching `*_output` item for a client call; or
 * why it cannot be sent.
 */
export const outputItem = (
  callType: string | undefined,
  result: Message.ToolResultMessage,
  callId: (id: string) => string
): Result.Result<unknown, string> =>
  callType !== undefined && Object.hasOwn(clientTools, callType)
    ? clientTools[callType]!.output(result.toolCallId, result)
    : Result.succeed({ type: "function_call_output", call_id: callId(result.toolCallId), output: result.content })
