/**
 * What a tool server of MCP 2025-11-25 asks the user within a call: a server's `elicitation/create` request during
 * `tools/call` (client/elicitation, "URL Mode Elicitation Requests"), where the client declares URL mode
 * (`Mcp.tools({ elicitation: "approval" })`). The user is asked through the loop's approval channel, and the loop's
 * answer ends there: a request within a call cannot wait for the user. A URL request is answered at once `cancel` (the
 * user has not consented yet, "dismissed without making an explicit choice": nothing opens the URL), kept under its
 * call's request (its URL checked as `McpUrl` checks it; at most `maxInputRequests` a call), and asked of the user
 * once the call ends, as a `URLElicitationRequiredError`'s URLs are (`McpCall`). A form, a mode the client does not
 * declare in this revision, is answered -32602 (client/elicitation, "Error Handling"); without `elicitation`, the
 * transport answers as before, -32601 (no capability declared).
 *
 * Over stdio, a request names no call: it is kept under the call waiting when one alone waits (else answered, not
 * kept). Nothing in the message ties it to its call: the official SDK's `relatedRequestId`
 * (`RequestHandlerExtra.sendRequest`) is an option of its transport's `send`, which Streamable HTTP uses to choose the
 * POST's stream and stdio drops (`@modelcontextprotocol/sdk` 1.32.2, `shared/protocol.js`, `server/stdio.js`); only a
 * task's requests carry their tie, `_meta["io.modelcontextprotocol/related-task"]` (2025-11-25,
 * basic/utilities/tasks), and this client makes no task-augmented call in that revision. Over Streamable HTTP it
 * comes on the SSE response of its call's POST (`inEvents`), taken out of the events `effect/ai/McpClient` reads
 * (which answers every server request -32601) and answered with a POST of its own.
 *
 * @internal
 */
import type * as McpSchema from "effect/ai/McpSchema"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as McpBounds from "./McpBounds.js"
import * as McpUrl from "./McpUrl.js"

const { maxElicitationId, maxInputRequests, maxMessage } = McpBounds.call

/** The URL requests of one call: their params (within their bounds), or why they are refused (the first reason). */
export interface Kept {
  readonly elicitations: ReadonlyArray<{ readonly [key: string]: unknown }>
  readonly refused: string | undefined
}

/** A connection's record of what its server asks within calls. */
export interface Asked {
  /**
   * The answer to a server's request, `during` the requests named (those waiting for an answer); `undefined` where the
   * transport answers as it does (a ping, a method not offered).
   */
  readonly answer: (
    request: { readonly id: McpSchema.RequestId; readonly method: string; readonly params?: unknown },
    during: ReadonlyArray<McpSchema.RequestId>
  ) => McpSchema.JsonRpcResponse | undefined
  /** What the server asked within the request `id`, forgotten once taken. */
  readonly take: (id: McpSchema.RequestId) => Kept | undefined
}

/** The id of a `tools/call` request (`McpCall.send`: `tools/call-<uuid>`); the client's own requests are numbered. */
const isCall = (id: McpSchema.RequestId): boolean => typeof id === "string" && id.startsWith("tools/call-")

const isRecord = (value: unknown): value is { readonly [key: string]: unknown } =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** A string within `max` characters, one over where it is longer (still refused for it, held no longer); else null. */
const within = (value: unknown, max: number): string | null =>
  typeof value === "string" ? value.slice(0, max + 1) : null

/** A URL request's params as kept: their URL checked now (the connection's credentials scrubbed), or why refused. */
const keptOf = (params: { readonly [key: string]: unknown }, scrub: (text: string) => string) => {
  const shown = McpUrl.shownOf(params["url"], scrub)
  if (typeof shown === "string") return shown
  const elicitationId = within(params["elicitationId"], maxElicitationId)
  return { mode: "url", elicitationId, url: params["url"], message: within(params["message"], maxMessage) }
}

/**
 * A connection's record, its credentials (`scrub`) out of what is kept; `elicitation`: whether URL mode is declared.
 */
export const make = (elicitation: boolean, scrub: (text: string) => string): Asked => {
  const kept = new Map<McpSchema.RequestId, Kept>()
  const keep = (call: McpSchema.RequestId, params: { readonly [key: string]: unknown }) => {
    const { elicitations, refused } = kept.get(call) ?? { elicitations: [], refused: undefined }
    if (refused !== undefined) return
    if (elicitations.length >= maxInputRequests) {
      const over = `the tool asked the user to open more than ${maxInputRequests} URLs during the call`
      return kept.set(call, { elicitations, refused: over })
    }
    const one = keptOf(params, scrub)
    kept.set(
      call,
      typeof one === "string" ? { elicitations, refused: one } : { elicitations: [...elicitations, one], refused }
    )
  }
  return {
    answer: (request, during) => {
      if (request.method !== "elicitation/create" || !elicitation) return undefined
      const { id, params } = request
      if (!isRecord(params) || params["mode"] !== "url") {
        const error = { code: -32602, message: "this client takes URL-mode elicitation only" }
        return { jsonrpc: "2.0", id, error }
      }
      const calls = during.filter(isCall)
      if (calls.length === 1) keep(calls[0]!, params)
      return { jsonrpc: "2.0", id, result: { action: "cancel" } }
    },
    take: (id) => {
      const taken = kept.get(id)
      kept.delete(id)
      return taken
    }
  }
}

