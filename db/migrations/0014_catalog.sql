ALTER TABLE "procedures" ADD COLUMN "code_is_sample" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "conditions" text;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "application_steps" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "channels" jsonb DEFAULT '["desk"]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "doubtful" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "level_note" text;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "popularity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "search_text" text GENERATED ALWAYS AS (immutable_unaccent(code || ' ' || name || ' ' || field)) STORED;--> statement-breakpoint
CREATE INDEX "procedures_search_text_idx" ON "procedures" USING gin ("search_text" gin_trgm_ops);