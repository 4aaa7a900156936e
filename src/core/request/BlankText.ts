/**
 * Text with nothing in it (empty, or only whitespace), which Anthropic and Bedrock refuse as a text block: Anthropic
 * "text content blocks must contain non-whitespace text" (a 400), Bedrock "The text field in the ContentBlock object
 * at messages.N.content.M is blank"; and as a tool result's content: Anthropic "content cannot be empty if `is_error`
 * is true", Bedrock a blank text again (Gemini refuses an empty text part too: "empty text parameter"). Conversations
 * meet it every day: another model's whitespace before its calls (written here as the turn's text: left out), a tool
 * with no output (`noOutput` where the API needs content), an image sent with the message box left empty (`Turns`:
 * the empty text left out). A provider's own turn goes back as it came, whitespace and all: a block left out would
 * change what its later thinking blocks were made after.
 *
 * @internal
 */

/** Whether a text has nothing in it: empty, or only whitespace. */
export const isBlank = (text: string): boolean => text.trim() === ""

/** What a tool result with no output says, where the API takes no empty one: the call ran and gave nothing. */
export const noOutput = "(no output)"
