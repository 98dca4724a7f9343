/**
 * Whether the CLI may write escape sequences (cursor moves, clearing, color) to `stream`: only
 * on a terminal, not with TERM=dumb, and not when NO_COLOR is set to anything (https://no-color.org;
 * Bunker prints no color at all, and takes NO_COLOR as asking for plain output altogether).
 */
export function escapeCodes(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!stream.isTTY && env.TERM !== "dumb" && !env.NO_COLOR;
}
