/**
 * The body decoder of a Chat Completions stream: SSE events, `data: [DONE]` as the end-of-stream
 * marker, in-stream `{"error": ...}` events (and `event: error`) as failures, every other event a chunk; a chunk
 * saying the answer failed (Groq's `x_groq.error`, a choice finished in error: `ChatFinishReasons.failed`) fails it at
 * its end, after the chunks that came. A tool-call fragment goes with its call where the host's `index` does not
 * say which (`ChatCallIndexes`), and adds to it only what it does not repeat of the call's arguments so far
 * (`ChatCallArguments`). The answer is the first choice the stream uses: index 0, or on a stream whose host or
 * proxy numbers its one choice otherwise, that choice (`ChatChunk.answerChoice`), fixed once seen; before, its text
 * was dropped with nothing said. A stream whose `[DONE]` comes with no choice having said why it finished ends as its
 * host's row says (`ChatFinishReasons.Unsaid`): with a last chunk that finishes the answer as `other`, or failing.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import * as CallIds from "../../core/fold/CallIds.js"
import * as ChunkCommon from "../../core/fold/ChunkCommon.js"
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import * as LiveShapes from "../../core/framing/LiveShapes.js"
import * as Sse from "../../core/framing/Sse.js"
import * as Payload from "../../core/payload/Payload.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as ChatCallArguments from "./ChatCallArguments.js"
import * as ChatCallIndexes from "./ChatCallIndexes.js"
import type * as ChatChunk from "./ChatChunk.js"
import * as ChatErrors from "./ChatErrors.js"
import * as ChatEvents from "./ChatEvents.js"
import * as ChatFinishReasons from "./ChatFinishReasons.js"
import type * as ChatSchemas from "./ChatSchemas.js"

/** The event decoder of a Chat Completions stream. */
export const eventDecoder = <C extends ChatChunk.ChatCompletionsChunk>(
  provider: string,
  decodeChunk: (json: unknown) => Result.Result<C, Schema.SchemaError>,
  unsaid: ChatFinishReasons.Unsaid = "other"
): BodyDecoder.EventDecoder<Sse.Event, C> => {
  LiveShapes.keepOnce(ChatEventDecoder, () => new ChatEventDecoder("", () => Result.fail(undefined as never), "other"))
  return new ChatEventDecoder(provider, decodeChunk, unsaid)
}

/**
 * Whether a choice's delta is an audio answer's last chunk: its `audio` with only `expires_at` (openai-node 7.59
 * src/lib/ChatCompletionStream.ts, "Audio streams can end with an expires_at-only chunk after the generated audio,
 * without a separate finish_reason", read there as `stop`).
 */
const endsAudio = (choice: typeof ChatSchemas.Choice.Type): boolean => {
  const audio = choice.delta?.audio
  return audio != null && audio.expires_at != null && audio.id == null && audio.data == null &&
    audio.transcript == null
}

/**
 * Why a chunk says the answer failed, if it does: Groq's `x_groq.error` (groq-typescript
 * src/resources/chat/completions.ts, `ChatCompletionChunk.XGroq.error`: "An error string indicating why a stream was
 * stopped early"), or a choice's finish reason that is a failure (`ChatFinishReasons.failed`). Such a stream may still
 * end with `[DONE]`, so without this it would end as a success cut short.
 */
const failureOf = (provider: string, json: unknown): ProviderError.ProviderError | undefined => {
  if (!Payload.isRecord(json)) return undefined
  const extension = json["x_groq"]
  const stopped = Payload.isRecord(extension) ? extension["error"] : undefined
  if (typeof stopped === "string") return ChatErrors.stoppedEarly(provider, stopped)
  const choices = json["choices"]
  if (!Array.isArray(choices)) return undefined
  for (const choice of choices) {
    const reason = Payload.isRecord(choice) ? choice["finish_reason"] : undefined
    if (typeof reason === "string" && ChatFinishReasons.failed.has(reason)) {
      return ChatErrors.finishedInError(provider, reason)
    }
  }
  return undefined
}

