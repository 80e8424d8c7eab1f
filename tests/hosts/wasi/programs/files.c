/* Files in the preopened directory "data": write, read back, append, seek, stat,
   list, rename, make and remove a directory, delete; then the errors for a missing
   file and for paths that try to leave the directory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

static void list(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) { printf("opendir %s: %s\n", dir, strerror(errno)); return; }
    char *names[64]; int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("%s:", dir);
    for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\n");
}

int main(void) {
    FILE *f = fopen("data/out.txt", "w");
    if (!f) { printf("fopen for writing: %s\n", strerror(errno)); return 1; }
    fprintf(f, "first line\nsecond line\n");
    fclose(f);

    f = fopen("data/out.txt", "a");
    fputs("appended\n", f);
    fclose(f);

    char buf[128];
    f = fopen("data/out.txt", "r");
    while (fgets(buf, sizeof buf, f)) printf("read: %s", buf);
    fseek(f, 6, SEEK_SET);
    size_t n = fread(buf, 1, 4, f);
    buf[n] = 0;
    printf("at 6: %s, tell=%ld\n", buf, ftell(f));
    fclose(f);

    struct stat st;
    if (stat("data/out.txt", &st) == 0)
        printf("size=%lld regular=%d\n", (long long)st.st_size, S_ISREG(st.st_mode));

    f = fopen("data/in.txt", "r");
    if (f) { if (fgets(buf, sizeof buf, f)) printf("in.txt: %s", buf); fclose(f); }

    if (mkdir("data/sub", 0755) != 0) printf("mkdir: %s\n", strerror(errno));
    if (rename("data/out.txt", "data/sub/moved.txt") != 0) printf("rename: %s\n", strerror(errno));
    list("data");
    list("data/sub");
    printf("rmdir non-empty: %s\n", rmdir("data/sub") == 0 ? "ok" : strerror(errno));
    printf("unlink: %s\n", unlink("data/sub/moved.txt") == 0 ? "ok" : strerror(errno));
    printf("rmdir: %s\n", rmdir("data/sub") == 0 ? "ok" : strerror(errno));
    list("data");

    printf("missing: %s\n", fopen("data/missing.txt", "r") ? "opened" : strerror(errno));
    printf("dot-dot: %s\n", open("data/../secret", O_RDONLY) >= 0 ? "opened" : strerror(errno));
    printf("absolute: %s\n", open("/etc/passwd", O_RDONLY) >= 0 ? "opened" : strerror(errno));
    return 0;
}
