# Rådhus: `make help` lists the targets.

# Go 1.27.3, the toolchain go.mod names (the go command fetches it once).
export GOTOOLCHAIN := go1.27.3

.PHONY: help run test generate verify bench load vulncheck fuzz

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

run: ## serve GraphQL with demo content on http://127.0.0.1:8080
	scripts/run

test: ## run every test on a real PostgreSQL
	scripts/test

generate: ## regenerate the gqlgen code after a schema change
	go tool gqlgen generate

verify: ## vet, formatting and the freshness of generated code
	go vet ./...
	test -z "$$(gofmt -l .)"
	go test -run TestGeneratedCodeIsFresh ./graph

bench: ## Go benchmarks: the reference page query and the hours engine
	go test -run '^$$' -bench . -benchmem ./graph ./internal/hours

load: ## wrk over HTTP on a synthetic site: page, children, menu, search (scripts/load)
	scripts/load

vulncheck: ## known vulnerabilities reachable from the code (govulncheck ./..., scripts/vulncheck)
	scripts/vulncheck

fuzz: ## run each fuzz target for FUZZTIME (default 30s); new finds land in testdata/fuzz
	@for t in internal/content:FuzzPath internal/content:FuzzSlug internal/richtext:FuzzSanitize \
		internal/hours:FuzzSchedule internal/hours:FuzzParseDate graph:FuzzRequestDecoder graph:FuzzLeadingOperationName; do \
		go test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $${FUZZTIME:-30s} ./$${t%%:*} || exit 1; done
