/**
 * Database schema. Invariants that matter are constraints here too (unique codes, one dossier per
 * idempotency key, allowed status values), so that no code path can break them.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import type { Allowance, WorkCalendar } from "../workflows/calendar";

/** Office hours per ISO weekday (1 = Monday), as the working-time calendar reads them. */
export type OfficeHours = WorkCalendar["officeHours"];
import type { PersistedDossierState, WorkflowStep, DossierEffect } from "../workflows/dossier-machine";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** Agency tree (cơ quan): province → department / district → commune, each with desks and units. */
export const agencies = pgTable(
  "agencies",
  {
    id: serial("id").primaryKey(),
    /** Electronic identifier in the QCVN 102:2016 shape, e.g. 000.00.00.H54; desks and units inside an agency have none. */
    identifier: text("identifier").unique(),
    /** True when the identifier is not known for certain (DOMAIN.md §2): shown as sample data. */
    identifierIsSample: boolean("identifier_is_sample").notNull().default(true),
    name: text("name").notNull(),
    level: text("level", { enum: ["province", "district", "commune"] }).notNull(),
    kind: text("kind", { enum: ["government", "department", "desk", "unit"] }).notNull(),
    parentId: integer("parent_id"),
    address: text("address"),
    /**
     * Who applies the agency's seal (chữ ký số của cơ quan) to a signed result: the records clerk
     * (văn thư) as her own act, or the system right after the leader's signature.
     */
    sealAppliedBy: text("seal_applied_by", { enum: ["clerk", "system"] }).notNull().default("clerk"),
    /**
     * Địa danh (Decree 30/2020): the place name printed before the date of the agency's documents,
     * that of its seat ("Đông Hưng" for the district, "Thái Bình" for the province). Null: inherited
     * from the parent agency.
     */
    placeName: text("place_name"),
    /** Chức danh of the agency's head as a signature block prints it: "Chủ tịch", "Giám đốc". */
    headTitle: text("head_title"),
    /** Chữ viết tắt tên cơ quan in document symbols (UBND, STP); null when the agency has none. */
    abbreviation: text("abbreviation"),
    /** The agency's own office hours (DOMAIN §7); null: the portal's default 07:00–11:30, 13:30–17:00. */
    officeHours: jsonb("office_hours").$type<OfficeHours>(),
    /** An agency merged away or closed keeps its history but takes no new dossiers. */
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    check("agencies_seal_applied_by_check", sql`${t.sealAppliedBy} in ('clerk','system')`),
    check("agencies_level_check", sql`${t.level} in ('province','district','commune')`),
    check("agencies_kind_check", sql`${t.kind} in ('government','department','desk','unit')`),
    index("agencies_parent_idx").on(t.parentId),
  ],
);

export const ROLES = ["citizen", "desk", "specialist", "unitHead", "leader", "clerk", "admin", "monitor"] as const;
export type UserRole = (typeof ROLES)[number];

export const ACCOUNT_TYPES = ["person", "organisation"] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export const ACCOUNT_ORIGINS = ["admin", "self", "national"] as const;

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  username: text("username").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  fullName: text("full_name").notNull(),
  email: text("email"),
  phone: text("phone"),
  /** Số CCCD/định danh cá nhân of a citizen. */
  idNumber: text("id_number"),
  address: text("address"),
  /** Title shown in signature blocks, e.g. "Phó Chủ tịch". */
  title: text("title"),
  /** The language of the mails the portal sends this person: Vietnamese unless they chose English. */
  preferredLanguage: text("preferred_language", { enum: ["vi", "en"] }).notNull().default("vi"),
  /** The unit (phòng, kind 'unit') an officer works in, inside the agency of her roles. */
  unitId: integer("unit_id").references((): AnyPgColumn => agencies.id),
  /** A deactivated account cannot sign in and its sessions end; its history stays. */
  active: boolean("active").notNull().default(true),
  /**
   * The signing certificate bound to this officer (PEM), checked against her signing key: a
   * signature is refused when the key's certificate is not the bound one.
   */
  signingCertificatePem: text("signing_certificate_pem"),
  /** SHA-256 (hex) of the bound certificate's DER, shown to administrators. */
  signingCertificateSha256: text("signing_certificate_sha256"),
  /** Một người (person) or a tổ chức/doanh nghiệp (organisation), which carries a name and a tax code. */
  accountType: text("account_type", { enum: ACCOUNT_TYPES }).notNull().default("person"),
  organisationName: text("organisation_name"),
  /** Mã số thuế: 10 digits, or 13 for a branch (written 0101234567-001, kept as digits). */
  taxCode: text("tax_code"),
  /**
   * How the account came to be: created by an administrator or seeded (`admin`, the person was
   * checked at a desk), registered by the person (`self`, needs a verified e-mail or phone before
   * submitting), or made from the national identity provider's claims (`national`).
   */
  origin: text("origin", { enum: ACCOUNT_ORIGINS }).notNull().default("admin"),
  emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
  phoneVerifiedAt: timestamp("phone_verified_at", { withTimezone: true }),
  /** Set when the national identity provider vouched for `idNumber`; such an ID number is not edited by the person. */
  idNumberVerifiedAt: timestamp("id_number_verified_at", { withTimezone: true }),
  dateOfBirth: date("date_of_birth"),
  createdAt: createdAt(),
}, (t) => [
  check("users_account_type_check", sql`${t.accountType} in ('person','organisation')`),
  check("users_origin_check", sql`${t.origin} in ('admin','self','national')`),
  check("users_tax_code_check", sql`${t.taxCode} is null or ${t.taxCode} ~ '^[0-9]{10}([0-9]{3})?$'`),
  check("users_organisation_check", sql`${t.accountType} = 'person' or (${t.organisationName} is not null and ${t.taxCode} is not null)`),
  // Signing in by e-mail or phone needs one account per verified address; a verified ID number links one account.
  uniqueIndex("users_verified_email_unique").on(sql`lower(${t.email})`).where(sql`${t.emailVerifiedAt} is not null`),
  uniqueIndex("users_verified_phone_unique").on(t.phone).where(sql`${t.phoneVerifiedAt} is not null`),
  uniqueIndex("users_verified_id_number_unique").on(t.idNumber).where(sql`${t.idNumberVerifiedAt} is not null`),
]);


