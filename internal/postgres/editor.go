package postgres

import (
	"context"

	"github.com/radhus/radhus/internal/content"
)

// Editor returns the page editor on the store's pool: each change is its own
// transaction. Jobs that change pages inside a transaction of their own call
// the Store's methods with it instead (PublishPage(ctx, tx, ...)).
func (s *Store) Editor() content.PageEditor { return editor{s} }

type editor struct{ s *Store }

func (e editor) CreatePage(ctx context.Context, d *content.PageDraft) (*content.Page, error) {
	return e.s.CreatePageDraft(ctx, e.s.db, d)
}

func (e editor) UpdatePage(ctx context.Context, id int64, v int, u *content.PageUpdate) (*content.Page, error) {
	return e.s.UpdatePageDraft(ctx, e.s.db, id, v, u)
}

func (e editor) MovePage(ctx context.Context, id int64, v int, parent int64, position int) (*content.Page, error) {
	return e.s.MovePage(ctx, e.s.db, id, v, parent, position)
}

func (e editor) ReorderPages(ctx context.Context, parent int64, ids []int64, expected []int) ([]*content.Page, error) {
	return e.s.ReorderPages(ctx, e.s.db, parent, ids, expected)
}

func (e editor) SetPageDocuments(ctx context.Context, id int64, v int, ids []int64) (*content.Page, error) {
	return e.s.SetPageDocuments(ctx, e.s.db, id, v, ids)
}

func (e editor) SetPageContacts(ctx context.Context, id int64, v int, ids []int64) (*content.Page, error) {
	return e.s.SetPageContacts(ctx, e.s.db, id, v, ids)
}

func (e editor) DeletePage(ctx context.Context, id int64, v int) error {
	return e.s.DeletePage(ctx, e.s.db, id, v)
}

func (e editor) RestorePage(ctx context.Context, id int64) (*content.Page, error) {
	return e.s.RestorePage(ctx, e.s.db, id)
}

func (e editor) PublishPage(ctx context.Context, id int64, v int) (*content.Page, error) {
	return e.s.PublishPage(ctx, e.s.db, id, v)
}

func (e editor) UnpublishPage(ctx context.Context, id int64, v int) (*content.Page, error) {
	return e.s.UnpublishPage(ctx, e.s.db, id, v)
}

func (e editor) Revisions(ctx context.Context, id int64, req content.PageRequest) (content.List[*content.Revision], error) {
	return e.s.PageRevisions(ctx, e.s.db, id, req)
}

func (e editor) RestoreRevision(ctx context.Context, id int64, v int) (*content.Page, error) {
	return e.s.RestoreRevision(ctx, e.s.db, id, v)
}

func (e editor) AuditLog(ctx context.Context, f content.AuditFilter) (content.List[*content.AuditEntry], error) {
	return e.s.AuditLog(ctx, e.s.db, f)
}
