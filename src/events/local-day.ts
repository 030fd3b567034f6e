/**
 * The calendar day of an instant in a time zone, fast enough to call for every event: the answer
 * is cached per 15-minute slot, since every zone's offset is a multiple of 15 minutes.
 */
const SLOT = 15 * 60_000;

export class LocalDays {
  readonly #format: Intl.DateTimeFormat;
  readonly #slots = new Map<number, string>();
  constructor(timezone: string) {
    this.#format = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
  }
  /** 'YYYY-MM-DD' of the instant (ms since epoch) in the zone. */
  dayOf(ms: number): string {
    const slot = Math.floor(ms / SLOT);
    let day = this.#slots.get(slot);
    if (day === undefined) {
      day = this.#format.format(slot * SLOT);
      if (this.#slots.size > 100_000) this.#slots.clear();
      this.#slots.set(slot, day);
    }
    return day;
  }
}
