import type { EventBus } from "../events/index.ts";
import type { ContainerRecord } from "./container-record.ts";

/** Docker's attributes of a container event: its labels, then image and name (which win). */
export function containerAttributes(record: ContainerRecord, extra: Record<string, string> = {}): Record<string, string> {
  return { ...record.requested.labels, image: record.requested.image || record.rootfs || "", name: record.name, ...extra };
}

/** Emit a container event for `record` (Actor.ID is the container's id). */
export function emitContainerEvent(events: EventBus, record: ContainerRecord, action: string, extra: Record<string, string> = {}): void {
  events.emit("container", action, record.id, containerAttributes(record, extra));
}

/** Docker's volume mount/unmount events for the named volumes a container uses. */
export function emitVolumeEvents(events: EventBus, record: ContainerRecord, action: "mount" | "unmount"): void {
  for (const b of record.runtime.binds) {
    if (!b.volume) continue;
    const attrs: Record<string, string> = action === "mount" ? { driver: "local", container: record.id, destination: b.target, "read/write": String(!b.readonly), propagation: "" } : { driver: "local", container: record.id };
    events.emit("volume", action, b.volume, attrs);
  }
}
