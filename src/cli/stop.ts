import { stopCommand } from "./stop-command.ts";

export default stopCommand("stop", "Stop one or more running containers");