/** A role held in an agency; a citizen's role has no agency. Permissions derive from these rows. */
export const userRoles = pgTable(
  "user_roles",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    /** 0 for roles that belong to no agency (citizen), so that the key stays total. */
    agencyId: integer("agency_id").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.role, t.agencyId] }),
    check("user_roles_role_check", sql`${t.role} in ('citizen','desk','specialist','unitHead','leader','clerk','admin','monitor')`),
  ],
);

/** Server-side sessions, so that a session can be revoked. The cookie holds a random token; we keep its hash. */
export const sessions = pgTable("sessions", {
  tokenHash: text("token_hash").primaryKey(),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  createdAt: createdAt(),
  /** Absolute end of the session, whatever the activity. */
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  /** Last request seen; an idle session ends (30 minutes for officers). Updated at most once a minute. */
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  /** The role (one of the user's user_roles rows) chosen for this session; null until one is chosen. */
  activeRole: text("active_role", { enum: ROLES }),
  activeAgencyId: integer("active_agency_id"),
  /** The handle the person's session list names this session by (never the token or its hash). */
  publicId: uuid("public_id").notNull().defaultRandom().unique(),
  /** The browser's User-Agent at sign-in, shortened, so the person recognises the device. */
  userAgent: text("user_agent"),
});

export const ONE_TIME_TOKEN_PURPOSES = ["verifyEmail", "verifyPhone", "resetPassword"] as const;
export type OneTimeTokenPurpose = (typeof ONE_TIME_TOKEN_PURPOSES)[number];

/**
 * One-time secrets sent to a person: an e-mail/phone verification (a link and a 6-digit code) or a
 * password-reset link. Only hashes are kept; each is used once, expires, and counts wrong codes.
 */
export const oneTimeTokens = pgTable(
  "one_time_tokens",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ONE_TIME_TOKEN_PURPOSES }).notNull(),
    /** The e-mail address or phone number the secret went to: verifying proves this one, not a later one. */
    target: text("target").notNull(),
    /** SHA-256 of the link's secret. */
    linkHash: text("link_hash").notNull().unique(),
    /** SHA-256 of the handle the code page carries (which pending verification a typed code is for). */
    handleHash: text("handle_hash").unique(),
    /** HMAC of the 6-digit code with the application secret (a bare hash of 6 digits is no protection). */
    codeHash: text("code_hash"),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    check("one_time_tokens_purpose_check", sql`${t.purpose} in ('verifyEmail','verifyPhone','resetPassword')`),
    index("one_time_tokens_user_idx").on(t.userId),
  ],
);

/** An account at an external identity provider (VNeID, the national portal's SSO) linked to a user. */
export const userIdentities = pgTable(
  "user_identities",
  {
    /** The provider's issuer URL. */
    provider: text("provider").notNull(),
    /** The provider's `sub` for the person. */
    subject: text("subject").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.provider, t.subject] }), index("user_identities_user_idx").on(t.userId)],
);

export type RequiredDocument = {
  name: string;
  /** Number of originals (bản chính) and copies (bản sao). */
  originals: number;
  copies: number;
  required: boolean;
  /** The downloadable form template (mẫu đơn, tờ khai) the administrator uploaded, by content hash. */
  template?: { fileName: string; mediaType: string; sha256: string; size: number };
};

export type ResultTemplate = "birthCertificate" | "judicialRecord" | "householdBusiness" | "generic";

/** A procedure of the catalog (thủ tục hành chính). */
export const procedures = pgTable(
  "procedures",
  {
    id: serial("id").primaryKey(),
    /** National catalog code, e.g. 1.001193. */
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    field: text("field").notNull(),
    level: text("level", { enum: ["province", "district", "commune"] }).notNull(),
    /** The agency that decides (UBND xã, Sở Tư pháp…); dossiers are received at its desk. */
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
    /** 'partial' = một phần (old level 3), 'full' = toàn trình (old level 4). */
    serviceMode: text("service_mode", { enum: ["info", "partial", "full"] }).notNull(),
    allowance: jsonb("allowance").$type<Allowance>().notNull(),
    onlineAllowance: jsonb("online_allowance").$type<Allowance>(),
    timeNote: text("time_note"),
    /** Fee in đồng for an online dossier; the note carries the full fee text. */
    feeAmount: integer("fee_amount").notNull().default(0),
    feeNote: text("fee_note"),
    resultName: text("result_name").notNull(),
    resultTemplate: text("result_template").$type<ResultTemplate>().notNull().default("generic"),
    legalBasis: text("legal_basis"),
    documents: jsonb("documents").$type<RequiredDocument[]>().notNull(),
    /** The e-form fields the citizen fills in, beyond the applicant's identity. */
    formFields: jsonb("form_fields").$type<FormField[]>().notNull().default(sql`'[]'::jsonb`),
    /**
     * Ký hiệu of the result in the agency's register (Decree 30): `12/GCN-ĐKHKD` is number 12 with
     * symbol "GCN-ĐKHKD". Null: the register book's default symbol.
     */
    resultSymbol: text("result_symbol"),
    /** The code is not in the national catalog (the source names the procedure without one): a sample code, shown as such. */
    codeIsSample: boolean("code_is_sample").notNull().default(false),
    /** Điều kiện thực hiện: who may apply, when; null when the law sets none. */
    conditions: text("conditions"),
    /** Trình tự thực hiện: the steps as the citizen reads them (not the officers' workflow). */
    applicationSteps: jsonb("application_steps").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** Cách thức thực hiện: how a dossier may be handed in. */
    channels: jsonb("channels").$type<ProcedureChannel[]>().notNull().default(sql`'["desk"]'::jsonb`),
    /** Which facts the source marks as doubtful (⚠, "guess"): shown with a warning until checked. */
    doubtful: jsonb("doubtful").$type<DoubtfulFact[]>().notNull().default(sql`'[]'::jsonb`),
    /** Where levels split the work (the commune receives, the district decides): said in words. */
    levelNote: text("level_note"),
    /** Orders the home page's popular procedures (higher first) before dossier counts exist. */
    popularity: integer("popularity").notNull().default(0),
    /**
     * Code, name and field without diacritics, lower case, đ → d: what search compares, with a
     * trigram index (word_similarity tolerates typos: "khai sihn" finds "khai sinh").
     */
    searchText: text("search_text").generatedAlwaysAs(sql`immutable_unaccent(code || ' ' || name || ' ' || field)`),
    createdAt: createdAt(),
  },
  (t) => [
    index("procedures_field_idx").on(t.field),
    index("procedures_search_text_idx").using("gin", t.searchText.op("gin_trgm_ops")),
  ],
);

