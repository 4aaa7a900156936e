/**
 * One `tools/call` of `Mcp.tools`, the library's own exchange over the connection's transport (`effect/ai/McpClient`
 * refuses a result that asks for input): in 2026-07-28, the request's `_meta` carries the protocol version, the
 * client and its capabilities (form elicitation only with `elicitation: "approval"`), and the result is read by
 * its `resultType` (schema.ts `Result`: absent means `complete`). A result that asks for input (SEP-2322,
 * basic/patterns/mrtr, `InputRequiredResult`) is retried at once with its `requestState` when it asks nothing (at
 * most 15 times: a new JSON-RPC id each, the state echoed as it came); one that asks the user in forms, where the
 * capability is declared, is their `Input` (bounded, scrubbed; `McpInput` asks the user and calls again with the
 * `inputResponses`); one that asks otherwise, or too much, is an error result the model reads, as is a server's
 * refusal for want of a capability
 * (`MissingRequiredClientCapabilityError`, -32021). The client declares the Tasks extension (SEP-2663): a call
 * answered with a task is polled until it ends (`awaitTask`); the forms a task asks are its `Input` too, answered with
 * `tasks/update`; in a durable loop, a task's id is kept in the
 * run's journal first (`sendCall`), so that a process killed while it runs polls the same task after a restart.
 *
 * @internal
 */
import type * as McpClient from "effect/ai/McpClient"
import * as McpClientError from "effect/ai/McpClientError"
import * as McpSchema from "effect/ai/McpSchema"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as ErrorReport from "../../core/http/ErrorReport.js"
import * as JsonSchemaRefs from "../../core/schema/JsonSchemaRefs.js"
import * as ToolRuns from "../loop/ToolRuns.js"
import * as McpAsked from "./McpAsked.js"
import * as McpBounds from "./McpBounds.js"
import * as McpCredentials from "./McpCredentials.js"
import * as McpUrl from "./McpUrl.js"

/** What a call came to: its result, or a refusal the model reads. */
export type Outcome =
  | { readonly _tag: "Complete"; readonly result: McpSchema.CallToolResult }
  | { readonly _tag: "Refused"; readonly text: string }
  | {
    readonly _tag: "Input"
    readonly requestState: string | undefined
    readonly forms: ReadonlyArray<Form>
    /** The task that asks, when a task asks (its forms answered with `tasks/update`, not a new call). */
    readonly taskId?: string | undefined
    /**
     * Whether a `URLElicitationRequiredError` asked (MCP 2025-11-25), or the server within the call (`McpAsked`): its
     * URLs accepted, the call is made again as it was, once; there is nothing to answer with.
     */
    readonly required?: boolean | undefined
    /** Whether the server asked them within the call, which then failed (`McpAsked`), not in a -32042 error. */
    readonly within?: boolean | undefined
  }

/**
 * One input request's form (`ElicitRequestFormParams`), under its key in `inputRequests`; or a URL to open
 * (`ElicitRequestURLParams`, `McpUrl`), whose schema takes no content.
 */
export interface Form {
  readonly key: string
  readonly message: string
  readonly requestedSchema: Record<string, unknown>
  /** The URL a URL-mode request asks the user to open, as it is shown (`McpUrl.Shown`). */
  readonly url?: McpUrl.Shown | undefined
}

/** What the client answers: `inputResponses` (each form's response by key), the `requestState` echoed, or the task. */
export type Answered = {
  readonly inputResponses: { readonly [key: string]: unknown }
  readonly requestState?: string
  readonly taskId?: string
}

/** The bounds of what a server may ask (`McpBounds.call`). */
const bounds = McpBounds.call

/** What a call needs of its connection. */
export interface Exchange {
  readonly transport: McpClient.Transport
  readonly clientInfo: { readonly name: string; readonly version: string }
  readonly scrub: (text: string) => string
  /** Whether the client declares form elicitation (`Mcp.tools({ elicitation: "approval" })`). */
  readonly elicitation: boolean
  /** What the server asks the user within a call, kept by the request it came within (MCP 2025-11-25). */
  readonly asked?: McpAsked.Asked | undefined
}

