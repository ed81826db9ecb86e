/* SPDX-License-Identifier: MIT */
/*
 * tests/record/prog.c - the program tests/record/run.sh records: an mmap
 * it fills and half unmaps, malloc through mmap and through brk, a fork
 * whose child writes the other half, exit.  It prints the 8 MiB mapping's
 * address so the test can find its statements in the recording.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	char *p = mmap(NULL, 8 << 20, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *big, *small;
	pid_t c;

	if (p == MAP_FAILED)
		return 1;
	printf("map %p\n", (void *)p);
	fflush(stdout);
	for (int i = 0; i < 8 << 20; i += 4096)
		p[i] = 1;
	munmap(p, 4 << 20);
	big = malloc(1 << 20);		/* above the mmap threshold */
	small = malloc(100000);		/* from the brk heap */
	if (!big || !small)
		return 1;
	memset(big, 2, 1 << 20);
	memset(small, 3, 100000);
	c = fork();
	if (c == 0) {
		for (int i = 0; i < 4 << 20; i += 4096)
			p[(4 << 20) + i] = 2;
		_exit(0);
	}
	waitpid(c, NULL, 0);
	free(big);
	return 0;
}
