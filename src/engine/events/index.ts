export { EventBus, type EngineEvent, type EventListener, type EventType } from "./event-bus.ts";
export { EventFilter } from "./event-filter.ts";
