/**
 * Why a text is not one complete JSON value: the typed failures of the incremental parser
 * (`PartialJson`), each with the position and a bounded excerpt of the text around it.
 *
 * @internal
 */
import * as Data from "effect/Data"

/** @internal */
export interface Fields {
  /** Where the failure is, in UTF-16 code units from the start of the whole text (its length if incomplete). */
  readonly position: number
  /** Up to 40 characters of the text before `position` and 40 from it, as far as they had arrived. */
  readonly excerpt: string
  /** What was expected or found. */
  readonly reason: string
  /** All of the above, in a sentence. */
  readonly message: string
}

/** Text that is not JSON. @internal */
export class InvalidJson extends Data.TaggedError("InvalidJson")<Fields> {}

/** The text ended before its value did (also: it held no value). @internal */
export class IncompleteJson extends Data.TaggedError("IncompleteJson")<Fields> {}

/** A second value follows the first one (models sometimes write the object twice). @internal */
export class MultipleJsonValues extends Data.TaggedError("MultipleJsonValues")<Fields> {}

/** Arrays and objects nested deeper than the parser's `maxDepth`. @internal */
export class JsonTooDeep extends Data.TaggedError("JsonTooDeep")<Fields> {}

/** A key given twice in one object (the second value would replace the first one). @internal */
export class DuplicateJsonKey extends Data.TaggedError("DuplicateJsonKey")<Fields> {}

/** Why a text is not one complete JSON value. @internal */
export type Failure = InvalidJson | IncompleteJson | MultipleJsonValues | JsonTooDeep | DuplicateJsonKey

const kinds = {
  InvalidJson: [InvalidJson, "invalid JSON"],
  IncompleteJson: [IncompleteJson, "incomplete JSON"],
  MultipleJsonValues: [MultipleJsonValues, "more than one JSON value"],
  JsonTooDeep: [JsonTooDeep, "JSON nested too deep"],
  DuplicateJsonKey: [DuplicateJsonKey, "duplicate key in a JSON object"]
} as const

/** A failure of the kind `tag`, its message written from the fields. @internal */
export const make = (tag: Failure["_tag"], fields: Omit<Fields, "message">): Failure => {
  const [Class, what] = kinds[tag]
  const message = `${what} at position ${fields.position}: ${fields.reason} (near ${JSON.stringify(fields.excerpt)})`
  return new Class({ ...fields, message })
}

/** The excerpt length on each side of a failure's position. @internal */
export const excerptLength = 40
