/**
 * `effect/ai` `ProviderOptions` → the request this library's `LanguageModel` streams, with the request
 * controls of the adapter's `Config` in context. The whole prompt is sent every time: no provider here
 * keeps conversation state, so `previousResponseId` and `incrementalPrompt` are ignored.
 *
 * @internal
 */
import type * as LanguageModel_ from "effect/ai/LanguageModel"
import * as Result from "effect/Result"
import type * as Provider from "../../core/Provider.js"
import type * as LanguageModel from "../LanguageModel.js"
import type * as AiErrors from "./AiErrors.js"
import * as AiMessages from "./AiMessages.js"
import * as AiTools from "./AiTools.js"

/** What a call sends, and how its tool calls come back. */
export interface Prepared {
  /** `output` is set for a structured-output call (`responseFormat: json`). */
  readonly request: LanguageModel.Request
  readonly tools: AiTools.Plan
}

/** The request of a call, or the part of the prompt or options that cannot be sent. */
export const prepare = (
  options: LanguageModel_.ProviderOptions,
  provider: Provider.Name,
  controls: LanguageModel.Controls = {}
): Result.Result<Prepared, AiErrors.Unsupported> =>
  Result.flatMap(
    AiTools.plan(options, provider),
    (tools) =>
      Result.map(AiMessages.fromPrompt(options.prompt, tools.provided.wireNameOf), (messages) => ({
        request: {
          ...controls,
          messages,
          ...(tools.tools === undefined ? {} : { tools: tools.tools }),
          ...(tools.provided.providerTools.length === 0 ? {} : { providerTools: tools.provided.providerTools }),
          ...(tools.toolChoice === undefined ? {} : { toolChoice: tools.toolChoice }),
          ...(tools.output === undefined ? {} : { output: tools.output })
        },
        tools
      }))
  )