export const PROCEDURE_CHANNELS = ["online", "desk", "post"] as const;
export type ProcedureChannel = (typeof PROCEDURE_CHANNELS)[number];
export type DoubtfulFact = "fee" | "time" | "result" | "level" | "agency";

/**
 * A field of a procedure's e-form, beyond the applicant's identity. Typed so that the browser and the
 * server validate it with one schema: money in đồng, a date, an ID number (CCCD, 12 digits), a phone,
 * an address chosen from the administrative units (plus the street line), free text.
 */
export const FORM_FIELD_TYPES = ["text", "date", "textarea", "money", "idNumber", "phone", "address"] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export type FormField = {
  name: string;
  label: string;
  /** The English label; the Vietnamese one is shown when it is missing. */
  labelEn?: string;
  type: FormFieldType;
  required: boolean;
  /** A hint shown under the label and tied to the input (aria-describedby). */
  hint?: string;
  hintEn?: string;
};

/**
 * Published step lists. A dossier keeps the version it started on, so publishing a new version
 * never changes dossiers in flight.
 */
export const workflowVersions = pgTable(
  "workflow_versions",
  {
    id: serial("id").primaryKey(),
    procedureId: integer("procedure_id")
      .notNull()
      .references(() => procedures.id),
    /** Machine id, e.g. 'procedure:1.001193'. */
    machineId: text("machine_id").notNull(),
    version: integer("version").notNull(),
    steps: jsonb("steps").$type<WorkflowStep[]>().notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("workflow_versions_machine_version").on(t.machineId, t.version)],
);

/** One row per agency per day: the counter behind dossier codes, incremented atomically. */
export const dossierCodeCounters = pgTable(
  "dossier_code_counters",
  {
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
    day: date("day").notNull(),
    lastValue: integer("last_value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.day] })],
);

export const dossiers = pgTable(
  "dossiers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    /**
     * The unguessable token in the QR link printed on the dossier's forms (/tra-cuu/xac-thuc?t=…).
     * Codes are sequential and printed everywhere; the token is what proves you hold the paper.
     */
    verificationToken: text("verification_token").notNull().unique().default(sql`gen_random_uuid()::text`),
    procedureId: integer("procedure_id")
      .notNull()
      .references(() => procedures.id),
    workflowVersionId: integer("workflow_version_id")
      .notNull()
      .references(() => workflowVersions.id),
    /** Agency whose desk received the dossier (its identifier is in the code). */
    receivingAgencyId: integer("receiving_agency_id")
      .notNull()
      .references(() => agencies.id),
    applicantUserId: integer("applicant_user_id").references(() => users.id),
    applicantName: text("applicant_name").notNull(),
    applicantIdNumber: text("applicant_id_number").notNull(),
    applicantPhone: text("applicant_phone").notNull(),
    applicantEmail: text("applicant_email"),
    applicantAddress: text("applicant_address").notNull(),
    /** KenhThucHien: 1 desk, 2 online, 3 post. */
    channel: smallint("channel").notNull(),
    /** 0 desk, 1 post, 2 online. */
    resultDelivery: smallint("result_delivery").notNull(),
    /**
     * Where the postal service collects the paper dossier (channel 3) and delivers the result
     * (result delivery 1): street address plus the GSO district code (mã huyện) the partner routes by.
     */
    pickupAddress: text("pickup_address"),
    pickupDistrictCode: text("pickup_district_code"),
    deliveryAddress: text("delivery_address"),
    deliveryDistrictCode: text("delivery_district_code"),
    /** The postal partner holding this dossier's orders; a postal actor may act on no other dossier. */
    postalPartnerId: integer("postal_partner_id").references((): AnyPgColumn => postalPartners.id),
    formData: jsonb("form_data").$type<Record<string, string>>().notNull(),
    snapshot: jsonb("snapshot").$type<PersistedDossierState>().notNull(),
    /** Derived from the snapshot on every write; DOMAIN.md §4 codes. */
    status: smallint("status").notNull(),
    statePath: text("state_path").notNull(),
    stepKey: text("step_key"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }),
    dueAt: timestamp("due_at", { withTimezone: true }),
    stepDueAt: timestamp("step_due_at", { withTimezone: true }),
    /** Set while the clock is stopped for a supplement. */
    pausedAt: timestamp("paused_at", { withTimezone: true }),
    returnedAt: timestamp("returned_at", { withTimezone: true }),
    /**
     * Who works on the dossier now (derived from the snapshot on every write, like status): the
     * officer who claimed it or was assigned, and the unit (phòng) it was handed to.
     */
    assignedUserId: integer("assigned_user_id").references(() => users.id),
    assignedUnitId: integer("assigned_unit_id").references(() => agencies.id),
    /**
     * The desk's check of the paper dossier at reception (walk-in, by post, or an online dossier's
     * originals): per required document, whether it was presented, as original or copy, how many.
     */
    intakeChecklist: jsonb("intake_checklist").$type<IntakeChecklistItem[]>(),
    /** Optimistic lock: every write sets version = version + 1 where version = the one read. */
    version: integer("version").notNull().default(1),
    idempotencyKey: text("idempotency_key"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("dossiers_status_check", sql`${t.status} between 1 and 10`),
    check("dossiers_channel_check", sql`${t.channel} in (1, 2, 3)`),
    check("dossiers_result_delivery_check", sql`${t.resultDelivery} in (0, 1, 2)`),
    uniqueIndex("dossiers_idempotency_idx").on(t.applicantUserId, t.idempotencyKey),
    // Issue 10 (desk intake): a walk-in applicant may have no account (applicant_user_id null, and
    // nulls never collide), so the desk's idempotency key is unique on its own.
    uniqueIndex("dossiers_desk_idempotency_idx").on(t.idempotencyKey).where(sql`${t.channel} = 1`),
    index("dossiers_status_agency_idx").on(t.receivingAgencyId, t.status),
    index("dossiers_applicant_idx").on(t.applicantUserId),
    index("dossiers_assigned_user_idx").on(t.assignedUserId),
    index("dossiers_due_idx").on(t.dueAt),
    // Issue 12: the drill-down from a report figure finds its cohort by reception instant.
    index("dossiers_report_period_idx").on(sql`coalesce(${t.receivedAt}, ${t.submittedAt})`),
  ],
);

export type IntakeChecklistItem = {
  name: string;
  required: boolean;
  /** Presented and accepted. */
  present: boolean;
  /** What was presented: 'original' (bản chính), 'copy' (bản sao), 'certifiedCopy' (bản sao chứng thực). */
  form: "original" | "copy" | "certifiedCopy" | null;
  count: number;
  /** Why it is missing or not acceptable; printed on Mẫu 02 / Mẫu 03. */
  note: string | null;
};

/** Append-only history; each row carries the hash of the previous row of the same dossier. */
export const dossierEvents = pgTable(
  "dossier_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    dossierId: uuid("dossier_id")
      .notNull()
      .references(() => dossiers.id),
    seq: integer("seq").notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id),
    actorRole: text("actor_role").notNull(),
    action: text("action").notNull(),
    fromState: text("from_state"),
    toState: text("to_state").notNull(),
    fromStatus: smallint("from_status"),
    toStatus: smallint("to_status").notNull(),
    note: text("note"),
    effects: jsonb("effects").$type<DossierEffect[]>().notNull().default(sql`'[]'::jsonb`),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    /** The due time of the step this event handed the dossier to (Mẫu 06 compares hand-overs with it). */
    stepDueAt: timestamp("step_due_at", { withTimezone: true }),
    /**
     * The random id the action form carried (or the submission's idempotency key): a replayed POST
     * finds the event it already made instead of making a second one.
     */
    transactionId: text("transaction_id"),
    /** The dossier's version once this event was recorded: with to_state and to_status, the answer a replay gets. */
    dossierVersion: integer("dossier_version"),
    /** Which canonical encoding `hash` uses (db/event-chain.ts); 1 = the rows written before issue 8. */
    hashScheme: smallint("hash_scheme").notNull().default(1),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    unique("dossier_events_seq").on(t.dossierId, t.seq),
    uniqueIndex("dossier_events_transaction_idx").on(t.dossierId, t.transactionId),
  ],
);

