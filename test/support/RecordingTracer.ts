/** A tracer that keeps every ended span (name, parent, attributes, events, exit) for assertions. */
import { Effect, Option, Tracer } from "effect"
import type { Exit } from "effect"

export interface RecordedSpan {
  readonly name: string
  readonly spanId: string
  readonly parentId: string | undefined
  readonly attributes: ReadonlyMap<string, unknown>
  readonly events: ReadonlyArray<readonly [string, Record<string, unknown> | undefined]>
  readonly exit: Exit.Exit<unknown, unknown>
}

/** Wraps the current tracer; `spans` fills as spans end. */
export const make = Effect.map(Effect.tracer, (base) => {
  const spans: Array<RecordedSpan> = []
  const tracer = Tracer.make({
    span(options) {
      const span = base.span(options)
      const { name, parent } = options
      const events: Array<readonly [string, Record<string, unknown> | undefined]> = []
      const event = span.event.bind(span)
      const end = span.end.bind(span)
      return Object.assign(span, {
        event: (eventName: string, time: bigint, attributes?: Record<string, unknown>) => {
          events.push([eventName, attributes])
          event(eventName, time, attributes)
        },
        end: (endTime: bigint, exit: Exit.Exit<unknown, unknown>) => {
          spans.push({
            name,
            spanId: span.spanId,
            parentId: Option.getOrUndefined(Option.map(parent, (p: Tracer.AnySpan) => p.spanId)),
            attributes: new Map(span.attributes),
            events,
            exit
          })
          end(endTime, exit)
        }
      })
    },
    ...(base.context === undefined ? {} : { context: base.context })
  })
  return { spans, tracer }
})
