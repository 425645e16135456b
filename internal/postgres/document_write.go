package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

// Documents' writes. A document's title and language have a draft and a
// published state; its file (name, type, size, checksum, blob) belongs to the
// item and is shared by both. Every write takes the executor it runs on, raises
// the document's version (checking expectedVersion) and writes its audit entry
// in the same transaction. Blobs are content-addressed and shared by equal
// files: a transaction that stores a key takes a lock on it first, and
// ReleaseBlob, which deletes a blob no row refers to, takes the same lock, so a
// blob is never deleted under a document that is being saved with it.

// PlaceBlob puts a file's bytes into blob storage; it runs inside the
// transaction that saves the file's row, after the blob's key is locked.
type PlaceBlob func(ctx context.Context) error

// CreateDocumentDraft stores a new document, unpublished, at version 1, its
// bytes put in place by place. Errors: internal ones (validation is the
// caller's).
func (s *Store) CreateDocumentDraft(ctx context.Context, db DB, d *content.Document, place PlaceBlob) (*content.Document, error) {
	now := s.now()
	var id int64
	err := inTx(ctx, db, func(tx pgx.Tx) error {
		if err := lockBlob(ctx, tx, d.StorageKey); err != nil {
			return err
		}
		if err := place(ctx); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO documents (storage_key, file_name, mime_type, size_bytes, sha256, created_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id`,
			d.StorageKey, d.FileName, d.MimeType, d.SizeBytes, d.SHA256, now).Scan(&id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO document_contents (document_id, state, title, language, updated_at)
			VALUES ($1, 'draft', $2, $3, $4)`, id, d.Title, d.Language, now); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionCreate, content.KindDocument, id, 1, d.FileName)
	})
	if err != nil {
		return nil, interpretError(err, "document")
	}
	return s.draftDocument(ctx, db, id)
}

// ReplaceDocumentFile gives a document another file (name, type, size,
// checksum and bytes from f), put in place by place. Errors: NOT_FOUND,
// CONFLICT (stale expectedVersion).
func (s *Store) ReplaceDocumentFile(ctx context.Context, db DB, id int64, expectedVersion int, f *content.Document, place PlaceBlob) (*content.Document, error) {
	now := s.now()
	err := inTx(ctx, db, func(tx pgx.Tx) error {
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
		if _, err := tx.Exec(ctx, `UPDATE documents SET storage_key = $2, file_name = $3, mime_type = $4,
			size_bytes = $5, sha256 = $6 WHERE id = $1`, id, f.StorageKey, f.FileName, f.MimeType, f.SizeBytes, f.SHA256); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE document_contents SET updated_at = $2 WHERE document_id = $1`, id, now); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionUpdate, content.KindDocument, id, v, "file: "+f.FileName)
	})
	if err != nil {
		return nil, interpretError(err, "document")
	}
	return s.draftDocument(ctx, db, id)
}

// UpdateDocumentDraft changes a document's draft title and language, and its
// file name. Errors: NOT_FOUND, CONFLICT (stale expectedVersion).
func (s *Store) UpdateDocumentDraft(ctx context.Context, db DB, id int64, expectedVersion int, u content.DocumentUpdate) (*content.Document, error) {
	now := s.now()
	err := inTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bumpDocument(ctx, tx, id, expectedVersion)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE document_contents SET title = coalesce($2, title),
			language = coalesce($3, language), updated_at = $4 WHERE document_id = $1 AND state = 'draft'`,
			id, u.Title, u.Language, now); err != nil {
			return err
		}
		if u.FileName != nil {
			if _, err := tx.Exec(ctx, `UPDATE documents SET file_name = $2 WHERE id = $1`, id, *u.FileName); err != nil {
				return err
			}
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionUpdate, content.KindDocument, id, v, "metadata")
	})
	if err != nil {
		return nil, interpretError(err, "document")
	}
	return s.draftDocument(ctx, db, id)
}

// PublishDocument copies a document's draft to its published state. Errors:
// NOT_FOUND, CONFLICT (stale expectedVersion).
func (s *Store) PublishDocument(ctx context.Context, db DB, id int64, expectedVersion int) (*content.Document, error) {
	now := s.now()
	err := inTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bumpDocument(ctx, tx, id, expectedVersion)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO document_contents (document_id, state, title, language, published_at, updated_at)
			SELECT document_id, 'published', title, language, $2, $2 FROM document_contents
			WHERE document_id = $1 AND state = 'draft'
			ON CONFLICT (document_id, state) DO UPDATE SET title = EXCLUDED.title, language = EXCLUDED.language,
				published_at = EXCLUDED.published_at, updated_at = EXCLUDED.updated_at`, id, now); err != nil {
			return err
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
	err := inTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bumpDocument(ctx, tx, id, expectedVersion)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM document_contents WHERE document_id = $1 AND state = 'published'`, id); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionUnpublish, content.KindDocument, id, v, "")
	})
	if err != nil {
		return nil, interpretError(err, "document")
	}
	return s.draftDocument(ctx, db, id)
}

// DeleteDocument deletes a document and returns its blob's key, for
// ReleaseBlob. Errors: NOT_FOUND, CONFLICT (stale expectedVersion, or a page
// still lists it).
func (s *Store) DeleteDocument(ctx context.Context, db DB, id int64, expectedVersion int) (storageKey string, err error) {
	now := s.now()
	err = inTx(ctx, db, func(tx pgx.Tx) error {
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
		if err := tx.QueryRow(ctx, `DELETE FROM documents WHERE id = $1 RETURNING storage_key`, id).Scan(&storageKey); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionDelete, content.KindDocument, id, v, "")
	})
	return storageKey, interpretError(err, "document")
}

// ReleaseBlob calls drop to delete the blob of key when no document refers to
// it, under the key's lock.
func (s *Store) ReleaseBlob(ctx context.Context, db DB, key string, drop func(ctx context.Context) error) error {
	err := inTx(ctx, db, func(tx pgx.Tx) error {
		if err := lockBlob(ctx, tx, key); err != nil {
			return err
		}
		var used bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE storage_key = $1)`, key).Scan(&used); err != nil {
			return err
		}
		if used {
			return nil
		}
		return drop(ctx)
	})
	return interpretError(err, "blob")
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