export const ATTACHMENT_KINDS = [
  "submission",
  "supplement",
  "draftResult",
  "result",
  // The result while it is being signed: initialled by the unit head, then signed by the leader.
  "signingCopy",
  // Official forms the portal issues (Mẫu 01–05).
  "receipt",
  "supplementRequest",
  "refusal",
  "apology",
  "stopNotice",
  // Biên lai điện tử: the receipt of a fee paid online (issue 9), keyed by its FEE_PAID event.
  "feeReceipt",
] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dossierId: uuid("dossier_id")
      .notNull()
      .references(() => dossiers.id),
    kind: text("kind", { enum: ATTACHMENT_KINDS }).notNull(),
    /** Which required document this file stands for (thành phần hồ sơ), if any. */
    documentName: text("document_name"),
    fileName: text("file_name").notNull(),
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    /** SHA-256 of the content: the storage key. */
    sha256: text("sha256").notNull(),
    uploadedBy: integer("uploaded_by").references(() => users.id),
    /** The dossier event that issued this document (a form, a signature); null for uploads. */
    eventId: bigint("event_id", { mode: "number" }).references(() => dossierEvents.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("attachments_dossier_idx").on(t.dossierId),
    // One signed result per dossier: a retried signing job cannot attach a second one.
    uniqueIndex("attachments_one_result_idx").on(t.dossierId).where(sql`${t.kind} = 'result'`),
    // Each issued document once per triggering event: a retried job, or a job and an on-demand
    // download racing, make one file.
    uniqueIndex("attachments_one_per_event_idx").on(t.dossierId, t.kind, t.eventId).where(sql`${t.eventId} is not null`),
    check(
      "attachments_kind_check",
      sql`${t.kind} in ('submission','supplement','draftResult','result','signingCopy','receipt','supplementRequest','refusal','apology','stopNotice','feeReceipt')`,
    ),
  ],
);

/**
 * Reminders already sent about a dossier's due time. The key includes the due time, so a moved due
 * time (supplement, apology) gets its own reminder, and two app processes never send one twice.
 */
export const dossierReminders = pgTable(
  "dossier_reminders",
  {
    dossierId: uuid("dossier_id")
      .notNull()
      .references(() => dossiers.id),
    kind: text("kind", { enum: ["dueSoon", "overdue"] }).notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.dossierId, t.kind, t.dueAt] })],
);

/** Public holidays and make-up working days; seeded, editable by an administrator. */
export const calendarDays = pgTable(
  "calendar_days",
  {
    date: date("date").primaryKey(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["holiday", "makeUpWorkingDay"] }).notNull(),
    note: text("note"),
  },
  (t) => [check("calendar_days_kind_check", sql`${t.kind} in ('holiday','makeUpWorkingDay')`)],
);

/**
 * The store of rate-limiter-flexible's RateLimiterPostgres (its own layout: key, points, expire in
 * epoch ms), so that limits hold across app processes. Keys are hashed: no username or address here.
 */
export const rateLimits = pgTable("rate_limits", {
  key: varchar("key", { length: 255 }).primaryKey(),
  points: integer("points").notNull().default(0),
  expire: bigint("expire", { mode: "number" }),
});

/**
 * Files a user uploaded that are not yet part of a dossier (a submit that failed on another field).
 * The browser only holds the random id; what the file is comes from this row, checked when stored,
 * and only its owner can use it. Rows older than a day are removed with the files nobody references.
 */
export const pendingUploads = pgTable(
  "pending_uploads",
  {
    /** 256 random bits, base64url: unguessable, so it can travel in a form. */
    id: text("id").primaryKey(),
    ownerUserId: integer("owner_user_id")
      .notNull()
      .references(() => users.id),
    documentName: text("document_name").notNull(),
    fileName: text("file_name").notNull(),
    /** Decided by the file's bytes when it was accepted. */
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("pending_uploads_owner_idx").on(t.ownerUserId), index("pending_uploads_created_idx").on(t.createdAt)],
);

/** Register books (sổ đăng ký) an agency numbers its results in: each its own sequence per year. */
export const REGISTER_BOOKS = ["result", "birth"] as const;
export type RegisterBook = (typeof REGISTER_BOOKS)[number];

