/**
 * Every translation namespace, per language. A namespace is one area's strings (common: the frame and
 * shared labels). Add a namespace here in both languages; the English one is typed against the
 * Vietnamese one.
 */
import { common as viCommon } from "./vi/common";
import { common as enCommon } from "./en/common";

export const resources = {
  vi: { common: viCommon },
  en: { common: enCommon },
} as const;

export type Namespace = keyof (typeof resources)["vi"];
