import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Conflict, InvalidArgument, NotFound } from "../../../src/lib/index.ts";
import { ImageRecords, MetadataDb, type LayerRecord, type NewImage } from "../../../src/store/index.ts";
import { sha256 } from "./_blob-bytes.ts";

const base = mkdtempSync(join(tmpdir(), "bunker-imgdb-"));
const dbs: MetadataDb[] = [];
afterAll(() => {
  for (const db of dbs) db.close();
  rmSync(base, { recursive: true, force: true });
});
let n = 0;
function fresh(): { db: MetadataDb; repo: ImageRecords<{ note: string }>; file: string } {
  const file = join(base, `db${n++}`, "bunker.db");
  const db = new MetadataDb(file);
  dbs.push(db);
  return { db, repo: new ImageRecords(db), file };
}

function layersOf(...names: string[]): LayerRecord[] {
  const diffIds = names.map((x) => sha256(`diff ${x}`));
  const chain = ImageRecords.chainIds(diffIds);
  return diffIds.map((diffId, i) => ({ chainId: chain[i]!, diffId, parent: i === 0 ? null : chain[i - 1]!, size: 100 * (i + 1), snapshotKey: `snap-${chain[i]!.slice(7, 19)}` }));
}

function image(name: string, layers: LayerRecord[], references: string[] = [], created = "2024-01-01T00:00:00Z"): NewImage<{ note: string }> {
  return { id: sha256(`config ${name}`), manifestDigest: sha256(`manifest ${name}`), platform: "linux/amd64", size: 1234, created, doc: { note: name }, references, layers, blobs: layers.map((l) => sha256(`blob ${l.diffId}`)) };
}

