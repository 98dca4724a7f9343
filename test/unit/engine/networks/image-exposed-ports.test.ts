import { describe, expect, test } from "bun:test";
import { applyImageDefaults } from "../../../../src/engine/containers/image-defaults.ts";
import type { CreateInput, Image } from "../../../../src/engine/index.ts";

const input = (exposedPorts: string[]): CreateInput =>
  ({
    requested: { cmd: null, entrypoint: null, env: [], labels: {}, workingDir: "", user: "", stopSignal: "" },
    host: {},
    runtime: { args: [], env: [] },
    network: { mode: "default", endpoints: {}, portBindings: {}, publishAll: true, exposedPorts },
  }) as unknown as CreateInput;

const image = (exposed?: Record<string, object>) => ({ doc: { config: { config: { Cmd: ["httpd"], ExposedPorts: exposed } } } }) as unknown as Image;

describe("the image's EXPOSE joins the container's exposed ports (for -P)", () => {
  test("merged without duplicates, the image's first", () => {
    expect(applyImageDefaults(input(["53/udp", "80/tcp"]), image({ "80/tcp": {}, "443/tcp": {} })).network!.exposedPorts).toEqual(["80/tcp", "443/tcp", "53/udp"]);
  });
  test("an image without EXPOSE leaves them as they are", () => {
    expect(applyImageDefaults(input(["8080/tcp"]), image()).network!.exposedPorts).toEqual(["8080/tcp"]);
  });
});
