# sentio-clean: HTML, Unicode and extraction for the text of each record.
# Language detection is CLD2's (libcld2, C++): cld2.cc is the one C++
# file, a shim with a C interface, hence -lstdc++.
BINS += $(BIN)/sentio-clean
MANS += man/sentio-clean.1
CLEAN_OBJS = $(patsubst %.c,$(BUILD)/%.o,$(wildcard clean/*.c)) $(BUILD)/clean/cld2.o
CXXFLAGS ?= -O2 -g
$(BUILD)/clean/cld2.o: clean/cld2.cc clean/cld2.h
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) -std=c++17 -Wall -Wextra -Wpedantic $(WERROR) -Iclean -c -o $@ $<
$(BIN)/sentio-clean: $(CLEAN_OBJS) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lutf8proc -lcld2 -lstdc++
