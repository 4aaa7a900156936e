/**
 * Tracks the tool calls of a stream and tells when each one is complete.
 *
 * @internal
 */
import type * as CallResponseChunk from "../../CallResponseChunk.js"
import * as Tool from "../../Tool.js"

interface Open {
  readonly slot: Tool.ToolCallSlot
  call: Tool.ToolCall
}

/** @internal */
export class Assembler {
  /** Calls still streaming, in the order they started. */
  private open: Array<Open> = []

  /** Applies a chunk: the calls it completed, and the calls it updated that are still open. */
  push(chunk: CallResponseChunk.Common): {
    readonly completed: ReadonlyArray<Tool.ToolCall>
    readonly updated: ReadonlyArray<Tool.ToolCall>
  } {
    const completed: Array<Tool.ToolCall> = []
    const updated = new Set<Open>()
    for (const delta of chunk.toolCallDeltas) {
      let entry = this.open.find((candidate) => Tool.isSameSlot(candidate.slot, delta))
      if (entry === undefined) {
        // A new parallel call of the same choice means the earlier ones have all their arguments.
        if (delta.choice !== undefined) this.complete((slot) => slot.choice === delta.choice, completed)
        entry = { slot: { index: delta.index, choice: delta.choice }, call: Tool.appendDelta(undefined, delta) }
        this.open.push(entry)
      } else {
        entry.call = Tool.appendDelta(entry.call, delta)
      }
      updated.add(entry)
    }
    for (const ended of chunk.toolCallsEnded) this.complete((slot) => Tool.isEndedBy(slot, ended), completed)
    return { completed, updated: this.open.filter((entry) => updated.has(entry)).map((entry) => entry.call) }
  }

  /** The calls still open when the stream ends. */
  end(): ReadonlyArray<Tool.ToolCall> {
    const rest = this.open.map((entry) => entry.call)
    this.open = []
    return rest
  }

  private complete(isDone: (slot: Tool.ToolCallSlot) => boolean, into: Array<Tool.ToolCall>): void {
    const still: Array<Open> = []
    for (const entry of this.open) {
      if (isDone(entry.slot)) into.push(entry.call)
      else still.push(entry)
    }
    this.open = still
  }
}
