# The two commands of the README: `make run` and `make test`. Everything else serves them.
SHELL := /bin/bash
BUILD ?= build
DB ?= relais-data/relais.db
WERROR ?= OFF
JOBS ?= $(shell nproc)
# The API and browser tests run the binary built here.
export RELAIS_BIN := $(abspath $(BUILD))/relais

.PHONY: run test setup build server web unit api web-unit e2e bench clean

# The demo programme goes into a new database only; an existing one is served as it is
# (`relais demo` prints the accounts again when it holds the demo).
run: build
	@if [ ! -e $(DB) ]; then $(BUILD)/relais demo --db $(DB); \
	 else $(BUILD)/relais demo --db $(DB) 2>/dev/null || echo "Serving $(DB)."; fi
	@echo "Open http://127.0.0.1:$${RELAIS_PORT:-8080}/ and log in with one of the accounts above."
	$(BUILD)/relais serve --db $(DB)

test: build
	$(MAKE) unit api web-unit e2e

setup:
	@bash scripts/setup.sh

build: setup
	$(MAKE) server web

server:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRELAIS_WERROR=$(WERROR) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

web:
	cd web && npm run --silent build

unit:
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

api:
	node --test --test-concurrency=1 tests/api/

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

clean:
	rm -rf $(BUILD) web/dist
