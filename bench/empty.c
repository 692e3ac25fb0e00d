/* Start-up cost: an empty main. */
int main(void) { return 0; }
