// C: strings are char arrays ending in 0: length, reverse in place, count vowels.
// Run: wasm-playground debug samples/c/strings.wasm  (then: b reverse, c, p s, n, n, p s[0], finish, p word)
// Build: -O0 -g
#include <stdio.h>

int length(const char *s) {
    int n = 0;
    while (s[n] != '\0') {
        n++;
    }
    return n;
}

void reverse(char *s) {
    int n = length(s);
    for (int i = 0; i < n / 2; i++) {
        char c = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = c;
    }
}

int vowels(const char *s) {
    int count = 0;
    for (; *s; s++) {
        char c = *s;
        if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
            count++;
        }
    }
    return count;
}

int main(void) {
    char word[16] = "playground";
    const char *greeting = "hello, wasm";
    reverse(word);
    printf("%s has %d letters reversed, \"%s\" has %d vowels\n", word, length(word), greeting, vowels(greeting));
    return 0;
}
