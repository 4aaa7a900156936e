/**
 * Places each part of a Gemini stream in a block. Gemini sends parts, not blocks: a text or thought part goes on
 * in the block of its kind before it, any other starts a new block, and a function call is a block of its own,
 * whole or streamed (its arguments in `partialArgs` pieces until a part without `willContinue` ends it). One
 * `Placer` serves an answer's every request, so a block cut by a request's end goes on in the next.
 *
 * @internal
 */
import * as GoogleArgs from "./GoogleArgs.js"
import * as GoogleEvents from "./GoogleEvents.js"
import type * as GoogleSchemas from "./GoogleSchemas.js"

type Kind = "text" | "thought" | "call" | "other"

const kindOf = (part: GoogleSchemas.Part): Kind =>
  part.functionCall !== undefined
    ? "call"
    : part.text !== undefined
    ? (part.thought === true ? "thought" : "text")
    : "other"

type CallPlace = typeof GoogleSchemas.CallPlace.Type
type PartPlace = typeof GoogleSchemas.PartPlace.Type
type FunctionCall = NonNullable<GoogleSchemas.Part["functionCall"]>

/**
 * Places each part of a stream in a block (Gemini sends parts, not blocks): the blocks so far, and the
 * streamed call still open.
 */
export class Placer {
  #block = -1
  #kind: Kind | undefined = undefined
  #open: { readonly index: number; readonly args: GoogleArgs.Writer } | undefined = undefined
  /** The block of the code Gemini ran (an `executableCode` without an id) whose result has not come yet. */
  #code: number | undefined = undefined
  /** Whether the block placed last is code Gemini runs (`executableCode`), nothing placed after it yet. */
  #codeLast = false
  readonly #callId = GoogleEvents.callIds()
  /** Whether a function call has been placed. */
  calls = false

  /** The block placed last (-1 before the first). */
  get block(): number {
    return this.#block
  }

  /**
   * Whether the part placed last is code Gemini runs: "the code will be automatically executed, and a corresponding
   * CodeExecutionResult will also be generated" (`@google/genai` `ExecutableCode`), so the answer goes on.
   */
  get awaitsCodeResult(): boolean {
    return this.#codeLast
  }

  /** Ends the streamed call still open, if any, with the rest of its arguments. */
  close(): CallPlace | undefined {
    const open = this.#open
    if (open === undefined) return undefined
    this.#open = undefined
    return { index: open.index, arguments: open.args.end(), ends: true }
  }

  /** Places one part, or says why it cannot be. */
  place(part: GoogleSchemas.Part): PartPlace | string {
    const call = part.functionCall
    if (call === undefined) return this.#placeContent(part)
    if (call.name !== undefined) return this.#startCall(call, call.name)
    return this.#continueCall(call)
  }

  #next(to: Kind): number {
    this.#block++
    this.#kind = to
    this.#codeLast = false
    return this.#block
  }

  /** The text the pieces of a part add to the open call, or why they cannot be added. */
  #write(pieces: ReadonlyArray<GoogleSchemas.PartialArg> | undefined): string | { readonly error: string } {
    let text = ""
    for (const piece of pieces ?? []) {
      const written = this.#open!.args.write(piece)
      if ("error" in written) return written
      text += written.text
    }
    return text
  }

  /** Places a text, thought or other part: in the block of its kind it continues, or in a new one. */
  #placeContent(part: GoogleSchemas.Part): PartPlace {
    const to = kindOf(part)
    // An empty text part carrying only a signature signs the text before it.
    const signsText = to === "text" && part.text === "" && this.#kind === "text"
    if ((to === "text" || to === "thought") && (to === this.#kind || signsText)) {
      return { block: this.#block, starts: false }
    }
    const closes = this.close()
    const block = this.#next(to)
    this.#codeLast = part.executableCode !== undefined
    const answers = this.#answers(part as Readonly<Record<string, unknown>>, block)
    return {
      block,
      starts: true,
      ...(closes === undefined ? {} : { closes }),
      ...(answers === undefined ? {} : { answers })
    }
  }

  /**
   * The code a code execution's result answers, when neither names the other (Gemini sends each `executableCode`
   * then its `codeExecutionResult`): the code Gemini ran last, its result not come yet.
   */
  #answers(part: Readonly<Record<string, unknown>>, block: number): string | undefined {
    if (GoogleEvents.idOf(part["executableCode"]) === null) this.#code = block
    if (GoogleEvents.idOf(part["codeExecutionResult"]) !== null || this.#code === undefined) return undefined
    const answers = GoogleEvents.serverCallId("executableCode", this.#code)
    this.#code = undefined
    return answers
  }

  /** Starts a call from a named call part: whole, or streamed (its arguments in pieces to come). */
  #startCall(call: FunctionCall, name: string): PartPlace | string {
    const closes = this.close()
    const index = this.#next("call")
    this.calls = true
    const id = this.#callId(call.id, index)
    const streamed = call.args === undefined && (call.willContinue === true || call.partialArgs !== undefined)
    let args = JSON.stringify(call.args ?? {})
    if (streamed) {
      this.#open = { index, args: new GoogleArgs.Writer() }
      const written = this.#write(call.partialArgs)
      if (typeof written !== "string") return written.error
      args = written
    }
    return {
      block: index,
      starts: true,
      call: { index, id, name, arguments: args, ends: !streamed },
      ...(closes === undefined ? {} : { closes })
    }
  }

  /** Adds a call part without a name to the open call, and ends the call when the part says no more (`willContinue`). */
  #continueCall(call: FunctionCall): PartPlace | string {
    const open = this.#open
    if (open === undefined) {
      // The end marker of a call already ended, or an empty call part: nothing to place.
      return call.partialArgs === undefined || call.partialArgs.length === 0
        ? { block: this.#block, starts: false }
        : "a function call's `partialArgs` arrived outside a streamed call"
    }
    const written = this.#write(call.partialArgs)
    if (typeof written !== "string") return written.error
    if (call.partialArgs === undefined && call.willContinue !== true) {
      return { block: open.index, starts: false, call: this.close()! }
    }
    return { block: open.index, starts: false, call: { index: open.index, arguments: written, ends: false } }
  }
}