/** The last number given in a book for a year, incremented in the transaction that uses it. */
export const registerCounters = pgTable(
  "register_counters",
  {
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
    book: text("book", { enum: REGISTER_BOOKS }).notNull(),
    /** The calendar year in the configured time zone. */
    year: integer("year").notNull(),
    lastValue: integer("last_value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.book, t.year] }), check("register_counters_book_check", sql`${t.book} in ('result','birth')`)],
);

/** One line of a register book: the number a dossier's result holds, and when it was entered. */
export const registerEntries = pgTable(
  "register_entries",
  {
    id: serial("id").primaryKey(),
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
    book: text("book", { enum: REGISTER_BOOKS }).notNull(),
    year: integer("year").notNull(),
    number: integer("number").notNull(),
    dossierId: uuid("dossier_id")
      .notNull()
      .references(() => dossiers.id),
    /** The signature event in whose transaction the number was given. */
    eventId: bigint("event_id", { mode: "number" }).references(() => dossierEvents.id),
    /** The document's date (ngày ban hành) as printed; a re-render for the next signer uses it again. */
    documentDate: timestamp("document_date", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("register_entries_number").on(t.agencyId, t.book, t.year, t.number),
    unique("register_entries_one_per_dossier").on(t.dossierId, t.book),
    check("register_entries_book_check", sql`${t.book} in ('result','birth')`),
  ],
);

/**
 * The partner outbox: every message the portal owes a receiver (an applicant's mail, a postal order,
 * a national-portal update), written in the transaction of the event that caused it. `messageKey`
 * names that cause, so a retried job or a replayed action cannot write a second message;
 * `messageId` is the stable id the receiver sees (Message-ID, webhook-id, Idempotency-Key) and
 * can deduplicate by. Messages of one receiver channel and one dossier go out in id order.
 */
export const OUTBOX_CHANNELS = ["mail", "postal", "national"] as const;
export const OUTBOX_STATES = ["pending", "sent", "failed"] as const;
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    messageId: uuid("message_id").notNull().unique().defaultRandom(),
    channel: text("channel", { enum: OUTBOX_CHANNELS }).notNull(),
    /** The ordering group: messages of one channel and group leave one at a time, in id order. */
    groupKey: text("group_key").notNull(),
    dossierId: uuid("dossier_id").references(() => dossiers.id),
    eventId: bigint("event_id", { mode: "number" }).references(() => dossierEvents.id),
    messageKey: text("message_key").notNull().unique(),
    /** What the message says (template and recipient, order, sync record); the sender renders it. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    state: text("state", { enum: OUTBOX_STATES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    /** The last failure, without personal data (status codes, error classes). */
    lastError: text("last_error"),
    /** What the receiver answered (its message or waybill id), for the administrator. */
    response: jsonb("response").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("outbox_messages_due").on(t.state, t.nextAttemptAt),
    index("outbox_messages_group").on(t.channel, t.groupKey, t.id),
    index("outbox_messages_dossier").on(t.dossierId),
    check("outbox_messages_channel_check", sql`${t.channel} in ('mail','postal','national')`),
    check("outbox_messages_state_check", sql`${t.state} in ('pending','sent','failed')`),
  ],
);

/** Who is sending a channel's group right now: a lease, so that two workers never send one group out of order. */
export const outboxLeases = pgTable(
  "outbox_leases",
  {
    channel: text("channel").notNull(),
    groupKey: text("group_key").notNull(),
    holder: text("holder").notNull(),
    leaseUntil: timestamp("lease_until", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.groupKey] })],
);

/**
 * Postal partners (bưu chính công ích, issue 9): who they are, where their order endpoint is, and
 * how they prove themselves: API keys (stored as SHA-256 hashes, scoped, revocable, with an expiry
 * for rotation) for their calls, and Standard Webhooks secrets (several active during a rotation).
 */
export const postalPartners = pgTable(
  "postal_partners",
  {
    id: serial("id").primaryKey(),
    /** The partner's short code, in the webhook URL: /api/postal/v1/webhooks/{code}. */
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    /** Where the portal POSTs orders (pickup, delivery). */
    endpointUrl: text("endpoint_url").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [check("postal_partners_code_check", sql`${t.code} ~ '^[a-z0-9][a-z0-9-]{1,39}$'`)],
);

export const PARTNER_SCOPES = ["orders:read", "orders:write"] as const;
export type PartnerScope = (typeof PARTNER_SCOPES)[number];

export const partnerApiKeys = pgTable(
  "partner_api_keys",
  {
    id: serial("id").primaryKey(),
    partnerId: integer("partner_id")
      .notNull()
      .references(() => postalPartners.id, { onDelete: "cascade" }),
    /** The key's first characters, shown in lists so an administrator can tell keys apart. */
    prefix: text("prefix").notNull(),
    /** SHA-256 (hex) of the whole key; the key itself is shown once and never stored. */
    keyHash: text("key_hash").notNull().unique(),
    scopes: jsonb("scopes").$type<PartnerScope[]>().notNull(),
    createdAt: createdAt(),
    /** Set when a rotation retires the key: it keeps working until then. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [index("partner_api_keys_partner").on(t.partnerId)],
);

export const partnerWebhookSecrets = pgTable(
  "partner_webhook_secrets",
  {
    id: serial("id").primaryKey(),
    partnerId: integer("partner_id")
      .notNull()
      .references(() => postalPartners.id, { onDelete: "cascade" }),
    /** `whsec_` + base64 of 32 random bytes. Kept readable: HMAC needs the secret itself on both sides. */
    secret: text("secret").notNull(),
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("partner_webhook_secrets_partner").on(t.partnerId), check("partner_webhook_secrets_format", sql`${t.secret} like 'whsec_%'`)],
);

export const POSTAL_ORDER_KINDS = ["pickup", "delivery"] as const;
export type PostalOrderKind = (typeof POSTAL_ORDER_KINDS)[number];
/** Pickup: registered → collecting → collected → handedToAgency (or cancelled). Delivery: registered → pickedUp → inTransit → delivered / failed / returnedToAgency. */
export const POSTAL_ORDER_STATUSES = [
  "created",
  "registered",
  "collecting",
  "collected",
  "handedToAgency",
  "cancelled",
  "pickedUp",
  "inTransit",
  "delivered",
  "failed",
  "returnedToAgency",
] as const;
export type PostalOrderStatus = (typeof POSTAL_ORDER_STATUSES)[number];

/** One order per dossier and kind: a pickup (thu gom hồ sơ) or a delivery of the result (chuyển phát kết quả). */
export const postalOrders = pgTable(
  "postal_orders",
  {
    id: serial("id").primaryKey(),
    partnerId: integer("partner_id")
      .notNull()
      .references(() => postalPartners.id),
    dossierId: uuid("dossier_id")
      .notNull()
      .references(() => dossiers.id),
    kind: text("kind", { enum: POSTAL_ORDER_KINDS }).notNull(),
    /** The order number the partner knows: the dossier code (DOMAIN §12); unique together with the kind. */
    orderNumber: text("order_number").notNull(),
    status: text("status", { enum: POSTAL_ORDER_STATUSES }).notNull().default("created"),
    waybill: text("waybill"),
    /** Cash on delivery (thu hộ), in đồng: fees still due when the order was made. */
    codAmount: integer("cod_amount").notNull().default(0),
    recipientName: text("recipient_name"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("postal_orders_dossier_kind").on(t.dossierId, t.kind),
    index("postal_orders_partner_status").on(t.partnerId, t.status),
    check("postal_orders_kind_check", sql`${t.kind} in ('pickup','delivery')`),
    check(
      "postal_orders_status_check",
      sql`${t.status} in ('created','registered','collecting','collected','handedToAgency','cancelled','pickedUp','inTransit','delivered','failed','returnedToAgency')`,
    ),
    check("postal_orders_cod_check", sql`${t.codAmount} >= 0`),
  ],
);

/** What the partner reported about an order (tracking events), in the order received. */
export const postalTrackingEvents = pgTable(
  "postal_tracking_events",
  {
    id: serial("id").primaryKey(),
    orderId: integer("order_id")
      .notNull()
      .references(() => postalOrders.id),
    status: text("status").notNull(),
    statusCode: text("status_code"),
    message: text("message"),
    waybill: text("waybill"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    /** 'webhook' or 'api': which door it came in by. */
    source: text("source").notNull(),
    dossierEventId: bigint("dossier_event_id", { mode: "number" }).references(() => dossierEvents.id),
  },
  (t) => [index("postal_tracking_events_order").on(t.orderId)],
);

/** Webhook ids already taken from a partner: a replay is answered 200 and changes nothing. */
export const partnerWebhookReceipts = pgTable(
  "partner_webhook_receipts",
  {
    partnerId: integer("partner_id")
      .notNull()
      .references(() => postalPartners.id),
    webhookId: text("webhook_id").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    /** The answer given the first time, repeated to a replay. */
    response: jsonb("response").$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.webhookId] })],
);

