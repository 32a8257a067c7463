# The two commands of the README: `make run` and `make test`. Everything else serves them.
SHELL := /bin/bash
BUILD ?= build
DB ?= relais-data/relais.db
WERROR ?= OFF
JOBS ?= $(shell nproc)
# The API and browser tests run the binary built here.
export RELAIS_BIN := $(abspath $(BUILD))/relais

# The API tests run on both engines: `api` on SQLite files, `api-pg` on a throwaway PostgreSQL
# cluster (scripts/pg.sh) in a temp dir, on the first free port from PG_PORT.
PG_PORT ?= 54329

.PHONY: run test setup build server web unit api api-pg web-unit e2e bench clean

# The demo programme goes into a new database only; an existing one is served as it is
# (`relais demo` prints the accounts again when it holds the demo).
run: build
	@if [ ! -e $(DB) ]; then $(BUILD)/relais demo --db $(DB); \
	 else $(BUILD)/relais demo --db $(DB) 2>/dev/null || echo "Serving $(DB)."; fi
	@echo "Open http://127.0.0.1:$${RELAIS_PORT:-8080}/ and log in with one of the accounts above."
	$(BUILD)/relais serve --db $(DB)

test: build
	$(MAKE) unit api api-pg web-unit e2e

setup:
	@bash scripts/setup.sh

build: setup
	$(MAKE) server web

server:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRELAIS_WERROR=$(WERROR) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

web:
	cd web && npm run --silent build

# Runs what follows it with a throwaway PostgreSQL cluster whose URL is in RELAIS_TEST_PG; the
# cluster is stopped and its folder removed however the command ends (the EXIT trap).
WITH_PG = dir=$$(mktemp -d /tmp/relais-pg.XXXXXX); \
	 trap 'bash scripts/pg.sh stop "$$dir"; rm -rf "$$dir"' EXIT; \
	 url=$$(bash scripts/pg.sh start "$$dir" "$$(bash scripts/pg.sh free-port $(PG_PORT))") && \
	 echo "PostgreSQL test cluster: $$url" && RELAIS_TEST_PG=$$url RELAIS_REQUIRE_PG=1

# The C++ tests run the store's contract on both engines.
unit:
	@$(WITH_PG) sh -c 'cd $(BUILD) && ctest --output-on-failure -j $(JOBS)'

api:
	@echo "API tests on sqlite"
	node --test --test-concurrency=1 tests/api/

api-pg:
	@echo "API tests on postgresql"
	@$(WITH_PG) node --test --test-concurrency=1 tests/api/

web-unit:
	cd web && npm test

e2e:
	cd web && npm run test:e2e

bench: build
	bash bench/core.sh
	bash bench/http.sh
	bash bench/import.sh
	bash bench/allocate.sh
	bash bench/packing.sh
	bash bench/residents.sh
	bash bench/lines.sh
	bash bench/results.sh

clean:
	rm -rf $(BUILD) web/dist
