/**
 * The automatic scripted model's answer to a request, from what the request says: a tool it forces is called
 * (a structured output sent as a tool); tool results sent back are answered with text that quotes them (or
 * the structured output); offered tools get a call of one of them (the one the user's last words name, else
 * the first); an output schema gets a value valid for it; anything else a text answer. Arguments and values
 * are valid for their JSON Schemas (`SchemaExample`).
 *
 * @internal
 */
import type * as ScriptedKit from "../core/provider/ScriptedKit.js"
import * as SchemaExample from "./SchemaExample.js"
import type * as ScriptTurns from "./ScriptTurns.js"

const quoted = (text: string, max: number): string => text.length > max ? `${text.slice(0, max)}…` : text

const call = (tool: ScriptedKit.ToolView): ScriptTurns.Turn => ({
  toolCalls: [{ name: tool.name, arguments: SchemaExample.example(tool.schema) }]
})

/** The turn the automatic model answers `request` with. */
export const answer = (request: ScriptedKit.RequestView): ScriptTurns.Turn => {
  const { outputSchema, toolChoice, toolResults, tools } = request
  const named = typeof toolChoice === "object" ? tools.find((tool) => tool.name === toolChoice.name) : undefined
  if (named !== undefined) return call(named)
  if (toolResults.length > 0) {
    if (outputSchema !== undefined) return { json: SchemaExample.example(outputSchema) }
    // A request that must call a tool (a structured output beside the request's own tools): its last one.
    if (toolChoice === "required" && tools.length > 0) return call(tools[tools.length - 1]!)
    const results = toolResults.map((result) =>
      `${result.name === undefined ? "The tool" : `The tool ${result.name}`} answered: ${quoted(result.content, 2000)}`
    )
    return { text: results.join("\n") }
  }
  if (tools.length > 0 && toolChoice !== "none") {
    return call(tools.find((tool) => request.lastUserText.includes(tool.name)) ?? tools[0]!)
  }
  if (outputSchema !== undefined) return { json: SchemaExample.example(outputSchema) }
  return {
    text: `This is an automatic answer (no model was called). You said: “${quoted(request.lastUserText, 500)}”`
  }
}
