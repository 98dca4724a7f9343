import { BunkerError, messageOf } from "../lib/index.ts";

/** A run/start failure exits as docker's CLI does: 127 not found, 126 not executable, else 125. */
export class RunFailure extends BunkerError {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export function runFailure(err: unknown): RunFailure {
  const message = messageOf(err);
  const code = /executable file not found|no such file or directory/.test(message) ? 127 : /permission denied|cannot execute|exec format error/.test(message) ? 126 : 125;
  return new RunFailure(err instanceof BunkerError && err.status !== 500 ? `Error response from daemon: ${message}` : message, code);
}
