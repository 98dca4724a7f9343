import { command } from "./command.ts";
import ps from "./ps.ts";

/** `bunker container ls` (also `container ps`, `container list`): `bunker ps` under the group's name. */
export default command({ ...ps, meta: { name: "ls", description: "List containers", alias: ["ps", "list"] } });
