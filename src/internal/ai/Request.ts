/**
 * `effect/ai` `ProviderOptions` → the request this library's `LanguageModel` streams. The whole prompt is
 * sent every time: no provider here keeps conversation state, so `previousResponseId` and
 * `incrementalPrompt` are ignored.
 *
 * @internal
 */
import type * as LanguageModel_ from "effect/ai/LanguageModel"
import * as Result from "effect/Result"
import type * as LanguageModel from "../../LanguageModel.js"
import type * as Provider from "../../Provider.js"
import type * as Errors from "./Errors.js"
import * as Messages from "./Messages.js"
import * as Tools from "./Tools.js"

/**
 * A request with the raw body fields it needs. `LanguageModel.Request` has no `extraBody`, but the model
 * layers of every provider pass the request's fields through to their client, which merges `extraBody` into
 * the body; set only when the call needs it (structured output on OpenAI, Groq, Azure), as it replaces the
 * `extraBody` of the model layer's defaults.
 */
export interface RequestWithBody extends LanguageModel.Request {
  readonly extraBody?: Readonly<Record<string, unknown>> | undefined
}

/** What a call sends, and how its tool calls come back. */
export interface Prepared {
  readonly request: RequestWithBody
  readonly tools: Tools.Plan
}

/** The request of a call, or the part of the prompt or options that cannot be sent. */
export const prepare = (
  options: LanguageModel_.ProviderOptions,
  provider: Provider.Provider
): Result.Result<Prepared, Errors.Unsupported> =>
  Result.flatMap(
    Messages.fromPrompt(options.prompt, provider),
    (messages) =>
      Result.map(Tools.plan(options, provider), (tools) => ({
        request: {
          messages,
          ...(tools.tools === undefined ? {} : { tools: tools.tools }),
          ...(tools.toolChoice === undefined ? {} : { toolChoice: tools.toolChoice }),
          ...(tools.extraBody === undefined ? {} : { extraBody: tools.extraBody })
        },
        tools
      }))
  )
