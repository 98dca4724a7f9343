export type { VersionWire, InfoWire, BunkerInfoWire } from "../api/index.ts";
