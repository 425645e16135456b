// Package uploadtest makes files for upload tests: one of every accepted type,
// and files that must be refused whatever they are named.
package uploadtest

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
)

// File is a test file: the name it is uploaded under, its bytes and, for an
// accepted one, the type Rådhus must sniff.
type File struct {
	Name     string
	Body     []byte
	MimeType string
}

// PDF returns a well-formed minimal PDF of exactly n bytes (n ≥ 200), padded
// with a comment.
func PDF(n int) []byte {
	head := "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
		"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%"
	tail := "\n%%EOF\n"
	if n < len(head)+len(tail) {
		n = len(head) + len(tail)
	}
	b := make([]byte, 0, n)
	b = append(b, head...)
	b = append(b, bytes.Repeat([]byte("x"), n-len(head)-len(tail))...)
	return append(b, tail...)
}

func img() image.Image {
	m := image.NewRGBA(image.Rect(0, 0, 4, 4))
	m.Set(1, 1, color.RGBA{200, 30, 30, 255})
	return m
}

// PNG returns a small PNG image.
func PNG() []byte {
	var b bytes.Buffer
	png.Encode(&b, img())
	return b.Bytes()
}

// JPEG returns a small JPEG image.
func JPEG() []byte {
	var b bytes.Buffer
	jpeg.Encode(&b, img(), nil)
	return b.Bytes()
}

// WebP returns the RIFF container of a (tiny, lossless) WebP image.
func WebP() []byte {
	vp8l := []byte{0x2f, 0x00, 0x00, 0x00, 0x00, 0x88, 0x88, 0x08} // 1×1
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(4+8+len(vp8l)))
	b.WriteString("WEBPVP8L")
	binary.Write(&b, binary.LittleEndian, uint32(len(vp8l)))
	b.Write(vp8l)
	return b.Bytes()
}

// zipOf returns a zip archive of the named entries, in order; stored ones are
// not compressed (OpenDocument wants its mimetype entry so).
func zipOf(entries [][2]string, stored string) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e[0], Method: zip.Deflate}
		if e[0] == stored {
			h.Method = zip.Store
		}
		f, _ := w.CreateHeader(h)
		f.Write([]byte(e[1]))
	}
	w.Close()
	return b.Bytes()
}

func ooxml(dir string) []byte {
	return zipOf([][2]string{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		{"_rels/.rels", `<?xml version="1.0"?><Relationships/>`},
		{dir + "/document.xml", `<?xml version="1.0"?><document/>`},
	}, "")
}

func odf(mime string) []byte {
	return zipOf([][2]string{{"mimetype", mime}, {"content.xml", `<?xml version="1.0"?><office:document-content/>`}}, "mimetype")
}

// Accepted returns one file of every accepted type.
func Accepted() []File {
	return []File{
		{"rapport.pdf", PDF(2000), "application/pdf"},
		{"karta.png", PNG(), "image/png"},
		{"foto.jpg", JPEG(), "image/jpeg"},
		{"bild.webp", WebP(), "image/webp"},
		{"protokoll.docx", ooxml("word"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"budget.xlsx", ooxml("xl"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"bilder.pptx", ooxml("ppt"), "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
		{"protokoll.odt", odf("application/vnd.oasis.opendocument.text"), "application/vnd.oasis.opendocument.text"},
		{"budget.ods", odf("application/vnd.oasis.opendocument.spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet"},
	}
}

// HTMLAsPDF is an HTML page with script, named and labelled as a PDF.
var HTMLAsPDF = File{Name: "rapport.pdf", Body: []byte("<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(document.cookie)</script></body></html>\n")}

// SVGWithScript is an SVG image that runs script when opened.
var SVGWithScript = File{Name: "logo.svg", Body: []byte(`<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><script>alert(document.domain)</script><rect width="10" height="10"/></svg>
`)}

// Refused returns files that must be refused, most of them named as if they
// were accepted.
func Refused() []File {
	return []File{
		HTMLAsPDF,
		SVGWithScript,
		{Name: "logo.png", Body: SVGWithScript.Body},
		{Name: "sida.html", Body: []byte("<html><body><p>hej</p></body></html>")},
		{Name: "dokument.pdf", Body: []byte(strings.Repeat(" ", 10) + "<html><body onload=alert(1)>")},
		{Name: "rapport.pdf", Body: []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + strings.Repeat("\x00", 64))},
		{Name: "arkiv.docx", Body: zipOf([][2]string{{"a.txt", "hej"}}, "")},
		{Name: "anteckning.pdf", Body: []byte("bara text, ingen pdf\n")},
		{Name: "bild.jpg", Body: []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")},
		{Name: "sida.xhtml", Body: []byte(`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>`)},
	}
}
