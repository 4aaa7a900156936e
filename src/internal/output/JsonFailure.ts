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
}

const describe = (what: string, failure: Fields): string =>
  `${what} at position ${failure.position}: ${failure.reason} (near ${JSON.stringify(failure.excerpt)})`

/** Text that is not JSON. @internal */
export class InvalidJson extends Data.TaggedError("InvalidJson")<Fields> {
  override get message(): string {
    return describe("invalid JSON", this)
  }
}

/** The text ended before its value did (also: it held no value). @internal */
export class IncompleteJson extends Data.TaggedError("IncompleteJson")<Fields> {
  override get message(): string {
    return describe("incomplete JSON", this)
  }
}

/** A second value follows the first one (models sometimes write the object twice). @internal */
export class MultipleJsonValues extends Data.TaggedError("MultipleJsonValues")<Fields> {
  override get message(): string {
    return describe("more than one JSON value", this)
  }
}

/** Arrays and objects nested deeper than the parser's `maxDepth`. @internal */
export class JsonTooDeep extends Data.TaggedError("JsonTooDeep")<Fields> {
  override get message(): string {
    return describe("JSON nested too deep", this)
  }
}

/** A key given twice in one object (the second value would replace the first one). @internal */
export class DuplicateJsonKey extends Data.TaggedError("DuplicateJsonKey")<Fields> {
  override get message(): string {
    return describe("duplicate key in a JSON object", this)
  }
}

/** @internal */
export type Failure = InvalidJson | IncompleteJson | MultipleJsonValues | JsonTooDeep | DuplicateJsonKey

/** The excerpt length on each side of a failure's position. @internal */
export const excerptLength = 40
