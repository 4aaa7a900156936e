/**
 * What one Gemini answer keeps across the requests it takes. Gemini ends a request whose answer is not complete with
 * `finishReason: "CONTINUATION"` and a `continuationToken`, which the same request sent again goes on from
 * (`@google/genai` 3.3: automatic continuation, each request billed and their usage summed); a request whose stream
 * drops goes on from the last checkpoint token it gave, as the SDK's `StreamContinuation` does.
 *
 * @internal
 */
import * as CallIds from "../../core/fold/CallIds.js"
import * as Usage from "../../core/Usage.js"
import * as GoogleBlocks from "./GoogleBlocks.js"
import * as GooglePlacement from "./GooglePlacement.js"
import type * as GoogleSchemas from "./GoogleSchemas.js"
import * as GoogleUsage from "./GoogleUsage.js"

/** How many requests one answer may take (the first and its continuations) before a `CONTINUATION` ends it. */
export const maxRequests = 32

/** How many requests in a row a dropped answer is sent again from the same token while it gets nothing new. */
export const maxStalledRequests = 3

/**
 * One answer's decoding state across its requests: the parts' placement goes on (a text block cut by a request's end
 * continues), the finish that ends a continued request is not the answer's, and each event's usage adds the
 * requests' before it. A dropped request is sent again from the token it was sent with at most `maxStalledRequests`
 * times in a row, when it gave neither a new token nor content.
 */
export class Answer {
  readonly placer = new GooglePlacement.Placer()
  /** The ids of the answer's calls: each its own, given where Google sent none or an earlier call's (`CallIds`). */
  readonly callIds = new CallIds.CallIds(GoogleBlocks.syntheticIdPrefix)
  /** The requests sent so far. */
  requests = 1
  /** The token this request was sent with (none for the first). */
  sentWith: string | undefined = undefined
  /** Whether this request handed on content. */
  yielded = false
  /** The requests in a row sent again from the same token after a drop. */
  stalled = 0
  /** The latest continuation token this request gave (a checkpoint, or the one its `CONTINUATION` carries). */
  token: string | undefined = undefined
  /** The token the next request resumes from, once this request ended with `CONTINUATION` or dropped. */
  resumeFrom: string | undefined = undefined
  /** The usage of the requests before this one (normalised, summed). */
  usageBefore: Usage.Usage | undefined = undefined
  /** This request's usage so far, as reported (each event repeats it). */
  usageNow: GoogleSchemas.UsageMetadata | undefined = undefined
  readonly maxRequests: number

  constructor(maxRequests = 1) {
    this.maxRequests = maxRequests
  }

  /** Whether a request that finished with `reason` is continued by another (its token kept for it). */
  continues(reason: string | undefined): boolean {
    if (reason !== "CONTINUATION" || this.token === undefined || this.requests >= this.maxRequests) return false
    this.resumeFrom = this.token
    return true
  }

  /**
   * Whether a request whose stream dropped (it ended without a finish, or its connection broke) is sent again: from
   * the checkpoint it gave, else, when it handed on nothing, from the token it was sent with.
   */
  resumesAfterDrop(): boolean {
    if (this.requests >= this.maxRequests) return false
    if (this.token !== undefined && this.token !== this.sentWith) {
      this.stalled = 0
      this.resumeFrom = this.token
      return true
    }
    if (this.yielded || this.sentWith === undefined || this.stalled >= maxStalledRequests) return false
    this.stalled++
    this.resumeFrom = this.sentWith
    return true
  }

  /** The token of the next request, when the answer continues; its usage so far carried over to it. */
  next(): string | undefined {
    const token = this.resumeFrom
    if (token === undefined) return undefined
    this.resumeFrom = undefined
    this.sentWith = token
    this.yielded = false
    // A request that ends with `CONTINUATION` but no token of its own is not resumed from an older one.
    this.token = undefined
    this.requests++
    if (this.usageNow !== undefined) {
      const now = GoogleUsage.normaliseUsage(this.usageNow)
      this.usageBefore = this.usageBefore === undefined ? now : Usage.add(this.usageBefore, now)
      this.usageNow = undefined
    }
    return token
  }
}
