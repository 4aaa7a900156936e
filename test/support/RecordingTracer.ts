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
    span: (name, parent, context, links, startTime, kind, options) => {
      const span = base.span(name, parent, context, links, startTime, kind, options)
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
            parentId: Option.getOrUndefined(Option.map(parent, (p) => p.spanId)),
            attributes: new Map(span.attributes),
            events,
            exit
          })
          end(endTime, exit)
        }
      })
    },
    context: (f, fiber) => base.context(f, fiber)
  })
  return { spans, tracer }
})
