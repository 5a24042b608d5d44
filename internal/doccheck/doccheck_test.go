// Package doccheck fails the build when an exported identifier of any
// package in the module lacks a doc comment that starts with its name.
package doccheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportedNamesDocumented(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
		if err != nil {
			return err
		}
		if f.Name.Name == "main" {
			return nil // commands have no importable API
		}
		rel, _ := filepath.Rel(root, path)
		for _, p := range checkFile(f) {
			problems = append(problems, rel+": "+p)
		}
		checked++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("no Go files checked")
	}
	for _, p := range problems {
		t.Error(p)
	}
}

func checkFile(f *ast.File) []string {
	var out []string
	need := func(name string, doc *ast.CommentGroup, what string) {
		if !ast.IsExported(name) {
			return
		}
		text := ""
		if doc != nil {
			text = doc.Text()
		}
		first := strings.TrimSpace(text)
		for _, article := range []string{"A ", "An ", "The "} {
			first = strings.TrimPrefix(first, article)
		}
		if !strings.HasPrefix(first, name) {
			out = append(out, what+" "+name+": doc comment must start with its name")
		}
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil {
				recv := receiverName(d.Recv)
				if !ast.IsExported(recv) {
					continue
				}
			}
			need(d.Name.Name, d.Doc, "func")
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					doc := s.Doc
					if doc == nil && len(d.Specs) == 1 {
						doc = d.Doc
					}
					need(s.Name.Name, doc, "type")
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if !ast.IsExported(n.Name) {
							continue
						}
						// A documented group covers its members; a member may
						// also carry its own doc or line comment.
						if d.Lparen.IsValid() && d.Doc != nil {
							continue
						}
						if s.Doc == nil && s.Comment != nil {
							continue
						}
						doc := s.Doc
						if doc == nil {
							doc = d.Doc
						}
						need(n.Name, doc, "value")
					}
				}
			}
		}
	}
	return out
}

func receiverName(fl *ast.FieldList) string {
	if len(fl.List) == 0 {
		return ""
	}
	t := fl.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if ix, ok := t.(*ast.IndexExpr); ok {
		t = ix.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
