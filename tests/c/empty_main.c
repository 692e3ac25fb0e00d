/* A program that touches no descriptor: it should cost no more than what it uses, so its
 * component imports only `wasi:cli/exit` (docs/DECISIONS.md, "An empty program imports
 * nothing that needs memory"). */
int main(void) {
    return 0;
}
