/*
 * baseline: the floor for any stage built on jansson.  It parses each
 * line with jansson and writes the line back unchanged (or, with -p,
 * writes nothing: the parse-only floor).  No checks, no accounting: what
 * a stage costs beyond this is its own work.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	int parse_only = argc > 1 && !strcmp(argv[1], "-p");
	static char outbuf[1 << 16];
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long n = 0;

	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	while ((len = getline(&line, &cap, stdin)) > 0) {
		json_t *obj = json_loadb(line, (size_t)len, 0, NULL);

		if (obj && !parse_only)
			fwrite(line, 1, (size_t)len, stdout);
		n += obj != NULL;
		json_decref(obj);
	}
	free(line);
	if (parse_only)
		printf("%ld\n", n);
	return fflush(stdout) != 0;
}
