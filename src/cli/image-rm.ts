import { command } from "./command.ts";
import rmi from "./rmi.ts";

/** `bunker image rm` (also `image remove`): `bunker rmi` under the group's name. */
export default command({ ...rmi, meta: { name: "rm", description: "Remove one or more images", alias: ["remove"] } });
