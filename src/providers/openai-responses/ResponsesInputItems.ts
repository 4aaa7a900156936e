/**
 * An output item of a response as the input item it goes back as, in the next request of a conversation. The
 * Responses API's output items carry fields its input items do not take (`created_by`, the SDK's parsed values), and
 * a few output items cannot go back without changing their meaning; this follows openai-node's own
 * `toResponseInputItem` (openai 7.57.0, lib/responses/ResponseInputItems.js), item by item.
 *
 * @internal
 */

type Item = Readonly<Record<string, unknown>>

/** The item without `created_by`, a field of output items only (who made the item). */
const withoutCreatedBy = (item: Item): Item => {
  if (!("created_by" in item)) return item
  const { created_by: _, ...rest } = item
  return rest
}

/** An assistant message's content without the SDK's `parsed` values on its text and refusal parts. */
const messageOf = (item: Item): Item => {
  const content = item["content"]
  if (item["role"] !== "assistant" || !Array.isArray(content)) return withoutCreatedBy(item)
  const parts = content.map((part: Item) => {
    if ((part["type"] !== "output_text" && part["type"] !== "refusal") || !("parsed" in part)) return part
    const { parsed: _, ...rest } = part
    return rest
  })
  return { ...withoutCreatedBy(item), content: parts }
}

/**
 * The input item an output item goes back as, or `undefined` for one that cannot go back as it is: tools added by
 * another role than the developer's, a computer call's output that failed, a custom tool's output not completed.
 */
export const inputItemOf = (block: unknown): unknown => {
  if (typeof block !== "object" || block === null) return block
  const item = block as Item
  switch (item["type"]) {
    case "message":
      return messageOf(item)
    case "function_call": {
      const { parsed_arguments: _, ...rest } = withoutCreatedBy(item)
      return rest
    }
    case "additional_tools":
      return item["role"] === "developer" ? withoutCreatedBy(item) : undefined
    case "shell_call_output": {
      const output = item["output"]
      return {
        ...withoutCreatedBy(item),
        ...(Array.isArray(output) ? { output: output.map((chunk: Item) => withoutCreatedBy(chunk)) } : {})
      }
    }
    case "computer_call_output":
      return item["status"] === "failed" ? undefined : withoutCreatedBy(item)
    case "custom_tool_call_output": {
      if ("status" in item && item["status"] !== "completed") return undefined
      const { status: _, ...rest } = withoutCreatedBy(item)
      return rest
    }
    default:
      return withoutCreatedBy(item)
  }
}
