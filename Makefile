# The two commands of the README's quick start, and a few more.
#   make demo     install what is missing, build, render the sample dossier into out/
#   make test     build and run the whole test suite through ctest
#   make install  install the program, libdossier (.so, .a, dossier.h, dossier.pc), the
#                 templates and the example datasets under PREFIX (default /usr/local);
#                 DESTDIR=DIR stages the tree under DIR (for packaging)
#   make test-oracle [N=100000] [SEED=1] [K=100]   the independent oracle over N random
#                 datasets (K: render the PDFs of every K-th), tests/oracle/README.md
#   make fault    every allocation and write of a demo render and a 3-item batch made to
#                 fail in turn (tests/fault/fault.sh; about an hour)
BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
DEMO    := fixtures/hai-duong-2015-2020.json
DEMO_PDF := out/hai-duong-2015-2020.pdf

.PHONY: all deps build demo test test-oracle fault install clean

all: build

deps:
	@./.ci/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@mkdir -p out
	./$(BUILD)/dossier render $(DEMO) -o $(DEMO_PDF)
	@echo "$(abspath $(DEMO_PDF))"

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-oracle: build
	DOSSIER=$(abspath $(BUILD))/dossier DOSSIER_DATA_DIR=$(abspath $(BUILD))/share/dossier python3 tests/oracle/run.py --cases $(or $(N),100000) --seed $(or $(SEED),1) --render-every $(or $(K),100) --jobs $(JOBS)

fault: build
	BUILD_DIR=$(abspath $(BUILD)) SOURCE_DIR=$(CURDIR) WORK_DIR=$(abspath $(BUILD))/fault-all bash tests/fault/fault.sh 1 1

# Configured again with PREFIX: the library's fallback data folder and the
# GNUInstallDirs paths (lib/x86_64-linux-gnu under /usr) follow the prefix.
install: deps
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX)
	cmake --build $(BUILD) -j $(JOBS)
	DESTDIR=$(DESTDIR) cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) out
