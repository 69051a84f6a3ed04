# sentio-window: event-time windows, grouped, exact when sharded.
BINS += $(BIN)/sentio-window
MANS += man/sentio-window.1
WINDOW_OBJS = $(patsubst %.c,$(BUILD)/%.o,$(wildcard window/*.c))
$(BIN)/sentio-window: $(WINDOW_OBJS) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
