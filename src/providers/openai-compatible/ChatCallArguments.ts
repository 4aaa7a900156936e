/**
 * What each streamed piece of a call's `function.arguments` adds to the call, where a host sends the arguments again
 * instead of only their new piece. The pieces of a call are concatenated, as openai-node's `ChatCompletionStream`
 * (`functionSnapshot.arguments += argumentFragment`) and openai-python's `accumulate_delta` do; but some hosts send the
 * arguments so far again, and concatenating them gives `{"a":1}{"a":1}`, a call that cannot be decoded:
 *
 * - the whole arguments again in the last chunk, after the pieces that made them: vLLM's end-of-stream flush of
 *   "unstreamed" arguments when a tool parser did not note what it streamed (vllm-project/vllm#51697, the xLAM
 *   parser, fixed by #51698), and proxies that turn Responses events into chunks and send the finished call's
 *   arguments after their deltas (lidge-jun/opencodex#361; router-for-me/CLIProxyAPI#1635 guards its own);
 * - the arguments so far in each chunk (cumulative): SGLang's MiniMax-M2 parser (sgl-project/sglang#23071), DeepSeek
 *   and Baidu Qianfan as NousResearch/hermes-agent#35718 met them.
 *
 * A piece is read otherwise only where concatenation cannot be right: it opens an object (`{`) where the text so far
 * cannot be followed by one (after a complete value, a string, a number, `{` itself; or inside a string that the
 * piece's `{"` would close before a character no string is followed by). Then a piece that starts with the text so
 * far is that text again, with more (only the more is added; the call is taken as cumulative from then on, its next
 * such pieces too), and a complete object equal to the complete text so far is a repeat (nothing is added). Any other
 * piece is concatenated, as before: a different complete object after a complete one (two calls a host numbered
 * alike) stays a call that cannot be decoded, never one of them picked. Where this rule reads a piece otherwise,
 * concatenating it never gives arguments that decode, so it holds for every host, not as a row of `CompatibleHosts`.
 * A cumulative host is known from its first piece that cannot be concatenated: a snapshot that came before it, after
 * one that ended where an object may follow (`{"a":` then `{"a":1`), was concatenated.
 *
 * The piece each fragment adds is written into the parsed chunk before it is decoded (as `ChatCallIndexes` writes an
 * index), so the chunk, its events, the raw payload, the UI message stream and the arguments so far of
 * `ToolCallProgress` all say the arguments the call ends with.
 *
 * The common piece costs a look at its first character; the structure of the text so far is read once, and only when
 * a piece opens an object, so a call's arguments are read in linear time.
 *
 * @internal
 */
import * as Payload from "../../core/payload/Payload.js"
import * as JsonDepth from "../../core/schema/JsonDepth.js"

const {
  backslash: BACKSLASH,
  closeBrace: CLOSE_OBJECT,
  closeBracket: CLOSE_ARRAY,
  colon: COLON,
  comma: COMMA,
  openBrace: OPEN_OBJECT,
  openBracket: OPEN_ARRAY,
  quote: QUOTE
} = JsonDepth.jsonChar

/** Whether `code` is JSON whitespace. */
const isSpace = (code: number): boolean => code === 32 || code === 10 || code === 13 || code === 9

/** Whether `code` may follow the end of a string: whitespace, `:`, `,`, `}` or `]`. */
const followsString = (code: number): boolean =>
  isSpace(code) || code === COLON || code === COMMA || code === CLOSE_OBJECT || code === CLOSE_ARRAY

/** Whether `piece` opens an object: its first character that is not whitespace is `{`. */
const opensObject = (piece: string): boolean => {
  for (let at = 0; at < piece.length; at++) {
    const code = piece.charCodeAt(at)
    if (!isSpace(code)) return code === OPEN_OBJECT
  }
  return false
}

/** Whether two texts are JSON of the same value (as written again with other whitespace). */
const sameValue = (left: string, right: string): boolean => {
  const a = Payload.parseJson(left)
  if (a === Payload.invalidJson) return false
  const b = Payload.parseJson(right)
  return b !== Payload.invalidJson && JSON.stringify(a) === JSON.stringify(b)
}

