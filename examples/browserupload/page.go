package main

import (
	"html/template"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cosgo/cos"
)

// Page serves the upload page. Each GET / signs a fresh POST policy with
// the server's credentials; the browser then sends the file to COS
// directly, never through this server, and COS redirects it back to
// /done.
type Page struct {
	Client *cos.Client
	// KeyPrefix is where uploads go; the file's name completes the key.
	KeyPrefix string
	// MaxSize bounds an upload, in bytes.
	MaxSize int64
	// Logger receives handler errors (never the form's fields: they are
	// a credential until the policy expires).
	Logger *slog.Logger
}

// formField is one hidden input of the form.
type formField struct{ Name, Value string }

type formPage struct {
	Action     string
	Fields     []formField
	Expiration string
	MaxSize    int64
}

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cosgo: upload straight to COS</title></head>
<body>
<h1>Upload a file straight to COS</h1>
<p>This form posts to the bucket, not to this server. It is signed by a POST
policy that allows one file of at most {{.MaxSize}} bytes and expires at
{{.Expiration}}.</p>
<form id="upload" action="{{.Action}}" method="post" enctype="multipart/form-data">
{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<input type="file" name="file" required>
<button type="submit">Upload</button>
</form>
</body>
</html>
`))

var doneTmpl = template.Must(template.New("done").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cosgo: uploaded</title></head>
<body>
<h1>Uploaded</h1>
<p id="result">Stored <code>{{.Key}}</code> in {{.Bucket}}, ETag {{.ETag}}.</p>
<p><a href="/">Upload another file</a></p>
</body>
</html>
`))

// ServeHTTP serves the form at / and COS's redirect target at /done.
func (p *Page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/":
		p.serveForm(w, r)
	case "/done":
		q := r.URL.Query()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		p.render(w, doneTmpl, map[string]string{"Key": q.Get("key"), "Bucket": q.Get("bucket"), "ETag": q.Get("etag")})
	default:
		http.NotFound(w, r)
	}
}

func (p *Page) serveForm(w http.ResponseWriter, r *http.Request) {
	post, err := p.Client.Object.PresignPost(r.Context(), &cos.PostPolicy{
		KeyPrefix: p.KeyPrefix,
		Expires:   15 * time.Minute,
		MinSize:   1,
		MaxSize:   p.MaxSize,
		Metadata:  map[string]string{"uploaded-by": "browserupload-example"},
		// Back to this page once COS has the file: a 303 with bucket, key
		// and etag added to the query.
		SuccessActionRedirect: "http://" + r.Host + "/done",
	})
	if err != nil {
		p.Logger.Error("browserupload: signing the form", slog.String("error", err.Error()))
		http.Error(w, "cannot sign the upload form", http.StatusInternalServerError)
		return
	}
	data := formPage{Action: post.URL.String(), Expiration: post.Expiration.UTC().Format(time.RFC1123), MaxSize: p.MaxSize}
	for name, v := range post.Fields {
		data.Fields = append(data.Fields, formField{name, v})
	}
	slices.SortFunc(data.Fields, func(a, b formField) int { return strings.Compare(a.Name, b.Name) })
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store") // the form holds a signature
	p.render(w, pageTmpl, data)
}

func (p *Page) render(w http.ResponseWriter, t *template.Template, data any) {
	if err := t.Execute(w, data); err != nil {
		p.Logger.Error("browserupload: rendering", slog.String("error", err.Error()))
	}
}
