import { InvalidArgument } from "../lib/index.ts";

/**
 * A Dockerfile that cannot be parsed. The message is Docker's
 * ("dockerfile parse error on line 3: unknown instruction: RUNN"); `line` is 1-based.
 */
export class DockerfileSyntaxError extends InvalidArgument {
  readonly line: number;
  readonly instruction?: string;
  constructor(line: number, detail: string, instruction?: string) {
    super(`dockerfile parse error on line ${line}: ${detail}`);
    this.line = line;
    this.instruction = instruction;
  }
}
