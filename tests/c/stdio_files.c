/* stdio on files: fopen modes w/r/a/r+, fprintf/fscanf, fread/fwrite of
 * binary records, fseek/ftell/rewind, ungetc, setvbuf(_IONBF), remove(),
 * rename(), and freopen() of stdout onto a file (wasi-libc moves the new
 * descriptor over fd 1 with fd_renumber). */
#include "check.h"

struct rec {
    int id;
    double value;
    char tag[8];
};

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    FILE *f = fopen(P("text.txt"), "w");
    CHECK(f != NULL);
    for (int i = 1; i <= 100; i++) CHECK(fprintf(f, "%d %d\n", i, i * i) > 0);
    CHECK(fclose(f) == 0);

    f = fopen(P("text.txt"), "r");
    CHECK(f != NULL);
    long sum = 0;
    int a, b, rows = 0;
    while (fscanf(f, "%d %d", &a, &b) == 2) {
        sum += b;
        rows++;
    }
    CHECK(feof(f));
    printf("fscanf read %d rows, sum of squares %ld\n", rows, sum);
    rewind(f);
    int c = fgetc(f);
    CHECK(ungetc(c, f) == c);
    char line[64];
    CHECK(fgets(line, sizeof line, f) != NULL);
    printf("after rewind+ungetc: [%.3s]\n", line);
    CHECK(fseek(f, -10, SEEK_END) == 0);
    long pos = ftell(f);
    CHECK(fgets(line, sizeof line, f) != NULL);
    line[strcspn(line, "\n")] = 0;
    printf("ftell %ld of the last line [%s]\n", pos, line);
    CHECK(fclose(f) == 0);

    f = fopen(P("text.txt"), "a");
    CHECK(f != NULL);
    CHECK(fputs("appended\n", f) >= 0);
    CHECK(fclose(f) == 0);
    f = fopen(P("text.txt"), "r+");
    CHECK(f != NULL);
    CHECK(fputs("XX", f) >= 0); /* overwrite "1 " of the first line */
    CHECK(fclose(f) == 0);

    struct rec out[3] = {{1, 1.5, "one"}, {2, -2.25, "two"}, {3, 1e10, "three"}}, in[3];
    f = fopen(P("records.bin"), "wb+");
    CHECK(f != NULL);
    CHECK(setvbuf(f, NULL, _IONBF, 0) == 0);
    CHECK_EQ(fwrite(out, sizeof out[0], 3, f), 3);
    CHECK(fseek(f, (long)sizeof(struct rec), SEEK_SET) == 0);
    CHECK_EQ(fread(in, sizeof in[0], 2, f), 2);
    printf("unbuffered records: %d %.2f %s, %d %.0f %s\n", in[0].id, in[0].value, in[0].tag, in[1].id,
           in[1].value, in[1].tag);
    CHECK_EQ(fread(in, sizeof in[0], 1, f), 0);
    CHECK(feof(f));
    CHECK(fclose(f) == 0);

    CHECK(rename(P("records.bin"), P("renamed.bin")) == 0);
    f = fopen(P("gone.txt"), "w");
    CHECK(f != NULL && fclose(f) == 0);
    CHECK(remove(P("gone.txt")) == 0);
    CHECK(fopen(P("gone.txt"), "r") == NULL && errno == ENOENT);
    printf("rename and remove ok\n");

    printf("redirecting stdout\n");
    fflush(stdout);
    CHECK(freopen(P("redirected.txt"), "w", stdout) != NULL);
    for (int i = 0; i < 1000; i++) printf("redirected line %d\n", i);
    /* exit flushes the reopened stdout into the file */
    return 0;
}
