/* argv and the environment: prints every argument and the variables named by P3_*. */
#include "check.h"

extern char **environ;

int main(int argc, char **argv) {
    printf("argc %d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d] [%s]\n", i, argv[i]);
    const char *a = getenv("P3_ALPHA");
    const char *b = getenv("P3_EMPTY");
    printf("P3_ALPHA [%s]\n", a ? a : "(unset)");
    printf("P3_EMPTY [%s]\n", b ? b : "(unset)");
    printf("P3_MISSING %s\n", getenv("P3_MISSING") ? "set" : "unset");
    int n = 0;
    for (char **e = environ; *e; e++)
        if (strncmp(*e, "P3_", 3) == 0) n++;
    printf("P3_ entries in environ %d\n", n);
    CHECK(setenv("P3_NEW", "made here", 1) == 0);
    printf("P3_NEW [%s]\n", getenv("P3_NEW"));
    return 0;
}
