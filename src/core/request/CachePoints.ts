/**
 * Where a request asks for cache breakpoints, in prompt order, and the rules a provider checks them by (`Policy`).
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../Message.js"
import * as CallRequest from "./CallRequest.js"
import * as TextHash from "./TextHash.js"

/** A breakpoint: where it is, its TTL (`5m` when none is given), and whether `cache` placed it. */
export interface Breakpoint {
  readonly at: string
  readonly ttl: Message.CacheTtl
  readonly automatic: boolean
}

/** What a provider's model takes: how many breakpoints, which TTLs (and why not the others). */
export interface Policy {
  /** How errors name the API: `Anthropic`, `Bedrock`. */
  readonly api: string
  /** The most breakpoints of one request, counting the automatic one (undefined: no limit). */
  readonly maxBreakpoints?: number | undefined
  /** Whether `cache` adds a breakpoint of its own, counted and checked (not where `cache` is a setting). */
  readonly automaticCounts: boolean
  /** Whether tool definitions take a breakpoint (`cacheTools` is ignored where they do not). */
  readonly tools: boolean
  /** Whether TTLs must not grow along the prompt (where each breakpoint has its own TTL). */
  readonly ordered: boolean
  /** The TTLs the model takes, and what to say about the others. */
  readonly ttls: ReadonlyArray<Message.CacheTtl>
  readonly ttlAdvice?: string | undefined
}

/** The TTL of `cache` (the automatic breakpoint). */
export const automaticTtl = (cache: CallRequest.Cache): Message.CacheTtl => cache === "auto" ? "5m" : cache.ttl ?? "5m"

/** The system prompt of a request as parts (a text prompt is one text part). */
export const systemParts = (
  system: CallRequest.Request["system"]
): ReadonlyArray<Message.SystemPart> | undefined =>
  system === undefined
    ? undefined
    : typeof system === "string"
    ? [{ _tag: "TextPart", text: system } as Message.TextPart]
    : system

/** The parts of a message that has them (a user message, a tool result, a system message). */
export const partsOf = (message: Message.Message): ReadonlyArray<Message.Part> | undefined =>
  message._tag === "AssistantMessage" ? undefined : message.parts

/** The cache points of a list of parts at `at`, each checked to follow a content part of the list. */
const pointsOf = (
  parts: ReadonlyArray<Message.Part>,
  at: string,
  points: Array<Breakpoint>
): Result.Result<void, CallRequest.Unsupported> => {
  for (const [index, part] of parts.entries()) {
    if (part._tag !== "CachePointPart") continue
    const previous = parts[index - 1]
    if (previous === undefined || previous._tag === "CachePointPart") {
      return CallRequest.unsupported(
        `${at}.parts[${index}] (cache point): a cache point marks the end of the content part before it, and ${
          previous === undefined ? "this one is first" : "this one follows another cache point"
        }; put it after a text, image, file or audio part`
      )
    }
    points.push({ at: `${at}.parts[${index}]`, ttl: part.ttl ?? "5m", automatic: false })
  }
  return Result.void
}

/** Whether a request has a cache point in its system prompt or messages. */
export const marks = (request: CallRequest.Request): boolean =>
  [systemParts(request.system), ...request.messages.map(partsOf)].some((parts) =>
    parts?.some((part) => part._tag === "CachePointPart") === true
  )

/** Every breakpoint of a request, in prompt order (the automatic one last), or the first misplaced one. */
export const breakpoints = (
  request: CallRequest.Request
): Result.Result<ReadonlyArray<Breakpoint>, CallRequest.Unsupported> => {
  const points: Array<Breakpoint> = []
  if (request.cacheTools !== undefined && (request.tools?.length || request.providerTools?.length)) {
    points.push({ at: "cacheTools", ttl: request.cacheTools.ttl ?? "5m", automatic: false })
  }
  const system = systemParts(request.system)
  if (system !== undefined) {
    const checked = pointsOf(system, "system", points)
    if (Result.isFailure(checked)) return Result.fail(checked.failure)
  }
  // System messages are read before the other messages: the APIs that cache by breakpoint hoist them.
  for (const pass of ["SystemMessage", "other"] as const) {
    for (const [index, message] of request.messages.entries()) {
      if ((message._tag === "SystemMessage") !== (pass === "SystemMessage")) continue
      const parts = partsOf(message)
      if (parts === undefined) continue
      const checked = pointsOf(parts, `messages[${index}]`, points)
      if (Result.isFailure(checked)) return Result.fail(checked.failure)
    }
  }
  if (request.cache !== undefined) points.push({ at: "cache", ttl: automaticTtl(request.cache), automatic: true })
  return Result.succeed(points)
}

const describe = (point: Breakpoint): string =>
  point.automatic ? `the automatic breakpoint of cache (${point.ttl})` : `${point.at} (${point.ttl})`

/** Checks a request's breakpoints against a provider's policy: where, how many, their TTLs and their order. */
export const check = (
  request: CallRequest.Request,
  policy: Policy
): Result.Result<ReadonlyArray<Breakpoint>, CallRequest.Unsupported> =>
  Result.flatMap(breakpoints(request), (all) => {
    const points = all.filter((point) =>
      (policy.tools || point.at !== "cacheTools") && (policy.automaticCounts || !point.automatic)
    )
    if (policy.maxBreakpoints !== undefined && points.length > policy.maxBreakpoints) {
      return CallRequest.unsupported(
        `${policy.api} takes at most ${policy.maxBreakpoints} cache breakpoints per request${
          policy.automaticCounts ? " (counting the one cache adds)" : ""
        }, and this request has ${points.length}: ${points.map(describe).join(", ")}; remove ${
          points.length - policy.maxBreakpoints
        }`
      )
    }
    let shortest: Breakpoint | undefined
    for (const point of points) {
      if (!policy.ttls.includes(point.ttl)) {
        return CallRequest.unsupported(
          `${describe(point)}: ${policy.api} takes cache TTLs of ${policy.ttls.join(" and ")} on this model${
            policy.ttlAdvice === undefined ? "" : `; ${policy.ttlAdvice}`
          }`
        )
      }
      if (policy.ordered && shortest !== undefined && point.ttl === "1h") {
        return CallRequest.unsupported(
          `${describe(point)} comes after ${
            describe(shortest)
          }: a longer cache TTL cannot follow a shorter one (tools, then system, then messages); give the earlier breakpoint the longer TTL`
        )
      }
      if (point.ttl === "5m") shortest ??= point
    }
    return Result.succeed(points)
  })

/** A key naming a request's stable prefix (its system prompt's text and its tools): `prefix-` and 16 hex digits. */
export const prefixKey = (request: CallRequest.Request): string => {
  const system = systemParts(request.system)?.flatMap((part) => part._tag === "TextPart" ? [part.text] : []) ?? []
  const tools = (request.tools ?? []).map((tool) => [tool.name, tool.description ?? "", tool.jsonSchema])
  // The provider's tools only where there are some: a request without them keeps the key it always had.
  const provided = request.providerTools ?? []
  const text = JSON.stringify(provided.length > 0 ? [system, tools, provided] : [system, tools])
  return `prefix-${TextHash.hex64(text)}`
}
