package graph

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/radhus/radhus/graph/model"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/upload"
)

// uploadFile is an uploaded file as internal/upload takes it.
func uploadFile(u graphql.Upload) upload.File {
	return upload.File{Name: u.Filename, Body: u.File, Size: u.Size}
}

func documentPayload(d *content.Document, err error) (*model.DocumentPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.DocumentPayload{Document: d}, nil
}
