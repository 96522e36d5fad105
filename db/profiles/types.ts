/**
 * A seed profile: one province's agency tree, administrative units and the placement of the catalog's
 * procedures in it. The same code serves every profile (SEED_PROFILE chooses); only this data differs.
 */
import type { DepartmentKey, Placement } from "../catalog-data";

export const SEED_PROFILES = ["thai-binh", "hung-yen"] as const;
export type SeedProfileId = (typeof SEED_PROFILES)[number];

export type SeedAgency = {
  key: string;
  identifier: string | null;
  identifierIsSample: boolean;
  name: string;
  level: "province" | "district" | "commune";
  kind: "government" | "department" | "desk" | "unit";
  parent: string | null;
  address?: string;
  /** Who applies the agency's seal; the default is its records clerk (văn thư). */
  sealAppliedBy?: "clerk" | "system";
  /** Địa danh of the seat, head's title and abbreviation (Decree 30/2020), for governing bodies and departments. */
  placeName?: string;
  headTitle?: string;
  abbreviation?: string;
};

export type SeedAdministrativeUnit = {
  code: string;
  name: string;
  level: "province" | "district" | "commune";
  parentCode: string | null;
  isSample: boolean;
};

export type SeedProfile = {
  id: SeedProfileId;
  /** The province's letter code in QCVN 102 identifiers (H54, H31). */
  provinceCode: string;
  agencies: SeedAgency[];
  units: SeedAdministrativeUnit[];
  /** The agency key each department role maps to (merged departments share one agency). */
  departments: Record<DepartmentKey, string>;
  /** The commune a commune-level procedure names as its deciding agency (every commune receives it). */
  demoCommune: string;
  /** The district of district-level procedures; absent in a two-level profile. */
  demoDistrict?: string;
  /** Demo accounts name agencies by the seed-era keys; a profile may send them elsewhere. */
  accountAgencyAliases: Record<string, string>;
  /** Which placement a procedure takes: the seed-era one or today's. */
  era: "thaiBinh" | "hungYen";
};

export type { DepartmentKey, Placement };