const isRecord = (value: unknown): value is { readonly [key: string]: unknown } =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** The Tasks extension's identifier (SEP-2663). */
const tasksExtension = "io.modelcontextprotocol/tasks"

/** A task id this client sends back, also as the `Mcp-Name` header (visible ASCII, no Base64 sentinel needed). */
const taskIdPattern = /^(?!=\?base64\?)[\x21-\x7e]{1,256}$/

/** `MISSING_REQUIRED_CLIENT_CAPABILITY` (schema.ts, 2026-07-28). */
const missingCapability = -32021

const decodeResult = /* @__PURE__ */ Schema.decodeUnknownEffect(McpSchema.CallToolResult)
const protocolError = (description: string, code?: number, data?: unknown) =>
  new McpClientError.McpClientError({ reason: new McpClientError.ProtocolError({ code, description, data }) })

/** A text the user or the model is shown: its secrets scrubbed, cut to `max`. */
const shown = (exchange: Exchange, text: string, max: number): string => {
  const scrubbed = exchange.scrub(text)
  return ErrorReport.cut(scrubbed, max)
}

/** Why a form is refused for its size, or `undefined`: the schema's depth first, walked without recursion. */
const oversized = (message: string, requestedSchema: Record<string, unknown>): string | undefined =>
  message.length > bounds.maxMessage ||
    McpBounds.schemaOver(requestedSchema, bounds.maxSchemaBytes, bounds.maxSchemaDepth) !== undefined
    ? `the tool asked for input in a form over the size limits (${bounds.maxMessage} characters of message, ` +
      `${bounds.maxSchemaBytes} bytes of schema, ${bounds.maxSchemaDepth} levels)`
    : undefined

/** Whether a form's schema has `$ref`s that go round without descending into the answer: no answer could be checked. */
const goesRound = (requestedSchema: Record<string, unknown>): boolean => {
  const definitions = requestedSchema["$defs"]
  return JsonSchemaRefs.sameValueCycle(requestedSchema, isRecord(definitions) ? definitions : {}).length > 0
}

/** One input request as a form to ask (its message and schema bounded and scrubbed), or why it is refused. */
const formOf = (exchange: Exchange, key: string, request: unknown): Form | string => {
  const method = isRecord(request) && typeof request["method"] === "string" ? request["method"] : "an unknown request"
  const params = isRecord(request) && isRecord(request["params"]) ? request["params"] : undefined
  const mode = params?.["mode"] ?? "form"
  if (method !== "elicitation/create" || params === undefined || (mode !== "form" && mode !== "url")) {
    return `the tool asked for ${shown(exchange, method, 100)}, which this client does not offer`
  }
  const { message } = params
  if (mode === "url" && typeof message === "string" && message.length <= bounds.maxMessage && exchange.elicitation) {
    return McpUrl.questionOf(key, params, shown(exchange, message, bounds.maxMessage), exchange.scrub)
  }
  const requestedSchema = mode === "url" ? McpUrl.noContent : params["requestedSchema"]
  if (typeof message !== "string" || !isRecord(requestedSchema)) return "the tool asked for input in a malformed form"
  const refused = oversized(message, requestedSchema)
  if (refused !== undefined) return refused
  if (exchange.elicitation) {
    if (goesRound(requestedSchema)) return "the tool asked for input in a form whose schema's $refs go round"
    const schema = McpCredentials.scrubbedValue(exchange.scrub, requestedSchema)
    if (schema === McpCredentials.leaked) {
      return "the tool asked for input in a form holding a credential of this connection"
    }
    return {
      key,
      message: shown(exchange, message, bounds.maxMessage),
      requestedSchema: schema as Form["requestedSchema"]
    }
  }
  return `the tool asked the user: ${JSON.stringify(shown(exchange, message, 500))}; ` +
    "this program takes no input requests, so the call could not go on"
}

