import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";

/** Where attachment bytes live. The key is the SHA-256 of the content, so a retry never duplicates. */
export interface AttachmentStorage {
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  get(sha256: string): Promise<Uint8Array<ArrayBuffer>>;
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
      if (!exists) {
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
  };
}
