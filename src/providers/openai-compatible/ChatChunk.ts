/**
 * The chunk class OpenAI, Groq and Azure share: one `chat.completion.chunk` payload, read the same way by
 * every Chat Completions host (`ChatEvents`). Each provider extends it with its own name and extras.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as FinishReason from "../../core/FinishReason.js"
import * as ChunkCommon from "../../core/fold/ChunkCommon.js"
import * as StreamEvent from "../../core/fold/StreamEvent.js"
import * as ChatEvents from "./ChatEvents.js"
import * as ChatSchemas from "./ChatSchemas.js"

/** A streamed Chat Completions chunk, wrapping the raw `chat.completion.chunk` payload in `chunk`. */
export class ChatCompletionsChunk
  extends ChunkCommon.ChunkBase.extend<ChatCompletionsChunk>("effect-llm-stream/ChatCompletionsChunk")({
    chunk: ChatSchemas.ChatCompletionChunk,
    /**
     * The index of the choice that is the answer (its text, reasoning, refusal, citations and audio), when it is not
     * 0: the first choice its stream used, where a host or proxy numbers its one choice otherwise (`ChatDecoder`).
     *
     * @since 0.7.0
     */
    answerChoice: Schema.optionalKey(Schema.Natural),
    /**
     * The id of the answer, its stream's first chunk's, where this chunk's own differs: a Groq compound system gives
     * each chunk an id of its own (pydantic-ai's recording `test_groq_model_web_search_tool_stream.yaml`), so the
     * runs of its built-in tools are named by this one (`ChatDecoder`).
     *
     * @since 0.7.0
     */
    answerId: Schema.optionalKey(Schema.String),
    /**
     * How the answer finished, on the last chunk of a stream that ended with no choice saying why (its `[DONE]` after
     * `finish_reason: null` throughout: `ChatFinishReasons.Unsaid`): `other`, or `stop` after an audio answer's last
     * chunk. The answer's common finish reason, with no raw reason, as nothing was said (`ChatDecoder`).
     *
     * @since 0.7.0
     */
    finishUnsaid: Schema.optionalKey(FinishReason.FinishReason)
  })
{
  /** Where this host's chunks carry the raw usage object. */
  protected rawUsage(): ChatSchemas.CompletionUsage | null | undefined {
    return this.chunk.usage
  }
  /** The model this host's prices are looked up by, when it is not the chunk's `model`. */
  protected baseModelName(): string | undefined {
    return undefined
  }
  /** How this host says what policy an answer stopped on, when it does (`ChatEvents.PolicyDetails`). */
  protected policyDetails(): ChatEvents.PolicyDetails | undefined {
    return undefined
  }
  protected override readEvents(): ReadonlyArray<StreamEvent.StreamEvent> {
    const answer = this.answerChoice ?? 0
    const events = ChatEvents.eventsOf(this.chunk, this.rawUsage(), this.baseModelName(), answer, this.policyDetails())
    const unsaid = this.finishUnsaid
    // The finish no choice said: the common reason alone, and the answer's calls complete.
    return unsaid === undefined || events.some((event) => event._tag === "Finish") ? events : [
      ...events,
      { _tag: "Finish", reasons: StreamEvent.none, common: [unsaid] },
      StreamEvent.choiceEnded(answer)
    ]
  }
  /** The raw usage object of the final chunk (`stream_options.include_usage`). */
  override get usage(): ChatSchemas.CompletionUsage | undefined {
    return super.usage as ChatSchemas.CompletionUsage | undefined
  }
}
