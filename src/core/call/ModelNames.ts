/**
 * The names a model requested by name may be listed under in a price table. Apart from the table's lookup, so that
 * the cost module reads them without the table's Schemas.
 *
 * @internal
 */

const datedSuffix = /-(\d{4}-\d{2}-\d{2}|\d{8})$/

/**
 * The names a requested model may be listed under, most specific first: the name as given, in lower case,
 * without a date suffix (`-2024-08-06`, `-20241022`), without `-latest`.
 */
export const candidates = (model: string): ReadonlyArray<string> => {
  const names = [model]
  const lower = model.toLowerCase()
  if (lower !== model) names.push(lower)
  if (datedSuffix.test(lower)) names.push(lower.replace(datedSuffix, ""))
  if (lower.endsWith("-latest")) names.push(lower.slice(0, -"-latest".length))
  return names
}
