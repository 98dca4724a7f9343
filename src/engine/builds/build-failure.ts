import { InvalidArgument } from "../../lib/index.ts";

/** A build that stopped: the message names the Dockerfile, line and instruction; `code` is a failed RUN's status. */
export class BuildFailure extends InvalidArgument {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}
