-- The portfolio rollup kept current in the writing transaction (see src/db/schema/portfolio.ts).

-- A number that grows whenever anything the dashboard shows changes: the rollup, or a name it
-- prints. The dashboard keeps its last answers and reuses one while this number is unchanged. It
-- changes in the writing transaction, so a reader sees the new number with the new figures. No
-- row means 0. A counter, not data: backups leave it out.
CREATE TABLE portfolio_version (id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1), n bigint NOT NULL);
--> statement-breakpoint
CREATE FUNCTION portfolio_bump_version() RETURNS void LANGUAGE sql AS $$
  INSERT INTO portfolio_version AS v VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = v.n + 1
$$;
--> statement-breakpoint
CREATE FUNCTION portfolio_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM portfolio_bump_version();
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER portfolio_names_mechanisms AFTER UPDATE ON mechanisms FOR EACH STATEMENT EXECUTE FUNCTION portfolio_bump();
--> statement-breakpoint
CREATE TRIGGER portfolio_names_pillars AFTER UPDATE ON pillars FOR EACH STATEMENT EXECUTE FUNCTION portfolio_bump();
--> statement-breakpoint
CREATE TRIGGER portfolio_names_areas AFTER UPDATE ON priority_areas FOR EACH STATEMENT EXECUTE FUNCTION portfolio_bump();
--> statement-breakpoint
CREATE TRIGGER portfolio_names_countries AFTER UPDATE ON countries FOR EACH STATEMENT EXECUTE FUNCTION portfolio_bump();
--> statement-breakpoint
CREATE TRIGGER portfolio_names_actors AFTER UPDATE OF code, name ON actors FOR EACH STATEMENT EXECUTE FUNCTION portfolio_bump();
--> statement-breakpoint

-- The facts of the given projects: their groups (dimension, key) times their money per currency.
-- Written as lateral subqueries per project, each an index lookup, so the work grows with the
-- number of projects whatever plan is chosen; joining whole sets of projects to each other is
-- what the planner, seeing the ids as a handful, turns quadratic.
CREATE FUNCTION portfolio_facts_of(ids uuid[])
RETURNS TABLE (project_id uuid, audience text, mechanism_id uuid, dim text, key text, currency text, projects integer, budget numeric, committed numeric, disbursed numeric)
LANGUAGE sql STABLE AS $$
  SELECT p.id, p.audience, p.mechanism_id, d.dim, d.key, m.currency, m.projects, m.budget, m.committed, m.disbursed
  FROM (
    SELECT p.id, p.mechanism_id, p.pillar_id, p.priority_area_id, p.status, p.start_date, p.currency, p.budget, p.external_source,
      CASE WHEN p.visibility = 'restricted' THEN 'restricted'
           WHEN p.visibility = 'public' AND p.status IN ('approved','active','suspended','completed','terminated') THEN 'public'
           ELSE 'user' END AS audience
    FROM unnest(ids) AS i(id) JOIN projects p ON p.id = i.id
  ) p
  CROSS JOIN LATERAL (
    SELECT x.currency, sum(x.n)::int AS projects, sum(x.b) AS budget, sum(x.c) AS committed, sum(x.d) AS disbursed FROM (
      SELECT p.currency, 1 AS n, coalesce(p.budget, 0)::numeric AS b, 0::numeric AS c, 0::numeric AS d
      UNION ALL
      SELECT t.currency, 0, 0,
        CASE WHEN t.type = 'outgoing_commitment' THEN t.value ELSE 0 END,
        CASE WHEN t.type = 'disbursement' THEN t.value ELSE 0 END
      FROM transactions t WHERE t.project_id = p.id AND t.type IN ('outgoing_commitment','disbursement')
    ) x GROUP BY x.currency
  ) m
  CROSS JOIN LATERAL (
    SELECT 'total' AS dim, '' AS key
    UNION ALL SELECT 'pillar', coalesce(p.pillar_id::text, '')
    UNION ALL SELECT 'area', coalesce(p.priority_area_id::text, '')
    UNION ALL SELECT 'status', p.status
    UNION ALL SELECT 'year', coalesce(extract(year FROM p.start_date)::int::text, '')
    UNION ALL SELECT 'source', p.external_source WHERE p.external_source IS NOT NULL
    -- Each party climbs the hierarchy to its province (a party below a province counts for it).
    UNION ALL SELECT 'localgov', g.anc_id::text FROM (
      WITH RECURSIVE walk AS (
        SELECT a.id AS anc_id, a.level, a.parent_id, 0 AS depth
        FROM project_parties pp JOIN actors a ON a.id = pp.actor_id WHERE pp.project_id = p.id
        UNION ALL
        SELECT a.id, a.level, a.parent_id, w.depth + 1
        FROM walk w JOIN actors a ON a.id = w.parent_id
        WHERE w.level IS DISTINCT FROM 'province' AND w.depth < 8
      ) SELECT DISTINCT walk.anc_id FROM walk WHERE walk.level = 'province'
    ) g
    -- Recipient countries where a project has them, else its parties' countries.
    UNION ALL SELECT 'country', c.code FROM (
      SELECT r.country_code AS code FROM project_countries r WHERE r.project_id = p.id
      UNION
      SELECT a.country_code FROM project_parties pp JOIN actors a ON a.id = pp.actor_id
      WHERE pp.project_id = p.id AND a.country_code IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM project_countries r2 WHERE r2.project_id = p.id)
    ) c
  ) d
$$;
--> statement-breakpoint
-- Replaces the facts of the given projects and adds the difference to the rollup. Idempotent:
-- refreshing a project whose facts are current changes nothing. Rollup rows are upserted in key
-- order, so two transactions meeting on the same rows wait for each other instead of deadlocking.
CREATE FUNCTION portfolio_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE $q$
  WITH old AS (DELETE FROM portfolio_facts f USING unnest($1) AS i(id) WHERE f.project_id = i.id RETURNING f.*),
  new AS (INSERT INTO portfolio_facts SELECT * FROM portfolio_facts_of($1) RETURNING *),
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
  $q$ USING ids;
  -- Each project's countries, for the project list's filter.
  EXECUTE $q$
  UPDATE projects p SET country_codes = c.codes
  FROM unnest($1) AS i(id)
  CROSS JOIN LATERAL (
    SELECT coalesce(array_agg(DISTINCT f.key ORDER BY f.key), '{}') AS codes
    FROM portfolio_facts f WHERE f.project_id = i.id AND f.dim = 'country'
  ) c
  WHERE p.id = i.id AND p.country_codes IS DISTINCT FROM c.codes
  $q$ USING ids;
  PERFORM portfolio_bump_version();
END $fn$;
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
-- A project's update counts only when it changes what its facts read: not its title, say, nor the
-- countries its refresh writes back.
CREATE FUNCTION portfolio_mark_both() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'projects' THEN
    INSERT INTO portfolio_dirty SELECT DISTINCT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.mechanism_id, n.pillar_id, n.priority_area_id, n.status, n.visibility, n.start_date, n.currency, n.budget, n.external_source)
      IS DISTINCT FROM (o.mechanism_id, o.pillar_id, o.priority_area_id, o.status, o.visibility, o.start_date, o.currency, o.budget, o.external_source)
    ORDER BY 1 ON CONFLICT DO NOTHING;
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
