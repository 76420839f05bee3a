/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the 和暦 parser: any bytes, as a date with and without a day
 * required. What it accepts it writes canonically, and the canonical text must parse to
 * itself (a saved date reads back unchanged). Built with ./configure --enable-fuzzing. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "piaform/wareki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[128], again[128];
	struct error err;
	int month;

	for (month = 0; month <= 1; month++) {
		error_clear(&err);
		if (!wareki_parse((const char *)data, size, month, out, sizeof out, &err)) {
			if (!err.set)
				abort();
			continue;
		}
		if (err.set || memchr(out, '\0', sizeof out) == NULL)
			abort();
		error_clear(&err);
		if (!wareki_parse(out, strlen(out), month, again, sizeof again, &err)) {
			fprintf(stderr, "fuzz_date: \"%s\" (month %d) is refused: %s\n", out, month,
			    err.message);
			abort();
		}
		if (strcmp(out, again) != 0) {
			fprintf(stderr, "fuzz_date: \"%s\" (month %d) reads back as \"%s\"\n", out,
			    month, again);
			abort();
		}
	}
	return 0;
}
