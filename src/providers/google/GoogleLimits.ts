/**
 * What Gemini generates at most: 8,192 tokens for Gemini 1.5 and 2.0, 65,536 for 2.5 and 3 (a larger
 * `maxOutputTokens` is refused with a 400). The values are the "output token limit" of the Gemini API's model
 * pages as commonly published, not re-read against the live pages for this table: keep it current. Other models
 * (Gemma, a new family): not known.
 *
 * @internal
 */

/** The largest `maxOutputTokens` the model takes, when known. */
export const maxOutputTokens = (model: string): number | undefined => {
  const name = model.replace(/^(models|publishers\/google\/models)\//, "")
  if (/^gemini-(1\.5|2\.0)/.test(name)) return 8_192
  if (/^gemini-(2\.5|3)/.test(name)) return 65_536
  return undefined
}