/** The event decoder of one Chat Completions stream (a class kept alive by `LiveShapes`). */
class ChatEventDecoder<C extends ChatChunk.ChatCompletionsChunk> implements BodyDecoder.EventDecoder<Sse.Event, C> {
  readonly #provider: string
  readonly #decodeChunk: (json: unknown) => Result.Result<C, Schema.SchemaError>
  /**
   * The error the stream fails with at its end (its `[DONE]`, or the body's end without it), once a chunk said the
   * answer failed: the chunks after it (the usage) are kept.
   */
  #failed: ProviderError.ProviderError | undefined = undefined
  /** Which call each tool-call fragment belongs to, where the host's `index` does not say it. */
  readonly #indexes = new ChatCallIndexes.CallIndexes()
  /** What each fragment's arguments add to its call, where a host sends the arguments so far again. */
  readonly #arguments = new ChatCallArguments.CallArguments()
  /** Each choice's tool-call fragments routed to their call, then read for what they add to it: one walk a chunk. */
  readonly #mendCalls = (choice: number, calls: ReadonlyArray<unknown>): void => {
    this.#indexes.route(choice, calls)
    this.#arguments.mend(choice, calls)
  }
  /** The index of the answer's choice: the first the stream used (`ChatEvents.usedChoice`), once a chunk says it. */
  #answer: number | undefined = undefined
  /** The first id the stream's chunks say: the answer's, where a host gives each chunk its own (`ChatChunk.answerId`). */
  #id: string | undefined = undefined
  /** What an answer no choice said the finish of is, on this host (`ChatFinishReasons.Unsaid`). */
  readonly #unsaid: ChatFinishReasons.Unsaid
  /** Whether a choice said why it finished, or an audio answer's last chunk came (`endsAudio`). */
  #said: boolean = false
  #audioEnded: boolean = false
  /** Whether the stream's last chunk, the finish no choice said, was handed on: the stream is complete. */
  #ended: boolean = false
  constructor(
    provider: string,
    decodeChunk: (json: unknown) => Result.Result<C, Schema.SchemaError>,
    unsaid: ChatFinishReasons.Unsaid
  ) {
    this.#provider = provider
    this.#decodeChunk = decodeChunk
    this.#unsaid = unsaid
  }

  decode(event: Sse.Event): BodyDecoder.Decoded<C> {
    const provider = this.#provider
    const data = event.data
    if (data === "[DONE]") return this.#end()
    if (event.event !== "message" && event.event !== "error") return BodyDecoder.skip
    const json = Payload.parseJson(data)
    if (json === Payload.invalidJson) {
      return Payload.malformed(provider, "a streamed event is not valid JSON (or nests deeper than 1000 levels)", data)
    }
    const carriesError = event.event === "error" ||
      (typeof json === "object" && json !== null && "error" in json && json.error != null)
    // An error alone fails the stream at once; a chunk that carries one (OpenRouter's mid-stream error, a
    // `chat.completion.chunk` with `error: { code, message }` beside its `choices` and the call's `usage`,
    // openrouter.ai/docs "Errors", "Error during streaming") is delivered, and the stream fails with it at its end.
    if (carriesError && !(Payload.isRecord(json) && Array.isArray(json["choices"]))) {
      return new BodyDecoder.Failure(ChatErrors.streamError(provider, json))
    }
    ChatCallIndexes.forEachChoiceCalls(json, this.#mendCalls)
    const decoded = this.#decodeChunk(json)
    if (carriesError) {
      const error = ChatErrors.streamError(provider, json)
      if (Result.isFailure(decoded)) return new BodyDecoder.Failure(error)
      this.#failed ??= error
      return this.#answering(decoded.success)
    }
    if (Result.isSuccess(decoded)) {
      // The chunk that says why the host stopped is delivered (it may carry text or usage), then the stream fails.
      // The chunk that says why is delivered (it may carry text or usage); the stream fails at its end.
      if (this.#failed === undefined) this.#failed = failureOf(provider, json)
      return this.#answering(decoded.success)
    }
    return Payload.malformed(
      provider,
      `a streamed chunk does not match the expected schema: ${decoded.failure.message}`,
      data
    )
  }

  /**
   * The chunk read with the stream's answer choice and the answer's id: as decoded on a stream whose answer is choice
   * 0 and whose chunks share one id.
   */
  #answering(chunk: C): C {
    if (!this.#said) this.#note(chunk)
    const answer = this.#answer ??= ChatEvents.usedChoice(chunk.chunk.choices)
    // The first id said: Azure's first chunk (its prompt's filter results) has an empty one.
    const id = this.#id ??= chunk.chunk.id === "" ? undefined : chunk.chunk.id
    const fields = {
      ...(answer === undefined || answer === 0 ? {} : { answerChoice: answer }),
      ...(id === undefined || id === chunk.chunk.id ? {} : { answerId: id })
    }
    return Object.keys(fields).length === 0 ? chunk : ChunkCommon.withFields<C>(chunk, fields as Partial<C>)
  }

  /** Notes whether a chunk says the answer finished: a choice's finish reason, or an audio answer's last chunk. */
  #note(chunk: C): void {
    if (chunk.finishReasons.length > 0) this.#said = true
    else if (chunk.chunk.choices.some(endsAudio)) this.#audioEnded = true
  }

  /**
   * What the stream's `[DONE]` is: its failure, where a chunk said the answer failed; its end, where a choice said
   * why it finished; else, on a host that always says why, an answer cut short (`ChatErrors.unfinished`), and on
   * others a last chunk that finishes it as `other` (`stop` after an audio answer's last chunk), the stream complete
   * after it.
   */
  #end(): BodyDecoder.Decoded<C> {
    if (this.#failed !== undefined) return new BodyDecoder.Failure(this.#failed)
    if (this.#said) return BodyDecoder.done
    if (this.#unsaid === "cut" && !this.#audioEnded) {
      return new BodyDecoder.Failure(ChatErrors.unfinished(this.#provider))
    }
    const last = this.#decodeChunk({ id: this.#id ?? "", object: "chat.completion.chunk", model: "", choices: [] })
    if (Result.isFailure(last)) return BodyDecoder.done
    this.#ended = true
    const finishUnsaid = this.#audioEnded ? "stop" : "other"
    return ChunkCommon.withFields<C>(this.#answering(last.success), { finishUnsaid } as Partial<C>)
  }

  complete(): boolean {
    return this.#ended
  }

  completeAtEnd(): boolean | ProviderError.ProviderError {
    return this.#failed ?? false
  }
}

/** The body decoder of a Chat Completions stream. */
export const bodyDecoder = <C extends ChatChunk.ChatCompletionsChunk>(
  provider: string,
  decodeChunk: (json: unknown) => Result.Result<C, Schema.SchemaError>,
  maxEventSize?: number | undefined,
  unsaid?: ChatFinishReasons.Unsaid | undefined
): BodyDecoder.BodyDecoder<C> =>
  BodyDecoder.make(
    provider,
    Sse.framer(provider, maxEventSize),
    eventDecoder(provider, decodeChunk, unsaid),
    new CallIds.CallIds().given
  )
