/**
 * The recordings the package ships (src/data/samples.ts) as replay scenarios, paced one event at a time, and
 * the scenarios that serve each provider's under one base URL, answering a request by its path.
 */
import * as PartSources from "../core/request/PartSources.js"
import * as Data from "../data/samples.js"
import * as ProviderTestKits from "../providers/ProviderTestKits.js"

/** A recording as the data module holds it. */
type SampleData = (typeof Data.groups)[number]["samples"][number]

/**
 * A real recording the package ships, as a scenario (`server.serve(ReplayServer.samples.openai)`): its body
 * cut at each event, paced (`delayMs`, 20 by default: spread `{ ...sample, delayMs: 0 }` for none).
 *
 * @since 0.3.0
 * @category Samples
 */
export interface Sample {
  /** `"openai"`, `"openai-responses"`, `"anthropic"`, ... */
  readonly name: string
  /** The provider whose base URL serves it. */
  readonly provider: string
  /** The prompt the recording answered. */
  readonly prompt: string
  /** Where it comes from. */
  readonly source: string
  /** The end of the request path it answers (`/chat/completions`, `/v1/messages`, ...). */
  readonly path: string
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
  readonly cuts: ReadonlyArray<number>
  readonly delayMs: number
}

/** The pause between two events of a sample: a model streaming some 50 chunks a second. */
export const defaultDelayMs = 20

const bytesOf = (sample: SampleData): Uint8Array =>
  sample.encoding === "base64" ? PartSources.fromBase64(sample.body) : new TextEncoder().encode(sample.body)

const toSample = (provider: string, sample: SampleData): Sample => ({
  name: sample.name,
  provider,
  prompt: sample.prompt,
  source: sample.source,
  path: sample.path,
  status: 200,
  headers: { "content-type": sample.contentType },
  body: bytesOf(sample),
  cuts: sample.cuts === "" ? [] : sample.cuts.split(",").map(Number),
  delayMs: defaultDelayMs
})

/**
 * The real recordings the package ships, by name: `openai` (Chat Completions), `openai-responses`,
 * `anthropic`, `groq`, `azure` (a deployment), `bedrock` (ConverseStream), `google` (the Gemini API). Each
 * says the prompt it answered and where it comes from.
 *
 * @since 0.3.0
 * @category Samples
 */
export const samples: Readonly<Record<string, Sample>> = Object.fromEntries(
  Data.groups.flatMap((group) => group.samples.map((sample) => [sample.name, toSample(group.name, sample)]))
)

/** A provider's base URL variable, the path after the server's, its other variables and its samples. */
export interface Group {
  readonly name: string
  readonly baseUrlVariable: string
  readonly basePath: string
  readonly variables: Readonly<Record<string, string>>
  readonly samples: ReadonlyArray<Sample>
}

/**
 * The base URL of each OpenAI-compatible host the library knows (but Groq, whose recording is its own): the variables
 * `OpenAICompatible.layerConfig` reads (`DEEPSEEK_BASE_URL`, a placeholder `DEEPSEEK_API_KEY`), answering
 * `/chat/completions` with the Chat Completions recording, which every such host speaks.
 */
const hostGroups = (): ReadonlyArray<Group> =>
  Object.values(ProviderTestKits.hosts).filter((host) => !Data.groups.some((group) => group.name === host.name)).map(
    (host) => {
      const prefix = host.name.toUpperCase()
      return {
        name: host.name,
        baseUrlVariable: `${prefix}_BASE_URL`,
        basePath: "/v1",
        variables: "apiKeyEnv" in host ? { [host.apiKeyEnv]: "replay" } : {},
        samples: [{ ...samples["openai"]!, name: host.name, provider: host.name }]
      }
    }
  )

export const groups: ReadonlyArray<Group> = [
  ...Data.groups.map((group) => ({
    name: group.name,
    baseUrlVariable: group.baseUrlVariable,
    basePath: group.basePath,
    variables: group.variables,
    samples: group.samples.map((sample) => samples[sample.name]!)
  })),
  ...hostGroups()
]

/** The sample of a provider's base URL that answers `path` (by the end of its path, without the query). */
export const sampleOf = (group: Group, path: string): Sample | undefined => {
  const pathname = path.split("?")[0]!
  return group.samples.find((candidate) => pathname.endsWith(candidate.path))
}

/** The 404 of a path a provider's base URL does not serve, naming the paths it serves. */
export const notServed = (group: Group, path: string) => ({
  status: 404,
  headers: { "content-type": "text/plain; charset=utf-8" },
  body: `effect-llm-stream replay: nothing answers ${path.split("?")[0]}; the ${group.name} base URL answers ${
    group.samples.map((candidate) => `…${candidate.path}`).join(", ")
  }`
})

/** The sample a request to a provider's base URL gets; for any other path, a 404 naming the paths served. */
export const answer = (group: Group, path: string, delayMs: number) => {
  const sample = sampleOf(group, path)
  return sample === undefined ? notServed(group, path) : { ...sample, delayMs }
}

/**
 * Serves each provider's base URL with the scenarios `answerOf` gives it, and returns the environment that points
 * the providers' `layerConfig` at them: each base URL variable, and the other variables (placeholder keys, a region).
 */
export const environment = <S>(
  serve: (scenario: S) => string,
  answerOf: (group: Group) => S
): Readonly<Record<string, string>> =>
  Object.fromEntries(groups.flatMap((group) => [
    [group.baseUrlVariable, `${serve(answerOf(group))}${group.basePath}`],
    ...Object.entries(group.variables)
  ]))