/** What a result that asks for input comes to: `requestState` alone to retry with, or why it is refused. */
const inputOf = (
  exchange: Exchange,
  result: { readonly [key: string]: unknown }
): Outcome | { readonly retry: string | undefined } => {
  const { inputRequests, requestState } = result
  if (requestState !== undefined && (typeof requestState !== "string" || requestState.length > bounds.maxState)) {
    return {
      _tag: "Refused",
      text: `the tool sent a requestState that is not a string of at most ${bounds.maxState} characters`
    }
  }
  if (inputRequests !== undefined && !isRecord(inputRequests)) {
    return { _tag: "Refused", text: "the tool asked for input in a malformed result" }
  }
  const keys = Object.keys(inputRequests ?? {})
  if (keys.length === 0) return { retry: requestState as string | undefined }
  if (keys.length > bounds.maxInputRequests) {
    return {
      _tag: "Refused",
      text: `the tool asked for ${keys.length} inputs at once, over the limit of ${bounds.maxInputRequests}`
    }
  }
  const forms: Array<Form> = []
  for (const key of keys) {
    // The key goes back as it came, in `inputResponses`; it is never shown.
    if (key.length > 256) return { _tag: "Refused", text: "the tool asked for input under a key over 256 characters" }
    const form = formOf(exchange, key, inputRequests![key])
    if (typeof form === "string") return { _tag: "Refused", text: form }
    forms.push(form)
  }
  return { _tag: "Input", requestState: requestState as string | undefined, forms }
}

/**
 * What a `URLElicitationRequiredError` (-32042, MCP 2025-11-25 client/elicitation) comes to: its URLs, asked as a
 * call's input requests are (`required`: accepted, the call is made again), or why they are refused.
 */
const urlRequired = (exchange: Exchange, data: unknown, within?: McpAsked.Kept): Outcome => {
  if (within?.refused !== undefined) return { _tag: "Refused", text: within.refused }
  const requests = McpUrl.requiredOf(
    within === undefined ? data : McpAsked.joinedTo(data, within),
    bounds.maxInputRequests
  )
  if (typeof requests === "string") return { _tag: "Refused", text: requests }
  const asked = inputOf(exchange, { inputRequests: requests })
  if ("retry" in asked) return { _tag: "Refused", text: "the tool said the user must open a URL, and named none" }
  return asked._tag === "Input" ? { ...asked, required: true } : asked
}

/**
 * What a call comes to where its server asked the user to open URLs within it (`McpAsked`, answered `cancel`): one
 * that failed, or ended in an error result, asks them as a `URLElicitationRequiredError`'s are (accepted, the call is
 * made again, once), or is refused as they would be; one that succeeded ends as it did (the tool went on without them:
 * made again, it would run twice).
 */
const askedWithin = (
  exchange: Exchange,
  ended: Effect.Effect<Outcome, McpClientError.McpClientError>,
  kept: ReadonlyArray<McpAsked.Kept>
): Effect.Effect<Outcome, McpClientError.McpClientError> => {
  const asked = () => exchange.transport.protocol.protocolVersion === "2026-07-28" ? undefined : McpAsked.joined(kept)
  const urls = (within: McpAsked.Kept): Outcome => {
    const outcome = urlRequired(exchange, { elicitations: [] }, within)
    return outcome._tag === "Input" ? { ...outcome, within: true } : outcome
  }
  return Effect.matchEffect(ended, {
    onFailure: (error) => {
      const within = asked()
      return within !== undefined && error.reason._tag === "ProtocolError"
        ? Effect.succeed(urls(within))
        : Effect.fail(error)
    },
    onSuccess: (outcome) => {
      const within = asked()
      const failed = outcome._tag === "Complete" && outcome.result.isError === true
      return Effect.succeed(within !== undefined && failed ? urls(within) : outcome)
    }
  })
}

