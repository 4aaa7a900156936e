/**
 * Whether a person's answer fits the form a tool asked with (MCP 2025-11-25, client/elicitation: the requested schema's
 * types, required fields, enums, string formats and lengths, number bounds), and the form kept server-side under its
 * question's id. A tool that asks (`McpInput`) keeps the form's requested schema in the `StreamStore` under the id the
 * server signed, for the run's owner, beside what its call waits on; the server's read of an answer (the UI message
 * stream's, AG-UI's `resume`) checks a form's values against that schema, never the client's copy, and refuses what
 * does not fit before anything is claimed or run (a durable run keeps the schema in its journal: `ApprovalKeys`). The
 * tool checks again, the last guard before its server is sent the answer.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as ErrorReport from "../../core/http/ErrorReport.js"
import * as Provider from "../../core/Provider.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as JsonSchemaCheck from "../../core/schema/JsonSchemaCheck.js"
import * as StreamStore from "../store/StreamStore.js"
import * as ToolInput from "./ToolInput.js"

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** A field's label as the form shows it: its `title`, else its key; at most 100 characters of one line. */
const labelOf = (key: string, schema: unknown): string => {
  const title = isRecord(schema) && typeof schema["title"] === "string" ? schema["title"].trim() : ""
  const label = (title === "" ? key : title).replace(/\s+/g, " ")
  return label.length > 100 ? `${label.slice(0, 99)}…` : label
}

/** The most fields of a form looked at for the one an answer gets wrong (a form of MCP's is a few flat fields). */
const maxFieldsNamed = 64

/**
 * The label of the first field (in the form's order, among its first `maxFieldsNamed`) an answer gets wrong: missing
 * while required, or not what its schema takes; `undefined` when no one field is (an answer too long, a field the form
 * does not ask).
 */
const wrongField = (
  schema: Readonly<Record<string, unknown>>,
  definitions: Readonly<Record<string, unknown>>,
  content: { readonly [key: string]: unknown }
): string | undefined => {
  const properties = isRecord(schema["properties"]) ? schema["properties"] : {}
  const required = Array.isArray(schema["required"]) ? schema["required"] : []
  for (const [key, field] of Object.entries(properties).slice(0, maxFieldsNamed)) {
    const wrong = Object.hasOwn(content, key)
      ? JsonSchemaCheck.issues(field, definitions, content[key]).length > 0
      : required.includes(key)
    if (wrong) return labelOf(key, field)
  }
  return undefined
}

/** Why an accepted answer's `content` does not fit the form's `requestedSchema`, or `undefined` when it does. */
export const misfit = (
  requestedSchema: Readonly<Record<string, unknown>>,
  content: { readonly [key: string]: unknown }
): ToolInput.AnswerMisfit | undefined => {
  const misfitOf = (wrong: string, field: string | undefined) =>
    new ToolInput.AnswerMisfit({ text: `not run: the user's answer does not fit the tool's form (${wrong}).`, field })
  const tooLong = ToolInput.tooLong(content)
  if (tooLong !== undefined) return misfitOf(tooLong, undefined)
  const definitions = isRecord(requestedSchema["$defs"]) ? requestedSchema["$defs"] : {}
  const issues = JsonSchemaCheck.issues(requestedSchema, definitions, content)
  return issues.length === 0
    ? undefined
    : misfitOf(issues.slice(0, 3).join("; "), wrongField(requestedSchema, definitions, content))
}

/**
 * What the person is told of an answer that does not fit its form, in one sentence naming the field it gets wrong
 * (`field`, its label, at most 100 characters with its control characters taken out; none when no one field is wrong).
 */
export const told = (field: unknown): string => {
  const shown = typeof field === "string" ? ErrorReport.loggable(field, 100) : ""
  return shown === ""
    ? "Your answer does not match what the form asks for."
    : `Your answer does not match what the form asks for in "${shown}".`
}

/**
 * What a chat request whose form's values were refused answered, as its decoder read it (`UIToMessages`): its chat's
 * id, the assistant message it continues, and the approvals it answered there.
 */
export const Answered = Schema.Struct({
  chatId: Schema.String,
  messageId: Schema.String,
  approvalIds: Schema.Array(Schema.String)
})

/** What a refused chat request answered (`Answered`). */
export type Answered = typeof Answered.Type

/**
 * The refusal of a form's values that do not fit the form the server asked with: a 400 from the browser's request,
 * its message the sentence the person is told (`told`), known by its class where the server answers it by asking the
 * form again (`ChatEndpoint`: `FormAskedAgain`, from what the request `answered`; a hand-built server that stores its
 * answers: `UIMessageStream.askAgain`); elsewhere (AG-UI) a 400 as any other.
 */
export class Refusal extends ProviderError.InvalidRequestError.extend<Refusal>("effect-llm-stream/FormFit/Refusal")({
  answered: Schema.optionalKey(Answered)
}) {}

/**
 * The refusal of values that do not fit their form, at `field` (the answer's member), with the person's `sentence`
 * (and what the request `answered`, where its decoder knows it).
 */
export const refusal = (field: string, sentence: string, answered?: Answered): Refusal =>
  new Refusal({
    provider: Provider.browser,
    message: sentence,
    parameter: field,
    status: 400,
    ...(answered === undefined ? {} : { answered })
  })

const keyOf = (approvalId: string) => `input-form.${approvalId}`

/**
 * Keeps the requested schema of the form asked under `approvalId` for `owner`, for the store's `ttl` (as long as what
 * its call waits on); a URL to open takes no content, and is not kept. A failure is logged: the tool still checks.
 */
export const keep = (
  form: { readonly requestedSchema: Readonly<Record<string, unknown>>; readonly url?: unknown },
  approvalId: string | undefined,
  owner?: string
): Effect.Effect<void> =>
  approvalId === undefined || form.url !== undefined ? Effect.void : Effect.gen(function*() {
    const store = yield* StreamStore.StreamStore
    const kept = { requestedSchema: form.requestedSchema }
    yield* store.put(keyOf(approvalId), kept, { ttl: store.ttl, owner })
  }).pipe(Effect.catch((error) => Effect.logWarning(`a form asked was not kept: ${error.message}`)))

/**
 * Why `content`, an accepted answer to the form asked under `approvalId` (kept for `owner`), does not fit it: the
 * sentence the person is told; `undefined` when it fits, or no form is kept under the id (the tool then answers).
 */
export const refusalOf = (
  approvalId: string,
  content: { readonly [key: string]: unknown },
  owner?: string
): Effect.Effect<string | undefined> =>
  Effect.gen(function*() {
    const kept = yield* (yield* StreamStore.StreamStore).get(keyOf(approvalId), { owner })
    if (!isRecord(kept) || !isRecord(kept["requestedSchema"])) return undefined
    const wrong = misfit(kept["requestedSchema"], content)
    return wrong === undefined ? undefined : told(wrong.field)
  }).pipe(Effect.orElseSucceed(() => undefined))
