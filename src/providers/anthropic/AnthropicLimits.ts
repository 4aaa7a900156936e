/**
 * What Claude generates at most, by family (on any host's spelling of the id): Claude 3 Haiku and Opus 4,096
 * tokens, 3.5 8,192, 3.7 Sonnet 64,000, Opus 4 and 4.1 32,000, Sonnet 4 and every model from 4.5 64,000 (Opus 4.6
 * takes more; 64,000 is what every one of them takes). A larger `max_tokens` is refused with a 400. The values are
 * the "max output" of the Claude docs' models overview as commonly published, not re-read against the live page
 * for this table: keep it current. Without `maxTokens`, a request is sent with `defaultMaxTokens` (the API
 * requires one).
 *
 * @internal
 */

/**
 * A model id's family name and version (major × 100 + minor): `claude-opus-4-7` → opus, 407;
 * `claude-3-7-sonnet-latest` → sonnet, 307; on any host's spelling (Bedrock's `anthropic.` prefix and
 * `-v1:0` suffix, Vertex's `@date`).
 */
export const idOf = (model: string): { readonly name: string; readonly version: number } | undefined => {
  const current = /claude-([a-z]+)-(\d+)(?:-(\d{1,2}))?(?=$|[-:@.])/.exec(model)
  if (current !== null && !/^\d/.test(current[1]!)) {
    return { name: current[1]!, version: Number(current[2]) * 100 + Number(current[3] ?? 0) }
  }
  const older = /claude-(\d+)(?:-(\d))?-([a-z]+)/.exec(model)
  return older === null ? undefined : { name: older[3]!, version: Number(older[1]) * 100 + Number(older[2] ?? 0) }
}

/**
 * The `max_tokens` sent when a request sets none (the Messages API requires one).
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultMaxTokens: number = 4096

/** The largest `max_tokens` the model takes, when known. */
export const maxOutputTokens = (model: string): number | undefined => {
  const id = idOf(model)
  if (id === undefined) return undefined
  if (id.version < 305) return 4_096
  if (id.version < 307) return 8_192
  if (id.version < 400) return 64_000
  if (id.version < 405 && id.name === "opus") return 32_000
  // The model pages of Claude Opus 5, Sonnet 5, Sonnet 5.5, Haiku 5.5 and Fable 5.1: "Max output 128K tokens".
  if (id.version >= 500) return 128_000
  return 64_000
}

/**
 * Whether the model continues a conversation that ends with an assistant turn (a prefill): not from Claude 4.6 on
 * (Opus, Sonnet and Haiku 4.6 and later, Fable and Mythos), nor Mythos Preview, which answer 400 ("This model does not
 * support assistant message prefill. The conversation must end with a user message."); a model whose id this cannot
 * read is taken to, as it is sent as asked. Sources: "What's new in Claude 4.6" (prefill removal), the migration
 * guide ("Prefilling assistant messages returns a 400 error on Claude 4.6 models"), `@anthropic-ai/sdk` 1.14
 * `MessageCreateParams.messages` ("On models that don't support prefill ... returns a 400 error"),
 * strands-agents/sdk-python#1694 (Opus 4.6 on Bedrock), cortexkit/magic-context#511 (Sonnet 5). A turn paused with
 * `pause_turn` still goes back as the last message (the "Server tools" guide's example, on Opus 4.8; the SDK's tool
 * runner: "A paused turn has to go back as the last message"): the request's `endsWithUser` rule lets it.
 */
export const takesPrefill = (model: string): boolean =>
  !/claude-mythos-preview/.test(model) && (idOf(model)?.version ?? 0) < 406
