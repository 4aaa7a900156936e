/**
 * A 64-bit hash of a text as 16 hex digits (FNV-1a, from two seeds), for names made from a text; never for secrets.
 *
 * @internal
 */

/** FNV-1a over the UTF-16 code units of `text`, from `seed`: 32 bits. */
const fnv1a = (text: string, seed: number): number => {
  let hash = seed
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

const hex = (value: number) => value.toString(16).padStart(8, "0")

/** The text's hash: 16 hex digits, the same for the same text. */
export const hex64 = (text: string): string => `${hex(fnv1a(text, 0x811c9dc5))}${hex(fnv1a(text, 0x050c5d1f))}`
