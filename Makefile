# A thin wrapper over CMake. `make run` and `make test` install what is missing first.
BUILD    ?= build
TYPE     ?= Release
CMAKE_FLAGS ?=
MODEL    ?= models/russia_dprk_treaty.yaml
ARGS     ?=

.PHONY: all deps configure build run test bench sanitize clean

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

bench: configure
	@cmake --build $(BUILD) --target brink brink_bench
	$(BUILD)/brink_bench
	$(BUILD)/brink bench

# The test suite built with AddressSanitizer and UndefinedBehaviorSanitizer, as portable code
# (no host-specific vector instructions), so CI also checks that build's identical outputs.
sanitize:
	@$(MAKE) --no-print-directory test BUILD=build-asan TYPE=RelWithDebInfo \
	  CMAKE_FLAGS="-DBRINK_SANITIZE=address,undefined -DBRINK_NATIVE=OFF"

clean:
	rm -rf build build-asan build-tsan