describe("ImageRecords", () => {
  test("chain ids follow the OCI rule", () => {
    const a = sha256("a");
    const b = sha256("b");
    expect(ImageRecords.chainIds([])).toEqual([]);
    expect(ImageRecords.chainIds([a, b])).toEqual([a, sha256(`${a} ${b}`)]);
  });

  test("addImage records image, layers, blobs and references; find by id, prefix, reference", () => {
    const { repo } = fresh();
    const img = image("one", layersOf("base", "top"), ["docker.io/library/one:latest"]);
    const { image: rec, movedReferences } = repo.addImage(img);
    expect(movedReferences).toEqual([]);
    expect(rec).toEqual({
      id: img.id, manifestDigest: img.manifestDigest, platform: "linux/amd64", size: 1234, created: img.created, doc: { note: "one" },
      references: ["docker.io/library/one:latest"], layers: img.layers.map((l) => l.chainId),
      blobs: [img.id, img.manifestDigest, ...img.blobs!].sort(),
    });
    expect(repo.get(img.id)).toEqual(rec);
    expect(repo.findByReference("docker.io/library/one:latest")).toEqual(rec);
    expect(repo.findByReference("docker.io/library/one:other")).toBeUndefined();
    expect(repo.findByPrefix(img.id.slice(7, 19))).toEqual(rec);
    expect(repo.findByPrefix(img.id.slice(0, 12))).toEqual(rec);
    expect(repo.findByPrefix("zz")).toBeUndefined();
    expect(repo.find(img.id.slice(7, 14))).toEqual(rec);
    expect(repo.find("docker.io/library/one:latest")).toEqual(rec);
    expect(repo.getLayer(img.layers[1]!.chainId)).toEqual(img.layers[1]);
    expect(repo.liveBlobs()).toEqual(new Set(rec.blobs));
    expect(repo.liveSnapshotKeys()).toEqual(new Set(img.layers.map((l) => l.snapshotKey)));
  });

  test("an ambiguous prefix is InvalidArgument", () => {
    const { repo } = fresh();
    const ids: string[] = [];
    for (let i = 0; ids.length < 2 || ids[0]![7] !== ids[1]![7]; i++) {
      const img = image(`amb${i}`, []);
      if (!ids.length || img.id[7] === ids[0]![7]) { repo.addImage(img); ids.push(img.id); }
    }
    expect(() => repo.findByPrefix(ids[0]!.slice(7, 8))).toThrow(InvalidArgument);
    expect(repo.findByPrefix(ids[0]!)?.id).toBe(ids[0]);
  });

  test("layers are shared; a bad chain is refused and nothing is written", () => {
    const { repo } = fresh();
    const shared = layersOf("base", "mid");
    repo.addImage(image("a", shared));
    repo.addImage(image("b", [...shared, ...layersOf("base", "mid", "b-top").slice(2)]));
    expect(repo.listLayers().length).toBe(3);
    const broken = layersOf("x", "y");
    broken[1] = { ...broken[1]!, parent: null };
    expect(() => repo.addImage(image("c", broken, ["c:1"]))).toThrow(/parent null should be/);
    const wrongChain = layersOf("x", "y");
    wrongChain[1] = { ...wrongChain[1]!, chainId: sha256("nonsense") };
    expect(() => repo.addImage(image("c", wrongChain))).toThrow(/does not match its diff ids/);
    // A conflict found inside the transaction rolls back the image row and its references too.
    const clash = layersOf("base");
    clash[0] = { ...clash[0]!, snapshotKey: "another-key" };
    expect(() => repo.addImage(image("d", clash, ["d:1"]))).toThrow(Conflict);
    expect(repo.get(image("d", []).id)).toBeUndefined();
    expect(repo.findByReference("d:1")).toBeUndefined();
    expect(repo.list().map((i) => i.doc.note)).toEqual(["a", "b"]);
    expect(() => repo.addImage({ ...image("e", []), id: "sha256:short" })).toThrow(InvalidArgument);
  });

  test("tag, untag and moving references", () => {
    const { repo } = fresh();
    const a = repo.addImage(image("a", [], ["app:1", "app:latest"])).image;
    expect(repo.tag("app:2", a.id)).toBeUndefined();
    const b = repo.addImage(image("b", [], ["app:latest"]));
    expect(b.movedReferences).toEqual([{ reference: "app:latest", from: a.id }]);
    expect(repo.get(a.id)!.references).toEqual(["app:1", "app:2"]);
    expect(repo.tag("app:1", b.image.id)).toBe(a.id);
    expect(() => repo.tag("x:1", sha256("missing"))).toThrow(NotFound);
    expect(() => repo.tag("bad ref", a.id)).toThrow(InvalidArgument);
    expect(repo.untag("app:2")).toEqual({ imageId: a.id, remaining: 0 });
    expect(repo.untag("app:1")).toEqual({ imageId: b.image.id, remaining: 1 });
    expect(() => repo.untag("app:1")).toThrow("No such image: app:1");
    expect(repo.get(a.id)!.references).toEqual([]);
  });

  test("remove returns the layers (top first) and blobs no other image uses", () => {
    const { repo } = fresh();
    const shared = layersOf("base", "mid");
    const mine = layersOf("base", "mid", "top1", "top2");
    const a = repo.addImage(image("a", shared, ["a:1"])).image;
    const b = repo.addImage(image("b", mine, ["b:1", "b@" + sha256("manifest b")])).image;
    const removed = repo.remove(b.id);
    expect(removed.image.references).toEqual(["b:1", "b@" + sha256("manifest b")]);
    expect(removed.layers.map((l) => l.chainId)).toEqual([mine[3]!.chainId, mine[2]!.chainId]);
    expect(removed.blobs.sort()).toEqual([b.id, b.manifestDigest, sha256(`blob ${mine[2]!.diffId}`), sha256(`blob ${mine[3]!.diffId}`)].sort());
    expect(repo.get(b.id)).toBeUndefined();
    expect(repo.findByReference("b:1")).toBeUndefined();
    expect(repo.listLayers().map((l) => l.chainId)).toEqual(shared.map((l) => l.chainId));
    expect(() => repo.remove(b.id)).toThrow(NotFound);
    const last = repo.remove(a.id);
    expect(last.layers.map((l) => l.chainId)).toEqual([shared[1]!.chainId, shared[0]!.chainId]);
    expect(repo.listLayers()).toEqual([]);
    expect(repo.liveBlobs().size).toBe(0);
  });

  test("records survive reopening; the containers table is untouched", () => {
    const { db, repo, file } = fresh();
    repo.addImage(image("keep", layersOf("k"), ["keep:1"]));
    db.put("containers", { id: "c1", name: "web", created: "2024" });
    db.close();
    const again = new MetadataDb(file);
    dbs.push(again);
    expect(new ImageRecords(again).findByReference("keep:1")?.doc).toEqual({ note: "keep" });
    expect(again.get("containers", "c1")).toEqual({ id: "c1", name: "web", created: "2024" });
    const raw = new Database(file, { readonly: true });
    const tables = (raw.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    raw.close();
    expect(tables).toEqual(["build_cache", "containers", "image_blobs", "image_layers", "images", "layers", "networks", "tags", "volumes"]);
  });
});
