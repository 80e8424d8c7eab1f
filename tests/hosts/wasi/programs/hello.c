/* printf to stdout, a line to stderr. */
#include <stdio.h>

int main(void) {
    printf("hello, world\n");
    printf("%d + %d = %d\n", 2, 40, 2 + 40);
    fprintf(stderr, "a note on stderr\n");
    return 0;
}
