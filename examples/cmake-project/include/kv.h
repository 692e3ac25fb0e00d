/* kv: a tiny string key-value store, split over several files to exercise a CMake build. */
#ifndef KV_H
#define KV_H
#include <stddef.h>

unsigned long kv_hash(const char *s);

struct kv;
struct kv *kv_new(size_t buckets);
int kv_put(struct kv *kv, const char *key, const char *value);
const char *kv_get(const struct kv *kv, const char *key);
size_t kv_len(const struct kv *kv);
void kv_free(struct kv *kv);
#endif
