/**
 * An `effect/ai` `Toolkit` with its handlers as this library's handled tools, for `LanguageModel.runTools`: each call
 * runs the toolkit's own handler (`WithHandler.handle`, which validates and encodes as `effect/ai` does), its encoded
 * result sent back (or what the tool's `toModelOutput` made of it); a handler's failure is an error result;
 * `needsApproval` (`true`, or a function saying so of a call) asks the program first.
 *
 * @internal
 */
import type * as AiError from "effect/ai/AiError"
import * as AiTool from "effect/ai/Tool"
import type * as Toolkit from "effect/ai/Toolkit"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as ForeignJsonSchema from "../../core/schema/ForeignJsonSchema.js"
import * as Tool from "../../core/Tool.js"
import * as AiMessages from "./AiMessages.js"

/** The tools of a toolkit, as handled tools. */
export type Handled<Tools extends Record<string, AiTool.Any>> = Tool.Handled<
  Tool.Tool,
  AiError.AiError | AiTool.Failure<Tools[keyof Tools]> | AiTool.HandlerError<Tools[keyof Tools]>,
  AiTool.HandlerServices<Tools[keyof Tools]>
>

/** The arguments as the model wrote them (empty: `{}`), for the toolkit to decode itself. */
const encodedParams = (call: Tool.ToolCall): unknown => call.arguments.trim() === "" ? {} : JSON.parse(call.arguments)

/**
 * Whether a call of `tool` needs the program's approval, as `effect/ai`'s loop decides it (`Tool.NeedsApproval`, and
 * `isApprovalNeeded` in `effect/ai/LanguageModel`): its boolean, or its function of the call's decoded parameters. The
 * loop decides on the input alone, so the function's context has no call id (`""`) and no messages; an answer that is
 * not there at once (an `Effect` that waits, or dies) asks, so that a call is never run unasked; one that waits is
 * interrupted.
 */
const needsApprovalOf = (tool: AiTool.Any): boolean | ((input: unknown) => boolean) => {
  const needsApproval = tool.needsApproval
  if (typeof needsApproval !== "function") return needsApproval === true
  return (input) => {
    const decided = needsApproval(input, { toolCallId: "", messages: [] })
    if (!Effect.isEffect(decided)) return decided
    const exit = Effect.runSyncExit(decided)
    if (Exit.isSuccess(exit)) return exit.value
    // One that waits is left running by `runSyncExit` (its fiber in the `AsyncFiberError`): it is asked instead.
    const error = Cause.squash(exit.cause)
    if (Cause.isAsyncFiberError(error)) error.fiber.interruptUnsafe()
    return true
  }
}

export const fromToolkit = <Tools extends Record<string, AiTool.Any>>(
  toolkit: Toolkit.WithHandler<Tools>
): ReadonlyArray<Handled<Tools>> =>
  // A provider-defined tool the provider runs has no handler here: the request asks for it (`providerTools`).
  Object.values(toolkit.tools).filter((tool) => !AiTool.isProviderDefined(tool) || tool.requiresHandler).map((tool) => {
    const description = AiTool.getDescription(tool)
    // One the program runs (Anthropic's bash) goes by the provider's name for it (`CallRequest.ownTools`).
    const name = AiTool.isProviderDefined(tool) ? tool.providerName : tool.name
    // A dynamic tool (`McpClient.toolkit`'s) is declared with its JSON Schema, which also checks its arguments.
    const foreign = AiTool.isDynamic(tool) && tool.jsonSchema !== undefined ? tool.jsonSchema : undefined
    const parameters = foreign === undefined ? undefined : ForeignJsonSchema.toolParameters(foreign)
    const declared = parameters === undefined
      ? Tool.make(name, { description, parameters: tool.parametersSchema as any })
      : Result.isSuccess(parameters)
      ? Tool.make(name, { description, ...parameters.success })
      : Tool.make(name, { description, jsonSchema: foreign as Tool.JsonSchema })
    return Tool.handle(
      declared,
      (_input, call) =>
        toolkit.handle(tool.name, encodedParams(call) as any, call.id).pipe(
          Effect.flatMap(Stream.runLast),
          Effect.flatMap((last) => {
            if (last._tag === "None") return Effect.die(new Error(`the handler of ${tool.name} gave no result`))
            if (last.value.isFailure) return Effect.fail(last.value.result)
            // What the tool's `toModelOutput` made of the result (an image, a file) is what the model reads of it.
            const modelOutput = last.value.modelOutput
            return Effect.succeed(
              modelOutput === undefined ? last.value.encodedResult : AiMessages.modelOutputContent(modelOutput)
            )
          })
        ),
      { needsApproval: needsApprovalOf(tool) }
    ) as Handled<Tools>
  })