/**
 * Online fee payments (thanh toán trực tuyến) through the national payment platform (issue 9): one
 * row per initiation. `orderId` is ours (the gateway's maDonHang); the gateway's transaction id is
 * unique, and a dossier has at most one paid payment per purpose. See docs/decisions/0012.
 */
export const PAYMENT_STATES = ["initiated", "paid", "cancelled", "failed"] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];
export type PaymentFeeLine = { name: string; amount: number };
export const payments = pgTable(
  "payments",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orderId: text("order_id").notNull().unique(),
    dossierId: uuid("dossier_id")
      .notNull()
      .references(() => dossiers.id),
    /** What is paid: `submission` (a fully online procedure's fee) or `step:<key>` (a payment step, status 6). */
    purpose: text("purpose").notNull(),
    /** In đồng. */
    amount: integer("amount").notNull(),
    feeLines: jsonb("fee_lines").$type<PaymentFeeLine[]>().notNull(),
    state: text("state", { enum: PAYMENT_STATES }).notNull().default("initiated"),
    initiatedBy: integer("initiated_by").references(() => users.id),
    /** Where the citizen pays, as the gateway answered the initiation. */
    paymentUrl: text("payment_url"),
    gatewayTransactionId: text("gateway_transaction_id").unique(),
    /** The gateway's reference (mã tham chiếu) of the settlement. */
    reference: text("reference"),
    /** When the gateway says the payment was made. */
    paidAt: timestamp("paid_at", { withTimezone: true }),
    /** The FEE_PAID event that recorded it on the dossier (null when the dossier could no longer take it). */
    eventId: bigint("event_id", { mode: "number" }).references(() => dossierEvents.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    settledAt: timestamp("settled_at", { withTimezone: true }),
    /** The last status query (for the scheduled query's pacing). */
    queriedAt: timestamp("queried_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("payments_one_paid_per_purpose").on(t.dossierId, t.purpose).where(sql`${t.state} = 'paid'`),
    index("payments_dossier_idx").on(t.dossierId),
    index("payments_open_idx").on(t.state, t.createdAt),
    check("payments_state_check", sql`${t.state} in ('initiated','paid','cancelled','failed')`),
    check("payments_amount_check", sql`${t.amount} > 0`),
    check("payments_purpose_check", sql`${t.purpose} = 'submission' or ${t.purpose} like 'step:%'`),
    // A paid payment names its transaction and when it was paid.
    check("payments_paid_check", sql`${t.state} <> 'paid' or (${t.gatewayTransactionId} is not null and ${t.paidAt} is not null and ${t.settledAt} is not null)`),
  ],
);

/**
 * The result a specialist is drafting (dự thảo kết quả), saved as she works and resumed later; the
 * checked draft enters the dossier's history when she completes her step (COMPLETE_STEP carries it).
 */
export const resultDrafts = pgTable("result_drafts", {
  dossierId: uuid("dossier_id")
    .primaryKey()
    .references(() => dossiers.id),
  template: text("template").$type<ResultTemplate>().notNull(),
  title: text("title").notNull(),
  fields: jsonb("fields").$type<Array<{ label: string; value: string; name?: string }>>().notNull(),
  /** Tờ trình: the specialist's appraisal note for the unit head and the leader. */
  appraisalNote: text("appraisal_note"),
  updatedBy: integer("updated_by").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  /** Optimistic lock between two tabs or two officers. */
  version: integer("version").notNull().default(1),
});

/** Who took the result at the desk (trả kết quả trực tiếp): recorded with the RETURN_RESULT event. */
export const resultHandovers = pgTable("result_handovers", {
  id: serial("id").primaryKey(),
  dossierId: uuid("dossier_id")
    .notNull()
    .unique()
    .references(() => dossiers.id),
  eventId: bigint("event_id", { mode: "number" }).references(() => dossierEvents.id),
  recipientName: text("recipient_name").notNull(),
  recipientIdNumber: text("recipient_id_number").notNull(),
  /** The recipient's relation to the applicant: 'self', or e.g. "Người được ủy quyền". */
  relation: text("relation").notNull(),
  handedAt: timestamp("handed_at", { withTimezone: true }).notNull(),
  handedBy: integer("handed_by").references(() => users.id),
});

/**
 * Every change an administrator makes (agencies, users, procedures, step lists, calendars, office
 * hours, mail templates, partners): who, when, what, before and after. Append-only.
 */
export const adminAuditLog = pgTable(
  "admin_audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actorUserId: integer("actor_user_id").references(() => users.id),
    /** What kind of thing changed: 'agency', 'user', 'procedure', 'workflow', 'calendar', 'mailTemplate', 'partner'. */
    entity: text("entity").notNull(),
    entityKey: text("entity_key").notNull(),
    action: text("action").notNull(),
    before: jsonb("before").$type<Record<string, unknown>>(),
    after: jsonb("after").$type<Record<string, unknown>>(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("admin_audit_entity_idx").on(t.entity, t.entityKey), index("admin_audit_time_idx").on(t.occurredAt)],
);

/** An administrator's wording of a mail the portal sends, replacing the built-in one for that language. */
export const mailTemplates = pgTable(
  "mail_templates",
  {
    template: text("template").notNull(),
    language: text("language", { enum: ["vi", "en"] }).notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    updatedBy: integer("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.template, t.language] })],
);

/**
 * Which agencies receive a procedure (nơi tiếp nhận): a commune-level procedure is received by every
 * commune that implements it, so the citizen chooses. A procedure with no row here is received by
 * `procedures.agency_id` alone.
 */
export const procedureAgencies = pgTable(
  "procedure_agencies",
  {
    procedureId: integer("procedure_id")
      .notNull()
      .references(() => procedures.id, { onDelete: "cascade" }),
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
  },
  (t) => [primaryKey({ columns: [t.procedureId, t.agencyId] }), index("procedure_agencies_agency_idx").on(t.agencyId)],
);

/**
 * Administrative units (đơn vị hành chính) for addresses: province, district (seed-era three-level
 * profile only) and commune, with the GSO code (mã đơn vị hành chính) where it is known. Names or
 * codes not known for certain are flagged as sample data.
 */
export const administrativeUnits = pgTable(
  "administrative_units",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    level: text("level", { enum: ["province", "district", "commune"] }).notNull(),
    parentCode: text("parent_code").references((): AnyPgColumn => administrativeUnits.code),
    isSample: boolean("is_sample").notNull().default(true),
  },
  (t) => [index("administrative_units_parent_idx").on(t.parentCode)],
);

/** A file kept in a submission draft: the facts checked when it was accepted, and the document it answers. */
export type DraftFile = {
  /** The index of the procedure's required document (thành phần hồ sơ) it answers. */
  index: number;
  documentName: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
};

/**
 * A citizen's unfinished online submission (hồ sơ nháp): every value typed and every file accepted,
 * on the server and tied to the account, so it resumes on another device. `version` is the
 * optimistic lock between two devices; `idempotency_key` becomes the dossier's at submission, so a
 * replayed submit makes one dossier. Drafts expire (`expires_at`, 30 days after the last save).
 */
export const submissionDrafts = pgTable(
  "submission_drafts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerUserId: integer("owner_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    procedureId: integer("procedure_id")
      .notNull()
      .references(() => procedures.id, { onDelete: "cascade" }),
    version: integer("version").notNull().default(1),
    values: jsonb("values").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    files: jsonb("files").$type<DraftFile[]>().notNull().default(sql`'[]'::jsonb`),
    idempotencyKey: uuid("idempotency_key").notNull().defaultRandom(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("submission_drafts_owner_idx").on(t.ownerUserId, t.updatedAt), index("submission_drafts_expires_idx").on(t.expiresAt)],
);

/**
 * The applicant's rating of the service once her dossier is returned (đánh giá mức độ hài lòng), on
 * a five-point scale that carries the national portal's words: 5 Rất hài lòng, 4 Hài lòng, 3 Chấp nhận
 * được, 2 Không hài lòng, 1 Rất không hài lòng. One per dossier. The satisfaction indicators read this table: agency and procedure are copied in so
 * that they group without joining dossiers.
 */
export const RATING_CRITERIA = ["time", "attitude", "guidance", "result"] as const;
export type RatingCriterion = (typeof RATING_CRITERIA)[number];
export const dossierRatings = pgTable(
  "dossier_ratings",
  {
    id: serial("id").primaryKey(),
    dossierId: uuid("dossier_id")
      .notNull()
      .references(() => dossiers.id),
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
    procedureId: integer("procedure_id")
      .notNull()
      .references(() => procedures.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    score: smallint("score").notNull(),
    /** Optional scores per criterion (same scale), e.g. {"time": 4, "attitude": 3}. */
    criteria: jsonb("criteria").$type<Partial<Record<RatingCriterion, number>>>().notNull().default(sql`'{}'::jsonb`),
    comment: text("comment"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("dossier_ratings_dossier_idx").on(t.dossierId),
    check("dossier_ratings_score_check", sql`${t.score} between 1 and 5`),
    index("dossier_ratings_agency_idx").on(t.agencyId, t.createdAt),
    index("dossier_ratings_procedure_idx").on(t.procedureId),
  ],
);

/**
 * Feedback about a dossier (phản ánh, kiến nghị) from its applicant, and the receiving agency's answer:
 * who sent and who answered, when. Answered once; the answer is mailed through the outbox.
 */
export const dossierFeedback = pgTable(
  "dossier_feedback",
  {
    id: serial("id").primaryKey(),
    dossierId: uuid("dossier_id")
      .notNull()
      .references(() => dossiers.id),
    /** The agency that answers: the dossier's receiving agency when the feedback was sent. */
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    subject: text("subject").notNull(),
    content: text("content").notNull(),
    createdAt: createdAt(),
    answer: text("answer"),
    answeredBy: integer("answered_by").references(() => users.id),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    /** The form's random id: a replayed POST makes no second feedback. */
    transactionId: text("transaction_id"),
  },
  (t) => [
    index("dossier_feedback_dossier_idx").on(t.dossierId),
    index("dossier_feedback_agency_open_idx").on(t.agencyId).where(sql`${t.answeredAt} is null`),
    uniqueIndex("dossier_feedback_transaction_idx").on(t.dossierId, t.transactionId),
    check("dossier_feedback_answer_check", sql`(${t.answer} is null) = (${t.answeredAt} is null) and (${t.answeredAt} is null) = (${t.answeredBy} is null)`),
  ],
);

/** One integer column per monitoring measure (app/services/reports/measures.server.ts), shared by the rollups. */
const rollupMeasureColumns = () => ({
  entered: integer("entered").notNull().default(0),
  awaiting: integer("awaiting").notNull().default(0),
  received: integer("received").notNull().default(0),
  refused: integer("refused").notNull().default(0),
  withdrawn: integer("withdrawn").notNull().default(0),
  stopped: integer("stopped").notNull().default(0),
  inProgress: integer("in_progress").notNull().default(0),
  overdueOpen: integer("overdue_open").notNull().default(0),
  openWithinTime: integer("open_within_time").notNull().default(0),
  paused: integer("paused").notNull().default(0),
  resolved: integer("resolved").notNull().default(0),
  early: integer("early").notNull().default(0),
  onTime: integer("on_time").notNull().default(0),
  late: integer("late").notNull().default(0),
  apologised: integer("apologised").notNull().default(0),
  forwarded: integer("forwarded").notNull().default(0),
  onlinePartial: integer("online_partial").notNull().default(0),
  onlineFull: integer("online_full").notNull().default(0),
  feeDue: integer("fee_due").notNull().default(0),
  paidOnline: integer("paid_online").notNull().default(0),
  digitised: integer("digitised").notNull().default(0),
  resultDigitised: integer("result_digitised").notNull().default(0),
  synced: integer("synced").notNull().default(0),
  rated: integer("rated").notNull().default(0),
  ratingSum: integer("rating_sum").notNull().default(0),
  satisfied: integer("satisfied").notNull().default(0),
});

/**
 * Issue 12 (monitoring): the monthly rollup the dashboard, the indicator page, the public statistics
 * and the periodic reports read. One row per (reception month, receiving agency, procedure, channel);
 * each column counts the dossiers of that cohort with one property (app/services/reports/measures.server.ts
 * defines every property once, for the rollup and for the drill-down alike). Rebuilt by a job, in one
 * transaction, so that a reader sees either the old or the new figures, never a half.
 */
export const reportMonthlyRollup = pgTable(
  "report_monthly_rollup",
  {
    /** First day of the month, in the portal's time zone, of the dossier's reception (or submission, never received). */
    month: date("month").notNull(),
    agencyId: integer("agency_id").notNull(),
    procedureId: integer("procedure_id").notNull(),
    channel: smallint("channel").notNull(),
    ...rollupMeasureColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.month, t.agencyId, t.procedureId, t.channel] }),
    index("report_monthly_rollup_agency_idx").on(t.agencyId, t.month),
  ],
);

/**
 * The same figures summed over procedures (per agency) and over agencies (per procedure), rebuilt in
 * the same transaction from report_monthly_rollup. At province scale the detailed rollup has about
 * as many rows as a year has dossiers (the generator spreads them over 1,600 procedures and 270
 * agencies); the province's totals, trend and per-agency table read the agency rollup (some twenty
 * thousand rows), its per-procedure and per-field tables the procedure rollup. Only a view that is
 * both agency- and procedure-bound reads the detailed one, through its agency index (ADR 0025).
 */
export const reportAgencyRollup = pgTable(
  "report_agency_rollup",
  {
    month: date("month").notNull(),
    agencyId: integer("agency_id").notNull(),
    channel: smallint("channel").notNull(),
    ...rollupMeasureColumns(),
  },
  (t) => [primaryKey({ columns: [t.month, t.agencyId, t.channel] })],
);

export const reportProcedureRollup = pgTable(
  "report_procedure_rollup",
  {
    month: date("month").notNull(),
    procedureId: integer("procedure_id").notNull(),
    channel: smallint("channel").notNull(),
    ...rollupMeasureColumns(),
  },
  (t) => [primaryKey({ columns: [t.month, t.procedureId, t.channel] })],
);

/** Each rebuild of the rollup: the instant its figures describe (the data's age shown to readers), how long it took. */
export const reportRefreshes = pgTable("report_refreshes", {
  id: serial("id").primaryKey(),
  /** The instant the figures are as of: open dossiers are classified overdue against it. */
  asOf: timestamp("as_of", { withTimezone: true }).notNull(),
  finishedAt: timestamp("finished_at", { withTimezone: true }).notNull(),
  durationMs: integer("duration_ms").notNull(),
  rows: integer("rows").notNull(),
  /** 'schedule', 'startup', 'admin', 'test'. */
  trigger: text("trigger").notNull(),
});

export const REPORT_FREQUENCIES = ["monthly", "quarterly"] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

/** Who receives the periodic report (báo cáo định kỳ) by mail, as the administrator configures it. */
export const reportRecipients = pgTable(
  "report_recipients",
  {
    id: serial("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** Whose figures: an agency's (and the agencies under it); null for the whole province. */
    agencyId: integer("agency_id").references(() => agencies.id),
    frequency: text("frequency", { enum: REPORT_FREQUENCIES }).notNull(),
    active: boolean("active").notNull().default(true),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    check("report_recipients_frequency_check", sql`${t.frequency} in ('monthly','quarterly')`),
    uniqueIndex("report_recipients_unique_idx").on(t.email, t.frequency, sql`coalesce(${t.agencyId}, 0)`),
  ],
);

/** Each periodic report made: one per frequency, period and scope; a retried job finds it instead of making a second. */
export const periodicReports = pgTable(
  "periodic_reports",
  {
    id: serial("id").primaryKey(),
    frequency: text("frequency", { enum: REPORT_FREQUENCIES }).notNull(),
    /** First and last day of the period covered. */
    periodStart: date("period_start").notNull(),
    periodEnd: date("period_end").notNull(),
    agencyId: integer("agency_id").references(() => agencies.id),
    /** Số of the report in the agency's register (Decree 30). */
    number: text("number"),
    /** SHA-256 of the signed PDF: its key in attachment storage. */
    sha256: text("sha256").notNull(),
    size: integer("size").notNull(),
    generatedAt: timestamp("generated_at", { withTimezone: true }).notNull(),
    /** When it was handed to the mail outbox; null until then. */
    mailedAt: timestamp("mailed_at", { withTimezone: true }),
  },
  (t) => [
    check("periodic_reports_frequency_check", sql`${t.frequency} in ('monthly','quarterly')`),
    uniqueIndex("periodic_reports_period_idx").on(t.frequency, t.periodStart, sql`coalesce(${t.agencyId}, 0)`),
  ],
);
