/* tree: walks a directory tree depth-first and prints every entry with its type and size,
 * children in name order, then totals, like `find DIR -printf` with sorting.
 *
 *   p3shim-cc tree.c -o tree.wasm && p3run --dir .::/src tree.wasm /src
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned long n_files, n_dirs, n_bytes;

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(const char *path, int depth) {
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "tree: %s: %s\n", path, strerror(errno));
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            names = realloc(names, cap * sizeof *names);
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    int err = 0;
    for (size_t i = 0; i < n; i++) {
        char child[1024];
        snprintf(child, sizeof child, "%s/%s", path, names[i]);
        struct stat st;
        if (lstat(child, &st) != 0) {
            fprintf(stderr, "tree: %s: %s\n", child, strerror(errno));
            err = 1;
        } else if (S_ISDIR(st.st_mode)) {
            printf("%*s%s/\n", 2 * depth, "", names[i]);
            n_dirs++;
            err |= walk(child, depth + 1);
        } else {
            printf("%*s%s (%lld bytes)\n", 2 * depth, "", names[i], (long long)st.st_size);
            n_files++;
            n_bytes += (unsigned long)st.st_size;
        }
        free(names[i]);
    }
    free(names);
    return err;
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    int err = walk(root, 0);
    printf("%lu directories, %lu files, %lu bytes\n", n_dirs, n_files, n_bytes);
    return err;
}
