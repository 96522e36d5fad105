/**
 * The one owner of the portal's time zone. Every "today", every local "17:00", every register year
 * and every date shown goes through here, in browser and server alike, so the two never disagree.
 * Vietnam keeps one zone with no daylight saving; a deployment elsewhere changes PORTAL_TIME_ZONE
 * here and nowhere else. Arithmetic reads the zone's rules (workflows/calendar), never "+07:00".
 */
import { DEFAULT_TIME_ZONE, instantOfLocal, localDateOf } from "../workflows/calendar";

export const PORTAL_TIME_ZONE = DEFAULT_TIME_ZONE;

/** 'YYYY-MM-DD' of an instant in the portal's zone. */
export const localDate = (instant: Date): string => localDateOf(instant, PORTAL_TIME_ZONE);

/** The year of an instant in the portal's zone (a register book's year, a report's). */
export const localYear = (instant: Date): number => Number(localDate(instant).slice(0, 4));

/** The instant of a local date and wall time typed in a form; null when it does not exist. */
export const localInstant = (date: string, time = "00:00"): Date | null => instantOfLocal(date, time, PORTAL_TIME_ZONE);

/** `<input type="datetime-local">`'s 'YYYY-MM-DDTHH:mm' as an instant in the portal's zone. */
export function localDateTimeInstant(value: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  return m ? localInstant(m[1], m[2]) : null;
}

const dateTimeFormat = new Intl.DateTimeFormat("vi-VN", {
  timeZone: PORTAL_TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});
const shortDateTimeFormat = new Intl.DateTimeFormat("vi-VN", { timeZone: PORTAL_TIME_ZONE, dateStyle: "short", timeStyle: "short" });

/** 'HH:mm dd/mm/yyyy' as Vietnamese write it, in the portal's zone. */
export const formatLocalDateTime = (instant: Date): string => dateTimeFormat.format(instant);
export const formatShortLocalDateTime = (instant: Date): string => shortDateTimeFormat.format(instant);

const compactParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: PORTAL_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** 'yyyyMMddHHmmss' in the portal's zone: the national portal's date format (DOMAIN §12). */
export function formatCompactLocal(instant: Date): string {
  const part = Object.fromEntries(compactParts.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${part.year}${part.month}${part.day}${part.hour}${part.minute}${part.second}`;
}
