/* The WASIp3 floor: `workloads files` and `workloads preads` done with the fewest WASIp3
 * operations that can do them at all, straight on the bindings wasi-libc generates from the
 * WIT (<wasi/wasip3.h>, so it builds only against a WASIP3_SYSROOT). No p3shim, no libc I/O,
 * no descriptor table. It shows what the interface and the host cost before any POSIX layer
 * adds a single instruction, so `make bench` can tell an engine's overhead from the floor.
 *
 * It is not a usable layer: it takes a short read for the end of a file without proving it
 * (no `stat`, no wait for the stream's future), which a host that splits reads would break.
 * The harness checks its output like every other configuration's, so such a host fails the
 * run instead of flattering it.
 *
 *   files DIR N    per file: open-at, read-via-stream, one stream read, three drops;
 *                  then per file: stat-at and metadata-hash-at (what a POSIX `stat` needs
 *                  for st_size and st_ino)
 *   preads FILE N  per read: read-via-stream at the offset, one stream read, two drops */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/wasip3.h>
#include "bench.h"

static unsigned char buf[1 << 16];

/* The preopen that holds `path`, and `path` relative to it. */
static filesystem_borrow_descriptor_t resolve(const char *path, wasip3_string_t *rel) {
    static filesystem_preopens_list_tuple2_own_descriptor_string_t pre;
    if (!pre.ptr) filesystem_preopens_get_directories(&pre);
    for (size_t i = 0; i < pre.len; i++) {
        size_t n = pre.ptr[i].f1.len;
        if (strncmp(path, (const char *)pre.ptr[i].f1.ptr, n) || path[n] != '/') continue;
        rel->ptr = (uint8_t *)path + n + 1;
        rel->len = strlen(path + n + 1);
        return filesystem_borrow_descriptor(pre.ptr[i].f0);
    }
    fprintf(stderr, "floor: %s is under no preopened directory\n", path);
    exit(1);
}

static filesystem_own_descriptor_t open_read(const char *path) {
    wasip3_string_t rel;
    filesystem_borrow_descriptor_t dir = resolve(path, &rel);
    filesystem_own_descriptor_t fd;
    filesystem_error_code_t err;
    if (!filesystem_method_descriptor_open_at(dir, FILESYSTEM_PATH_FLAGS_SYMLINK_FOLLOW, &rel, 0,
                                              FILESYSTEM_DESCRIPTOR_FLAGS_READ, &fd, &err)) {
        fprintf(stderr, "floor: cannot open %s\n", path);
        exit(1);
    }
    return fd;
}

/* One stream read of up to `len` bytes at `offset`: the stream and its future are dropped
 * unread. Returns the byte count (0 at the end or on an error: the floor cannot tell). */
static size_t read_at(filesystem_own_descriptor_t fd, uint64_t offset, size_t len) {
    filesystem_tuple2_stream_u8_future_result_void_error_code_t sf;
    filesystem_method_descriptor_read_via_stream(filesystem_borrow_descriptor(fd), offset, &sf);
    wasip3_waitable_status_t st = filesystem_stream_u8_read(sf.f0, buf, len);
    if (st == WASIP3_WAITABLE_STATUS_BLOCKED) {
        fprintf(stderr, "floor: the host's file read blocked; the floor assumes it does not\n");
        exit(1);
    }
    filesystem_stream_u8_drop_readable(sf.f0);
    filesystem_future_result_void_error_code_drop_readable(sf.f1);
    return st >> 4;
}

static int files(const char *dir, long n) {
    char path[1024];
    uint64_t sum = 0, bytes = 0, stat_bytes = 0;
    double t = now();
    for (long j = 0; j < n; j++) {
        file_path(path, sizeof path, dir, j);
        filesystem_own_descriptor_t fd = open_read(path);
        size_t got = read_at(fd, 0, sizeof buf);
        filesystem_descriptor_drop_own(fd);
        sum = sum * 31 + words(buf, got) + got;
        bytes += got;
    }
    double read_ms = (now() - t) * 1e3;
    t = now();
    for (long j = 0; j < n; j++) {
        file_path(path, sizeof path, dir, j);
        wasip3_string_t rel;
        filesystem_borrow_descriptor_t d = resolve(path, &rel);
        filesystem_descriptor_stat_t st;
        filesystem_metadata_hash_value_t hash;
        filesystem_error_code_t err;
        if (!filesystem_method_descriptor_stat_at(d, FILESYSTEM_PATH_FLAGS_SYMLINK_FOLLOW, &rel,
                                                  &st, &err) ||
            !filesystem_method_descriptor_metadata_hash_at(
                d, FILESYSTEM_PATH_FLAGS_SYMLINK_FOLLOW, &rel, &hash, &err)) {
            fprintf(stderr, "floor: cannot stat %s\n", path);
            return 1;
        }
        stat_bytes += st.size;
    }
    return files_report(n, bytes, stat_bytes, sum, read_ms, (now() - t) * 1e3);
}

static int preads(const char *path, long n) {
    filesystem_own_descriptor_t fd = open_read(path);
    filesystem_descriptor_stat_t st;
    filesystem_error_code_t err;
    if (!filesystem_method_descriptor_stat(filesystem_borrow_descriptor(fd), &st, &err)) {
        fprintf(stderr, "floor: cannot stat %s\n", path);
        return 1;
    }
    uint64_t pages = st.size / PAGE, x = PREADS_SEED, sum = 0;
    if (pages == 0) return 1;
    double t = now();
    for (long i = 0; i < n; i++) {
        if (read_at(fd, next_page(&x, pages) * PAGE, PAGE) != PAGE) {
            fprintf(stderr, "floor: short read\n");
            return 1;
        }
        sum = sum * 31 + words(buf, PAGE);
    }
    double dt = now() - t;
    filesystem_descriptor_drop_own(fd);
    return preads_report(n, sum, dt);
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    if (!strcmp(mode, "files") && argc == 4) return files(argv[2], atol(argv[3]));
    if (!strcmp(mode, "preads") && argc == 4) return preads(argv[2], atol(argv[3]));
    fprintf(stderr, "usage: floor files DIR N | preads FILE N\n");
    return 2;
}
