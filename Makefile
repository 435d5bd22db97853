# The front door: `make demo` and `make test` are the whole set-up on a fresh Debian 12
# machine. Each target installs the Debian packages it lacks, configures CMake in its own
# build directory and runs; the real work is in CMake and the scripts it names.

JOBS ?= $(shell nproc)
BUILD := build
TEST_BUILD := build-test
FUZZ_BUILD := build-fuzz
ASAN := ON

.PHONY: all demo test bench fuzz tidy format clean fleet-up fleet-down fleet-status

# Release binaries in build/bin.
all:
	@deploy/install-deps.sh build
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWIPECDN_TESTS=OFF >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

demo: all
	@deploy/install-deps.sh demo
	@deploy/install-geo-db.sh $(BUILD)
	@deploy/demo.sh $(BUILD)

# The whole suite, built with AddressSanitizer and UndefinedBehaviorSanitizer, plus a short
# libFuzzer run of every fuzz target; the last line is ctest's count.
test:
	@deploy/install-deps.sh test
	@CC=clang-16 CXX=clang++-16 cmake -S . -B $(FUZZ_BUILD) -G Ninja -DSWIPECDN_FUZZ=ON \
	  -DSWIPECDN_TESTS=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzzers
	@cmake -S . -B $(TEST_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSWIPECDN_SANITIZE=$(ASAN) \
	  -DSWIPECDN_FUZZ_BUILD_DIR=$(CURDIR)/$(FUZZ_BUILD) >/dev/null
	@cmake --build $(TEST_BUILD) -j$(JOBS)
	@deploy/install-geo-db.sh $(TEST_BUILD)
	@tests/run-ctest.sh $(TEST_BUILD) $(JOBS)

bench:
	@bench/run-manifest-bench.sh

# The local multi-PoP fleet (deploy/fleet): network namespaces, so root.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
fleet-up: all
	@deploy/install-deps.sh test
	@$(SUDO) deploy/fleet/fleet.py up --bin $(BUILD)/bin
fleet-down:
	@$(SUDO) deploy/fleet/fleet.py down
fleet-status:
	@$(SUDO) deploy/fleet/fleet.py status

# A long libFuzzer session on one target: make fuzz TARGET=manifest_parser FUZZ_SECONDS=600
TARGET ?= manifest_parser
FUZZ_SECONDS ?= 600
fuzz:
	@deploy/install-deps.sh fuzz
	@CC=clang-16 CXX=clang++-16 cmake -S . -B $(FUZZ_BUILD) -G Ninja -DSWIPECDN_FUZZ=ON \
	  -DSWIPECDN_TESTS=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_$(TARGET)
	@tests/fuzz/run-fuzzer.sh $(FUZZ_BUILD)/bin/fuzz_$(TARGET) tests/fuzz/$(TARGET) $(FUZZ_SECONDS)

tidy:
	@deploy/install-deps.sh tidy
	@cmake -S . -B $(TEST_BUILD) -G Ninja >/dev/null
	@cmake --build $(TEST_BUILD) --target tidy

format:
	@cmake -S . -B $(TEST_BUILD) -G Ninja >/dev/null
	@cmake --build $(TEST_BUILD) --target format

clean:
	rm -rf $(BUILD) $(TEST_BUILD) $(FUZZ_BUILD) build-bench
