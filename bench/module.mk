# make bench: the jansson baseline and the benchmark driver (bench/bench.sh).
BENCH_BASELINE = $(BUILD)/bench/baseline
$(BENCH_BASELINE): bench/baseline.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< -ljansson
bench: $(BENCH_BASELINE)
