-- +goose Up
-- A page state as readers are served it in each locale Rådhus serves, stored:
-- one row per state, locale asked for and page, holding the variant that
-- answers (the locale's own, else Swedish), the page state's place and
-- metadata, and the IDs of its documents and contacts in order. Everything a
-- listed page or a page view reads, except its blocks, is then one row found by
-- one key: a child listing walks served_pages_parent in order and stops after
-- the page, without a probe per page of both its variants, a sort to pick one,
-- a read of the wide variant rows (with their blocks, body text and search
-- vector) or two subqueries per page for its relations.
--
-- The rows are kept by statement triggers on everything they are made of
-- (page_states, page_contents, page_documents, page_contacts): every statement
-- that writes those tables rewrites the rows of the page states it touched,
-- from the tables as they then are. No write path has to know about them.
CREATE TABLE served_pages (
    state           content_state NOT NULL,
    locale          text          NOT NULL, -- the locale asked for
    page_id         bigint        NOT NULL,
    variant         text          NOT NULL, -- the locale of the variant that answers
    parent_id       bigint,
    ancestor_ids    bigint[]      NOT NULL,
    position        integer       NOT NULL,
    tree_key        bigint[]      NOT NULL,
    slug            text          NOT NULL,
    path            text          NOT NULL,
    title           text          NOT NULL,
    summary         text          NOT NULL,
    seo_title       text          NOT NULL,
    seo_description text          NOT NULL,
    owner           text          NOT NULL,
    review_due_at   timestamptz,
    published_at    timestamptz,
    updated_at      timestamptz   NOT NULL,
    version         integer       NOT NULL,
    document_ids    bigint[]      NOT NULL, -- by position
    contact_ids     bigint[]      NOT NULL, -- by position
    PRIMARY KEY (state, locale, page_id)
);
CREATE INDEX served_pages_parent ON served_pages (state, locale, parent_id, position, page_id);
CREATE INDEX served_pages_tree ON served_pages (state, locale, tree_key);

-- served_pages_rows computes the rows of the given page states. The locales are those of content.Locales, the default
-- first; page_contents' CHECK allows no others.
-- +goose StatementBegin
CREATE FUNCTION served_pages_rows(ids bigint[], states content_state[]) RETURNS SETOF served_pages
LANGUAGE sql STABLE AS $$
    SELECT s.state, l.locale, s.page_id, c.locale, s.parent_id, s.ancestor_ids, s.position, s.tree_key,
        c.slug, c.path, c.title, c.summary, c.seo_title, c.seo_description,
        s.owner, s.review_due_at, s.published_at, s.updated_at, s.version,
        ARRAY(SELECT d.document_id FROM page_documents d WHERE d.page_id = s.page_id AND d.state = s.state ORDER BY d.position),
        ARRAY(SELECT k.contact_id FROM page_contacts k WHERE k.page_id = s.page_id AND k.state = s.state ORDER BY k.position)
    FROM page_states s
    CROSS JOIN unnest(ARRAY['sv', 'en']) l(locale)
    CROSS JOIN LATERAL (
        SELECT c.locale, c.slug, c.path, c.title, c.summary, c.seo_title, c.seo_description
        FROM page_contents c WHERE c.page_id = s.page_id AND c.state = s.state AND c.locale IN (l.locale, 'sv')
        ORDER BY c.locale = l.locale DESC LIMIT 1) c
    WHERE (s.page_id, s.state) IN (SELECT * FROM unnest(ids, states))
$$;

-- One generic plan: PostgreSQL would otherwise plan the refresh anew on every
-- call, which costs ten times running it.
CREATE FUNCTION served_pages_refresh(ids bigint[], states content_state[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    DELETE FROM served_pages sp USING unnest(ids, states) k(page_id, state)
    WHERE sp.state = k.state AND sp.locale IN ('sv', 'en') AND sp.page_id = k.page_id;
    INSERT INTO served_pages SELECT * FROM served_pages_rows(ids, states);
END
$$;

CREATE FUNCTION served_pages_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM new_rows) THEN
        RETURN NULL;
    END IF;
    PERFORM served_pages_refresh(array_agg(page_id), array_agg(state))
    FROM (SELECT DISTINCT page_id, state FROM new_rows) k;
    RETURN NULL;
END
$$;

CREATE FUNCTION served_pages_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM new_rows) THEN
        RETURN NULL;
    END IF;
    PERFORM served_pages_refresh(array_agg(page_id), array_agg(state))
    FROM (SELECT page_id, state FROM old_rows UNION SELECT page_id, state FROM new_rows) k;
    RETURN NULL;
END
$$;

CREATE FUNCTION served_pages_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM old_rows) THEN
        RETURN NULL;
    END IF;
    PERFORM served_pages_refresh(array_agg(page_id), array_agg(state))
    FROM (SELECT DISTINCT page_id, state FROM old_rows) k;
    RETURN NULL;
END
$$;

CREATE FUNCTION served_pages_rebuild() RETURNS void LANGUAGE sql AS $$
    DELETE FROM served_pages;
    INSERT INTO served_pages
    SELECT * FROM served_pages_rows(ARRAY(SELECT page_id FROM page_states), ARRAY(SELECT state FROM page_states))
    ORDER BY state, locale, parent_id, position, page_id; -- as child listings read them
$$;

CREATE FUNCTION served_pages_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM served_pages_rebuild();
    RETURN NULL;
END
$$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['page_states', 'page_contents', 'page_documents', 'page_contacts'] LOOP
        EXECUTE format('CREATE TRIGGER served_pages_inserted AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION served_pages_inserted()', t);
        EXECUTE format('CREATE TRIGGER served_pages_updated AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION served_pages_updated()', t);
        EXECUTE format('CREATE TRIGGER served_pages_deleted AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION served_pages_deleted()', t);
        EXECUTE format('CREATE TRIGGER served_pages_truncated AFTER TRUNCATE ON %I
            FOR EACH STATEMENT EXECUTE FUNCTION served_pages_truncated()', t);
    END LOOP;
END
$$;
-- +goose StatementEnd

SELECT served_pages_rebuild();
ANALYZE served_pages;

-- +goose Down
-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['page_states', 'page_contents', 'page_documents', 'page_contacts'] LOOP
        EXECUTE format('DROP TRIGGER served_pages_inserted ON %I', t);
        EXECUTE format('DROP TRIGGER served_pages_updated ON %I', t);
        EXECUTE format('DROP TRIGGER served_pages_deleted ON %I', t);
        EXECUTE format('DROP TRIGGER served_pages_truncated ON %I', t);
    END LOOP;
END
$$;
-- +goose StatementEnd
DROP FUNCTION served_pages_truncated(), served_pages_deleted(), served_pages_updated(), served_pages_inserted(),
    served_pages_rebuild(), served_pages_refresh(bigint[], content_state[]), served_pages_rows(bigint[], content_state[]);
DROP TABLE served_pages;
