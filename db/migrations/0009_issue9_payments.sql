CREATE TABLE "payments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"dossier_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"amount" integer NOT NULL,
	"fee_lines" jsonb NOT NULL,
	"state" text DEFAULT 'initiated' NOT NULL,
	"initiated_by" integer,
	"payment_url" text,
	"gateway_transaction_id" text,
	"reference" text,
	"paid_at" timestamp with time zone,
	"event_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone,
	"queried_at" timestamp with time zone,
	CONSTRAINT "payments_order_id_unique" UNIQUE("order_id"),
	CONSTRAINT "payments_gateway_transaction_id_unique" UNIQUE("gateway_transaction_id"),
	CONSTRAINT "payments_state_check" CHECK ("payments"."state" in ('initiated','paid','cancelled','failed')),
	CONSTRAINT "payments_amount_check" CHECK ("payments"."amount" > 0),
	CONSTRAINT "payments_purpose_check" CHECK ("payments"."purpose" = 'submission' or "payments"."purpose" like 'step:%'),
	CONSTRAINT "payments_paid_check" CHECK ("payments"."state" <> 'paid' or ("payments"."gateway_transaction_id" is not null and "payments"."paid_at" is not null and "payments"."settled_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_kind_check";--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_initiated_by_users_id_fk" FOREIGN KEY ("initiated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_event_id_dossier_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."dossier_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_paid_per_purpose" ON "payments" USING btree ("dossier_id","purpose") WHERE "payments"."state" = 'paid';--> statement-breakpoint
CREATE INDEX "payments_dossier_idx" ON "payments" USING btree ("dossier_id");--> statement-breakpoint
CREATE INDEX "payments_open_idx" ON "payments" USING btree ("state","created_at");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_kind_check" CHECK ("attachments"."kind" in ('submission','supplement','draftResult','result','signingCopy','receipt','supplementRequest','refusal','apology','stopNotice','feeReceipt'));