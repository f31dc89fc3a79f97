/** One `vigie` subcommand, in its own file under cli/commands/, listed in cli/commands/index.ts. */
export interface Command {
  name: string;
  summary: string;
  /** Usage text printed by `vigie <name> --help`. */
  usage: string;
  /** Returns the process exit code: 0 ok, 1 failure, 2 bad usage or bad config. */
  run(args: string[]): Promise<number>;
}
