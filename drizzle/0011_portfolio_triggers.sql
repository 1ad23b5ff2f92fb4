-- The portfolio rollup kept current in the writing transaction (see src/db/schema/portfolio.ts),
-- and a trigram index for the project list's search in every language.

-- One project's facts: its groups (dimension, key) times its money per currency.
CREATE FUNCTION portfolio_facts_of(ids uuid[])
RETURNS TABLE (project_id uuid, audience text, mechanism_id uuid, dim text, key text, currency text, projects integer, budget numeric, committed numeric, disbursed numeric)
LANGUAGE sql STABLE AS $$
  WITH p AS (
    SELECT p.id, p.mechanism_id, p.pillar_id, p.priority_area_id, p.status, p.start_date, p.currency, p.budget, p.external_source,
      CASE WHEN p.visibility = 'restricted' THEN 'restricted'
           WHEN p.visibility = 'public' AND p.status IN ('approved','active','suspended','completed','terminated') THEN 'public'
           ELSE 'user' END AS audience
    FROM projects p WHERE p.id = ANY(ids)
  ),
  money AS (
    SELECT x.id, x.currency, sum(x.n)::int AS projects, sum(x.b) AS budget, sum(x.c) AS committed, sum(x.d) AS disbursed FROM (
      SELECT p.id, p.currency, 1 AS n, coalesce(p.budget, 0)::numeric AS b, 0::numeric AS c, 0::numeric AS d FROM p
      UNION ALL
      SELECT t.project_id, t.currency, 0, 0,
        CASE WHEN t.type = 'outgoing_commitment' THEN t.value ELSE 0 END,
        CASE WHEN t.type = 'disbursement' THEN t.value ELSE 0 END
      FROM transactions t WHERE t.project_id = ANY(ids) AND t.type IN ('outgoing_commitment','disbursement')
    ) x GROUP BY x.id, x.currency
  ),
  -- Each party climbs the hierarchy to its province (a party below a province counts for it).
  up AS (
    WITH RECURSIVE walk AS (
      SELECT pp.project_id, a.id AS anc_id, a.level, a.parent_id, 0 AS depth
      FROM project_parties pp JOIN actors a ON a.id = pp.actor_id WHERE pp.project_id = ANY(ids)
      UNION ALL
      SELECT w.project_id, a.id, a.level, a.parent_id, w.depth + 1
      FROM walk w JOIN actors a ON a.id = w.parent_id
      WHERE w.level IS DISTINCT FROM 'province' AND w.depth < 8
    ) SELECT DISTINCT walk.project_id, walk.anc_id FROM walk WHERE walk.level = 'province'
  ),
  dims AS (
    SELECT p.id, 'total' AS dim, '' AS key FROM p
    UNION ALL SELECT p.id, 'pillar', coalesce(p.pillar_id::text, '') FROM p
    UNION ALL SELECT p.id, 'area', coalesce(p.priority_area_id::text, '') FROM p
    UNION ALL SELECT p.id, 'status', p.status FROM p
    UNION ALL SELECT p.id, 'year', coalesce(extract(year FROM p.start_date)::int::text, '') FROM p
    UNION ALL SELECT p.id, 'source', p.external_source FROM p WHERE p.external_source IS NOT NULL
    UNION ALL SELECT up.project_id, 'localgov', up.anc_id::text FROM up
    -- Recipient countries where a project has them, else its parties' countries.
    UNION ALL (
      SELECT r.project_id, 'country', r.country_code FROM project_countries r WHERE r.project_id = ANY(ids)
      UNION
      SELECT pp.project_id, 'country', a.country_code FROM project_parties pp JOIN actors a ON a.id = pp.actor_id
      WHERE pp.project_id = ANY(ids) AND a.country_code IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM project_countries r2 WHERE r2.project_id = pp.project_id)
    )
  )
  SELECT p.id, p.audience, p.mechanism_id, d.dim, d.key, m.currency, m.projects, m.budget, m.committed, m.disbursed
  FROM p JOIN dims d ON d.id = p.id JOIN money m ON m.id = p.id
$$;
--> statement-breakpoint
-- Replaces the facts of the given projects and adds the difference to the rollup. Idempotent:
-- refreshing a project whose facts are current changes nothing. Rollup rows are upserted in key
-- order, so two transactions meeting on the same rows wait for each other instead of deadlocking.
CREATE FUNCTION portfolio_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  WITH old AS (DELETE FROM portfolio_facts f WHERE f.project_id = ANY(ids) RETURNING f.*),
  new AS (INSERT INTO portfolio_facts SELECT * FROM portfolio_facts_of(ids) RETURNING *),
  changes AS (
    SELECT n.audience, n.mechanism_id, n.dim, n.key, n.currency, n.projects, n.budget, n.committed, n.disbursed FROM new n
    UNION ALL
    SELECT o.audience, o.mechanism_id, o.dim, o.key, o.currency, -o.projects, -o.budget, -o.committed, -o.disbursed FROM old o
  ),
  delta AS (
    SELECT x.audience, x.mechanism_id, x.dim, x.key, x.currency, sum(x.projects)::int AS projects,
      sum(x.budget) AS budget, sum(x.committed) AS committed, sum(x.disbursed) AS disbursed
    FROM (
      SELECT * FROM changes
      -- The same summed over all mechanisms (the nil id), which the unfiltered dashboard reads;
      -- there a mechanism's total is its bucket of the dimension `mechanism`.
      UNION ALL
      SELECT c.audience, '00000000-0000-0000-0000-000000000000'::uuid,
        CASE WHEN c.dim = 'total' THEN 'mechanism' ELSE c.dim END,
        CASE WHEN c.dim = 'total' THEN c.mechanism_id::text ELSE c.key END,
        c.currency, c.projects, c.budget, c.committed, c.disbursed
      FROM changes c
    ) x GROUP BY 1, 2, 3, 4, 5
  )
  INSERT INTO portfolio_rollup AS r (audience, mechanism_id, dim, key, currency, projects, budget, committed, disbursed)
  SELECT * FROM delta d WHERE d.projects <> 0 OR d.budget <> 0 OR d.committed <> 0 OR d.disbursed <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (audience, mechanism_id, dim, key, currency) DO UPDATE SET
    projects = r.projects + excluded.projects, budget = r.budget + excluded.budget,
    committed = r.committed + excluded.committed, disbursed = r.disbursed + excluded.disbursed
