/**
 * The idle timeout of a body's reads: one timer per body, not one per pull. Under load every model delta is a
 * read of its own, and a timer set and cleared per pull would cost more than the piece: the timer is set for the
 * first pull that waits, and when it fires early (the pull it was set for was answered) it is set again for the
 * pull waiting then, if any. A deadline (`Deadline`) shortens a wait when it comes first.
 *
 * @internal
 */
import * as Duration from "effect/Duration"

/**
 * A deadline a body's reads must meet besides the idle timeout: `at()` is the time (epoch milliseconds) by which
 * the stream must have moved on (the first content, decided above the body), or `undefined` once it has.
 */
export interface Deadline<E> {
  readonly at: () => number | undefined
  readonly onDeadline: () => E
}

/** The timeouts a body's reads must meet. */
export interface Timeouts<E> {
  readonly idle: Duration.Duration
  readonly onIdle: () => E
  readonly deadline?: Deadline<E> | undefined
}

/** Times the pulls of one body: `start` when a pull waits, `stop` when it is answered. */
export class IdleTimer<E> {
  readonly #idleMillis: number
  readonly #timeouts: Timeouts<E>
  readonly #onLate: (failure: E) => void
  #waiting = false
  #dueAt = 0
  #onTimeout: () => E
  #timer: ReturnType<typeof setTimeout> | undefined = undefined
  #timerAt = Infinity

  /** `onLate` is called with the failure when a pull waited too long. */
  constructor(timeouts: Timeouts<E>, onLate: (failure: E) => void) {
    this.#timeouts = timeouts
    this.#idleMillis = Duration.toMillis(timeouts.idle)
    this.#onTimeout = timeouts.onIdle
    this.#onLate = onLate
  }

  /**
   * A pull waits from now: its wait is timed, or, when the deadline has already passed, its failure is returned
   * at once (however busy the connection is: keep-alives).
   */
  start(): E | undefined {
    const [wait, whenLate] = nextWait(this.#idleMillis, this.#timeouts.onIdle, this.#timeouts.deadline)
    if (wait === 0) return whenLate()
    this.#waiting = true
    this.#dueAt = Date.now() + wait
    this.#onTimeout = whenLate
    this.#arm(this.#dueAt)
    return undefined
  }

  /** The pull waiting was answered (or interrupted). */
  stop(): void {
    this.#waiting = false
  }

  /** No pull will wait again: the timer goes. */
  clear(): void {
    this.#waiting = false
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    this.#timerAt = Infinity
  }

  /** Sets the timer to fire at `at`, unless it already fires by then. */
  #arm(at: number): void {
    if (this.#timer !== undefined && this.#timerAt <= at) return
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timerAt = at
    this.#timer = setTimeout(this.#onTimer, Math.max(0, at - Date.now()))
  }

  /** Fails the pull waiting when its wait is over, or sets the timer again for it. */
  readonly #onTimer = (): void => {
    this.#timer = undefined
    this.#timerAt = Infinity
    if (!this.#waiting) return
    if (Date.now() < this.#dueAt) return this.#arm(this.#dueAt)
    this.#waiting = false
    this.#onLate(this.#onTimeout())
  }
}

/**
 * How long the next read may wait, and the failure when it does not settle in time: the idle timeout, or less
 * when a deadline comes first (`0` when it has passed).
 */
export const nextWait = <E>(
  idleMillis: number,
  onIdle: () => E,
  deadline: Deadline<E> | undefined
): readonly [millis: number, onTimeout: () => E] => {
  const at = deadline?.at()
  if (at === undefined) return [idleMillis, onIdle]
  const left = at - Date.now()
  return left < idleMillis ? [Math.max(0, left), deadline!.onDeadline] : [idleMillis, onIdle]
}
