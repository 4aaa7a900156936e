/**
 * An assistant turn's parts, provider-neutral, for the providers that take a turn back as their own
 * content blocks (`Message.ProviderContent`) when it carries signed reasoning (or, for Gemini, signed text and
 * function calls): the `effect/ai` adapter reads a prompt's assistant turn into these parts, and the
 * provider's folder writes them as its blocks.
 *
 * @internal
 */
import type * as Message from "../../Message.js"

/** One part of an assistant turn, in the turn's order. */
export type Part =
  | {
    readonly _tag: "Text"
    readonly text: string
    /** The provider's signature on the text (Gemini's `thoughtSignature`). */
    readonly signature?: string | undefined
  }
  | {
    /** Reasoning the provider signed, or returned redacted (its `redactedData`, then without text). */
    readonly _tag: "Reasoning"
    readonly text: string
    readonly signature: string | undefined
    readonly redactedData: string | undefined
  }
  | {
    readonly _tag: "ToolCall"
    readonly id: string
    readonly name: string
    readonly input: unknown
    /** The provider's signature on the call (Gemini's `thoughtSignature`, which Gemini 3 requires back). */
    readonly signature?: string | undefined
  }

/** How a provider writes each part of an assistant turn as one of its content blocks. */
export interface TurnBlocks {
  /** Whose blocks they are (`Message.ProviderContent`'s `provider`). */
  readonly format: Message.ProviderContent["provider"]
  readonly reasoning: (text: string, signature: string | undefined) => unknown
  readonly redactedReasoning: (data: string) => unknown
  readonly text: (text: string, signature: string | undefined) => unknown
  readonly toolCall: (id: string, name: string, input: unknown, signature: string | undefined) => unknown
}

/**
 * The turn's parts as the provider's blocks, in order; an empty text is no block (no API takes one), unless it
 * carries a signature (Gemini's, which goes back in the part it came in).
 */
export const blocks = (writer: TurnBlocks, parts: ReadonlyArray<Part>): ReadonlyArray<unknown> => {
  const out: Array<unknown> = []
  for (const part of parts) {
    switch (part._tag) {
      case "Reasoning":
        out.push(
          part.redactedData !== undefined
            ? writer.redactedReasoning(part.redactedData)
            : writer.reasoning(part.text, part.signature)
        )
        break
      case "Text":
        if (part.text !== "" || part.signature !== undefined) out.push(writer.text(part.text, part.signature))
        break
      case "ToolCall":
        out.push(writer.toolCall(part.id, part.name, part.input, part.signature))
        break
    }
  }
  return out
}
