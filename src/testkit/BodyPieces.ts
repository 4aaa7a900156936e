/**
 * A body cut into pieces at byte offsets: how the replay server writes a scenario and how `TestKit.fromRecording`
 * serves a recording.
 *
 * @internal
 */

/**
 * Splits `body` into pieces at the given byte offsets (out-of-range and repeated offsets are ignored).
 *
 * @since 0.2.0
 * @category Cuts
 */
export const splitAt = (body: Uint8Array, cuts: ReadonlyArray<number>): Array<Uint8Array> => {
  const pieces: Array<Uint8Array> = []
  let start = 0
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= start || cut >= body.length) continue
    pieces.push(body.subarray(start, cut))
    start = cut
  }
  pieces.push(body.subarray(start))
  return pieces
}
