/**
 * The checks of an audit of a provider's decoding against its official SDK's unions: where a member's content went,
 * and what each stop reason became.
 */
import { assert } from "@effect/vitest"
import { Effect, Result } from "effect"
import type { CallResponse, FinishReason } from "effect-llm-stream"

/** `true` when no member is `Missing`: a member of an SDK's union the audit leaves out is a compile error. */
export type Covers<Missing> = [Missing] extends [never] ? true : never

/**
 * Streams each stop reason of an SDK's union (`stops`, with the common reason each is) and one no SDK names, which is
 * `other`: each must end a stream that does not fail, kept raw in `finishReasons`, mapped in `commonFinishReasons`.
 */
export const checkStops = <E, R>(
  stops: Readonly<Record<string, FinishReason.FinishReason>>,
  streamOf: (
    raw: string
  ) => Effect.Effect<{ readonly response: CallResponse.CallResponse; readonly result: Result.Result<void, E> }, E, R>
) =>
  Effect.gen(function*() {
    const rows: ReadonlyArray<readonly [string, FinishReason.FinishReason]> = [
      ...Object.entries(stops),
      ["a_future_reason", "other"]
    ]
    for (const [raw, common] of rows) {
      const { response, result } = yield* streamOf(raw)
      assert.isTrue(Result.isSuccess(result), raw)
      assert.deepStrictEqual(response.finishReasons, [raw])
      assert.deepStrictEqual(response.commonFinishReasons, [common], raw)
    }
  })

/** Where a stream's parts went: its text, its reasoning, each kind of call and result, the blocks sent back. */
export interface Places {
  readonly text?: string
  readonly reasoning?: string
  /** The program's calls: id, name, arguments. */
  readonly toolCalls?: ReadonlyArray<readonly [string, string, string]>
  /** The provider's own calls: type, id, name, arguments. */
  readonly serverToolCalls?: ReadonlyArray<readonly [string, string, string, string]>
  /** Results of the provider's own calls: type, the call's id. */
  readonly serverToolResults?: ReadonlyArray<readonly [string, string]>
}

/** Checks that each part of a response is where `places` says (nothing where it says nothing), and its blocks. */
export const checkPlaces = (
  response: CallResponse.CallResponse,
  places: Places,
  contentBlocks: ReadonlyArray<unknown>
): void => {
  assert.strictEqual(response.content, places.text ?? "")
  assert.strictEqual(response.reasoning, places.reasoning ?? "")
  assert.deepStrictEqual(
    response.toolCalls.map((call) => [call.id, call.name, call.arguments]),
    (places.toolCalls ?? []).map((call) => [...call])
  )
  assert.deepStrictEqual(
    response.serverToolCalls.map((call) => [call.type, call.id, call.name, call.arguments]),
    (places.serverToolCalls ?? []).map((call) => [...call])
  )
  assert.deepStrictEqual(
    response.serverToolResults.map((result) => [result.type, result.toolUseId]),
    (places.serverToolResults ?? []).map((result) => [...result])
  )
  assert.deepStrictEqual(response.contentBlocks, contentBlocks)
}
