// The sandbox's notion of now: a base clock (Date.now, or one a test controls) plus an offset
// the admin API can move forward, so token expiry and the rate-limit window can be tested
// without waiting.
export class SandboxClock {
  private offsetMs = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now(): number {
    return this.base() + this.offsetMs;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('the sandbox clock only moves forward');
    this.offsetMs += ms;
  }

  /** How far the admin API has moved the clock (saved with the sandbox's state). */
  get offset(): number {
    return this.offsetMs;
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }
}
