/** @since 0.5.0 */
export * as AgUi from "./app/agui/AgUi.js"

/** @since 0.2.0 */
export * as AiLanguageModel from "./app/ai/AiLanguageModel.js"

/** @since 0.1.0 */
export * as Anthropic from "./providers/anthropic/Anthropic.js"

/** @since 0.1.0 */
export * as Azure from "./providers/azure/Azure.js"

/** @since 0.1.0 */
export * as Bedrock from "./providers/bedrock/Bedrock.js"

/** @since 0.1.0 */
export * as CallEnding from "./core/call/CallEnding.js"

/** @since 0.3.0 */
export * as CallObject from "./core/call/CallObject.js"

/** @since 0.1.0 */
export * as CallResponse from "./core/call/CallResponse.js"

/** @since 0.1.0 */
export * as CallResponseChunk from "./core/call/CallResponseChunk.js"

/** @since 0.1.0 */
export * as CallStream from "./core/call/CallStream.js"

/** @since 0.5.0 */
export * as ChatEndpoint from "./app/endpoint/ChatEndpoint.js"

/** @since 0.6.0 */
export * as ChatPage from "./app/ui/ChatPage.js"

/** @since 0.1.0 */
export * as Cost from "./core/call/Cost.js"

/** @since 0.1.0 */
export * as CostMetadata from "./core/CostMetadata.js"

/** @since 0.4.0 */
export * as DurableLoop from "./app/durable/DurableLoop.js"

/** @since 0.7.0 */
export * as DurableStreams from "./app/endpoint/DurableStreams.js"

/** @since 0.1.0 */
export * as FinishReason from "./core/FinishReason.js"

/** @since 0.3.0 */
export * as Google from "./providers/google/Google.js"

/** @since 0.1.0 */
export * as Groq from "./providers/groq/Groq.js"

/** @since 0.1.0 */
export * as LanguageModel from "./app/LanguageModel.js"

/** @since 0.3.0 */
export * as Main from "./core/Main.js"

/** @since 0.4.0 */
export * as Mcp from "./app/mcp/Mcp.js"

/** @since 0.1.0 */
export * as Message from "./core/Message.js"

/** @since 0.1.0 */
export * as OpenAI from "./providers/openai/OpenAI.js"

/** @since 0.6.0 */
export * as OpenAICompatible from "./providers/openai-compatible/OpenAICompatible.js"

/** @since 0.2.0 */
export * as OpenAIResponses from "./providers/openai-responses/OpenAIResponses.js"

/** @since 0.1.0 */
export * as PriceTable from "./core/call/PriceTable.js"

/** @since 0.3.0 */
export * as Output from "./core/Output.js"

/** @since 0.2.0 */
export * as Provider from "./core/Provider.js"

/** @since 0.1.0 */
export * as ProviderError from "./core/ProviderError.js"

/** @since 0.4.0 */
export * as SpendLimit from "./app/spend/SpendLimit.js"

/** @since 0.7.0 */
export * as Steering from "./app/loop/Steering.js"

/** @since 0.3.0 */
export * as StreamStore from "./app/store/StreamStore.js"

/** @since 0.1.0 */
export * as Telemetry from "./core/telemetry/Telemetry.js"

/** @since 0.1.0 */
export * as Tool from "./core/Tool.js"

/** @since 0.3.0 */
export * as UIMessageStream from "./app/ui/UIMessageStream.js"

/** @since 0.1.0 */
export * as Usage from "./core/Usage.js"
