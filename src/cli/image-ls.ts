import { command } from "./command.ts";
import images from "./images.ts";

/** `bunker image ls` (also `image list`): `bunker images` under the group's name. */
export default command({ ...images, meta: { name: "ls", description: "List images", alias: ["list"] } });
