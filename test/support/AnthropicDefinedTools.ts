/**
 * Anthropic's tools as `effect/ai` declares provider-defined tools (`Tool.providerDefined`, the ids and names of
 * `@effect/ai-anthropic`'s `AnthropicTool`), for the adapter's tests: its bash tool, which the program runs
 * (`@anthropic-ai/sdk` 1.14 `ToolBash20250124`: calls are `tool_use` blocks named `bash`), and its web search, which
 * Anthropic runs (`WebSearchTool20250305`).
 */
import { Schema } from "effect"
import { Tool as AiTool } from "effect/ai"

export const Bash = AiTool.providerDefined({
  id: "anthropic.bash_20250124",
  customName: "AnthropicBash",
  providerName: "bash",
  requiresHandler: true,
  parameters: Schema.Struct({ command: Schema.String }),
  success: Schema.String
})

export const WebSearch = AiTool.providerDefined({
  id: "anthropic.web_search_20250305",
  customName: "AnthropicWebSearch",
  providerName: "web_search"
})