/** A request of this client: a new id, and in 2026-07-28 the `_meta` every request carries. */
const send = (
  exchange: Exchange,
  method: string,
  params: object,
  tool?: McpSchema.Tool,
  id = `${method}-${globalThis.crypto.randomUUID()}`
) => {
  const version = exchange.transport.protocol.protocolVersion
  const meta = version !== "2026-07-28" ? {} : {
    _meta: {
      "io.modelcontextprotocol/protocolVersion": version,
      "io.modelcontextprotocol/clientInfo": exchange.clientInfo,
      // The Tasks extension (SEP-2663): a call may be answered with a task, polled here.
      "io.modelcontextprotocol/clientCapabilities": {
        // Elicitation (schema.ts `ClientCapabilities.elicitation`: forms and URLs) only where the program asks the
        // user.
        ...(exchange.elicitation ? { elicitation: { form: {}, url: {} } } : {}),
        extensions: { [tasksExtension]: {} }
      }
    }
  }
  return Effect.flatMap(
    exchange.transport.request({ jsonrpc: "2.0", id, method, params: { ...params, ...meta } }, tool),
    (response) =>
      "error" in response
        ? Effect.fail(protocolError(response.error.message, response.error.code, response.error.data))
        : Effect.succeed(response.result)
  )
}

/** Base64 as the schema reads it already: RFC 4648's alphabet, padded, nothing else. */
const canonical = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * `text` as `Schema.Uint8ArrayFromBase64` reads base64 (RFC 4648: padded, only CR and LF skipped) where `atob` reads
 * it, the same bytes; else as it came, which the schema refuses too (it reads no string `atob` refuses). Base64 the
 * schema reads already (what servers send) is passed as it came: no bytes decoded and encoded again.
 */
const padded = (text: string): string => {
  if (text.length % 4 === 0 && canonical.test(text)) return text
  try {
    return btoa(atob(text))
  } catch {
    return text
  }
}

/**
 * A result with its base64 (`ImageContent.data`, `AudioContent.data`, an embedded `BlobResourceContents.blob`) read as
 * the official TypeScript SDK reads it: with `atob`, WHATWG forgiving-base64, so padding may be left out and ASCII
 * whitespace may stand anywhere; not base64url (`@modelcontextprotocol/sdk` 1.32.2, `dist/esm/types.js:750`,
 * `Base64Schema`). The blocks are copied where they change, never changed.
 */
const sdkBase64 = (result: unknown): unknown => {
  if (!isRecord(result) || !Array.isArray(result["content"])) return result
  const content = result["content"].map((block: unknown) => {
    if (!isRecord(block)) return block
    const { data, resource, type } = block
    if ((type === "image" || type === "audio") && typeof data === "string") return { ...block, data: padded(data) }
    if (type !== "resource" || !isRecord(resource) || typeof resource["blob"] !== "string") return block
    return { ...block, resource: { ...resource, blob: padded(resource["blob"]) } }
  })
  return { ...result, content }
}

/** A `CallToolResult` (its base64 read as the official SDK reads it), or the failure that it is not one. */
const complete = (result: unknown): Effect.Effect<Outcome, McpClientError.McpClientError> =>
  Effect.mapBoth(decodeResult(sdkBase64(result)), {
    onFailure: () =>
      new McpClientError.McpClientError({
        reason: new McpClientError.ValidationError({ description: "not a CallToolResult" })
      }),
    onSuccess: (result) => ({ _tag: "Complete", result })
  })

/** Cancels a task (`tasks/cancel`), waiting at most 5 seconds for the server's acknowledgement; never fails. */
const cancelTask = (exchange: Exchange, taskId: string): Effect.Effect<void> =>
  send(exchange, "tasks/cancel", { taskId }).pipe(Effect.timeoutOption("5 seconds"), Effect.ignore)

/**
 * Polls a task (SEP-2663, `CreateTaskResult`) until it ends: `tasks/get` at the server's `pollIntervalMs` (never
 * faster; within `bounds.minPoll` and `bounds.maxPoll`), at most `bounds.maxPolls` times, the call's `timeout`
 * bounding the time. Completed, its result is the call's; failed, its JSON-RPC error fails the call; cancelled, an
 * error result the model reads; asking for input, its `Input` (asked as a call's; where forms are not taken, an error
 * result and the task cancelled). A call stopped while it runs (the loop's stop, the timeout), a poll that fails and
 * a poll that makes no sense cancel it (`tasks/cancel`) before the call ends. `answered`: the keys just answered,
 * which a poll may still show (not asked twice).
 */
