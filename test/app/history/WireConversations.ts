/**
 * The conversation a scripted wire's request body holds, for the tests that compare what the model read through the
 * browser's history with what the tool loop sent.
 */

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
