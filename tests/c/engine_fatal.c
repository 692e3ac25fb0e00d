/* An engine invariant that cannot hold (here: memory for an engine block runs out) stops
 * the program with a trap and, once the program has output machinery open (it touched a
 * descriptor), a one-line message on stderr whose text the static shim keeps in code, not
 * data (docs/DECISIONS.md, "An empty program imports nothing that needs memory"). Static
 * shim only: `p3shim_block_take` is the engine's block allocator that poll and select use
 * for large arrays. With "loud" the program writes a line first; without, it touches no
 * descriptor before the failure, and the trap alone reports it. */
#include <stddef.h>
#include <string.h>
#include <unistd.h>

void *p3shim_block_take(size_t n);

int main(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[2], "loud") == 0)
        write(1, "before\n", 7);
    /* Up to 8 GiB in blocks of 1 GiB: a 32-bit memory ends before that. */
    for (int i = 0; i < 8; i++)
        p3shim_block_take((size_t)1 << 30);
    write(1, "not reached\n", 12);
    return 0;
}
