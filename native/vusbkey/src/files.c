/* Small file helpers. All state lives in tiny files under VUSBKEY_HOME so the CLI and any
 * number of processes using the module share it without a daemon. */
#include "vusbkey.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int vk_read_file(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0)
        return -1;
    buf[n] = '\0';
    while (n > 0 && isspace((unsigned char)buf[n - 1]))
        buf[--n] = '\0';
    return (int)n;
}

int vk_path(char *out, size_t size, const char *dir, const char *name)
{
    int n = snprintf(out, size, "%s/%s", dir, name);
    return n > 0 && (size_t)n < size ? 0 : -1;
}

/* Same default as the control CLI: ${XDG_DATA_HOME:-~/.local/share}/yikey/vusbkey. */
void vk_resolve_home(char *out, size_t size)
{
    const char *home = getenv("VUSBKEY_HOME");
    if (home && *home) {
        snprintf(out, size, "%s", home);
        return;
    }
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg) {
        snprintf(out, size, "%s/yikey/vusbkey", xdg);
        return;
    }
    const char *user_home = getenv("HOME");
    snprintf(out, size, "%s/.local/share/yikey/vusbkey", user_home ? user_home : "/tmp");
}

/* `present` exists while plugged; its content changes at every plug so that a quick
 * unplug + replug is still seen as a new insertion. */
int vk_read_presence(const char *dir, char *gen_out)
{
    char path[PATH_MAX];
    gen_out[0] = '\0';
    if (vk_path(path, sizeof path, dir, "present") != 0)
        return 0;
    int n = vk_read_file(path, gen_out, VK_GEN_LEN);
    if (n < 0) {
        gen_out[0] = '\0';
        return 0;
    }
    if (n == 0)
        snprintf(gen_out, VK_GEN_LEN, "present");
    return 1;
}

void vk_sleep_ms(unsigned ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* PKCS#11 text fields are fixed-size, blank padded and not NUL terminated. */
void vk_pad(CK_UTF8CHAR *dst, size_t size, const char *src)
{
    size_t len = strlen(src);
    if (len > size)
        len = size;
    memset(dst, ' ', size);
    memcpy(dst, src, len);
}
