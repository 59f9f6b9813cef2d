# SPDX-License-Identifier: GPL-2.0-only
#
# mco-bench: the userspace comparison of backends on real memory.
#
#   make bench        build mco-bench, run the default comparison, print
#                     the table, write build/bench/bench.{csv,json,png};
#                     then BENCH_CONCURRENT threads migrating at once
#                     (bench-concurrent.{txt,csv})
#   make check-bench  mco-bench's own tests: bad arguments exit 2, a
#                     corrupted copy exits non-zero, the outputs parse

BENCH_DIR := $(BUILD)/bench
MCO_BENCH := $(USER_DIR)/plain/mco-bench
BENCH_ARGS ?=
# make bench's second table: this many threads migrating at once.
BENCH_CONCURRENT ?= 4

$(MCO_BENCH): tools/mco-bench/mco-bench.c $(USER_DIR)/plain/libmco.a | deps-bench
	$(CC) $(USER_CFLAGS) -O2 -Wno-format-truncation -o $@ $< \
		-Wl,--whole-archive $(USER_DIR)/plain/libmco.a -Wl,--no-whole-archive \
		-lurcu-memb -lm -pthread

.PHONY: bench mco-bench check-bench
mco-bench: $(MCO_BENCH)

bench: deps-bench $(MCO_BENCH)
	@mkdir -p $(BENCH_DIR)
	$(MCO_BENCH) --csv=$(BENCH_DIR)/bench.csv --json=$(BENCH_DIR)/bench.json \
		--plot $(BENCH_DIR)/bench.png $(BENCH_ARGS) | tee $(BENCH_DIR)/bench.txt
	$(MCO_BENCH) --concurrent $(BENCH_CONCURRENT) --sizes 2M --batches 1,8 \
		--backends baseline,cpu_mt,dcbm --rounds 3 --quiet \
		--csv=$(BENCH_DIR)/bench-concurrent.csv \
		| tee $(BENCH_DIR)/bench-concurrent.txt
	@echo "make bench: wrote $(BENCH_DIR)/bench.{txt,csv,json,png} and bench-concurrent.{txt,csv}"

check-bench: deps-bench $(MCO_BENCH)
	tests/bench/check-bench.sh $(MCO_BENCH)
