/**
 * A Bedrock tool result's content as its deltas stream it: each `contentBlockDelta.delta.toolResult` is an array of
 * `ToolResultBlockDelta` (a `text` or a `json` member: @aws-sdk/client-bedrock-runtime 3.1164.0 models_0.d.ts), and
 * the result is the deltas' items in order, consecutive texts joined into one `text` item, complete at the block's
 * `contentBlockStop`. Each item is kept once and each run of texts joined once, at the end: a block of endless deltas
 * costs a constant per delta beside its bytes (each within `maxFrameSize`), as a text block does.
 *
 * @internal
 */

/** A result's content so far: its items, and the texts after the last of them, not joined yet. */
export interface Content {
  readonly items: Array<unknown>
  readonly texts: Array<string>
}

/** The content of a result that has just started. */
export const empty = (): Content => ({ items: [], texts: [] })

const textOf = (item: unknown): string | undefined => {
  const text = typeof item === "object" && item !== null ? (item as { readonly text?: unknown }).text : undefined
  return typeof text === "string" ? text : undefined
}

/** Joins the texts not joined yet into one item. */
const joinTexts = (content: Content): void => {
  if (content.texts.length === 0) return
  content.items.push({ text: content.texts.join("") })
  content.texts.length = 0
}

/** Adds the items of a delta (an array of them; anything else is one item). */
export const add = (content: Content, delta: unknown): void => {
  for (const item of Array.isArray(delta) ? delta : [delta]) {
    const text = textOf(item)
    if (text !== undefined) {
      content.texts.push(text)
    } else {
      joinTexts(content)
      content.items.push(item)
    }
  }
}

/** The whole content, once the block has stopped. */
export const whole = (content: Content): ReadonlyArray<unknown> => {
  joinTexts(content)
  return content.items
}
