module github.com/kutip/kutip

go 1.26.0

require (
	github.com/gorilla/websocket v1.4.2
	github.com/kljensen/snowball v0.10.0
	golang.org/x/term v0.48.0
	golang.org/x/text v0.44.0
	gopkg.in/yaml.v3 v3.0.1
)

require golang.org/x/sys v0.50.0 // indirect
