/* Clocks, sleeping and randomness: prints only what holds under any host (time moves on,
   sleeping takes time, random bytes vary), or with "show" the values themselves. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
    int show = argc > 1 && strcmp(argv[1], "show") == 0;
    long long t0 = now_ns(CLOCK_MONOTONIC);
    long long t1 = now_ns(CLOCK_MONOTONIC);
    printf("monotonic advances: %s\n", t1 > t0 ? "yes" : "no");
    long long before = now_ns(CLOCK_MONOTONIC);
    usleep(2000);
    long long slept = now_ns(CLOCK_MONOTONIC) - before;
    printf("slept at least 2 ms: %s\n", slept >= 2000000 ? "yes" : "no");
    long long wall = now_ns(CLOCK_REALTIME);
    printf("after 2020: %s\n", wall > 1577836800LL * 1000000000LL ? "yes" : "no");

    unsigned char a[16], b[16];
    getentropy(a, sizeof a);
    getentropy(b, sizeof b);
    printf("random differs: %s\n", memcmp(a, b, sizeof a) ? "yes" : "no");
    if (show) {
        printf("t0=%lld t1=%lld slept=%lld wall=%lld\nrandom=", t0, t1, slept, wall);
        for (int i = 0; i < 16; i++) printf("%02x", a[i]);
        printf("\n");
    }
    return 0;
}
