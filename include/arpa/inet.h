/* p3shim: <arpa/inet.h> plus inet_addr and inet_aton, which wasip1's wasi-libc leaves out. */
#include_next <arpa/inet.h>

#ifndef P3SHIM_ARPA_INET_H
#define P3SHIM_ARPA_INET_H
#ifdef __cplusplus
extern "C" {
#endif

in_addr_t inet_addr(const char *text);
int inet_aton(const char *text, struct in_addr *out);

#ifdef __cplusplus
}
#endif
#endif
