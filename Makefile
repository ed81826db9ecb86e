# SPDX-License-Identifier: MIT
# Thin wrapper around CMake so the README's two commands are one word each.
#   make demo   install missing Debian packages, build, run the reference workload
#   make test   build plain, ASan+UBSan and TSan variants and run every CTest test;
#               build Release and run the demo checked
#   make bench  build Release in build-bench and run `mmkit bench` (BENCH_ARGS=--quick ...)
#   make install PREFIX=/usr/local
#   make deb    build the Debian packages mmkit, libmmkit0 and libmmkit-dev in
#               build-deb (docs/packaging.md): apt install ./build-deb/*.deb
#   make fuzz   build the libFuzzer harnesses with clang in build-fuzz and run
#               them one after the other, niced: FUZZ_PARSE_SECONDS of the
#               parser, FUZZ_SECONDS of parse-and-run (docs/hardening.md)
#   make mutants  the mutation harness (docs/mutants.md): every mutant of
#               tests/mutants/mutants against the whole suite, in build-mutants;
#               long, so not part of `make test` (MUTANTS=a,b for some)
JOBS ?= $(shell nproc)
PREFIX ?= /usr/local
DEMO ?= examples/sparse-50g.mmk

BENCH_ARGS ?=
FUZZ_PARSE_SECONDS ?= 120
FUZZ_SECONDS ?= 600

.PHONY: all deps deps-test build demo test test-plain test-asan test-tsan bench test-release fuzz mutants install deb clean build-bench/mmkit

all: build

deps:
	@sh scripts/install-deps.sh

build/Makefile:
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null

build: deps build/Makefile
	cmake --build build -j $(JOBS)

demo: build
	./build/mmkit run --stats $(DEMO)

# The tests want clang too: the fuzz smoke (tests/fuzz/smoke.sh) runs in CI.
test: deps-test test-plain test-asan test-tsan test-release

deps-test:
	@sh scripts/install-deps.sh fuzz

test-plain: build
	cd build && ctest -j $(JOBS) --output-on-failure

test-asan: deps
	cmake -S . -B build-asan -DMMK_SANITIZE=address >/dev/null
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest -j $(JOBS) --output-on-failure

# TSan's shadow layout needs a non-randomised address space on some kernels.
test-tsan: deps
	cmake -S . -B build-tsan -DMMK_SANITIZE=thread >/dev/null
	cmake --build build-tsan -j $(JOBS)
	cd build-tsan && setarch $$(uname -m) -R ctest -j $(JOBS) --output-on-failure

# The Release build (NDEBUG: no lock-rank or misuse checks) compiles
# other code than the test builds: build it and run the demo under --check.
test-release: build-bench/mmkit
	./build-bench/mmkit run --check $(DEMO) >/dev/null

# Benchmarks want a Release build (no assertions): a build directory of their own.
build-bench/mmkit: deps
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-bench -j $(JOBS) --target mmkit

bench: build-bench/mmkit
	./build-bench/mmkit bench $(BENCH_ARGS)

# libFuzzer is clang's: a build directory of its own, ASan+UBSan on.
mutants: deps-test
	sh tests/mutants/run.sh build-mutants

fuzz:
	@sh scripts/install-deps.sh fuzz
	CC=clang cmake -S . -B build-fuzz -DMMK_FUZZ=ON -DMMK_SANITIZE=address >/dev/null
	cmake --build build-fuzz -j $(JOBS) --target fuzz_parse fuzz_run
	sh tests/fuzz/run.sh build-fuzz fuzz_parse $(FUZZ_PARSE_SECONDS)
	sh tests/fuzz/run.sh build-fuzz fuzz_run $(FUZZ_SECONDS)

install: build
	cmake --install build

deb: deps
	JOBS=$(JOBS) sh scripts/deb.sh build-deb

clean:
	rm -rf build build-asan build-tsan build-bench build-fuzz build-deb
