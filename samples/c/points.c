// C: a struct and pointers: points moved through a pointer and passed by value.
// Run: wasm-playground debug samples/c/points.wasm  (then: b move, c, p *p, p p->x, finish, p a)
// Build: -O0 -g
#include <stdio.h>

struct point {
    int x;
    int y;
};

void move(struct point *p, int dx, int dy) {
    p->x += dx;
    p->y += dy;
}

int distance2(struct point a, struct point b) {
    int dx = b.x - a.x;
    int dy = b.y - a.y;
    return dx * dx + dy * dy;
}

int main(void) {
    struct point a = {3, 4};
    struct point b = {0, 0};
    struct point *p = &b;
    move(p, 6, 8);
    int d = distance2(a, b);
    printf("a = (%d, %d), b = (%d, %d), distance squared %d\n", a.x, a.y, b.x, b.y, d);
    return 0;
}
