/** The canonical encoding and the chain check, without a database (issue 8, point 4). */
import { describe, expect, it } from "vitest";
import { firstBrokenLink } from "./audit-verify";
import { canonicalEventEncoding, CURRENT_HASH_SCHEME, eventHash, GENESIS_HASH, type ChainedEventRow } from "./event-chain";

const dossier = { id: "d1", code: "000.00.15.H54-261123-0001", status: 2, statePath: "received", version: 2 };

function chain(schemes: number[]): { rows: ChainedEventRow[]; hashes: string[] } {
  const rows: ChainedEventRow[] = [];
  const hashes: string[] = [];
  schemes.forEach((hashScheme, i) => {
    const row: ChainedEventRow = {
      id: 10 + i,
      dossierId: "d1",
      seq: i + 1,
      actorUserId: i === 0 ? 1 : 2,
      actorRole: i === 0 ? "citizen" : "desk",
      action: i === 0 ? "SUBMIT" : "RECEIVE",
      fromState: i === 0 ? null : "submitted",
      toState: i === 0 ? "submitted" : "received",
      fromStatus: i === 0 ? null : 1,
      toStatus: i === 0 ? 1 : 2,
      note: null,
      effects: i === 0 ? [] : [{ type: "startClock" }, { type: "notifyApplicant", template: "received" }],
      occurredAt: new Date(Date.UTC(2026, 10, 23, 2, i)),
      stepDueAt: null,
      transactionId: `tx-${i}`,
      dossierVersion: i + 1,
      hashScheme,
      prevHash: hashes[i - 1] ?? GENESIS_HASH,
    };
    rows.push(row);
    hashes.push(eventHash(row));
  });
  return { rows, hashes };
}

describe("the event chain", () => {
  it("encodes a row as RFC 8785 JSON of every column, keys sorted, independent of key order in effects", () => {
    const { rows } = chain([2]);
    const text = canonicalEventEncoding(rows[0]);
    expect(text.startsWith('{"action":"SUBMIT","actor_role":"citizen","actor_user_id":1,"dossier_id":"d1","dossier_version":1,')).toBe(true);
    const reordered = { ...rows[0], effects: [{ template: "x", type: "notifyApplicant" }] } as unknown as ChainedEventRow;
    const original = { ...rows[0], effects: [{ type: "notifyApplicant", template: "x" }] } as unknown as ChainedEventRow;
    expect(eventHash(reordered)).toBe(eventHash(original));
  });

  it("accepts a sound chain, old rows (scheme 1) followed by new ones", () => {
    const { rows, hashes } = chain([1, CURRENT_HASH_SCHEME]);
    expect(firstBrokenLink(dossier, rows, hashes)).toBeNull();
  });

  it("names the row whose effects or status were changed", () => {
    const { rows, hashes } = chain([2, 2]);
    rows[1] = { ...rows[1], effects: [] };
    expect(firstBrokenLink(dossier, rows, hashes)).toMatchObject({ seq: 2, problem: expect.stringContaining("đã bị sửa") });
  });

  it("refuses a row that goes back to the old scheme, which ignores status and effects", () => {
    const { rows, hashes } = chain([2, 1]);
    expect(firstBrokenLink(dossier, rows, hashes)).toMatchObject({ seq: 2, problem: expect.stringContaining("hash_scheme 1") });
  });

  it("names a missing row and a chain that ends before the dossier's state", () => {
    const { rows, hashes } = chain([2, 2]);
    expect(firstBrokenLink(dossier, [rows[1]], [hashes[1]])).toMatchObject({ seq: 2, problem: expect.stringContaining("bị thiếu") });
    expect(firstBrokenLink(dossier, [rows[0]], [hashes[0]])).toMatchObject({ seq: null, problem: expect.stringContaining("chuỗi kết thúc ở submitted") });
    expect(firstBrokenLink(dossier, [], [])).toMatchObject({ seq: null });
  });
});
