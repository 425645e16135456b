package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

const documentColumns = `d.id, c.title, c.file_name, c.mime_type, c.size_bytes, c.sha256, c.language,
	c.storage_key, d.created_at, c.updated_at, d.version`

var documentsByIDSQL = scoped(`SELECT ` + documentColumns + `
FROM documents d JOIN document_contents c ON c.document_id = d.id AND c.state = @state
WHERE d.id = ANY($1)`)

// DocumentsByID implements content.Reader.
func (s *Reader) DocumentsByID(ctx context.Context, ids []int64) (map[int64]*content.Document, error) {
	rows, err := s.db.Query(ctx, documentsByIDSQL.in(s.scope), ids)
	return collectDocuments(rows, err)
}

func collectDocuments(rows pgx.Rows, err error) (map[int64]*content.Document, error) {
	if err != nil {
		return nil, interpretError(err, "documents")
	}
	defer rows.Close()
	out := map[int64]*content.Document{}
	for rows.Next() {
		var d content.Document
		if err := rows.Scan(&d.ID, &d.Title, &d.FileName, &d.MimeType, &d.SizeBytes, &d.SHA256,
			&d.Language, &d.StorageKey, &d.CreatedAt, &d.UpdatedAt, &d.Version); err != nil {
			return nil, interpretError(err, "documents")
		}
		out[d.ID] = &d
	}
	return out, interpretError(rows.Err(), "documents")
}
