CREATE TABLE "outbox_leases" (
	"channel" text NOT NULL,
	"group_key" text NOT NULL,
	"holder" text NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	CONSTRAINT "outbox_leases_channel_group_key_pk" PRIMARY KEY("channel","group_key")
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"group_key" text NOT NULL,
	"dossier_id" uuid,
	"event_id" bigint,
	"message_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"response" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbox_messages_message_id_unique" UNIQUE("message_id"),
	CONSTRAINT "outbox_messages_message_key_unique" UNIQUE("message_key"),
	CONSTRAINT "outbox_messages_channel_check" CHECK ("outbox_messages"."channel" in ('mail','postal','national')),
	CONSTRAINT "outbox_messages_state_check" CHECK ("outbox_messages"."state" in ('pending','sent','failed'))
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "preferred_language" text DEFAULT 'vi' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_event_id_dossier_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."dossier_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_messages_due" ON "outbox_messages" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "outbox_messages_group" ON "outbox_messages" USING btree ("channel","group_key","id");--> statement-breakpoint
CREATE INDEX "outbox_messages_dossier" ON "outbox_messages" USING btree ("dossier_id");