// f32 matrix multiply, n x n (n <= 64), of generated matrices; returns the sum of the product. Run: ... --invoke matmul 64
#define N 64
static float a[N * N], b[N * N], c[N * N];

float matmul(int n) {
    if (n > N) n = N;
    for (int i = 0; i < n * n; i++) {
        a[i] = (float)((i * 7) % 13) - 6.0f;
        b[i] = (float)((i * 5) % 11) * 0.25f;
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            float s = 0.0f;
            for (int k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
            c[i * n + j] = s;
        }
    float sum = 0.0f;
    for (int i = 0; i < n * n; i++) sum += c[i];
    return sum;
}
