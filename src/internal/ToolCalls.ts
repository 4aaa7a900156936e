/**
 * Tracks the tool calls of a stream and tells when each one is complete.
 *
 * @internal
 */
import type * as CallResponseChunk from "../CallResponseChunk.js"
import * as Tool from "../Tool.js"

const groupOf = (key: string): string | undefined => {
  const colon = key.lastIndexOf(":")
  return colon === -1 ? undefined : key.slice(0, colon)
}

const endedBy = (key: string, prefix: string): boolean =>
  prefix === "" || key === prefix || key.startsWith(`${prefix}:`)

/** @internal */
export class Assembler {
  /** Calls still streaming, in the order they started. */
  private open: Array<{ readonly key: string; call: Tool.ToolCall }> = []

  /** Applies a chunk: the calls it completed, and the calls it updated that are still open. */
  push(chunk: CallResponseChunk.Common): {
    readonly completed: ReadonlyArray<Tool.ToolCall>
    readonly updated: ReadonlyArray<Tool.ToolCall>
  } {
    const completed: Array<Tool.ToolCall> = []
    const updatedKeys = new Set<string>()
    for (const delta of chunk.toolCallDeltas) {
      let entry = this.open.find((candidate) => candidate.key === delta.key)
      if (entry === undefined) {
        // A new parallel call of the same choice means the earlier ones have all their arguments.
        const group = groupOf(delta.key)
        if (group !== undefined) {
          const [done, still] = partition(this.open, (candidate) => groupOf(candidate.key) === group)
          completed.push(...done.map((candidate) => candidate.call))
          this.open = still
        }
        entry = { key: delta.key, call: Tool.appendDelta(undefined, delta) }
        this.open.push(entry)
      } else {
        entry.call = Tool.appendDelta(entry.call, delta)
      }
      updatedKeys.add(delta.key)
    }
    for (const prefix of chunk.toolCallsEnded) {
      const [done, still] = partition(this.open, (candidate) => endedBy(candidate.key, prefix))
      completed.push(...done.map((candidate) => candidate.call))
      this.open = still
    }
    const updated = this.open.filter((candidate) => updatedKeys.has(candidate.key)).map((candidate) => candidate.call)
    return { completed, updated }
  }

  /** The calls still open when the stream ends. */
  end(): ReadonlyArray<Tool.ToolCall> {
    const rest = this.open.map((candidate) => candidate.call)
    this.open = []
    return rest
  }
}

const partition = <A>(items: ReadonlyArray<A>, predicate: (item: A) => boolean): [Array<A>, Array<A>] => {
  const yes: Array<A> = []
  const no: Array<A> = []
  for (const item of items) (predicate(item) ? yes : no).push(item)
  return [yes, no]
}
