// Run by content-store.test.ts: ingests a blob slowly so the test can kill this process mid-way.
import { ContentStore } from "../../../src/store/index.ts";
import { blobBytes } from "./_blob-bytes.ts";

const [dataRoot, digest, sizeText] = process.argv.slice(2);
const bytes = blobBytes(Number(sizeText));
const store = new ContentStore(dataRoot!);
async function* slow(): AsyncGenerator<Uint8Array> {
  for (let off = 0; off < bytes.length; off += 64 * 1024) {
    yield bytes.subarray(off, off + 64 * 1024);
    await Bun.sleep(15);
  }
}
await store.ingest(digest!, slow(), { expectedSize: bytes.length });
console.log("done");
