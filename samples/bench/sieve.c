// Memory-heavy: the sieve of Eratosthenes over a byte array, loads and stores. Run: ... --invoke sieve 100000
#define MAX 1000000
static unsigned char composite[MAX];

int sieve(int n) {
    if (n > MAX) n = MAX;
    for (int i = 0; i < n; i++) composite[i] = 0;
    int count = 0;
    for (int i = 2; i < n; i++) {
        if (composite[i]) continue;
        count++;
        for (int j = i + i; j < n; j += i) composite[j] = 1;
    }
    return count;
}
