# make bench: the jansson baseline and the benchmark driver (bench/bench.sh).
BENCH_BASELINE = $(BUILD)/bench/baseline
$(BENCH_BASELINE): bench/baseline.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< -ljansson
bench: $(BENCH_BASELINE)
# The latency of collect -f, from an append to its record.
BENCH_FOLLOW = $(BUILD)/bench/follow-latency
$(BENCH_FOLLOW): bench/follow-latency.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $<
bench: $(BENCH_FOLLOW)
