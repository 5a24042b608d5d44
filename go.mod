module github.com/cosgo/cos

go 1.25.0

require (
	github.com/google/go-querystring v1.2.0
	github.com/stretchr/testify v1.12.1
	golang.org/x/sys v0.47.0
)

require (
	github.com/jarcoal/httpmock v1.4.2 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
