import { HUNG_YEN } from "./hung-yen";
import { THAI_BINH } from "./thai-binh";
import { SEED_PROFILES, type SeedProfile, type SeedProfileId } from "./types";

export { SEED_PROFILES, type SeedProfile, type SeedProfileId };

export const PROFILES: Record<SeedProfileId, SeedProfile> = { "thai-binh": THAI_BINH, "hung-yen": HUNG_YEN };

export const DEFAULT_SEED_PROFILE: SeedProfileId = "thai-binh";

/** SEED_PROFILE's value, checked: unknown names are refused rather than silently seeding the default. */
export function parseSeedProfile(value: string | undefined): SeedProfileId {
  if (!value) return DEFAULT_SEED_PROFILE;
  if ((SEED_PROFILES as readonly string[]).includes(value)) return value as SeedProfileId;
  throw new Error(`SEED_PROFILE phải là một trong ${SEED_PROFILES.join(", ")} (đang là "${value}").`);
}
