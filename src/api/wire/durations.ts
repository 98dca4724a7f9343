export { humanDuration } from "../../lib/index.ts";
