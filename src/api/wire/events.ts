import type { EngineEvent } from "../../engine/index.ts";

/**
 * One event as Docker's events.Message, on one line: the legacy status/id/from first (container
 * and image events only), then Type, Action, Actor, scope, time and timeNano (an exact integer,
 * beyond what a JSON number in JavaScript keeps).
 */
export function eventLine(e: EngineEvent): string {
  const legacy = e.type === "container" || e.type === "image";
  const head: Record<string, unknown> = {};
  if (legacy) {
    head.status = e.action;
    head.id = e.actor.id;
    if (e.type === "container" && e.actor.attributes.image !== undefined) head.from = e.actor.attributes.image;
  }
  const body = JSON.stringify({ ...head, Type: e.type, Action: e.action, Actor: { ID: e.actor.id, Attributes: e.actor.attributes }, scope: e.scope, time: Number(e.timeNano / 1_000_000_000n) });
  return `${body.slice(0, -1)},"timeNano":${e.timeNano}}\n`;
}
