/**
 * `npm run audit:verify`: walks the event chain of every dossier and names, per broken chain, the
 * first broken link (dossier code, seq, what differs). Exit code 0 when every chain holds, 1 when
 * one is broken, 2 when the check could not run. Against DATABASE_URL, or the embedded PGlite
 * under DATA_DIR (default ./data; stop the app first: PGlite is one process's database).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { asc, eq, gt } from "drizzle-orm";
import { openDatabase, type Database } from "./client";
import { CURRENT_HASH_SCHEME, eventHash, GENESIS_HASH, type ChainedEventRow } from "./event-chain";
import { dossierEvents, dossiers } from "./schema";

export type BrokenLink = {
  dossierId: string;
  code: string;
  /** The seq of the first row that does not hold; null when the break is in the dossier row itself. */
  seq: number | null;
  problem: string;
};

export type AuditReport = { dossiers: number; events: number; broken: BrokenLink[] };

type DossierHead = { id: string; code: string; status: number; statePath: string; version: number };

/** The first broken link of one chain, or null when it holds from SUBMIT to the dossier's current state. */
export function firstBrokenLink(dossier: DossierHead, events: ChainedEventRow[], hashes: string[]): BrokenLink | null {
  const broken = (seq: number | null, problem: string): BrokenLink => ({ dossierId: dossier.id, code: dossier.code, seq, problem });
  if (events.length === 0) return broken(null, "hồ sơ không có sự kiện nào (thiếu sự kiện nộp hồ sơ)");
  let previousHash = GENESIS_HASH;
  let sawCurrentScheme = false;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.seq !== i + 1) return broken(e.seq, `số thứ tự ${i + 1} bị thiếu (một dòng đã bị xoá), gặp ${e.seq}`);
    if (e.prevHash !== previousHash) {
      return broken(e.seq, `prev_hash ${e.prevHash} khác hash của dòng trước ${previousHash}`);
    }
    if (sawCurrentScheme && e.hashScheme !== CURRENT_HASH_SCHEME) {
      return broken(e.seq, `hash_scheme ${e.hashScheme} sau một dòng theo cách mã hoá ${CURRENT_HASH_SCHEME}`);
    }
    sawCurrentScheme ||= e.hashScheme === CURRENT_HASH_SCHEME;
    let expected: string;
    try {
      expected = eventHash(e);
    } catch {
      return broken(e.seq, `hash_scheme ${e.hashScheme} không được hỗ trợ`);
    }
    if (expected !== hashes[i]) {
      return broken(e.seq, `hash lưu ${hashes[i]} khác hash tính lại ${expected}: nội dung dòng đã bị sửa`);
    }
    previousHash = hashes[i];
  }
  // A chain that holds may still have lost its last rows: the dossier must stand where it ends.
  const last = events[events.length - 1];
  if (last.toState !== dossier.statePath || last.toStatus !== dossier.status) {
    return broken(null, `hồ sơ ở trạng thái ${dossier.statePath} (${dossier.status}), chuỗi kết thúc ở ${last.toState} (${last.toStatus}) tại dòng ${last.seq}`);
  }
  if (last.hashScheme === CURRENT_HASH_SCHEME && last.dossierVersion !== dossier.version) {
    return broken(null, `hồ sơ ở phiên bản ${dossier.version}, chuỗi kết thúc ở phiên bản ${last.dossierVersion} tại dòng ${last.seq}`);
  }
  return null;
}

const PAGE = 500;

/** Reads dossiers page by page (by id), each with its whole chain, so memory stays bounded. */
export async function verifyAuditChains(db: Database): Promise<AuditReport> {
  const report: AuditReport = { dossiers: 0, events: 0, broken: [] };
  let after: string | null = null;
  for (;;) {
    const page: DossierHead[] = await db
      .select({ id: dossiers.id, code: dossiers.code, status: dossiers.status, statePath: dossiers.statePath, version: dossiers.version })
      .from(dossiers)
      .where(after === null ? undefined : gt(dossiers.id, after))
      .orderBy(asc(dossiers.id))
      .limit(PAGE);
    if (page.length === 0) break;
    for (const dossier of page) {
      const rows = await db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, dossier.id)).orderBy(asc(dossierEvents.seq));
      report.dossiers += 1;
      report.events += rows.length;
      const link = firstBrokenLink(dossier, rows, rows.map((r) => r.hash));
      if (link) report.broken.push(link);
    }
    after = page[page.length - 1].id;
  }
  return report;
}

export function formatReport(report: AuditReport): string {
  const lines = [`Đã kiểm tra ${report.events} sự kiện của ${report.dossiers} hồ sơ.`];
  if (report.broken.length === 0) lines.push("Mọi chuỗi nhật ký đều toàn vẹn.");
  for (const b of report.broken) {
    lines.push(`CHUỖI BỊ PHÁ VỠ: hồ sơ ${b.code}${b.seq === null ? "" : `, dòng seq ${b.seq}`}: ${b.problem}`);
  }
  return lines.join("\n");
}

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL || undefined;
  const dataDir = path.join(path.resolve(process.env.DATA_DIR ?? "data"), "pglite");
  // Opening a missing folder would create an empty database and report on nothing.
  if (!url && !existsSync(dataDir)) {
    console.error(`Không tìm thấy cơ sở dữ liệu: đặt DATABASE_URL, hoặc DATA_DIR tới thư mục dữ liệu (đang tìm ${dataDir}).`);
    return 2;
  }
  const database = await openDatabase({ url, dataDir, poolSize: 2 });
  try {
    const report = await verifyAuditChains(database.db);
    console.log(formatReport(report));
    return report.broken.length === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`Không kiểm tra được nhật ký: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
