import { InvalidArgument } from "../lib/index.ts";

/**
 * A Dockerfile that cannot be parsed. The message is Docker's
 * ("dockerfile parse error on line 3: unknown instruction: RUNN (did you mean RUN?)");
 * `line` is 1-based, `instruction` the command word as written (when there is one).
 */
export class DockerfileSyntaxError extends InvalidArgument {
  readonly line: number;
  readonly instruction?: string;
  /** The message without the "dockerfile parse error on line N: " prefix. */
  readonly detail: string;
  constructor(line: number, detail: string, instruction?: string) {
    super(`dockerfile parse error on line ${line}: ${detail}`);
    this.line = line;
    this.detail = detail;
    if (instruction !== undefined) this.instruction = instruction;
  }
}
