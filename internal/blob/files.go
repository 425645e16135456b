package blob

import (
	"io/fs"
	"path/filepath"
)

// ListFiles returns the regular files under root, relative to it, temporary
// ones included (tests show with it that nothing was left behind).
func ListFiles(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, rel)
		}
		return nil
	})
	return out, err
}
