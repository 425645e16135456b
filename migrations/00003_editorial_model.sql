-- +goose Up
-- The editorial model. Every item has one version number (on its item row),
-- raised by every change to any of its states; expectedVersion is checked
-- against it. A page's place in the tree, owner and review date belong to its
-- state (page_states), like its locale variants and relations, so that a draft
-- move changes nothing readers see until it is published. Everything a state of
-- a page holds hangs off its page_states row, and a page's state row needs its
-- parent's row in the same state: a published page always has a published parent.

CREATE TABLE page_states (
    page_id       bigint        NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    state         content_state NOT NULL,
    parent_id     bigint,
    ancestor_ids  bigint[]      NOT NULL DEFAULT '{}', -- top first, kept with parent_id
    position      integer       NOT NULL DEFAULT 0,
    owner         text          NOT NULL DEFAULT '',
    review_due_at timestamptz,
    version       integer       NOT NULL, -- the item's version this state holds
    published_at  timestamptz,
    updated_at    timestamptz   NOT NULL,
    PRIMARY KEY (page_id, state),
    FOREIGN KEY (parent_id, state) REFERENCES page_states (page_id, state),
    CHECK (parent_id IS DISTINCT FROM page_id)
);
CREATE INDEX page_states_parent ON page_states (state, parent_id, position, page_id);
CREATE INDEX page_states_ancestors ON page_states USING gin (ancestor_ids);

ALTER TABLE pages ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE pages ADD COLUMN deleted_at timestamptz; -- in the trash

INSERT INTO page_states (page_id, state, parent_id, ancestor_ids, position, owner, review_due_at,
    version, published_at, updated_at)
SELECT p.id, c.state, p.parent_id, p.ancestor_ids, p.position, p.owner, p.review_due_at,
    max(c.version), max(c.published_at), max(c.updated_at)
FROM pages p JOIN page_contents c ON c.page_id = p.id
GROUP BY p.id, c.state;
UPDATE pages p SET version = coalesce((SELECT max(s.version) FROM page_states s WHERE s.page_id = p.id), 1);

ALTER TABLE pages DROP COLUMN parent_id, DROP COLUMN ancestor_ids, DROP COLUMN position,
    DROP COLUMN owner, DROP COLUMN review_due_at;
ALTER TABLE page_contents DROP COLUMN version, DROP COLUMN published_at, DROP COLUMN updated_at;

ALTER TABLE page_contents ADD FOREIGN KEY (page_id, state) REFERENCES page_states (page_id, state) ON DELETE CASCADE;
ALTER TABLE page_documents ADD FOREIGN KEY (page_id, state) REFERENCES page_states (page_id, state) ON DELETE CASCADE;
ALTER TABLE page_contacts ADD FOREIGN KEY (page_id, state) REFERENCES page_states (page_id, state) ON DELETE CASCADE;
CREATE INDEX page_contents_page ON page_contents (page_id, state, locale);

-- One version per item for the other kinds too.
ALTER TABLE contacts ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE opening_hours ADD COLUMN version integer NOT NULL DEFAULT 1;
CREATE INDEX opening_hours_contents_state ON opening_hours_contents (state, opening_hours_id);

-- Paths a published page had before it moved or was renamed: page(path:) on one
-- of them says where the page lives now.
CREATE TABLE page_redirects (
    path       text        NOT NULL,
    locale     text        NOT NULL,
    page_id    bigint      NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (path, locale)
);
CREATE INDEX page_redirects_page ON page_redirects (page_id);

-- A revision is a page's draft as it was published (or deleted), restorable.
CREATE TABLE page_revisions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    page_id      bigint      NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    version      integer     NOT NULL,
    reason       text        NOT NULL CHECK (reason IN ('publish', 'delete')),
    snapshot     jsonb       NOT NULL CHECK (jsonb_typeof(snapshot) = 'object'),
    author_id    text        NOT NULL,
    author_email text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL
);
CREATE INDEX page_revisions_page ON page_revisions (page_id, id DESC);

-- Who changed what, when. Written in the transaction of every change; it does
-- not notify the content channel.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor_id    text        NOT NULL,
    actor_email text        NOT NULL DEFAULT '',
    action      text        NOT NULL,
    item_kind   text        NOT NULL,
    item_id     bigint      NOT NULL,
    version     integer,
    summary     text        NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_item ON audit_log (item_kind, item_id, id DESC);

