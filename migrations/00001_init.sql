-- +goose Up
-- Every editable item has a draft and a published row (state), each with a version
-- number; readers only ever see state = 'published'.
CREATE TYPE content_state AS ENUM ('draft', 'published');
CREATE TYPE contact_kind AS ENUM ('SERVICE_CENTRE', 'DEPARTMENT', 'FACILITY', 'PERSON');

-- Documents: the stored bytes are immutable; title and language are editorial.
CREATE TABLE documents (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    storage_key text        NOT NULL, -- content-addressed: equal files share a blob
    file_name   text        NOT NULL CHECK (file_name <> ''),
    mime_type   text        NOT NULL,
    size_bytes  bigint      NOT NULL CHECK (size_bytes >= 0),
    sha256      text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE document_contents (
    document_id  bigint        NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    state        content_state NOT NULL,
    title        text          NOT NULL CHECK (title <> ''),
    language     text          NOT NULL DEFAULT 'sv',
    version      integer       NOT NULL DEFAULT 1,
    published_at timestamptz,
    updated_at   timestamptz   NOT NULL DEFAULT now(),
    search       tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish'::regconfig, title), 'A')
    ) STORED,
    PRIMARY KEY (document_id, state)
);
CREATE INDEX document_contents_search ON document_contents USING gin (search) WHERE state = 'published';

CREATE TABLE contacts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contact_contents (
    contact_id       bigint        NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    state            content_state NOT NULL,
    kind             contact_kind  NOT NULL,
    name             text          NOT NULL CHECK (name <> ''),
    tagline          text          NOT NULL DEFAULT '',
    email            text          NOT NULL DEFAULT '',
    phones           jsonb         NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(phones) = 'array'),
    visiting_address jsonb CHECK (jsonb_typeof(visiting_address) = 'object'),
    postal_address   jsonb CHECK (jsonb_typeof(postal_address) = 'object'),
    links            jsonb         NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(links) = 'array'),
    version          integer       NOT NULL DEFAULT 1,
    published_at     timestamptz,
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    search           tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish'::regconfig, name), 'A') ||
        setweight(to_tsvector('swedish'::regconfig, tagline), 'B') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(visiting_address ->> 'street', '') || ' ' || coalesce(visiting_address ->> 'city', '')), 'C')
    ) STORED,
    PRIMARY KEY (contact_id, state)
);
CREATE INDEX contact_contents_list ON contact_contents (state, kind, name, contact_id);
CREATE INDEX contact_contents_search ON contact_contents USING gin (search) WHERE state = 'published';

-- One schedule per contact and channel; schedule is the opening-hours engine's
-- stored form (rules, exceptions, holiday policy, time zone).
CREATE TABLE opening_hours (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contact_id bigint      NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX opening_hours_contact ON opening_hours (contact_id);

CREATE TABLE opening_hours_contents (
    opening_hours_id bigint        NOT NULL REFERENCES opening_hours (id) ON DELETE CASCADE,
    state            content_state NOT NULL,
    position         integer       NOT NULL DEFAULT 0,
    schedule         jsonb         NOT NULL CHECK (jsonb_typeof(schedule) = 'object'),
    version          integer       NOT NULL DEFAULT 1,
    published_at     timestamptz,
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (opening_hours_id, state)
);

-- The page tree. ancestor_ids (top first) is kept with parent_id so that breadcrumbs
-- and paths need no recursive query on the read path.
CREATE TABLE pages (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id     bigint REFERENCES pages (id) ON DELETE RESTRICT,
    ancestor_ids  bigint[]    NOT NULL DEFAULT '{}',
    position      integer     NOT NULL DEFAULT 0,
    owner         text        NOT NULL DEFAULT '',
    review_due_at timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX pages_parent ON pages (parent_id, position, id);

CREATE TABLE page_contents (
    page_id         bigint        NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    locale          text          NOT NULL CHECK (locale IN ('sv', 'en')),
    state           content_state NOT NULL,
    slug            text          NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    path            text          NOT NULL CHECK (path ~ '^(/[a-z0-9]+(-[a-z0-9]+)*)+$'),
    title           text          NOT NULL CHECK (title <> ''),
    summary         text          NOT NULL DEFAULT '',
    blocks          jsonb         NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(blocks) = 'array'),
    body_text       text          NOT NULL DEFAULT '',
    seo_title       text          NOT NULL DEFAULT '',
    seo_description text          NOT NULL DEFAULT '',
    version         integer       NOT NULL DEFAULT 1,
    published_at    timestamptz,
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    search          tsvector GENERATED ALWAYS AS (
        CASE WHEN locale = 'en' THEN
            setweight(to_tsvector('english'::regconfig, title), 'A') ||
            setweight(to_tsvector('english'::regconfig, summary), 'B') ||
            setweight(to_tsvector('english'::regconfig, body_text), 'C')
        ELSE
            setweight(to_tsvector('swedish'::regconfig, title), 'A') ||
            setweight(to_tsvector('swedish'::regconfig, summary), 'B') ||
            setweight(to_tsvector('swedish'::regconfig, body_text), 'C')
        END
    ) STORED,
    PRIMARY KEY (page_id, locale, state),
    UNIQUE (path, locale, state)
);
CREATE INDEX page_contents_search ON page_contents USING gin (search) WHERE state = 'published';

-- Relations are part of a page's draft or published state.
CREATE TABLE page_documents (
    page_id     bigint        NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    state       content_state NOT NULL,
    position    integer       NOT NULL,
    document_id bigint        NOT NULL REFERENCES documents (id) ON DELETE RESTRICT,
    PRIMARY KEY (page_id, state, position)
);

CREATE TABLE page_contacts (
    page_id    bigint        NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    state      content_state NOT NULL,
    position   integer       NOT NULL,
    contact_id bigint        NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    PRIMARY KEY (page_id, state, position)
);

-- +goose Down
DROP TABLE page_contacts, page_documents, page_contents, pages,
    opening_hours_contents, opening_hours, contact_contents, contacts,
    document_contents, documents;
DROP TYPE contact_kind, content_state;
