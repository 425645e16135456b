package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

// Documents' writes. A document has a draft and a published state, each with
// its title, language and file (name, type, size, checksum, blob): replacing
// the file or renaming it changes the draft, and readers get it when the
// document is published. Every write takes the executor it runs on, raises the
// document's version (checking expectedVersion) and writes its audit entry in
// the same transaction. Blobs are content-addressed and shared by equal files:
// a transaction that stores a key takes a lock on it first, and whatever
// deletes a blob takes the same lock and checks that no state refers to it, so
// a blob is never deleted under a document that is being saved with it. A blob
// a state stops referring to is listed in released_blobs, for CollectBlobs.

// PlaceBlob puts a file's bytes into blob storage; it runs inside the
// transaction that saves the file's row, after the blob's key is locked.
type PlaceBlob func(ctx context.Context) error

// CreateDocumentDraft stores a new document, unpublished, at version 1, its
// bytes put in place by place. Errors: internal ones (validation is the
// caller's).
func (s *Store) CreateDocumentDraft(ctx context.Context, db DB, d *content.Document, place PlaceBlob) (*content.Document, error) {
	now := s.now()
	var id int64
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		if err := lockBlob(ctx, tx, d.StorageKey); err != nil {
			return err
		}
		if err := place(ctx); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO documents (created_at, version) VALUES ($1, 1) RETURNING id`, now).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO document_contents (document_id, state, title, language, updated_at,
				storage_key, file_name, mime_type, size_bytes, sha256)
			VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $9)`, id, d.Title, d.Language, now,
			d.StorageKey, d.FileName, d.MimeType, d.SizeBytes, d.SHA256); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionCreate, content.KindDocument, id, 1, d.FileName)
	})
	if err != nil {
		return nil, interpretError(err, "document")
	}
	return s.draftDocument(ctx, db, id)
}

// ReplaceDocumentFile gives a document's draft another file (name, type, size,
// checksum and bytes from f), put in place by place; readers keep the
// published file until the document is published. The draft's old blob is
// released. Errors: NOT_FOUND, CONFLICT (stale expectedVersion).
func (s *Store) ReplaceDocumentFile(ctx context.Context, db DB, id int64, expectedVersion int, f *content.Document, place PlaceBlob) (*content.Document, error) {
	now := s.now()
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bumpDocument(ctx, tx, id, expectedVersion)
		if err != nil {
			return err
		}
		if err := lockBlob(ctx, tx, f.StorageKey); err != nil {
			return err
		}
		if err := place(ctx); err != nil {
			return err
		}
		var old string
		if err := tx.QueryRow(ctx, `WITH old AS (
				SELECT storage_key FROM document_contents WHERE document_id = $1 AND state = 'draft' FOR UPDATE)
			UPDATE document_contents c SET storage_key = $2, file_name = $3, mime_type = $4, size_bytes = $5,
				sha256 = $6, updated_at = $7
			FROM old WHERE c.document_id = $1 AND c.state = 'draft' RETURNING old.storage_key`,
			id, f.StorageKey, f.FileName, f.MimeType, f.SizeBytes, f.SHA256, now).Scan(&old); err != nil {
			return err
		}
		if err := releaseBlobs(ctx, tx, now, old); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionUpdate, content.KindDocument, id, v, "file: "+f.FileName)
	})
	if err != nil {
		return nil, interpretError(err, "document")
	}
	return s.draftDocument(ctx, db, id)
}

