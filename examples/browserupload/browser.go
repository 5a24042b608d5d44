package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
)

// This file plays the browser: it reads the page's form and submits it as
// a browser submits a multipart form, the hidden fields in document order,
// then the file with its name and type, no credentials.

// Form is the upload form as the page renders it.
type Form struct {
	Action string
	Fields [][2]string // name, value, in document order
}

var (
	formRe   = regexp.MustCompile(`<form id="upload" action="([^"]*)" method="post" enctype="multipart/form-data">`)
	hiddenRe = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)
	fileRe   = regexp.MustCompile(`<input type="file" name="file"`)
)

// FetchForm GETs the page and reads its form.
func FetchForm(ctx context.Context, hc *http.Client, pageURL string) (*Form, error) {
	page, err := get(ctx, hc, pageURL)
	if err != nil {
		return nil, err
	}
	m := formRe.FindStringSubmatch(page)
	if m == nil {
		return nil, errors.New("the page has no upload form")
	}
	f := &Form{Action: html.UnescapeString(m[1])}
	for _, in := range hiddenRe.FindAllStringSubmatch(page, -1) {
		f.Fields = append(f.Fields, [2]string{html.UnescapeString(in[1]), html.UnescapeString(in[2])})
	}
	last := hiddenRe.FindAllStringIndex(page, -1)
	file := fileRe.FindStringIndex(page)
	if file == nil || len(last) == 0 || file[0] < last[len(last)-1][1] {
		return nil, errors.New("the page's file input must follow the hidden fields")
	}
	return f, nil
}

// Submit posts the form with one file, follows COS's redirect as a
// browser does, and returns the final page.
func (f *Form) Submit(ctx context.Context, hc *http.Client, filename, contentType string, content []byte) (status int, page string, err error) {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for _, kv := range f.Fields {
		if err := w.WriteField(kv[0], kv[1]); err != nil {
			return 0, "", err
		}
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, filename))
	h.Set("Content-Type", contentType)
	part, err := w.CreatePart(h)
	if err != nil {
		return 0, "", err
	}
	if _, err := part.Write(content); err != nil {
		return 0, "", err
	}
	if err := w.Close(); err != nil {
		return 0, "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.Action, &body)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, string(b), err
}

// ResultKey reads the key from the /done page (COS's redirect).
func ResultKey(page string) string {
	_, rest, ok := strings.Cut(page, `<p id="result">Stored <code>`)
	if !ok {
		return ""
	}
	key, _, _ := strings.Cut(rest, "</code>")
	return html.UnescapeString(key)
}

func get(ctx context.Context, hc *http.Client, u string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		pu, _ := url.Parse(u)
		return "", fmt.Errorf("GET %s answered %s", pu.Path, resp.Status)
	}
	return string(b), nil
}
