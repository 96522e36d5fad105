/**
 * Register books (sổ đăng ký): each book of an agency has its own number sequence per calendar
 * year, in the configured time zone. A number is given in the transaction of the signature event
 * that first fixes the document, so a rolled-back signature gives no number (no gaps), the row
 * lock of the counter orders concurrent signatures (no duplicates), and a dossier keeps the number
 * it was given if it is signed again after being sent back. The dossier's daily counter in its
 * code is not a register number.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { registerCounters, registerEntries, type RegisterBook, type ResultTemplate } from "../../../db/schema";
import { localDateOf } from "../../../workflows/calendar";

export const REGISTER_BOOK_NAMES: Record<RegisterBook, string> = {
  result: "Sổ cấp kết quả giải quyết thủ tục hành chính",
  birth: "Sổ đăng ký khai sinh",
};

/** The symbol printed after the number ("Số: 12/KQGQ"). */
export const REGISTER_BOOK_SYMBOLS: Record<RegisterBook, string> = { result: "KQGQ", birth: "ĐKKS" };

/** The book a procedure's result is entered in. */
export function registerBookFor(template: ResultTemplate): RegisterBook {
  return template === "birthCertificate" ? "birth" : "result";
}

export type RegisterEntry = {
  book: RegisterBook;
  year: number;
  number: number;
  documentDate: Date;
  /** Only a preview's number, not yet given: the book's next one (plus the places before it in a bulk signing). */
  provisional?: boolean;
};

/** Midnight of `at`'s calendar day in `timeZone`: the date a document carries, the same all day. */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  const day = localDateOf(at, timeZone);
  const noonUtc = Date.parse(`${day}T12:00:00Z`);
  // Zone offsets lie within ±14 h and are multiples of 15 minutes: the first such instant of the day.
  for (let t = noonUtc - 26 * 3_600_000; t <= noonUtc + 12 * 3_600_000; t += 15 * 60_000) {
    if (localDateOf(new Date(t), timeZone) === day) return new Date(t);
  }
  throw new Error(`Không xác định được đầu ngày ${day} theo múi giờ ${timeZone}`);
}

export const registerYearOf = (at: Date, timeZone: string) => Number(localDateOf(at, timeZone).slice(0, 4));

async function entryOf(db: Database, dossierId: string, book: RegisterBook): Promise<RegisterEntry | null> {
  const [row] = await db.select().from(registerEntries).where(and(eq(registerEntries.dossierId, dossierId), eq(registerEntries.book, book)));
  return row ? { book: row.book, year: row.year, number: row.number, documentDate: row.documentDate } : null;
}

/**
 * The entry a document would carry if it were signed now: the dossier's own entry when it has one,
 * otherwise the next number of the book — or, with `ahead`, the number it gets when that many
 * documents of the same book are signed before it (a bulk signing signs in the order shown). Only a
 * preview: `allocateRegisterNumber` decides.
 */
export async function peekRegisterEntry(
  db: Database,
  input: { agencyId: number; book: RegisterBook; dossierId: string; at: Date; timeZone: string; ahead?: number },
): Promise<RegisterEntry> {
  const existing = await entryOf(db, input.dossierId, input.book);
  if (existing) return existing;
  const year = registerYearOf(input.at, input.timeZone);
  const [counter] = await db
    .select({ lastValue: registerCounters.lastValue })
    .from(registerCounters)
    .where(and(eq(registerCounters.agencyId, input.agencyId), eq(registerCounters.book, input.book), eq(registerCounters.year, year)));
  return { book: input.book, year, number: (counter?.lastValue ?? 0) + 1 + (input.ahead ?? 0), documentDate: startOfLocalDay(input.at, input.timeZone), provisional: true };
}

/** Gives the dossier its number in the book, inside the caller's transaction (`tx`). */
export async function allocateRegisterNumber(
  tx: Database,
  input: { agencyId: number; book: RegisterBook; dossierId: string; eventId: number | null; at: Date; timeZone: string },
): Promise<RegisterEntry> {
  const existing = await entryOf(tx, input.dossierId, input.book);
  if (existing) return existing;
  const year = registerYearOf(input.at, input.timeZone);
  const [counter] = await tx
    .insert(registerCounters)
    .values({ agencyId: input.agencyId, book: input.book, year, lastValue: 1 })
    .onConflictDoUpdate({
      target: [registerCounters.agencyId, registerCounters.book, registerCounters.year],
      set: { lastValue: sql`${registerCounters.lastValue} + 1` },
    })
    .returning({ lastValue: registerCounters.lastValue });
  const documentDate = startOfLocalDay(input.at, input.timeZone);
  await tx.insert(registerEntries).values({
    agencyId: input.agencyId,
    book: input.book,
    year,
    number: counter.lastValue,
    dossierId: input.dossierId,
    eventId: input.eventId,
    documentDate,
  });
  return { book: input.book, year, number: counter.lastValue, documentDate };
}
