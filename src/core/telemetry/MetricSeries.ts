/**
 * The series of the telemetry metrics by provider and model, made once per model: a series is a metric of its
 * own with the attributes, which the registry keys exactly as `Metric.withAttributes(metric, attributes)` (a
 * wrapper that merges the attributes again, and keys the series again, on every update).
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Metric from "effect/Metric"

/** A metric with attributes: a series of it. */
export type Series = (attributes: Readonly<Record<string, string>>) => Metric.Metric<number, unknown>

/** The series of a counter: the same counter (name, description, incremental) with attributes. */
export const counter = (counter: Metric.Counter<number>): Series => (attributes) =>
  Metric.counter(counter.id, { description: counter.description, incremental: true, attributes })

/** The series of a histogram: the same histogram (name, description, boundaries) with attributes. */
export const histogram =
  (histogram: Metric.Histogram<number>, boundaries: ReadonlyArray<number>): Series => (attributes) =>
    Metric.histogram(histogram.id, { description: histogram.description, boundaries, attributes })

/** The series of each metric of one provider and model (and an extra attribute), each made on first use. */
export class ModelSeries {
  readonly #made = new Map<Series, Map<string, Metric.Metric<number, unknown>>>()
  readonly provider: string
  readonly model: string
  constructor(provider: string, model: string) {
    this.provider = provider
    this.model = model
  }
  /**
   * Updates `series` in `context`: its series for this provider and model, with the extra attribute
   * `extra.name: extra.value` when given (a token type, an outcome).
   */
  update(
    series: Series,
    value: number,
    context: Context.Context<never>,
    extra?: { readonly name: string; readonly value: string }
  ): void {
    let byExtra = this.#made.get(series)
    if (byExtra === undefined) {
      byExtra = new Map()
      this.#made.set(series, byExtra)
    }
    const key = extra === undefined ? "" : extra.value
    let metric = byExtra.get(key)
    if (metric === undefined) {
      const { model, provider } = this
      metric = series(extra === undefined ? { provider, model } : { provider, model, [extra.name]: extra.value })
      byExtra.set(key, metric)
    }
    metric.updateUnsafe(value, context)
  }
}

/**
 * A module-level cache of the series made for each metric registry, by provider and model: made once per model rather
 * than on every update
 * (a metric made anew keys its series again: its attributes sorted and written as JSON). Kept with the registry
 * they were made for, and dropped with it.
 */
const byRegistry = new WeakMap<object, Map<string, ModelSeries>>()

/** Bounds a registry's cache: a program calling ever new model names never holds more than this many models' series. */
const maxCachedModels = 1024

/** The series of `provider` and `model` in the metric registry of `context`. */
export const of = (context: Context.Context<never>, provider: string, model: string): ModelSeries => {
  const registry = Context.get(context, Metric.MetricRegistry)
  let models = byRegistry.get(registry)
  if (models === undefined) {
    models = new Map()
    byRegistry.set(registry, models)
  }
  // Provider names have no spaces: one key for both.
  const key = `${provider} ${model}`
  let series = models.get(key)
  if (series === undefined) {
    if (models.size >= maxCachedModels) models.clear()
    series = new ModelSeries(provider, model)
    models.set(key, series)
  }
  return series
}
