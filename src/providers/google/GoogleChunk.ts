/**
 * One streamed Gemini event: its payload, who served it (the Gemini API or Vertex AI), where the decoder
 * placed its parts in the stream, and the accessors read from its events (`GoogleEvents`).
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as ChunkCommon from "../../core/fold/ChunkCommon.js"
import type * as StreamEvent from "../../core/fold/StreamEvent.js"
import * as Payload from "../../core/payload/Payload.js"
import * as GoogleEvents from "./GoogleEvents.js"
import * as GoogleSchemas from "./GoogleSchemas.js"

/**
 * One streamed Gemini event, wrapping the raw `GenerateContentResponse` in `chunk` (which keeps every candidate;
 * `candidate` is the answer). Thought summaries are its `reasoning`; function calls its tool calls (streamed
 * `partialArgs` as JSON text, piece by piece); code execution, Gemini 3's server tool parts and grounding its server
 * tool calls and results.
 *
 * @since 0.3.0
 * @category Models
 */
export class GoogleCallResponseChunk
  extends ChunkCommon.ChunkBase.extend<GoogleCallResponseChunk>("effect-llm-stream/GoogleCallResponseChunk")({
    chunk: GoogleSchemas.GenerateContentResponse,
    /** Who served the call: the Gemini API (`google`) or Vertex AI (`google-vertex`). */
    provider: Schema.Literals(["google", "google-vertex"]),
    /** Where the decoder placed the answer's parts in the stream (left out: each part on its own). */
    placement: Schema.optionalKey(GoogleSchemas.Placement),
    /**
     * The tier that served the response, as its `x-gemini-service-tier` header names it (the Gemini API's `standard`,
     * `flex`, `priority`: ai.google.dev/gemini-api/docs/priority-inference), as sent: the cost's tier when the usage
     * does not say (`GoogleUsage.extrasOf`).
     */
    servedTier: Schema.optionalKey(Schema.String)
  })
  implements ChunkCommon.Common
{
  protected override readEvents(): ReadonlyArray<StreamEvent.StreamEvent> {
    return GoogleEvents.eventsOf(this.chunk, this.placement, this.servedTier)
  }

  /** The first candidate: the answer. */
  get candidate(): typeof GoogleSchemas.Candidate.Type | undefined {
    return GoogleSchemas.answerOf(this.chunk)
  }

  /** The thought signatures of this event's parts (any part may carry one), in order. */
  get thoughtSignatures(): ReadonlyArray<string> {
    const parts = this.candidate?.content?.parts ?? []
    return parts.flatMap((part) => (part.thoughtSignature === undefined ? [] : [part.thoughtSignature]))
  }

  /** Why the answer stopped, in words, when Google says (a `MODEL_ARMOR` or `SAFETY` ending's filters). */
  get finishMessage(): string | undefined {
    return this.candidate?.finishMessage
  }

  /** The answer's safety ratings, as sent (a `SAFETY` ending says which category). */
  get safetyRatings(): ReadonlyArray<unknown> | undefined {
    return this.candidate?.safetyRatings
  }

  /** The answer's grounding (Google Search queries, sources and the text each supports), as sent. */
  get groundingMetadata(): unknown {
    return this.candidate?.groundingMetadata
  }

  /** The prompt's feedback: `blockReason` when the prompt was refused, as sent. */
  get promptFeedback(): typeof GoogleSchemas.PromptFeedback.Type | undefined {
    return this.chunk.promptFeedback
  }

  /** The raw `usageMetadata` of this event. */
  override get usage(): GoogleSchemas.UsageMetadata | undefined {
    return super.usage as GoogleSchemas.UsageMetadata | undefined
  }
}

/**
 * Decodes the JSON of one streamed event into a `GoogleCallResponseChunk` (served by the Gemini API).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const GoogleCallResponseChunkFromPayload: Schema.Codec<
  GoogleCallResponseChunk,
  typeof GoogleSchemas.GenerateContentResponse.Encoded
> = Payload.chunkFromPayload(GoogleSchemas.GenerateContentResponse, GoogleCallResponseChunk, { provider: "google" })
