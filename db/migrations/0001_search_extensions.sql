-- Diacritic-insensitive catalog search: "dang ky khai sinh" finds "Đăng ký khai sinh".
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- unaccent() is only STABLE; an index needs an IMMUTABLE wrapper bound to the dictionary.
-- đ/Đ are separate letters, not accented d, so unaccent leaves them; map them explicitly.
CREATE OR REPLACE FUNCTION immutable_unaccent(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT translate(lower(public.unaccent('public.unaccent'::regdictionary, input)), 'đ', 'd') $$;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS procedures_search_idx ON procedures
  USING gin (immutable_unaccent(code || ' ' || name || ' ' || field) gin_trgm_ops);
