/**
 * @since 0.5.0
 */
export * as AgUi from "./AgUi.js"

/**
 * @since 0.2.0
 */
export * as AiLanguageModel from "./AiLanguageModel.js"

/**
 * @since 0.1.0
 */
export * as Anthropic from "./Anthropic.js"

/**
 * @since 0.1.0
 */
export * as Azure from "./Azure.js"

/**
 * @since 0.1.0
 */
export * as Bedrock from "./Bedrock.js"

/**
 * @since 0.1.0
 */
export * as CallEnding from "./CallEnding.js"

/**
 * @since 0.3.0
 */
export * as CallObject from "./CallObject.js"

/**
 * @since 0.1.0
 */
export * as CallResponse from "./CallResponse.js"

/**
 * @since 0.1.0
 */
export * as CallResponseChunk from "./CallResponseChunk.js"

/**
 * @since 0.1.0
 */
export * as CallStream from "./CallStream.js"

/**
 * @since 0.5.0
 */
export * as ChatEndpoint from "./ChatEndpoint.js"

/**
 * @since 0.1.0
 */
export * as Cost from "./Cost.js"

/**
 * @since 0.1.0
 */
export * as CostMetadata from "./CostMetadata.js"

/**
 * @since 0.4.0
 */
export * as DurableLoop from "./DurableLoop.js"

/**
 * @since 0.1.0
 */
export * as FinishReason from "./FinishReason.js"

/**
 * Google Gemini streaming: the Gemini API and Vertex AI.
 *
 * @since 0.3.0
 */
export * as Google from "./Google.js"

/**
 * @since 0.1.0
 */
export * as Groq from "./Groq.js"

/**
 * @since 0.1.0
 */
export * as LanguageModel from "./LanguageModel.js"

/**
 * @since 0.3.0
 */
export * as Main from "./Main.js"

/**
 * @since 0.4.0
 */
export * as Mcp from "./Mcp.js"

/**
 * @since 0.1.0
 */
export * as Message from "./Message.js"

/**
 * @since 0.1.0
 */
export * as OpenAI from "./OpenAI.js"

/**
 * @since 0.2.0
 */
export * as OpenAIResponses from "./OpenAIResponses.js"

/**
 * @since 0.1.0
 */
export * as PriceTable from "./PriceTable.js"

/**
 * @since 0.3.0
 */
export * as Output from "./Output.js"

/**
 * @since 0.2.0
 */
export * as Provider from "./Provider.js"

/**
 * @since 0.1.0
 */
export * as ProviderError from "./ProviderError.js"

/**
 * @since 0.4.0
 */
export * as SpendLimit from "./SpendLimit.js"

/**
 * @since 0.3.0
 */
export * as StreamStore from "./StreamStore.js"

/**
 * @since 0.1.0
 */
export * as Telemetry from "./Telemetry.js"

/**
 * @since 0.1.0
 */
export * as Tool from "./Tool.js"

/**
 * @since 0.3.0
 */
export * as UIMessageStream from "./UIMessageStream.js"

/**
 * @since 0.1.0
 */
export * as Usage from "./Usage.js"
