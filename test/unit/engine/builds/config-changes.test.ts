import { describe, expect, test } from "bun:test";
import { applyConfigChanges } from "../../../../src/engine/builds/config-changes.ts";

describe("commit/import --change", () => {
  test("configuration instructions apply to the config, in order", () => {
    const out = applyConfigChanges({ Env: ["PATH=/bin"], Cmd: ["sh"], WorkingDir: "/srv" }, ["EXPOSE 8000", 'CMD ["bash"]', "ENV A=1", "ENV B=$A", "LABEL tier=web", "USER foobar", "WORKDIR app", "VOLUME /data", "STOPSIGNAL SIGINT", "ONBUILD RUN make"]);
    expect(out).toMatchObject({
      ExposedPorts: { "8000/tcp": {} },
      Cmd: ["bash"],
      Env: ["PATH=/bin", "A=1", "B=1"],
      Labels: { tier: "web" },
      User: "foobar",
      WorkingDir: "/srv/app",
      Volumes: { "/data": {} },
      StopSignal: "SIGINT",
      OnBuild: ["RUN make"],
    });
  });

  test("shell-form CMD runs under /bin/sh -c; ENTRYPOINT alone clears the CMD, as Docker's builder does", () => {
    expect(applyConfigChanges({}, ["CMD echo hi"]).Cmd).toEqual(["/bin/sh", "-c", "echo hi"]);
    expect(applyConfigChanges({ Cmd: ["x"] }, ['ENTRYPOINT ["/run"]'])).toMatchObject({ Entrypoint: ["/run"], Cmd: null });
  });

  test("no changes leave the config as it is; the input is not modified", () => {
    const config = { Cmd: ["sh"] };
    expect(applyConfigChanges(config, [])).toBe(config);
    applyConfigChanges(config, ["CMD x"]);
    expect(config).toEqual({ Cmd: ["sh"] });
  });

  test("instructions that are not configuration, and nonsense, are refused with the reason", () => {
    expect(() => applyConfigChanges({}, ["RUN make"])).toThrow("RUN is not a valid change command");
    expect(() => applyConfigChanges({}, ["COPY a b"])).toThrow("COPY is not a valid change command");
    expect(() => applyConfigChanges({}, ["FROBNICATE x"])).toThrow('invalid change "FROBNICATE x": unknown instruction: FROBNICATE');
  });
});
