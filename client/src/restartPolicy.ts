// When the language server dies: restart it, unless it already died too often lately. Plain code (no vscode import)
// so the rule is unit-tested in client/test.

export interface RestartDecision {
  restart: boolean;
  /** Crashes inside the window, this one included. */
  crashes: number;
  message: string;
}

export class RestartPolicy {
  private crashes: number[] = [];

  constructor(readonly maxRestarts = 4, readonly windowMs = 3 * 60 * 1000) {
    if (!Number.isInteger(maxRestarts) || maxRestarts < 0) throw new Error(`maxRestarts must be a whole number >= 0, got ${maxRestarts}`);
    if (!(windowMs > 0)) throw new Error(`windowMs must be > 0, got ${windowMs}`);
  }

  /** Records a crash at `now` and decides. Crashes older than the window are forgotten. */
  onCrash(now = Date.now()): RestartDecision {
    this.crashes.push(now);
    this.crashes = this.crashes.filter(t => now - t <= this.windowMs);
    const crashes = this.crashes.length;
    if (crashes <= this.maxRestarts) {
      return { restart: true, crashes, message: `The STAR language server stopped unexpectedly; restarting it (${crashes} of ${this.maxRestarts}).` };
    }
    const minutes = Math.round(this.windowMs / 60000 * 10) / 10;
    return {
      restart: false, crashes,
      message: `The STAR language server stopped ${crashes} times in ${minutes} minutes and was not restarted. ` +
        'Its log is in the "STAR Language Server" output; run "STAR: Restart Language Server" to try again.',
    };
  }

  /** A manual restart starts a fresh budget. */
  reset(): void { this.crashes = []; }
}