// UpdateDocumentDraft changes a document's draft title, language and file
// name. Errors: NOT_FOUND, CONFLICT (stale expectedVersion).
func (s *Store) UpdateDocumentDraft(ctx context.Context, db DB, id int64, expectedVersion int, u content.DocumentUpdate) (*content.Document, error) {
	now := s.now()
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bumpDocument(ctx, tx, id, expectedVersion)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE document_contents SET title = coalesce($2, title),
			language = coalesce($3, language), file_name = coalesce($4, file_name), updated_at = $5
			WHERE document_id = $1 AND state = 'draft'`,
			id, u.Title, u.Language, u.FileName, now); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionUpdate, content.KindDocument, id, v, "metadata")
	})
	if err != nil {
		return nil, interpretError(err, "document")
	}
	return s.draftDocument(ctx, db, id)
}

// PublishDocument copies a document's draft, its file included, to its
// published state; the blob readers had before is released. Errors:
// NOT_FOUND, CONFLICT (stale expectedVersion).
func (s *Store) PublishDocument(ctx context.Context, db DB, id int64, expectedVersion int) (*content.Document, error) {
	now := s.now()
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bumpDocument(ctx, tx, id, expectedVersion)
		if err != nil {
			return err
		}
		var old *string
		if err := tx.QueryRow(ctx, `SELECT storage_key FROM document_contents
			WHERE document_id = $1 AND state = 'published' FOR UPDATE`, id).Scan(&old); err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO document_contents (document_id, state, title, language, published_at, updated_at,
				storage_key, file_name, mime_type, size_bytes, sha256)
			SELECT document_id, 'published', title, language, $2, $2, storage_key, file_name, mime_type, size_bytes, sha256
			FROM document_contents WHERE document_id = $1 AND state = 'draft'
			ON CONFLICT (document_id, state) DO UPDATE SET title = EXCLUDED.title, language = EXCLUDED.language,
				published_at = EXCLUDED.published_at, updated_at = EXCLUDED.updated_at,
				storage_key = EXCLUDED.storage_key, file_name = EXCLUDED.file_name, mime_type = EXCLUDED.mime_type,
				size_bytes = EXCLUDED.size_bytes, sha256 = EXCLUDED.sha256`, id, now); err != nil {
			return err
		}
		if old != nil {
			if err := releaseBlobs(ctx, tx, now, *old); err != nil {
				return err
			}
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionPublish, content.KindDocument, id, v, "")
	})
	if err != nil {
		return nil, interpretError(err, "document")
	}
	return s.draftDocument(ctx, db, id)
}

// UnpublishDocument removes a document's published state; pages that list it
// no longer show it to readers. Errors: NOT_FOUND, CONFLICT (stale
// expectedVersion).
func (s *Store) UnpublishDocument(ctx context.Context, db DB, id int64, expectedVersion int) (*content.Document, error) {
	now := s.now()
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bumpDocument(ctx, tx, id, expectedVersion)
		if err != nil {
			return err
		}
		var keys []string
		if err := tx.QueryRow(ctx, `WITH gone AS (
				DELETE FROM document_contents WHERE document_id = $1 AND state = 'published' RETURNING storage_key)
			SELECT coalesce(array_agg(storage_key), '{}') FROM gone`, id).Scan(&keys); err != nil {
			return err
		}
		if err := releaseBlobs(ctx, tx, now, keys...); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionUnpublish, content.KindDocument, id, v, "")
	})
	if err != nil {
		return nil, interpretError(err, "document")
	}
	return s.draftDocument(ctx, db, id)
}

// DeleteDocument deletes a document; its blobs are released, for
// CollectBlobs. Errors: NOT_FOUND, CONFLICT (stale expectedVersion, or a page
// still lists it).
func (s *Store) DeleteDocument(ctx context.Context, db DB, id int64, expectedVersion int) error {
	now := s.now()
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bumpDocument(ctx, tx, id, expectedVersion)
		if err != nil {
			return err
		}
		var used bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM page_documents WHERE document_id = $1)`, id).Scan(&used); err != nil {
			return err
		}
		if used {
			return content.Errorf(content.ECONFLICT, "a page still lists this document; remove it from the page first")
		}
		var keys []string
		if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(storage_key), '{}') FROM document_contents
			WHERE document_id = $1`, id).Scan(&keys); err != nil {
			return err
		}
		// Deleting the document deletes its states.
		if _, err := tx.Exec(ctx, `DELETE FROM documents WHERE id = $1`, id); err != nil {
			return err
		}
		if err := releaseBlobs(ctx, tx, now, keys...); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionDelete, content.KindDocument, id, v, "")
	})
	return interpretError(err, "document")
}

