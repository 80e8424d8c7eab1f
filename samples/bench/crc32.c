// CRC-32 (IEEE, table-driven) over n bytes of generated data. Run: ... --invoke crc32 262144
#define MAX (256 * 1024)
static unsigned char data[MAX];
static unsigned table[256];

unsigned crc32(int n) {
    if (n > MAX) n = MAX;
    for (unsigned i = 0; i < 256; i++) {
        unsigned c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    unsigned x = 1;
    for (int i = 0; i < n; i++) {
        x = x * 1664525u + 1013904223u;
        data[i] = (unsigned char)(x >> 24);
    }
    unsigned crc = 0xFFFFFFFFu;
    for (int i = 0; i < n; i++) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}
