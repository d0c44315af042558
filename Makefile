# A thin wrapper over CMake. `make run` and `make test` install what is missing first.
BUILD    ?= build
TYPE     ?= Release
CMAKE_FLAGS ?=
MODEL    ?= models/russia_dprk_treaty.yaml
ARGS     ?=

.PHONY: all deps configure build run test bench bench-gate sanitize tsan clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(TYPE) -DBRINK_WERROR=ON $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD)

run: build
	$(BUILD)/brink run $(MODEL) $(ARGS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure

# Google Benchmark micro and macro benchmarks, then brink's own tracked suite.
bench: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(TYPE) -DBRINK_WERROR=ON \
	  -DBRINK_BENCHMARKS=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)
	$(BUILD)/benchmarks/brink_bench
	$(BUILD)/brink bench --model $(MODEL)

# The test suite built with AddressSanitizer and UndefinedBehaviorSanitizer, as portable code
# (no host-specific vector instructions), so CI also checks that build's identical outputs.
sanitize:
	@$(MAKE) --no-print-directory test BUILD=build-asan TYPE=RelWithDebInfo \
	  CMAKE_FLAGS="-DBRINK_SANITIZE=address,undefined -DBRINK_NATIVE=OFF"

# The multi-threaded tests (engines, draws and sweep points side by side) under ThreadSanitizer.
tsan: deps
	@cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBRINK_WERROR=ON \
	  -DBRINK_SANITIZE=thread >/dev/null
	@cmake --build build-tsan --target brink_tests
	build-tsan/tests/brink_tests "[reference_engine],[fast],[uncertainty],[sweep]"

# A short run of `brink bench`; fails when a normalized figure falls below half its baseline.
bench-gate: build
	$(BUILD)/brink bench --quick --baseline benchmarks/baseline.json

clean:
	rm -rf build build-asan build-tsan
