-- +goose Up
-- A document's file (its blob, name, type, size and checksum) belongs to each
-- of its states, like its title: replacing the file changes the draft, and
-- readers get the new file when the document is published. A blob that a
-- state stops referring to (a replaced file published over, a document
-- deleted) is listed in released_blobs and deleted by a periodic job once its
-- grace period has passed and no state refers to it again. released_blobs is
-- not content: it does not notify the content channel.
ALTER TABLE document_contents
    ADD COLUMN storage_key text,
    ADD COLUMN file_name   text,
    ADD COLUMN mime_type   text,
    ADD COLUMN size_bytes  bigint,
    ADD COLUMN sha256      text;
UPDATE document_contents c SET storage_key = d.storage_key, file_name = d.file_name, mime_type = d.mime_type,
    size_bytes = d.size_bytes, sha256 = d.sha256
FROM documents d WHERE d.id = c.document_id;
ALTER TABLE document_contents
    ALTER COLUMN storage_key SET NOT NULL,
    ALTER COLUMN file_name SET NOT NULL,
    ALTER COLUMN mime_type SET NOT NULL,
    ALTER COLUMN size_bytes SET NOT NULL,
    ALTER COLUMN sha256 SET NOT NULL,
    ADD CHECK (file_name <> ''),
    ADD CHECK (size_bytes >= 0),
    ADD CHECK (sha256 ~ '^[0-9a-f]{64}$');
CREATE INDEX document_contents_storage_key ON document_contents (storage_key);
ALTER TABLE documents
    DROP COLUMN storage_key,
    DROP COLUMN file_name,
    DROP COLUMN mime_type,
    DROP COLUMN size_bytes,
    DROP COLUMN sha256;

CREATE TABLE released_blobs (
    storage_key text        PRIMARY KEY,
    released_at timestamptz NOT NULL
);
CREATE INDEX released_blobs_at ON released_blobs (released_at);

-- +goose Down
DROP TABLE released_blobs;
ALTER TABLE documents
    ADD COLUMN storage_key text,
    ADD COLUMN file_name   text,
    ADD COLUMN mime_type   text,
    ADD COLUMN size_bytes  bigint,
    ADD COLUMN sha256      text;
-- The file readers have, else the draft's.
UPDATE documents d SET storage_key = c.storage_key, file_name = c.file_name, mime_type = c.mime_type,
    size_bytes = c.size_bytes, sha256 = c.sha256
FROM (SELECT DISTINCT ON (document_id) * FROM document_contents
      ORDER BY document_id, state = 'published' DESC) c
WHERE c.document_id = d.id;
ALTER TABLE documents
    ALTER COLUMN storage_key SET NOT NULL,
    ALTER COLUMN file_name SET NOT NULL,
    ALTER COLUMN mime_type SET NOT NULL,
    ALTER COLUMN size_bytes SET NOT NULL,
    ALTER COLUMN sha256 SET NOT NULL,
    ADD CHECK (file_name <> ''),
    ADD CHECK (size_bytes >= 0),
    ADD CHECK (sha256 ~ '^[0-9a-f]{64}$');
DROP INDEX document_contents_storage_key;
ALTER TABLE document_contents
    DROP COLUMN storage_key,
    DROP COLUMN file_name,
    DROP COLUMN mime_type,
    DROP COLUMN size_bytes,
    DROP COLUMN sha256;
