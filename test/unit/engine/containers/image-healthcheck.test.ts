import { describe, expect, test } from "bun:test";
import { applyImageDefaults } from "../../../../src/engine/containers/image-defaults.ts";
import type { CreateInput, Image } from "../../../../src/engine/index.ts";

type Health = NonNullable<CreateInput["requested"]["healthcheck"]>;
const input = (healthcheck?: Health): CreateInput =>
  ({ requested: { cmd: null, entrypoint: null, env: [], labels: {}, workingDir: "", user: "", stopSignal: "", healthcheck }, host: {}, runtime: { args: [], env: [] } }) as unknown as CreateInput;
const image = (Healthcheck?: object) => ({ doc: { config: { config: { Cmd: ["httpd"], Healthcheck } } } }) as unknown as Image;
const none = { test: [], interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 };

describe("the image's HEALTHCHECK and the container's, merged as Docker does", () => {
  test("the image's check when the container gives none", () => {
    expect(applyImageDefaults(input(), image({ Test: ["CMD-SHELL", "wget -q localhost"], Interval: 5e9, Retries: 4 })).requested.healthcheck).toEqual({ ...none, test: ["CMD-SHELL", "wget -q localhost"], interval: 5e9, retries: 4 });
  });
  test("the container's settings win; zero ones come from the image", () => {
    const merged = applyImageDefaults(input({ ...none, interval: 1e9 }), image({ Test: ["CMD", "check"], Interval: 5e9, Timeout: 2e9 })).requested.healthcheck;
    expect(merged).toEqual({ ...none, test: ["CMD", "check"], interval: 1e9, timeout: 2e9 });
  });
  test("--no-healthcheck (NONE) beats the image's check; no check anywhere stays absent", () => {
    expect(applyImageDefaults(input({ ...none, test: ["NONE"] }), image({ Test: ["CMD", "check"] })).requested.healthcheck?.test).toEqual(["NONE"]);
    expect(applyImageDefaults(input(), image()).requested.healthcheck).toBeUndefined();
  });
});