const awaitTask = (
  exchange: Exchange,
  created: { readonly [key: string]: unknown },
  answered: ReadonlyArray<string> = []
) => {
  const taskId = created["taskId"]
  if (typeof taskId !== "string" || !taskIdPattern.test(taskId)) {
    return Effect.fail(protocolError("the server sent a task without a usable taskId"))
  }
  const cancel = cancelTask(exchange, taskId)
  return Effect.gen(function*(): Effect.fn.Return<Outcome, McpClientError.McpClientError> {
    let task = created
    for (let polls = 0; polls <= bounds.maxPolls; polls++) {
      switch (task["status"]) {
        case "completed":
          return yield* complete(task["result"])
        case "failed": {
          const error = isRecord(task["error"]) ? task["error"] : {}
          const code = typeof error["code"] === "number" ? error["code"] : undefined
          const message = typeof error["message"] === "string" ? error["message"] : "the task failed"
          return yield* protocolError(`the task failed: ${shown(exchange, message, 300)}`, code)
        }
        case "cancelled":
          return { _tag: "Refused", text: "the server cancelled the task" }
        case "input_required": {
          // ext-tasks specification/2026-07-28/tasks.md, "Task Update Requests": each input request is treated as
          // the request itself (a form, as a call's); keys are unique over the task, and those just answered may
          // still show until the server takes the answer: not asked twice.
          const requests = task["inputRequests"]
          const asked: Outcome | { readonly retry: unknown } = isRecord(requests) && Object.keys(requests).length > 0
            ? inputOf(exchange, {
              inputRequests: Object.fromEntries(Object.entries(requests).filter(([key]) => !answered.includes(key)))
            })
            : { _tag: "Refused", text: "the task asked for input in a malformed result" }
          // Every key answered: the server has not taken the answer yet.
          if ("retry" in asked) break
          if (asked._tag === "Input") return { ...asked, taskId }
          yield* cancel
          return asked
        }
        case "working":
          break
        default:
          yield* cancel
          return yield* protocolError("the task has an unknown status; it was cancelled")
      }
      const interval = typeof task["pollIntervalMs"] === "number" ? task["pollIntervalMs"] : bounds.minPoll
      yield* Effect.sleep(Math.min(Math.max(interval, bounds.minPoll), bounds.maxPoll))
      // A poll that fails leaves the task running on the server: it is cancelled before the call fails.
      const polled: unknown = yield* Effect.tapError(send(exchange, "tasks/get", { taskId }), () => cancel)
      if (!isRecord(polled) || polled["taskId"] !== taskId) {
        yield* cancel
        return yield* protocolError("tasks/get answered with another task; the task was cancelled")
      }
      task = polled
    }
    yield* cancel
    return { _tag: "Refused", text: `the task was still working after ${bounds.maxPolls} polls; it was cancelled` }
  }).pipe(Effect.onInterrupt(() => cancel))
}

/**
 * Sends `tools/call`, what the server asks within it kept in `within`; in a durable loop (`ToolRuns.Journal`), the id
 * of the task it creates is kept in the run's journal before the task is polled (SEP-2663: a client persists task ids
 * to resume polling after a crash). Run again after a restart, it sends nothing: the kept task, still `working` as far
 * as is known, is polled again.
 */
const sendCall = (exchange: Exchange, params: object, tool: McpSchema.Tool, within: Array<McpAsked.Kept>) =>
  Effect.flatMap(ToolRuns.Journal, (journal) => {
    const id = `tools/call-${globalThis.crypto.randomUUID()}`
    // What the server asked within the request (`McpAsked`), taken once it ends, however it ends.
    const taken = Effect.sync(() => {
      const kept = exchange.asked?.take(id)
      if (kept !== undefined) within.push(kept)
    })
    const sending = Effect.ensuring(send(exchange, "tools/call", params, tool, id), taken)
    if (journal === undefined) return sending
    let answer: unknown
    const started = Effect.map(sending, (result) => {
      answer = result
      const task = exchange.transport.protocol.protocolVersion === "2026-07-28" && isRecord(result) &&
        result["resultType"] === "task"
      return task && typeof result["taskId"] === "string" ? result["taskId"] : undefined
    })
    return Effect.flatMap(journal.keep(started), (taskId): Effect.Effect<unknown, McpClientError.McpClientError> =>
      // Answered in this process; else kept before a restart, or answered without a task then (sent again).
      answer !== undefined
        ? Effect.succeed(answer)
        : taskId !== undefined
        ? Effect.succeed({ resultType: "task", taskId, status: "working" })
        : sending)
  })