/** The arguments of one call so far, and enough of their structure to tell whether a piece can continue them. */
class CallText {
  /** The arguments so far, as written. */
  #text = ""
  /** The pieces written that the structure has not read yet. */
  #unread: Array<string> = []
  #inString = false
  #escaped = false
  /** How deep the text so far is in objects and arrays. */
  #depth = 0
  /** The last character outside strings that is not whitespace (its code; 0 before any). */
  #last = 0
  /** Whether the host was seen to send the arguments so far with more: its next such pieces are read so too. */
  #cumulative = false
  /** Whether a piece that cannot continue the text was concatenated anyway: no more repair is tried. */
  #spoilt = false

  /** The piece `sent` adds to the arguments so far. */
  piece(sent: string): string {
    const text = this.#text
    if (text === "" || this.#spoilt || !opensObject(sent)) return this.#add(sent)
    const impossible = this.#cannotFollow(sent)
    if (sent.length >= text.length && (this.#cumulative || impossible) && sent.startsWith(text)) {
      this.#cumulative = true
      return this.#add(sent.slice(text.length))
    }
    if (!impossible) return this.#add(sent)
    if (this.#isComplete() && sameValue(text, sent)) return ""
    this.#spoilt = true
    return this.#add(sent)
  }

  #add(piece: string): string {
    if (piece !== "") {
      this.#text += piece
      this.#unread.push(piece)
    }
    return piece
  }

  /** Whether `piece`, which opens an object, cannot continue the text so far. */
  #cannotFollow(piece: string): boolean {
    for (const unread of this.#unread) this.#read(unread)
    this.#unread = []
    if (this.#inString) {
      // `{"` closes the string; what comes next must be able to follow a string.
      return !this.#escaped && piece.charCodeAt(0) === OPEN_OBJECT && piece.charCodeAt(1) === QUOTE &&
        piece.length > 2 && !followsString(piece.charCodeAt(2))
    }
    const last = this.#last
    return last !== 0 && last !== COLON && last !== COMMA && last !== OPEN_ARRAY
  }

  /** Whether the text so far is one complete value. */
  #isComplete(): boolean {
    return !this.#inString && this.#depth === 0 && this.#last !== 0
  }

  /** Reads the structure of a piece of the text. */
  #read(piece: string): void {
    for (let at = 0; at < piece.length; at++) {
      const code = piece.charCodeAt(at)
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false
        else if (code === BACKSLASH) this.#escaped = true
        else if (code === QUOTE) {
          this.#inString = false
          this.#last = QUOTE
        }
      } else if (code === QUOTE) this.#inString = true
      else if (!isSpace(code)) {
        if (code === OPEN_OBJECT || code === OPEN_ARRAY) this.#depth++
        else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) this.#depth--
        this.#last = code
      }
    }
  }
}

/** The arguments of the calls of one stream, by choice and index. */
export class CallArguments {
  readonly #calls = new Map<number, Map<number, CallText>>()

  /**
   * Writes, in `fragments` (the `tool_calls` of a chunk's `choice`, their indexes written by `ChatCallIndexes`), the
   * piece each function call's `arguments` adds to its call, where that is not the text sent.
   */
  mend(choice: number, fragments: ReadonlyArray<unknown>): void {
    for (const fragment of fragments) {
      if (!Payload.isRecord(fragment)) continue
      const fn = fragment["function"]
      if (Payload.isRecord(fn) && Payload.isIndex(fragment["index"])) this.#mendOne(choice, fragment["index"], fn)
    }
  }

  /** Writes the piece the `arguments` of `fn`, a fragment of the call at `index` of `choice`, add to that call. */
  #mendOne(choice: number, index: number, fn: Record<string, any>): void {
    const sent = fn["arguments"]
    const text = typeof sent === "string" ? sent : Payload.isRecord(sent) ? JSON.stringify(sent) : undefined
    if (text === undefined) return
    let calls = this.#calls.get(choice)
    if (calls === undefined) this.#calls.set(choice, calls = new Map())
    let call = calls.get(index)
    if (call === undefined) calls.set(index, call = new CallText())
    const piece = call.piece(text)
    if (piece !== text) fn["arguments"] = piece
  }
}
