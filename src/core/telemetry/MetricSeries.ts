/**
 * The series of the telemetry metrics by the attributes of a call, made once per set of them: a metric of its own
 * with the attributes, keyed as `Metric.withAttributes` keys it (which merges and keys again on every update).
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

/** The series of a histogram, with its `unit` as an attribute (which `@effect/opentelemetry` exports as such). */
export const histogram = (
  histogram: Metric.Histogram<number>,
  boundaries: ReadonlyArray<number>,
  unit?: string
): Series =>
(attributes) =>
  Metric.histogram(histogram.id, {
    description: histogram.description,
    boundaries,
    attributes: unit === undefined ? attributes : { ...attributes, unit }
  })

/** The series of each metric of one set of attributes (and an extra attribute), each made on first use. */
export class ModelSeries {
  readonly #made = new Map<Series, Map<string, Metric.Metric<number, unknown>>>()
  readonly attributes: Readonly<Record<string, string>>
  constructor(attributes: Readonly<Record<string, string>>) {
    this.attributes = attributes
  }
  /** Updates `series` in `context`, with the extra attribute when given (a token type, an outcome). */
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
      const base = this.attributes
      metric = series(extra === undefined ? base : { ...base, [extra.name]: extra.value })
      byExtra.set(key, metric)
    }
    metric.updateUnsafe(value, context)
  }
}

/** The series of each set of attributes, made once; one set serves every registry: a model layer keeps one. */
export class Models {
  readonly #models = new Map<string, ModelSeries>()
  /** The series of `attributes` (a provider and a model, and what else a metric is read by). */
  of(attributes: Readonly<Record<string, string>>): ModelSeries {
    // Names and values joined by a character none of them has in practice (a line break).
    const key = Object.entries(attributes).flat().join("\n")
    let series = this.#models.get(key)
    if (series === undefined) {
      // A program calling ever new model names never holds more than 1,024 models' series.
      if (this.#models.size >= 1024) this.#models.clear()
      series = new ModelSeries(attributes)
      this.#models.set(key, series)
    }
    return series
  }
}