/** One attempt of `call`, what the server asks within its requests kept in `within`. */
const attempt = (
  exchange: Exchange,
  tool: McpSchema.Tool,
  args: { readonly [key: string]: unknown },
  answered: Answered | undefined,
  within: Array<McpAsked.Kept>
): Effect.Effect<Outcome, McpClientError.McpClientError> =>
  Effect.gen(function*(): Effect.fn.Return<Outcome, McpClientError.McpClientError> {
    if (answered?.taskId !== undefined) {
      const { inputResponses, taskId } = answered
      yield* Effect.tapError(
        send(exchange, "tasks/update", { taskId, inputResponses }),
        () => cancelTask(exchange, taskId)
      )
      return yield* awaitTask(exchange, { taskId, status: "working" }, Object.keys(inputResponses))
    }
    const modern = exchange.transport.protocol.protocolVersion === "2026-07-28"
    let echoed: Answered | { readonly requestState?: string } = answered ?? {}
    for (let retries = 0; retries <= bounds.maxRetries; retries++) {
      // Each retry is a request of its own (a new id), echoing what the last answer said to.
      const result = yield* sendCall(exchange, { name: tool.name, arguments: args, ...echoed }, tool, within)
      const type = modern && isRecord(result) ? result["resultType"] : undefined
      if (type === "task") return yield* awaitTask(exchange, result as { readonly [key: string]: unknown })
      if (type !== "input_required") return yield* complete(result)
      const asked = inputOf(exchange, result as { readonly [key: string]: unknown })
      if (!("retry" in asked)) return asked
      echoed = asked.retry === undefined ? {} : { requestState: asked.retry }
    }
    return {
      _tag: "Refused",
      text:
        `the tool asked to be called again more than ${bounds.maxRetries} times without asking for anything; it was not called again`
    }
  }).pipe(
    Effect.catchIf(
      (error) => error.reason._tag === "ProtocolError" && error.reason.code === McpUrl.requiredCode,
      (error) => {
        const data = (error.reason as McpClientError.ProtocolError).data
        return Effect.succeed(urlRequired(exchange, data, McpAsked.joined(within)))
      }
    ),
    // The tool needs what this client does not declare (an answer from the user; on HTTP a 400 says it): the model is
    // told.
    Effect.catchIf(
      (error) => "code" in error.reason && error.reason.code === missingCapability,
      (error): Effect.Effect<Outcome> =>
        Effect.succeed({
          _tag: "Refused",
          text: `the tool needs what this client does not offer: ${shown(exchange, error.reason.message, 300)}`
        })
    )
  )

/**
 * Calls `tool` with `args` (and `answered`, after asking), retrying what asks nothing, and awaiting a task; a task's
 * answer goes with `tasks/update` (ext-tasks specification/2026-07-28/tasks.md, `UpdateTaskRequest`: `taskId` and
 * `inputResponses`; an empty acknowledgement), then the same task is polled again. What the server asked within the
 * call (MCP 2025-11-25, `McpAsked`) is asked once it ends (`askedWithin`).
 */
export const call = (
  exchange: Exchange,
  tool: McpSchema.Tool,
  args: { readonly [key: string]: unknown },
  answered?: Answered
): Effect.Effect<Outcome, McpClientError.McpClientError> =>
  Effect.suspend(() => {
    const within: Array<McpAsked.Kept> = []
    return askedWithin(exchange, attempt(exchange, tool, args, answered, within), within)
  })