// ReleaseBlob calls drop to delete the blob of key at once when no document
// state refers to it, under the key's lock: for a save that failed after it
// put its bytes in place.
func (s *Store) ReleaseBlob(ctx context.Context, db DB, key string, drop func(ctx context.Context) error) error {
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		if err := lockBlob(ctx, tx, key); err != nil {
			return err
		}
		used, err := blobUsed(ctx, tx, key)
		if err != nil || used {
			return err
		}
		return drop(ctx)
	})
	return interpretError(err, "blob")
}

// releaseBlobs lists blobs that a state stopped referring to, as released
// now; a key already listed is released again, so its grace period starts
// over. Some may still be referred to by another state or document:
// CollectBlobs checks that when it comes to them.
func releaseBlobs(ctx context.Context, tx pgx.Tx, now time.Time, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO released_blobs (storage_key, released_at) SELECT DISTINCT unnest($1::text[]), $2::timestamptz
		ON CONFLICT (storage_key) DO UPDATE SET released_at = EXCLUDED.released_at`, keys, now)
	return err
}

// CollectBlobs deletes, with drop, every blob released at or before cutoff
// that no document state refers to, each under its key's lock in a
// transaction of its own, and forgets the released keys that are referred to
// again. It returns how many blobs it deleted.
func (s *Store) CollectBlobs(ctx context.Context, db DB, cutoff time.Time, drop func(ctx context.Context, key string) error) (int, error) {
	deleted := 0
	for {
		var keys []string
		if err := db.QueryRow(ctx, `SELECT coalesce(array_agg(storage_key), '{}') FROM (
				SELECT storage_key FROM released_blobs WHERE released_at <= $1 ORDER BY released_at LIMIT 100) x`,
			cutoff).Scan(&keys); err != nil {
			return deleted, interpretError(err, "blob")
		}
		if len(keys) == 0 {
			return deleted, nil
		}
		for _, key := range keys {
			gone := false
			err := InTx(ctx, db, func(tx pgx.Tx) error {
				if err := lockBlob(ctx, tx, key); err != nil {
					return err
				}
				// Released again since it was listed: its grace starts over.
				tag, err := tx.Exec(ctx, `DELETE FROM released_blobs WHERE storage_key = $1 AND released_at <= $2`, key, cutoff)
				if err != nil || tag.RowsAffected() == 0 {
					return err
				}
				used, err := blobUsed(ctx, tx, key)
				if err != nil || used {
					return err
				}
				gone = true
				return drop(ctx, key)
			})
			if err != nil {
				return deleted, interpretError(err, "blob")
			}
			if gone {
				deleted++
			}
		}
	}
}

func blobUsed(ctx context.Context, tx pgx.Tx, key string) (bool, error) {
	var used bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM document_contents WHERE storage_key = $1)`, key).Scan(&used)
	return used, err
}

func lockBlob(ctx context.Context, tx pgx.Tx, key string) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('blob:' || $1, 0))`, key)
	return err
}

// bumpDocument raises a document's version when it is expectedVersion.
// Errors: NOT_FOUND, CONFLICT with the current version.
func bumpDocument(ctx context.Context, tx pgx.Tx, id int64, expectedVersion int) (int, error) {
	var v int
	err := tx.QueryRow(ctx, `UPDATE documents SET version = version + 1 WHERE id = $1 AND version = $2
		RETURNING version`, id, expectedVersion).Scan(&v)
	if !errors.Is(err, pgx.ErrNoRows) {
		return v, err
	}
	if err := tx.QueryRow(ctx, `SELECT version FROM documents WHERE id = $1`, id).Scan(&v); err != nil {
		return 0, interpretError(err, "document")
	}
	return 0, content.Stale("the document", v)
}

func (s *Store) draftDocument(ctx context.Context, db DB, id int64) (*content.Document, error) {
	found, err := s.drafts.On(db).DocumentsByID(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	if d := found[id]; d != nil {
		return d, nil
	}
	return nil, content.NotFound("document")
}
