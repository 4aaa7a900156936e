/**
 * What the scripted model asks of a provider's API (one wire format): how to read a request it was sent, how it
 * writes an error, and how its streams are written. Each provider's folder has its `<Provider>Scripted.ts`;
 * `ProviderTestKits.scriptedKits` maps a format to it.
 *
 * @internal
 */
import type * as Provider from "../Provider.js"
import type * as ProviderTestKit from "./ProviderTestKit.js"

/** A tool the request offers. */
export interface ToolView {
  readonly name: string
  /** Its JSON Schema, as sent (the provider's dialect). */
  readonly schema: unknown
}

/** A tool result the request's last turn sends back. */
export interface ToolResultView {
  /** The tool's name, when the request says it (the call it answers, or the result itself). */
  readonly name: string | undefined
  readonly content: string
}

/** Which tool, if any, the request makes the model call. */
export type ToolChoiceView = "auto" | "required" | "none" | { readonly name: string }

/** What the scripted model reads of a request. */
export interface RequestView {
  /** The model the request names (in its body or its path). */
  readonly model: string | undefined
  readonly tools: ReadonlyArray<ToolView>
  readonly toolChoice: ToolChoiceView
  /** The JSON Schema of a native JSON mode (`response_format`, `text.format`, `output_config`, ...). */
  readonly outputSchema: unknown
  /** The tool results after the last assistant turn: what the model is to answer now. */
  readonly toolResults: ReadonlyArray<ToolResultView>
  /** The text of the last user turn. */
  readonly lastUserText: string
}

/** An error response as the provider writes it. */
export interface ErrorAnswer {
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** A provider API's part of the scripted model. */
export interface ScriptedKit {
  /** The provider its chunks name (a compatible host's name). */
  readonly provider: Provider.Name
  /** How its streams are written (payloads of a script, their framing) and its client. */
  readonly testKit: ProviderTestKit.ProviderTestKit
  /** Reads a request (its path and parsed JSON body): lenient, whatever client sent it. */
  readonly read: (path: string, body: Readonly<Record<string, unknown>>) => RequestView
  /** The error body (and headers) it answers `status` with. */
  readonly error: (status: number, message: string) => ErrorAnswer
  /** A stream's payloads written without their last and without the end-of-stream marker: a cut stream. */
  readonly cut: (payloads: ReadonlyArray<unknown>) => Uint8Array
  /** The input tokens the provider adds to a request's own (Anthropic's tool-use system prompt). */
  readonly addedInputTokens?: ((request: RequestView) => number) | undefined
}

/** The value as a record, or an empty one. */
export const record = (value: unknown): Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {}

/** The value as an array, or an empty one. */
export const array = (value: unknown): ReadonlyArray<unknown> => Array.isArray(value) ? value : []

/** The value if it is a string. */
export const string = (value: unknown): string | undefined => typeof value === "string" ? value : undefined

/** The text of a message's content: a string, or the `text` of its parts (`key` names a part's text field). */
export const textOf = (content: unknown, key = "text"): string =>
  typeof content === "string"
    ? content
    : array(content).map((part) => string(record(part)[key]) ?? "").filter((text) => text !== "").join("\n")

/** A result's content as text: a string as it is, anything else as JSON. */
export const contentText = (content: unknown): string =>
  typeof content === "string" ? content : JSON.stringify(content) ?? ""

/** The last element satisfying `predicate`, with its index (-1 when none does). */
export const findLast = <A>(items: ReadonlyArray<A>, predicate: (item: A) => boolean): number => {
  for (let index = items.length - 1; index >= 0; index--) if (predicate(items[index]!)) return index
  return -1
}

/** A conversation's last model turn (if any), the turns after it (its calls' results), and the user's last turn. */
export const conversation = <A>(
  turns: ReadonlyArray<A>,
  isModels: (turn: A) => boolean,
  isUsers: (turn: A) => boolean
): { readonly model: A | undefined; readonly after: ReadonlyArray<A>; readonly user: A | undefined } => {
  const last = findLast(turns, isModels)
  return {
    model: turns[last],
    after: last === -1 ? [] : turns.slice(last + 1),
    user: turns[findLast(turns, isUsers)]
  }
}

/** The tools of a request: each one's name and JSON Schema, those without a name left out. */
export const toolsOf = (
  tools: ReadonlyArray<Readonly<Record<string, unknown>>>,
  nameOf: (tool: Readonly<Record<string, unknown>>) => unknown,
  schemaOf: (tool: Readonly<Record<string, unknown>>) => unknown
): ReadonlyArray<ToolView> =>
  tools.flatMap((tool) => {
    const name = string(nameOf(tool))
    const schema = schemaOf(tool)
    return name === undefined || schema === undefined ? [] : [{ name, schema }]
  })

/** The name of the one tool a request forces, from a choice that may name it. */
export const forced = (name: unknown): ToolChoiceView => {
  const given = string(name)
  return given === undefined ? "required" : { name: given }
}