$$;
--> statement-breakpoint
-- At commit: recompute the projects this transaction touched. Fires once per dirty row; the first
-- firing takes them all, the rest find nothing.
CREATE FUNCTION portfolio_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids uuid[];
BEGIN
  WITH d AS (DELETE FROM portfolio_dirty RETURNING project_id) SELECT array_agg(d.project_id ORDER BY d.project_id) INTO ids FROM d;
  IF ids IS NOT NULL THEN PERFORM portfolio_refresh(ids); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER portfolio_apply AFTER INSERT ON portfolio_dirty DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION portfolio_apply();
--> statement-breakpoint
CREATE FUNCTION portfolio_mark_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'projects' THEN
    INSERT INTO portfolio_dirty SELECT DISTINCT n.id FROM new_rows n ORDER BY 1 ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO portfolio_dirty SELECT DISTINCT n.project_id FROM new_rows n ORDER BY 1 ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION portfolio_mark_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'projects' THEN
    INSERT INTO portfolio_dirty SELECT DISTINCT o.id FROM old_rows o ORDER BY 1 ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO portfolio_dirty SELECT DISTINCT o.project_id FROM old_rows o ORDER BY 1 ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION portfolio_mark_both() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'projects' THEN
    INSERT INTO portfolio_dirty SELECT DISTINCT id FROM (SELECT n.id FROM new_rows n UNION SELECT o.id FROM old_rows o) x ORDER BY 1 ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO portfolio_dirty SELECT DISTINCT project_id FROM (SELECT n.project_id FROM new_rows n UNION SELECT o.project_id FROM old_rows o) x ORDER BY 1 ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER portfolio_projects_ins AFTER INSERT ON projects REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_mark_new();
--> statement-breakpoint
CREATE TRIGGER portfolio_projects_upd AFTER UPDATE ON projects REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_mark_both();
--> statement-breakpoint
CREATE TRIGGER portfolio_projects_del AFTER DELETE ON projects REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_mark_old();
--> statement-breakpoint
CREATE TRIGGER portfolio_parties_ins AFTER INSERT ON project_parties REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_mark_new();
--> statement-breakpoint
CREATE TRIGGER portfolio_parties_upd AFTER UPDATE ON project_parties REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_mark_both();
--> statement-breakpoint
CREATE TRIGGER portfolio_parties_del AFTER DELETE ON project_parties REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_mark_old();
--> statement-breakpoint
CREATE TRIGGER portfolio_countries_ins AFTER INSERT ON project_countries REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_mark_new();
--> statement-breakpoint
CREATE TRIGGER portfolio_countries_upd AFTER UPDATE ON project_countries REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_mark_both();
--> statement-breakpoint
CREATE TRIGGER portfolio_countries_del AFTER DELETE ON project_countries REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_mark_old();
--> statement-breakpoint
CREATE TRIGGER portfolio_transactions_ins AFTER INSERT ON transactions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_mark_new();
--> statement-breakpoint
CREATE TRIGGER portfolio_transactions_upd AFTER UPDATE ON transactions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_mark_both();
--> statement-breakpoint
CREATE TRIGGER portfolio_transactions_del AFTER DELETE ON transactions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portfolio_mark_old();
--> statement-breakpoint
-- An actor moving country or place in the hierarchy changes the groups of every project naming
-- it or an actor below it.
CREATE FUNCTION portfolio_mark_actor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH RECURSIVE below AS (
    SELECT NEW.id AS id
    UNION
    SELECT a.id FROM actors a JOIN below b ON a.parent_id = b.id
  )
  INSERT INTO portfolio_dirty SELECT DISTINCT pp.project_id FROM project_parties pp WHERE pp.actor_id IN (SELECT id FROM below) ORDER BY 1 ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER portfolio_actors_upd AFTER UPDATE OF country_code, parent_id, level ON actors FOR EACH ROW
  WHEN (OLD.country_code IS DISTINCT FROM NEW.country_code OR OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.level IS DISTINCT FROM NEW.level)
  EXECUTE FUNCTION portfolio_mark_actor();
--> statement-breakpoint
-- The projects already there.
SELECT portfolio_refresh(coalesce((SELECT array_agg(id ORDER BY id) FROM projects), '{}'));
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- The text the project list searches: the code and the title in every language it has, one per line.
CREATE FUNCTION project_search_text(code text, title jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT code || E'\n' || coalesce((SELECT string_agg(t.v, E'\n') FROM jsonb_each_text(title) AS t(k, v)), '')
$$;
--> statement-breakpoint
CREATE INDEX projects_search_trgm_idx ON projects USING gin (project_search_text(code, title) gin_trgm_ops);
