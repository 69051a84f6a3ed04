# sentio-collect: files, Mastodon (libcurl), feeds (expat), an HTTP receiver (libmicrohttpd).
BINS += $(BIN)/sentio-collect
MANS += man/sentio-collect.1
COLLECT_OBJS = $(patsubst %.c,$(BUILD)/%.o,$(wildcard collect/*.c))
$(BIN)/sentio-collect: $(COLLECT_OBJS) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcurl -lexpat -lmicrohttpd
