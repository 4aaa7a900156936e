/**
 * The chunk class OpenAI, Groq and Azure share: one `chat.completion.chunk` payload, read the same way by
 * every Chat Completions host (`ChatEvents`). Each provider extends it with its own name and extras.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as ChunkCommon from "../../core/fold/ChunkCommon.js"
import type * as StreamEvent from "../../core/fold/StreamEvent.js"
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
    answerId: Schema.optionalKey(Schema.String)
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
    return ChatEvents.eventsOf(this.chunk, this.rawUsage(), this.baseModelName(), answer, this.policyDetails())
  }
  /** The raw usage object of the final chunk (`stream_options.include_usage`). */
  override get usage(): ChatSchemas.CompletionUsage | undefined {
    return super.usage as ChatSchemas.CompletionUsage | undefined
  }
}
