/**
 * Text with nothing in it (empty, or only whitespace), which Anthropic and Bedrock refuse as a text block: Anthropic
 * "text content blocks must contain non-whitespace text" (a 400), Bedrock "The text field in the ContentBlock object
 * at messages.N.content.M is blank"; and as a tool result's content: Anthropic "content cannot be empty if `is_error`
 * is true", Bedrock a blank text again (Gemini refuses an empty text part too: "empty text parameter"). Conversations
 * meet it every day: another model's whitespace before its calls (written here as the turn's text: left out), a tool
 * with no output (`noOutput` where the API needs content), an image sent with the message box left empty (`Turns`:
 * the empty text left out). A provider's own turn goes back as it came, whitespace and all: a block left out would
 * change what its later thinking blocks were made after (refused for it, the request goes once more with the turn as
 * another provider's: `UnreadableTurns`).
 *
 * @internal
 */
import type * as Message from "../Message.js"

/** Whether a text has nothing in it: empty, or only whitespace. */
export const isBlank = (text: string): boolean => text.trim() === ""

/** What a tool result with no output says, where the API takes no empty one: the call ran and gave nothing. */
export const noOutput = "(no output)"

/**
 * Whether the part at `index` of a user message is an empty text an API that refuses empty text is not sent (the `ai`
 * client sends its message box's text, empty or not, beside the files): one no cache point follows (that one would
 * mark the blocks before it).
 */
export const leftOut = (parts: ReadonlyArray<Message.Part>, index: number): boolean => {
  const part = parts[index]!
  return part._tag === "TextPart" && part.text === "" && parts[index + 1]?._tag !== "CachePointPart"
}
