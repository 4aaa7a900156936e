/**
 * How the tokens of a family of models are estimated, as data: the OpenAI encoding counted (a stand-in beyond
 * OpenAI's), its scale, and the tokens a message, an answer and a tool call add around their text. Each provider's
 * profile says which family a model is of.
 *
 * Calibration (`test/core/estimate/SpendEstimates.test.ts` checks it over every recorded text answer of `test/fixtures` whose
 * usage is known, and over the recorded OpenAI requests): OpenAI's answers count their text in the model's
 * encoding plus one token (the end of the message: Chat Completions `completion_tokens` of `gpt-4o` answers are
 * the text's tokens, the Responses API's one more); a tool call adds its name, its arguments and 7 tokens, and
 * parallel calls 11 more (the `multi_tool_use.parallel` wrapper). A request counts 3 tokens per message and its
 * role, 3 for the answer's priming, a tool call sent back as its name, arguments and 7, and the tools as the
 * TypeScript-like namespace OpenAI renders them into (its tokens plus 9, 4 fewer with a system message). Claude
 * answers measure within a few percent of their o200k count plus 5 tokens (a tool call: 35); Gemini's, plus 1;
 * Llama's and the others', plus 3. Without a tokenizer, the characters per token are the recordings' means.
 *
 * @internal
 */

/** The OpenAI encodings the tokenizer library has. */
export type Encoding = "o200k" | "cl100k"

/** A family of models, for estimates. */
export interface Family {
  readonly name: string
  readonly encoding: Encoding
  /** Whether `encoding` is the model's own tokenizer (the estimate is then a count, up to the framing). */
  readonly exact: boolean
  /** The family's tokens per token of `encoding`. */
  readonly scale: number
  /** The characters per token when no tokenizer loads. */
  readonly charsPerToken: number
  /** Tokens an answer adds around its text. */
  readonly perAnswer: number
  /** Tokens each tool call of an answer adds around its name and arguments. */
  readonly perCall: number
  /** Tokens the calls of an answer add when there are two or more (a wrapper around parallel calls). */
  readonly parallelCalls: number
  /** Tokens each message of a request adds around its role and text. */
  readonly perMessage: number
  /** Tokens a request adds (the answer's priming). */
  readonly perRequest: number
  /** Tokens an image adds (its size is not read: a large one's). */
  readonly perImage: number
  /** Tokens the tool-use prompt adds to a request with tools. */
  readonly toolPrompt: number
}

/** OpenAI's current models (`gpt-4o`, `gpt-4.1`, `gpt-5`, the o-series, `gpt-oss`): o200k. */
export const openai: Family = {
  name: "openai",
  encoding: "o200k",
  exact: true,
  scale: 1,
  charsPerToken: 4,
  perAnswer: 1,
  perCall: 7,
  parallelCalls: 11,
  perMessage: 3,
  perRequest: 3,
  perImage: 765,
  toolPrompt: 9
}

/** OpenAI's older models (`gpt-4`, `gpt-4-turbo`, `gpt-3.5-turbo`): cl100k. */
export const openaiCl100k: Family = { ...openai, name: "openai-cl100k", encoding: "cl100k" }

/** Claude. */
export const claude: Family = {
  name: "claude",
  encoding: "o200k",
  exact: false,
  scale: 1,
  charsPerToken: 3.5,
  perAnswer: 5,
  perCall: 35,
  parallelCalls: 0,
  perMessage: 4,
  perRequest: 4,
  perImage: 1600,
  toolPrompt: 346
}

/** Gemini and Gemma: counted as OpenAI's answers are, without the wrappers OpenAI adds. */
export const gemini: Family = {
  ...openai,
  name: "gemini",
  exact: false,
  parallelCalls: 0,
  perImage: 258,
  toolPrompt: 0
}

/** Any other model (Llama, Mistral, Nova, Qwen, ...). */
export const other: Family = {
  name: "other",
  encoding: "o200k",
  exact: false,
  scale: 1.05,
  charsPerToken: 4,
  perAnswer: 3,
  perCall: 25,
  parallelCalls: 0,
  perMessage: 4,
  perRequest: 3,
  perImage: 1000,
  toolPrompt: 0
}

/**
 * Kimi K2, as its hosts serve it: its text counts as o200k's (10 text answers on Groq and Hugging Face's router: the
 * text's count plus 1, `<|im_end|>`), and each tool call adds 10 tokens around its name and arguments. Its chat
 * template writes a call as `<|tool_call_begin|>functions.{name}:{index}<|tool_call_argument_begin|>{arguments}
 * <|tool_call_end|>` inside one `<|tool_calls_section_begin|>`...`<|tool_calls_section_end|>` (moonshotai/
 * Kimi-K2-Instruct `docs/tool_call_guidance.md`): 9 tokens a call and 2 an answer, measured on charmbracelet/fantasy's
 * recordings (`groq-kimi-k2`, `huggingface-kimi-k2`: 4 answers of one call, 12 tokens beside the text and
 * arguments, 4 of two calls, 21; OpenRouter's `kimi-k2.5`: 11 for one call). The request's framing is `other`'s.
 */
export const kimi: Family = { ...other, name: "kimi", scale: 1, perAnswer: 1, perCall: 10 }

/** OpenAI's family of a model name (a fine-tune's base included): cl100k for the models before `gpt-4o`. */
export const ofOpenAIModel = (model: string): Family =>
  /^(ft:)?(gpt-3\.5|gpt-4($|-))/.test(model) ? openaiCl100k : openai
