/**
 * The one timer of a body's reads: a timer set and cleared per wait costs more than a piece under load, so each
 * wait moves the due time, and a timer that fires early is set again for the wait under way.
 *
 * @internal
 */

/**
 * The longest delay a timer is set for: a longer one (an idle timeout of 30 days, or none, `Infinity`) Node sets to
 * 1 ms, warning each time, so that the timer fired and was set again every millisecond of the wait. Set for this
 * instead, it fires early and is set again (`#fire`).
 */
const maxDelay = 2 ** 31 - 1

/** A timer telling `onDue` when the wait set last is over (its reader ignores it when no pull waits any more). */
export class ReadTimer {
  readonly #onDue: () => void
  #timer: ReturnType<typeof setTimeout> | undefined = undefined
  #timerAt = Infinity
  #dueAt = Infinity

  constructor(onDue: () => void) {
    this.#onDue = onDue
  }

  /** Starts a wait due at `dueAt` (epoch milliseconds). */
  wait(dueAt: number): void {
    this.#dueAt = dueAt
    this.#arm(dueAt)
  }

  /** Clears the timer: the body is done with. */
  clear(): void {
    this.#dueAt = Infinity
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    this.#timerAt = Infinity
  }

  /** Sets the timer to fire at `at`, unless it already fires by then. */
  #arm(at: number): void {
    if (this.#timer !== undefined && this.#timerAt <= at) return
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timerAt = at
    this.#timer = setTimeout(this.#fire, Math.min(maxDelay, Math.max(0, at - Date.now())))
  }

  /** Tells `onDue` when the wait under way is over, or sets the timer again for it. */
  readonly #fire = (): void => {
    this.#timer = undefined
    this.#timerAt = Infinity
    if (this.#dueAt === Infinity) return
    if (Date.now() < this.#dueAt) return this.#arm(this.#dueAt)
    this.#dueAt = Infinity
    this.#onDue()
  }
}
