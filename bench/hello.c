/* Size comparison: hello world in every configuration. */
#include <stdio.h>

int main(void) {
    puts("hello, world");
    return 0;
}
