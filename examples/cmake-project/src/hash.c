#include "kv.h"

/* FNV-1a, 32-bit: small and good enough for a demo table. */
unsigned long kv_hash(const char *s) {
    unsigned long h = 2166136261u;
    for (; *s; s++)
        h = ((h ^ (unsigned char)*s) * 16777619u) & 0xffffffffu;
    return h;
}
