/**
 * Structured output on the Responses API (OpenAI's and Azure's): the native mode is `text: { format: { type:
 * "json_schema", name, description, schema, strict } }` (openai SDK `ResponseFormatTextJSONSchemaConfig`); the
 * tool strategy is a strict function tool. Which model gets which is OpenAI's table (`OpenAIModels`); the
 * schema is the Chat Completions one (`ChatOutput.encode`: OpenAI's strict dialect).
 *
 * @internal
 */
import type * as Result from "effect/Result"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as OutputPlan from "../../core/request/OutputPlan.js"
import * as ChatOutput from "../openai-compatible/ChatOutput.js"
import * as OpenAIModels from "../openai/OpenAIModels.js"
import type * as ResponsesRequest from "./ResponsesRequest.js"

/** Plans how the request's structured output is sent to the Responses API: as a JSON schema format (`text.format`) or as a tool, by the model's family. */
export const plan = <R extends ResponsesRequest.ResponsesRequest & { readonly baseModel?: string | undefined }>(
  request: R
): Result.Result<R, CallRequest.Unsupported> =>
  OutputPlan.plan(request, {
    strategy: (request) => OpenAIModels.strategyOf(request.baseModel ?? request.model),
    encode: (output, strategy) =>
      ChatOutput.encode(output, strategy, { strategy, nativeStrict: true, toolStrict: true }),
    native: (output, choice) => ({
      text: {
        format: {
          type: "json_schema",
          name: output.name,
          ...(output.description === undefined ? {} : { description: output.description }),
          schema: choice.schema,
          strict: choice.strict
        }
      }
    })
  })
