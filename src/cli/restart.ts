import { stopCommand } from "./stop-command.ts";

export default stopCommand("restart", "Restart one or more containers");