-- Notify the content channel only when what readers see changes: rows of the
-- published state, and document files (shared by both states). Draft saves,
-- version numbers, revisions and the audit log stay quiet.
DROP TRIGGER content_changed ON pages;
DROP TRIGGER content_changed ON page_contents;
DROP TRIGGER content_changed ON page_documents;
DROP TRIGGER content_changed ON page_contacts;
DROP TRIGGER content_changed ON documents;
DROP TRIGGER content_changed ON document_contents;
DROP TRIGGER content_changed ON contacts;
DROP TRIGGER content_changed ON contact_contents;
DROP TRIGGER content_changed ON opening_hours;
DROP TRIGGER content_changed ON opening_hours_contents;

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['page_states', 'page_contents', 'page_documents', 'page_contacts',
                             'document_contents', 'contact_contents', 'opening_hours_contents'] LOOP
        EXECUTE format('CREATE TRIGGER published_inserted AFTER INSERT ON %I FOR EACH ROW
            WHEN (NEW.state = ''published'') EXECUTE FUNCTION notify_content_changed()', t);
        EXECUTE format('CREATE TRIGGER published_updated AFTER UPDATE ON %I FOR EACH ROW
            WHEN (OLD.state = ''published'' OR NEW.state = ''published'') EXECUTE FUNCTION notify_content_changed()', t);
        EXECUTE format('CREATE TRIGGER published_deleted AFTER DELETE ON %I FOR EACH ROW
            WHEN (OLD.state = ''published'') EXECUTE FUNCTION notify_content_changed()', t);
        EXECUTE format('CREATE TRIGGER content_truncated AFTER TRUNCATE ON %I
            FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed()', t);
    END LOOP;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER file_changed AFTER UPDATE ON documents FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'version') IS DISTINCT FROM (to_jsonb(NEW) - 'version'))
    EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER redirects_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON page_redirects
    FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();

-- +goose Down
DROP TABLE audit_log, page_revisions, page_redirects;
ALTER TABLE opening_hours DROP COLUMN version;
ALTER TABLE documents DROP COLUMN version;
ALTER TABLE contacts DROP COLUMN version;
DROP INDEX page_contents_page, opening_hours_contents_state;

ALTER TABLE pages ADD COLUMN parent_id bigint REFERENCES pages (id) ON DELETE RESTRICT,
    ADD COLUMN ancestor_ids bigint[] NOT NULL DEFAULT '{}',
    ADD COLUMN position integer NOT NULL DEFAULT 0,
    ADD COLUMN owner text NOT NULL DEFAULT '',
    ADD COLUMN review_due_at timestamptz,
    ADD CHECK (parent_id IS DISTINCT FROM id);
CREATE INDEX pages_parent ON pages (parent_id, position, id);
UPDATE pages p SET parent_id = s.parent_id, ancestor_ids = s.ancestor_ids, position = s.position,
    owner = s.owner, review_due_at = s.review_due_at
FROM page_states s WHERE s.page_id = p.id AND s.state = 'draft';
ALTER TABLE page_contents ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD COLUMN published_at timestamptz,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
UPDATE page_contents c SET version = s.version, published_at = s.published_at, updated_at = s.updated_at
FROM page_states s WHERE s.page_id = c.page_id AND s.state = c.state;
DELETE FROM pages WHERE deleted_at IS NOT NULL;
ALTER TABLE pages DROP COLUMN version, DROP COLUMN deleted_at;
DROP TABLE page_states CASCADE;

DROP TRIGGER file_changed ON documents;
-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['page_contents', 'page_documents', 'page_contacts',
                             'document_contents', 'contact_contents', 'opening_hours_contents'] LOOP
        EXECUTE format('DROP TRIGGER published_inserted ON %I', t);
        EXECUTE format('DROP TRIGGER published_updated ON %I', t);
        EXECUTE format('DROP TRIGGER published_deleted ON %I', t);
        EXECUTE format('DROP TRIGGER content_truncated ON %I', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['pages', 'page_contents', 'page_documents', 'page_contacts', 'documents',
                             'document_contents', 'contacts', 'contact_contents', 'opening_hours',
                             'opening_hours_contents'] LOOP
        EXECUTE format('CREATE TRIGGER content_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
            FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed()', t);
    END LOOP;
END
$$;
-- +goose StatementEnd
