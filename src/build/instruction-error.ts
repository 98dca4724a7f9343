/** An instruction that Docker refuses (bad arguments or flags); the parser adds the line to it. */
export class InstructionError extends Error {}
