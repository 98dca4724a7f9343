// Runs before the test suite: tests import src/ directly, and src/sys needs the C helper built.
import { buildFfi } from "../scripts/build.ts";

await buildFfi();
