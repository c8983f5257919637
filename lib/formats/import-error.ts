/** A rejected events.ndjson: the 1-based line and the reason, shown to the user as `line N: reason`. */
export class ImportError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'ImportError';
  }
}
