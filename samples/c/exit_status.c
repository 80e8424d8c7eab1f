// Exit with status 3 through exit(), after a message on stderr: the exit status is the program's.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("about to fail\n");
    fprintf(stderr, "exit_status: something went wrong, exiting with status 3\n");
    exit(3);
}
