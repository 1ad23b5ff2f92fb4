-- The project list's search in every language (see projects.search_text in src/db/schema/projects.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- The code and the title in every language it has, one per line, in lower case: a search term
-- without a line break, lowered the same way, is LIKE this text exactly when it is ILIKE the code
-- or one of the titles (ILIKE lowers both sides just so), and LIKE is much the cheaper test.
CREATE FUNCTION project_search_text(code text, title jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(code || E'\n' || coalesce((SELECT string_agg(t.v, E'\n') FROM jsonb_each_text(title) AS t(k, v)), ''))
$$;
