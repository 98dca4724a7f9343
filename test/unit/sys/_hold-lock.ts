/** Test fixture: locks the file named in argv[2] through lockFile, says "locked", then waits to be killed. */
import { openSync } from "node:fs";
import { lockFile } from "../../../src/sys/index.ts";

const path = process.argv[2];
if (!path) throw new Error("usage: _hold-lock.ts <file>");
lockFile(openSync(path, "r+"));
process.stdout.write("locked\n");
setInterval(() => {}, 1 << 30);
