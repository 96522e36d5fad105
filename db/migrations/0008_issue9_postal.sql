CREATE TABLE "partner_api_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"partner_id" integer NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "partner_api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "partner_webhook_receipts" (
	"partner_id" integer NOT NULL,
	"webhook_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"response" jsonb,
	CONSTRAINT "partner_webhook_receipts_partner_id_webhook_id_pk" PRIMARY KEY("partner_id","webhook_id")
);
--> statement-breakpoint
CREATE TABLE "partner_webhook_secrets" (
	"id" serial PRIMARY KEY NOT NULL,
	"partner_id" integer NOT NULL,
	"secret" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "partner_webhook_secrets_format" CHECK ("partner_webhook_secrets"."secret" like 'whsec_%')
);
--> statement-breakpoint
CREATE TABLE "postal_orders" (
	"id" serial PRIMARY KEY NOT NULL,
	"partner_id" integer NOT NULL,
	"dossier_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"order_number" text NOT NULL,
	"status" text DEFAULT 'created' NOT NULL,
	"waybill" text,
	"cod_amount" integer DEFAULT 0 NOT NULL,
	"recipient_name" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "postal_orders_kind_check" CHECK ("postal_orders"."kind" in ('pickup','delivery')),
	CONSTRAINT "postal_orders_status_check" CHECK ("postal_orders"."status" in ('created','registered','collecting','collected','handedToAgency','cancelled','pickedUp','inTransit','delivered','failed','returnedToAgency')),
	CONSTRAINT "postal_orders_cod_check" CHECK ("postal_orders"."cod_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "postal_partners" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"endpoint_url" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "postal_partners_code_unique" UNIQUE("code"),
	CONSTRAINT "postal_partners_code_check" CHECK ("postal_partners"."code" ~ '^[a-z0-9][a-z0-9-]{1,39}$')
);
--> statement-breakpoint
CREATE TABLE "postal_tracking_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"status" text NOT NULL,
	"status_code" text,
	"message" text,
	"waybill" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"dossier_event_id" bigint
);
--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "pickup_address" text;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "pickup_district_code" text;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "delivery_address" text;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "delivery_district_code" text;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "postal_partner_id" integer;--> statement-breakpoint
ALTER TABLE "partner_api_keys" ADD CONSTRAINT "partner_api_keys_partner_id_postal_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."postal_partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_webhook_receipts" ADD CONSTRAINT "partner_webhook_receipts_partner_id_postal_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."postal_partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_webhook_secrets" ADD CONSTRAINT "partner_webhook_secrets_partner_id_postal_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."postal_partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postal_orders" ADD CONSTRAINT "postal_orders_partner_id_postal_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."postal_partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postal_orders" ADD CONSTRAINT "postal_orders_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postal_tracking_events" ADD CONSTRAINT "postal_tracking_events_order_id_postal_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."postal_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postal_tracking_events" ADD CONSTRAINT "postal_tracking_events_dossier_event_id_dossier_events_id_fk" FOREIGN KEY ("dossier_event_id") REFERENCES "public"."dossier_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "partner_api_keys_partner" ON "partner_api_keys" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "partner_webhook_secrets_partner" ON "partner_webhook_secrets" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "postal_orders_dossier_kind" ON "postal_orders" USING btree ("dossier_id","kind");--> statement-breakpoint
CREATE INDEX "postal_orders_partner_status" ON "postal_orders" USING btree ("partner_id","status");--> statement-breakpoint
CREATE INDEX "postal_tracking_events_order" ON "postal_tracking_events" USING btree ("order_id");--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_postal_partner_id_postal_partners_id_fk" FOREIGN KEY ("postal_partner_id") REFERENCES "public"."postal_partners"("id") ON DELETE no action ON UPDATE no action;