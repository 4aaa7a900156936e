/**
 * The provider-agnostic language model service that `LanguageModel` names and every program (the tool loop and
 * the durable loop included) streams through. `LanguageModel` re-exports it.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Stream from "effect/Stream"
import type * as CallResponseChunk from "../CallResponseChunk.js"
import type * as CallRequest from "../internal/request/CallRequest.js"
import type * as Provider from "../Provider.js"
import type * as ProviderError from "../ProviderError.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly provider: Provider.Provider
  /** The model name requests are sent with (for Azure OpenAI, the deployment name). */
  readonly model: string
  /** The model whose prices apply, when `model` does not name it (an Azure deployment). */
  readonly baseModel?: string | undefined
  readonly stream: (
    input: CallRequest.Input
  ) => Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class LanguageModel extends Context.Service<LanguageModel, Service>()("effect-llm-stream/LanguageModel") {}
