// C: sorting an array in place with insertion sort, one comparison at a time.
// Run: wasm-playground debug samples/c/sort.wasm  (then: b sort.c:15, c, p values, p key, c, rc)
// Build: -O0 -g
#include <stdio.h>

#define COUNT 8

void insertion_sort(int *values, int count) {
    for (int i = 1; i < count; i++) {
        int key = values[i];
        int j = i - 1;
        while (j >= 0 && values[j] > key) {
            values[j + 1] = values[j];
            j--;
        }
        values[j + 1] = key;
    }
}

int main(void) {
    int values[COUNT] = {42, 7, 19, 3, 25, 11, 8, 30};
    insertion_sort(values, COUNT);
    for (int i = 0; i < COUNT; i++) {
        printf("%d%c", values[i], i + 1 < COUNT ? ' ' : '\n');
    }
    return 0;
}
