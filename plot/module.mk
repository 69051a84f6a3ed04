# sentio-plot: live and static terminal charts.
BINS += $(BIN)/sentio-plot
MANS += man/sentio-plot.1
PLOT_OBJS = $(patsubst %.c,$(BUILD)/%.o,$(wildcard plot/*.c))
$(BIN)/sentio-plot: $(PLOT_OBJS) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lutf8proc
