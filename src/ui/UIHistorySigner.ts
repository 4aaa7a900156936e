/**
 * The last stage of a served UI message stream: it signs what the browser is sent (`UIHistoryFacts`), so that the
 * message can come back as history. `start` carries an empty set of signed facts (the message is one this server
 * served, even if the browser stops it before anything is signed); each step's fact is signed before its
 * `finish-step` (or the `abort` or `error` that cuts it: those end what the browser reads), each call's outcome
 * right after its output. Signatures travel in `message-metadata` chunks. A batch with nothing to sign is passed on
 * as it came: one pass over its chunk types, no Effect per chunk.
 *
 * @internal
 */
import * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as UIChunk from "./UIChunk.js"
import * as UIHistoryFacts from "./UIHistoryFacts.js"

interface Step {
  readonly text: Array<string>
  readonly calls: Map<string, UIHistoryFacts.CallFact>
}

const marked = (chunk: UIChunk.Start): UIChunk.Start => {
  const metadata = chunk.messageMetadata
  const marker = { [UIHistoryFacts.metadataKey]: {} }
  return {
    ...chunk,
    messageMetadata: typeof metadata === "object" && metadata !== null && !Array.isArray(metadata)
      ? { ...metadata, ...marker }
      : marker
  }
}

/** A fact to sign, placed before or after the chunk at `at` of a batch. */
interface Placed {
  readonly at: number
  readonly after: boolean
  readonly fact: Effect.Effect<string>
}

/**
 * The chunks with their signatures. `calls` holds the calls a message's earlier responses made (a tool loop's
 * answers to approvals end calls this response never sent): the stage looks up an output's call there when this
 * response did not make it.
 */
export const signed = <E, R>(
  self: Stream.Stream<UIChunk.Chunk, E, R>,
  calls: ReadonlyMap<string, UIHistoryFacts.CallFact> = new Map()
): Stream.Stream<UIChunk.Chunk, E, R> =>
  Stream.suspend(() => {
    const made = new Map<string, UIHistoryFacts.CallFact>()
    let step: Step | undefined

    const closeStep = (at: number, placed: Array<Placed>) => {
      if (step !== undefined && (step.text.length > 0 || step.calls.size > 0)) {
        placed.push({ at, after: false, fact: UIHistoryFacts.stepFact(step.text.join(""), [...step.calls.values()]) })
      }
      step = undefined
    }

    const outcome = (at: number, toolCallId: string, result: UIHistoryFacts.Outcome, placed: Array<Placed>) => {
      const call = made.get(toolCallId) ?? calls.get(toolCallId)
      if (call !== undefined) placed.push({ at, after: true, fact: UIHistoryFacts.outcomeFact(call, result) })
    }

    const push = (
      chunks: Arr.NonEmptyReadonlyArray<UIChunk.Chunk>
    ): Effect.Effect<Arr.NonEmptyReadonlyArray<UIChunk.Chunk>> => {
      const placed: Array<Placed> = []
      let start: number | undefined
      for (let at = 0; at < chunks.length; at++) {
        const chunk = chunks[at]!
        switch (chunk.type) {
          case "start":
            start = at
            break
          case "start-step":
            step = { text: [], calls: new Map() }
            break
          case "text-delta":
            step?.text.push(chunk.delta)
            break
          case "tool-input-available":
          case "tool-input-error": {
            if (chunk.providerExecuted === true) break
            const call = { id: chunk.toolCallId, name: chunk.toolName, input: chunk.input }
            made.set(call.id, call)
            step?.calls.set(call.id, call)
            if (chunk.type === "tool-input-error") {
              outcome(at, call.id, { kind: "error", errorText: chunk.errorText }, placed)
            }
            break
          }
          case "tool-output-available":
            if (chunk.providerExecuted !== true && chunk.preliminary !== true) {
              outcome(at, chunk.toolCallId, { kind: "output", output: chunk.output }, placed)
            }
            break
          case "tool-output-error":
            if (chunk.providerExecuted !== true) {
              outcome(at, chunk.toolCallId, { kind: "error", errorText: chunk.errorText }, placed)
            }
            break
          case "tool-output-denied":
            outcome(at, chunk.toolCallId, { kind: "denied" }, placed)
            break
          case "finish-step":
          case "abort":
          case "error":
          case "finish":
            closeStep(at, placed)
            break
        }
      }
      if (placed.length === 0 && start === undefined) return Effect.succeed(chunks)
      return Effect.map(
        Effect.forEach(placed, ({ fact }) => Effect.flatMap(fact, (text) => UIHistoryFacts.sign([text]))),
        (signatures) => {
          const out: Array<UIChunk.Chunk> = []
          let next = 0
          for (let at = 0; at < chunks.length; at++) {
            while (next < placed.length && placed[next]!.at === at && !placed[next]!.after) {
              out.push({ type: "message-metadata", messageMetadata: signatures[next++] })
            }
            const chunk = chunks[at]!
            out.push(at === start ? marked(chunk as UIChunk.Start) : chunk)
            while (next < placed.length && placed[next]!.at === at && placed[next]!.after) {
              out.push({ type: "message-metadata", messageMetadata: signatures[next++] })
            }
          }
          return out as unknown as Arr.NonEmptyReadonlyArray<UIChunk.Chunk>
        }
      )
    }
    return Stream.mapArrayEffect(self, push)
  })