const decoder = new TextDecoder()

/** The JSON-RPC id of the message a POST carries, where it is a request. */
const requestIdOf = (request: HttpClientRequest.HttpClientRequest): McpSchema.RequestId | undefined => {
  if (request.body._tag !== "Uint8Array") return undefined
  try {
    const id: unknown = JSON.parse(decoder.decode(request.body.body))?.id
    return typeof id === "string" || typeof id === "number" ? id : undefined
  } catch {
    return undefined
  }
}

/** The events of complete SSE text, each as its lines. */
const eventsOf = (text: string): Array<Array<string>> => {
  const events: Array<Array<string>> = []
  let lines: Array<string> = []
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line !== "") lines.push(line)
    else if (lines.length > 0) {
      events.push(lines)
      lines = []
    }
  }
  return lines.length > 0 ? [...events, lines] : events
}

/** An event's data (its `data` lines joined, WHATWG HTML "Interpreting an event stream"). */
const dataOf = (lines: ReadonlyArray<string>): string =>
  lines.filter((line) => line === "data" || line.startsWith("data:"))
    .map((line) => line.slice(line.charCodeAt(5) === 32 ? 6 : 5))
    .join("\n")

/**
 * A server's request for input in an event's data, else `undefined`: only data naming `elicitation/create` is read (the
 * transport reads every event again, within its bound); a method name written with escapes is left to the transport.
 */
const requestOf = (data: string) => {
  if (!data.includes("elicitation/create")) return undefined
  try {
    const message: unknown = JSON.parse(data)
    if (!isRecord(message) || typeof message["method"] !== "string") return undefined
    const { id, method, params } = message
    return typeof id === "string" || typeof id === "number" ? { id, method, params } : undefined
  } catch {
    return undefined
  }
}

/** Posts the answer to a server's request in the session of the POST it came within; at most 5 seconds, never fails. */
export const post = (client: HttpClient.HttpClient, within: HttpClientRequest.HttpClientRequest, answer: unknown) =>
  client.execute(HttpClientRequest.bodyText(within, JSON.stringify(answer), "application/json")).pipe(
    Effect.timeoutOption("5 seconds"),
    Effect.ignore
  )

/**
 * The complete SSE events of a POST's response, as `effect/ai/McpClient` reads them: a request of the server that
 * `asked` answers (within the POST's own request, the call) taken out, and its answer posted through `client`.
 */
export const inEvents = (asked: Asked, client: HttpClient.HttpClient) =>
(
  request: HttpClientRequest.HttpClientRequest
): (text: string) => Effect.Effect<string> => {
  const id = requestIdOf(request)
  return (text) => {
    if (id === undefined) return Effect.succeed(text)
    const answers: Array<McpSchema.JsonRpcResponse> = []
    const left = eventsOf(text).filter((lines) => {
      const message = requestOf(dataOf(lines))
      const answer = message === undefined ? undefined : asked.answer(message, [id])
      if (answer !== undefined) answers.push(answer)
      return answer === undefined
    })
    if (answers.length === 0) return Effect.succeed(text)
    const events = left.map((lines) => `${lines.join("\n")}\n\n`).join("")
    return Effect.as(Effect.forEach(answers, (answer) => post(client, request, answer), { discard: true }), events)
  }
}

/** What a call's requests were asked within them, together (the first refusal standing); `undefined` for nothing. */
export const joined = (kept: ReadonlyArray<Kept>): Kept | undefined =>
  kept.length === 0 ? undefined : {
    elicitations: kept.flatMap((one) => one.elicitations),
    refused: kept.find((one) => one.refused !== undefined)?.refused
  }

/**
 * A `URLElicitationRequiredError`'s `data` with the URLs asked within the call added (those of an `elicitationId` it
 * names already left out: asked once); `data` as it came where it names no list (refused for it).
 */
export const joinedTo = (data: unknown, within: Kept): unknown => {
  const named = isRecord(data) ? data["elicitations"] : undefined
  if (!Array.isArray(named)) return data
  const ids = new Set(named.map((one: unknown) => isRecord(one) ? one["elicitationId"] : undefined))
  return {
    ...data as object,
    elicitations: [...named, ...within.elicitations.filter((one) => !ids.has(one["elicitationId"]))]
  }
}
