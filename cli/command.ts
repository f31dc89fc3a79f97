/** What a `vigie` subcommand module under cli/commands/ exports as `command`. */
export interface Command {
  /** Usage text printed by `vigie <name> --help`. */
  usage: string;
  /** Returns the process exit code: 0 ok, 1 failure, 2 bad usage or bad config. */
  run(args: string[]): Promise<number>;
}

/** One line of cli/commands/index.ts: what `vigie --help` prints, and how to load the rest. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}
