#include "kv.h"
#include <stdlib.h>
#include <string.h>

struct entry {
    char *key, *value;
    struct entry *next;
};

struct kv {
    size_t buckets, len;
    struct entry **table;
};

struct kv *kv_new(size_t buckets) {
    struct kv *kv = calloc(1, sizeof *kv);
    if (!kv)
        return NULL;
    kv->buckets = buckets;
    kv->table = calloc(buckets, sizeof *kv->table);
    return kv;
}

int kv_put(struct kv *kv, const char *key, const char *value) {
    struct entry **slot = &kv->table[kv_hash(key) % kv->buckets];
    for (struct entry *e = *slot; e; e = e->next)
        if (!strcmp(e->key, key)) {
            char *v = strdup(value);
            if (!v)
                return -1;
            free(e->value);
            e->value = v;
            return 0;
        }
    struct entry *e = malloc(sizeof *e);
    if (!e)
        return -1;
    e->key = strdup(key);
    e->value = strdup(value);
    e->next = *slot;
    *slot = e;
    kv->len++;
    return 0;
}

const char *kv_get(const struct kv *kv, const char *key) {
    for (struct entry *e = kv->table[kv_hash(key) % kv->buckets]; e; e = e->next)
        if (!strcmp(e->key, key))
            return e->value;
    return NULL;
}

size_t kv_len(const struct kv *kv) { return kv->len; }

void kv_free(struct kv *kv) {
    for (size_t i = 0; i < kv->buckets; i++)
        for (struct entry *e = kv->table[i], *next; e; e = next) {
            next = e->next;
            free(e->key);
            free(e->value);
            free(e);
        }
    free(kv->table);
    free(kv);
}
