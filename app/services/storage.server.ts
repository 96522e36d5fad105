import { createHash, randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";

/** Where attachment bytes live. The key is the SHA-256 of the content, so a retry never duplicates. */
export interface AttachmentStorage {
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  get(sha256: string): Promise<Uint8Array<ArrayBuffer>>;
  /** Every stored file with the last time it was put, for the orphan clean-up. */
  list(): AsyncIterable<{ sha256: string; storedAt: Date }>;
  delete(sha256: string): Promise<void>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function localFolderStorage(root: string): AttachmentStorage {
  const pathOf = (sha256: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Khoá tệp không hợp lệ: ${sha256}`);
    return path.join(root, sha256.slice(0, 2), sha256);
  };
  return {
    async put(bytes) {
      const sha256 = sha256Hex(bytes);
      const target = pathOf(sha256);
      const exists = await stat(target).then(
        () => true,
        () => false,
      );
      // Putting the same bytes again renews the file's time, so the clean-up never takes a file
      // that was just uploaded again under the same hash.
      if (exists) await utimes(target, new Date(), new Date());
      else {
        await mkdir(path.dirname(target), { recursive: true });
        // Write then rename, so a reader never sees half a file.
        const temp = `${target}.${randomUUID()}.tmp`;
        await writeFile(temp, bytes);
        await rename(temp, target);
      }
      return { sha256, size: bytes.byteLength };
    },
    async get(sha256) {
      return new Uint8Array(await readFile(pathOf(sha256)));
    },
    async *list() {
      const prefixes = await readdir(root).catch(() => [] as string[]);
      for (const prefix of prefixes) {
        if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
        for (const name of await readdir(path.join(root, prefix))) {
          if (!/^[0-9a-f]{64}$/.test(name)) continue; // half-written .tmp files are not stored files
          const info = await stat(path.join(root, prefix, name)).catch(() => null);
          if (info) yield { sha256: name, storedAt: info.mtime };
        }
      }
    },
    async delete(sha256) {
      await rm(pathOf(sha256), { force: true });
    },
  };
}
