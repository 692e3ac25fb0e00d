/* A program that never allocates (static shim only): no stdio, no paths, nothing that
 * links `malloc`, so the engine takes its memory from `memory.grow` itself and the
 * component carries no allocator. Everything that used to need one still works: pipe
 * buffers that grow past the largest fixed size, and poll/select arrays that outgrow
 * the stack. Output is built by hand and written with write(2). */
#include <errno.h>
#include <poll.h>
#include <sys/select.h>
#include <unistd.h>

static char line[128];
static int len;

static void put(const char *s) {
    while (*s && len < (int)sizeof line - 1)
        line[len++] = *s++;
}

static void put_num(long n) {
    char d[24];
    int k = 0;
    if (n < 0) {
        put("-");
        n = -n;
    }
    do
        d[k++] = (char)('0' + n % 10);
    while ((n /= 10) && k < (int)sizeof d);
    while (k && len < (int)sizeof line - 1)
        line[len++] = d[--k];
}

static void end_line(void) {
    line[len++] = '\n';
    if (write(1, line, (size_t)len) != len)
        _exit(3);
    len = 0;
}

static void fail(const char *what) {
    put("FAILED: ");
    put(what);
    put(" errno ");
    put_num(errno);
    end_line();
    _exit(1);
}

#define CHECK(x) \
    do {         \
        if (!(x)) fail(#x); \
    } while (0)

/* 3 MiB: a blocking write this large grows the pipe's buffer past a 1 MiB block. */
static unsigned char out[3 << 20], in[3 << 20];
static struct pollfd many[200];

int main(void) {
    int p[2];
    CHECK(pipe(p) == 0);
    for (unsigned i = 0; i < sizeof out; i++)
        out[i] = (unsigned char)(i * 2654435761u >> 24);
    CHECK(write(p[1], out, sizeof out) == (ssize_t)sizeof out);

    /* More entries than poll keeps on the stack: its arrays come from the engine. */
    for (int i = 0; i < 200; i++) {
        many[i].fd = i % 2 ? p[0] : p[1];
        many[i].events = i % 2 ? POLLIN : POLLOUT;
    }
    int ready = poll(many, 200, 0);
    put("poll over 200 entries: ");
    put_num(ready);
    put(" ready, first reader POLLIN ");
    put_num((many[1].revents & POLLIN) != 0);
    end_line();

    /* Beyond the descriptor limit (RLIMIT_NOFILE, 1024): EINVAL, as on Linux. */
    errno = 0;
    int r = poll(many, 1025, 0);
    put("poll over 1025 entries: ");
    put_num(r);
    put(errno == EINVAL ? " EINVAL" : " other errno");
    end_line();

    /* select over a set wider than its stack copy (more than 64 descriptors). */
    int d = dup2(p[0], 100);
    CHECK(d == 100);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(100, &rs);
    struct timeval tv = {0, 0};
    put("select over 101 descriptors: ");
    put_num(select(101, &rs, NULL, NULL, &tv));
    put(" ready, fd 100 readable ");
    put_num(FD_ISSET(100, &rs) != 0);
    end_line();
    CHECK(close(100) == 0);

    size_t got = 0;
    while (got < sizeof in) {
        ssize_t n = read(p[0], in + got, sizeof in - got);
        CHECK(n > 0);
        got += (size_t)n;
    }
    size_t same = 0;
    while (same < sizeof in && in[same] == out[same])
        same++;
    put("3 MiB through one pipe: ");
    put_num((long)got);
    put(" bytes, identical ");
    put_num(same == sizeof in);
    end_line();

    /* Both ends closed: the buffer goes back to the engine and a new pipe reuses it. */
    CHECK(close(p[0]) == 0 && close(p[1]) == 0);
    for (int i = 0; i < 100; i++) {
        CHECK(pipe(p) == 0);
        CHECK(write(p[1], "x", 1) == 1);
        CHECK(close(p[0]) == 0 && close(p[1]) == 0);
    }
    put("100 more pipes made and closed");
    end_line();
    return 0;
}
