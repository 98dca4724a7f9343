import { humanDuration } from "../../lib/index.ts";
import { GoStruct } from "./go-values.ts";
import { ellipsis, humanSize, truncateId } from "./units.ts";

/** One layer of GET /images/{name}/history. */
export interface HistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Size: number;
  Comment: string;
  Tags?: string[] | null;
}

export const historyHeaders: Record<string, string> = {
  ID: "IMAGE", CreatedSince: "CREATED", CreatedAt: "CREATED AT", CreatedBy: "CREATED BY", Size: "SIZE", Comment: "COMMENT",
};

export const defaultHistoryTable = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
/** With --human=false Docker shows the creation time itself. */
export const nonHumanHistoryTable = "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";

/** Docker's historyContext for one layer of `history`. */
export function historyContext(h: HistoryEntry, opts: { trunc: boolean; human: boolean }): GoStruct {
  const createdAt = new Date(h.Created * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return new GoStruct("*formatter.historyContext", {
    ID: () => (h.Id === "<missing>" || !opts.trunc ? h.Id : truncateId(h.Id)),
    CreatedSince: () => (opts.human ? `${humanDuration(Date.now() - h.Created * 1000)} ago` : createdAt),
    CreatedAt: () => createdAt,
    CreatedBy: () => {
      const by = h.CreatedBy.replaceAll("\t", " ");
      return opts.trunc ? ellipsis(by, 45) : by;
    },
    Size: () => (opts.human ? humanSize(h.Size) : String(h.Size)),
    Comment: () => h.Comment,
  });
}
