# sentio-clean: HTML, Unicode and extraction for the text of each record.
BINS += $(BIN)/sentio-clean
MANS += man/sentio-clean.1
CLEAN_OBJS = $(patsubst %.c,$(BUILD)/%.o,$(wildcard clean/*.c))
$(BIN)/sentio-clean: $(CLEAN_OBJS) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lutf8proc
