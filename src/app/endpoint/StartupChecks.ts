/**
 * What `ChatEndpoint.layer` checks when it is built, before any request: its options (a tool named as the chat's
 * budget question refused), a `SpendLimit` layer for a spend
 * limit, and the model's price for a spend limit or a budget (for a model of this library's providers). A mistake
 * fails the layer with a `ConfigurationError` saying what to change, so the server does not start.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as PriceTable from "../../core/call/PriceTable.js"
import * as ModelService from "../../core/model/ModelService.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as LoopSums from "../../core/spend/LoopSums.js"
import * as SpendLimitGuard from "../../core/spend/SpendLimitGuard.js"
import type * as Tool from "../../core/Tool.js"
import * as ProviderProfiles from "../../providers/ProviderProfiles.js"
import * as LoopBounds from "../loop/LoopBounds.js"
import * as UIChunk from "../protocol/UIChunk.js"
import type * as ChatOptions from "./ChatOptions.js"
import * as EndpointGuards from "./EndpointGuards.js"
import * as SessionOwner from "./SessionOwner.js"

/**
 * The default path: `/api/chat`, where `DefaultChatTransport` sends by default.
 *
 * @since 0.5.0
 * @category Constants
 */
export const defaultPath: string = "/api/chat"

/** The `ConfigurationError` of a mistake in the endpoint's configuration. */
export const configuration = (message: string) =>
  new ProviderError.ConfigurationError({ provider: "ChatEndpoint", message: `ChatEndpoint: ${message}` })

/** A path the router matches as it is: `/`, then segments of URL-safe characters, no trailing `/`. */
const validPath = /^(\/[A-Za-z0-9._~-]+)+$/

/**
 * A tool named as the UI message stream's own part (its budget question), which the browser could not tell apart, or
 * as another tool (a call of the name would run whichever came first: an MCP server's, without the app's approval).
 */
const nameMistake = (options: ChatOptions.Options<ReadonlyArray<Tool.Tool>, unknown>): string | undefined => {
  const names = [...options.tools ?? [], ...options.clientTools ?? []].map((tool) =>
    typeof tool === "string" ? tool : tool.name
  )
  const prefix = "(an MCP server's tools take a prefix: Mcp.tools({ prefix }))"
  if (names.includes(UIChunk.budgetQuestionPart)) {
    return `a tool may not be named "${UIChunk.budgetQuestionPart}": the chat asks its budget question as a part of ` +
      `that name, so rename the tool ${prefix}`
  }
  const shared = LoopBounds.sharedName(names)
  return shared === undefined ? undefined : `two tools are named ${JSON.stringify(shared)}: rename one ${prefix}`
}

/** Why a bound the options give (`name`) is no positive integer, if it is not one: NaN would bound nothing. */
const boundMistake = (name: string, value: number | undefined): string | undefined =>
  value === undefined || (Number.isSafeInteger(value) && value > 0)
    ? undefined
    : `${name} must be a positive integer, got ${String(value).slice(0, 40)}`

/** The options' own mistakes, if any. */
const optionsMistake = (options: ChatOptions.Options<ReadonlyArray<Tool.Tool>, unknown>): string | undefined => {
  const named = nameMistake(options)
  if (named !== undefined) return named
  const path = options.path ?? defaultPath
  if (!validPath.test(path)) {
    return `path must be "/" and segments of letters, digits, "-", "_", "." or "~", got ${path}`
  }
  if (options.budget !== undefined) {
    const usd = LoopSums.amountOf(options.budget.usd, "budget.usd")
    if (Result.isFailure(usd)) return usd.failure
  }
  const bound = boundMistake("maxBodyBytes", options.maxBodyBytes) ??
    boundMistake("steering.maxBytes", options.steering?.maxBytes) ??
    boundMistake("steering.maxPending", options.steering?.maxPending)
  if (bound !== undefined) return bound
  if (options.allowedHosts?.some((host) => typeof host !== "string" || host === "") === true) {
    return "allowedHosts must be host names (\"localhost\") or host:port"
  }
  const maxAge = SessionOwner.maxAgeOf(options.session?.maxAge)
  if (Result.isFailure(maxAge)) return maxAge.failure
  const proxies = options.trustedProxies === undefined ? undefined : EndpointGuards.proxiesOf(options.trustedProxies)
  return proxies !== undefined && Result.isFailure(proxies) ? proxies.failure : undefined
}

/** Whether `model` has a price, when its name says which (a model of this library's providers). */
const priceMistake = (needs: string, model: ModelService.Service) =>
  Effect.gen(function*() {
    if (ProviderProfiles.profileOf(model.provider) === undefined) return undefined
    const table = yield* PriceTable.current
    const name = model.baseModel ?? model.model
    const found = table.lookup(model.provider, name)
    if (Result.isSuccess(found)) return undefined
    // The lookup's message says how to add the price.
    return `${needs} needs the price of ${model.provider}/${name}: ${found.failure.message}`
  })

/** The endpoint's path, once its options and the configuration they need (of each of its `models`) check out. */
export const check = (
  options: ChatOptions.Options<ReadonlyArray<Tool.Tool>, unknown>,
  models: ReadonlyArray<ModelService.Service>
): Effect.Effect<`/${string}`, ProviderError.ConfigurationError> =>
  Effect.gen(function*() {
    const mistake = optionsMistake(options)
    if (mistake !== undefined) return yield* configuration(mistake)
    if (options.spendLimit !== undefined && (yield* SpendLimitGuard.SpendLimitGuard) === undefined) {
      return yield* configuration(
        "spendLimit needs a store: provide SpendLimit.layerMemory() or SpendLimit.layerRedis({ url })"
      )
    }
    const needs = options.spendLimit !== undefined ? "spendLimit" : options.budget !== undefined ? "budget" : undefined
    for (const model of needs === undefined ? [] : models) {
      const unpriced = yield* priceMistake(needs!, model)
      if (unpriced !== undefined) return yield* configuration(unpriced)
    }
    return (options.path ?? defaultPath) as `/${string}`
  })
