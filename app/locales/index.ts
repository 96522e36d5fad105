/**
 * Every translation namespace, per language. A namespace is one area's strings (common: the frame and
 * shared labels). Add a namespace here in both languages; the English one is typed against the
 * Vietnamese one.
 */
import { common as viCommon } from "./vi/common";
import { common as enCommon } from "./en/common";
import { verify as viVerify } from "./vi/verify";
import { verify as enVerify } from "./en/verify";
import { catalog as viCatalog } from "./vi/catalog";
import { catalog as enCatalog } from "./en/catalog";
import { account as viAccount } from "./vi/account";
import { account as enAccount } from "./en/account";
import { wizard as viWizard } from "./vi/wizard";
import { wizard as enWizard } from "./en/wizard";

export const resources = {
  vi: {
    common: viCommon,
    verify: viVerify,
    catalog: viCatalog,
    account: viAccount,
    wizard: viWizard,
  },
  en: {
    common: enCommon,
    verify: enVerify,
    catalog: enCatalog,
    account: enAccount,
    wizard: enWizard,
  },
import { dossier as viDossier } from "./vi/dossier";
import { dossier as enDossier } from "./en/dossier";

export const resources = {
  vi: { common: viCommon, dossier: viDossier },
  en: { common: enCommon, dossier: enDossier },
} as const;

export type Namespace = keyof (typeof resources)["vi"];
