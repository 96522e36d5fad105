/**
 * Every translation namespace, per language. A namespace is one area's strings (common: the frame and
 * shared labels). Add a namespace here in both languages; the English one is typed against the
 * Vietnamese one.
 */
import { account as viAccount } from "./vi/account";
import { account as enAccount } from "./en/account";
import { catalog as viCatalog } from "./vi/catalog";
import { catalog as enCatalog } from "./en/catalog";
import { common as viCommon } from "./vi/common";
import { common as enCommon } from "./en/common";
import { monitoring as viMonitoring } from "./vi/monitoring";
import { monitoring as enMonitoring } from "./en/monitoring";
import { dossier as viDossier } from "./vi/dossier";
import { dossier as enDossier } from "./en/dossier";
import { indicators as viIndicators } from "./vi/indicators";
import { indicators as enIndicators } from "./en/indicators";
import { statistics as viStatistics } from "./vi/statistics";
import { statistics as enStatistics } from "./en/statistics";
import { verify as viVerify } from "./vi/verify";
import { verify as enVerify } from "./en/verify";
import { wizard as viWizard } from "./vi/wizard";
import { wizard as enWizard } from "./en/wizard";

export const resources = {
  vi: {
    account: viAccount,
    catalog: viCatalog,
    common: viCommon,
    dossier: viDossier,
    indicators: viIndicators,
    statistics: viStatistics,
    monitoring: viMonitoring,
    verify: viVerify,
    wizard: viWizard,
  },
  en: {
    account: enAccount,
    catalog: enCatalog,
    common: enCommon,
    dossier: enDossier,
    indicators: enIndicators,
    statistics: enStatistics,
    monitoring: enMonitoring,
    verify: enVerify,
    wizard: enWizard,
  },
} as const;

export type Namespace = keyof (typeof resources)["vi"];
