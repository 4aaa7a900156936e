/**
 * The conversation a scripted wire's request body holds, for the tests that compare what the model read through the
 * browser's history with what the tool loop sent.
 */
import { assert } from "@effect/vitest"

/**
 * The conversation a wire's body holds (each API's own field), without what the browser's history never held, by
 * design (`UIHistoryState`): a Responses item's `status` and `logprobs`, a Gemini thought summary with no signature.
 */
export const conversationOf = (body: any): Array<any> =>
  JSON.parse(
    JSON.stringify(body.messages ?? body.contents ?? body.input),
    (key, value) =>
      key === "status" || key === "logprobs"
        ? undefined
        : key === "parts" && Array.isArray(value)
        ? value.filter((part) => part.thought !== true || part.thoughtSignature !== undefined)
        : value
  )

/** Checks that `later` goes on from `earlier`: each message the same, the last one's parts perhaps added to. */
export const goesOn = (earlier: Array<any>, later: Array<any>, what: string): void => {
  assert.deepStrictEqual(later.slice(0, earlier.length - 1), earlier.slice(0, -1), what)
  const [was, is] = [earlier.at(-1), later[earlier.length - 1]]
  const parts = (message: any) => message.content ?? message.parts
  if (JSON.stringify(was) !== JSON.stringify(is) && Array.isArray(parts(was))) {
    assert.deepStrictEqual(parts(is).slice(0, parts(was).length), parts(was), what)
  } else assert.deepStrictEqual(is, was, what)
}
