# Test tools that need more than lib/ (the Makefile's rule builds the others).

# tests/score-textblob.bats: textblob_score() against the oracle, and by hand.
$(BUILD)/tests/tools/textblob-parity: tests/tools/textblob-parity.c $(BUILD)/score/textblob.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Iscore $(LDFLAGS) -o $@ $^ $(LDLIBS) -lutf8proc
