# A thin wrapper over CMake. `make run` and `make test` install what is missing first.
# A user's build never fails on a warning; CI passes WERROR=ON (.ci/run).
BUILD    ?= build
TYPE     ?= Release
WERROR   ?= OFF
CMAKE_FLAGS ?=
MODEL    ?= models/russia_dprk_treaty.yaml
ARGS     ?=

.PHONY: all deps configure build run test bench bench-gate sanitize tsan cross-deps cross-test \
        fuzz-deps fuzz browser-deps clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(TYPE) -DBRINK_WERROR=$(WERROR) \
	  $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD)

run: build
	$(BUILD)/brink run $(MODEL) $(ARGS)

test: build
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  echo "make test: Chromium or ChromeDriver is not installed, so the browser test is skipped (make browser-deps installs them)"
	ctest --test-dir $(BUILD) --output-on-failure -j $(shell nproc)

# Google Benchmark micro and macro benchmarks (every SIMD kernel), then brink's tracked suite.
bench: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(TYPE) -DBRINK_WERROR=$(WERROR) \
	  -DBRINK_BENCHMARKS=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)
	$(BUILD)/benchmarks/brink_bench
	$(BUILD)/brink bench --model $(MODEL)

# The test suite built with AddressSanitizer and UndefinedBehaviorSanitizer.
sanitize:
	@$(MAKE) --no-print-directory test BUILD=build-asan TYPE=RelWithDebInfo \
	  CMAKE_FLAGS="-DBRINK_SANITIZE=address,undefined -DCMAKE_UNITY_BUILD=ON"

# The multi-threaded tests (engines, draws and sweep points side by side) under ThreadSanitizer.
tsan: deps
	@cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBRINK_WERROR=$(WERROR) \
	  -DBRINK_SANITIZE=thread -DCMAKE_UNITY_BUILD=ON >/dev/null
	@cmake --build build-tsan --target brink_tests
	build-tsan/tests/brink_tests "[reference_engine]~[slow],[fast]~[slow],[uncertainty]~[slow],[sweep]~[slow]"

# A short run of `brink bench` for every kernel this CPU has; fails when a figure that
# travels between machines falls below half its baseline (README: "Benchmarks in CI").
bench-gate: build
	$(BUILD)/brink bench --quick --baseline benchmarks/baseline.json

# brink for aarch64 (Debian's cross compiler, arm64 multiarch packages), its engine tests and
# a byte comparison with this machine's outputs under qemu-user (scripts/cross-test.sh).
cross-deps:
	@scripts/install-deps.sh --cross aarch64

cross-test: cross-deps build
	@scripts/cross-test.sh $(BUILD) build-aarch64 $(WERROR)

# The libFuzzer targets (model files; --given, --vary and --set strings) built with clang,
# AddressSanitizer and UBSan, FUZZ_RUNS inputs each (scripts/fuzz.sh).
FUZZ_RUNS ?= 200000
fuzz-deps:
	@scripts/install-deps.sh --fuzz

# Chromium and ChromeDriver: with them, `make test` also opens the reports in a browser.
browser-deps:
	@scripts/install-deps.sh --browser

fuzz: fuzz-deps deps
	@scripts/fuzz.sh $(FUZZ_RUNS)

clean:
	rm -rf build build-asan build-tsan build-aarch64 build-fuzz
