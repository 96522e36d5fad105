/**
 * Every translation namespace, per language. A namespace is one area's strings (common: the frame and
 * shared labels). Add a namespace here in both languages; the English one is typed against the
 * Vietnamese one.
 */
import { common as viCommon } from "./vi/common";
import { common as enCommon } from "./en/common";
import { dossier as viDossier } from "./vi/dossier";
import { dossier as enDossier } from "./en/dossier";

export const resources = {
  vi: { common: viCommon, dossier: viDossier },
  en: { common: enCommon, dossier: enDossier },
} as const;

export type Namespace = keyof (typeof resources)["vi"];
