/**
 * Choices the citizen's dossier pages show, shared by the browser and the server (no server code: a
 * `.server.ts` module is empty in the browser bundle, so a component must not read its constants).
 */
import type { RatingCriterion } from "../db/schema";

/** "Hồ sơ của tôi": the status groups a citizen thinks in, by their address values. */
export const STATUS_GROUP_KEYS = ["dang-xu-ly", "can-bo-sung", "da-xong", "rut-tu-choi"] as const;
export type StatusGroup = (typeof STATUS_GROUP_KEYS)[number];

/** The rating scale, best first: 5 Rất hài lòng … 1 Rất không hài lòng. */
export const RATING_SCORES = [5, 4, 3, 2, 1] as const;
export type RatingScore = (typeof RATING_SCORES)[number];

/** The optional criteria of a rating, in the order the form shows them (db/schema.ts RATING_CRITERIA). */
export const RATING_CRITERIA_SHOWN = ["time", "attitude", "guidance", "result"] as const satisfies readonly RatingCriterion[];
