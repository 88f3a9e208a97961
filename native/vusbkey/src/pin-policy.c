/* The PIN rules of a real key that SoftHSM lacks: a retry counter that locks the user PIN,
 * and a "to be changed" flag for a PIN handed out by the CA. State is keys/<label>/pin-state,
 * updated read-modify-write under flock() so several processes count the same tries. */
#include "vusbkey.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#define DEFAULT_MAX_TRIES 6

static void parse(const char *text, vk_pin_state *state)
{
    state->max_tries = DEFAULT_MAX_TRIES;
    state->tries_left = -1;
    state->to_be_changed = 0;
    char copy[512];
    snprintf(copy, sizeof copy, "%s", text);
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char key[64];
        int value;
        if (sscanf(line, "%63s %d", key, &value) != 2)
            continue;
        if (strcmp(key, "max-tries") == 0 && value > 0)
            state->max_tries = value;
        else if (strcmp(key, "tries-left") == 0 && value >= 0)
            state->tries_left = value;
        else if (strcmp(key, "to-be-changed") == 0)
            state->to_be_changed = value != 0;
    }
    if (state->tries_left < 0 || state->tries_left > state->max_tries)
        state->tries_left = state->max_tries;
}

static int read_fd(int fd, vk_pin_state *state)
{
    char text[512];
    ssize_t n = pread(fd, text, sizeof text - 1, 0);
    if (n < 0)
        return -1;
    text[n] = '\0';
    parse(text, state);
    return 0;
}

/* -1 if pin-state cannot be opened, locked or read: callers must then refuse the PIN. */
int vk_pin_lock(const char *dir, vk_pin_state *state)
{
    char path[PATH_MAX];
    parse("", state);
    if (vk_path(path, sizeof path, dir, "pin-state") != 0)
        return -1;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    if (flock(fd, LOCK_EX) != 0 || read_fd(fd, state) != 0) {
        close(fd); /* closing drops the lock if it was taken */
        return -1;
    }
    return fd;
}

void vk_pin_unlock(int fd, const vk_pin_state *state, int write_back)
{
    if (fd < 0)
        return;
    if (write_back) {
        char text[128];
        int n = snprintf(text, sizeof text, "max-tries %d\ntries-left %d\nto-be-changed %d\n", state->max_tries,
                         state->tries_left, state->to_be_changed);
        /* Overwrite, then cut: a failed write never leaves an empty file (= all tries). */
        if (pwrite(fd, text, (size_t)n, 0) != n || ftruncate(fd, n) != 0)
            perror("vusbkey: pin-state");
    }
    flock(fd, LOCK_UN);
    close(fd);
}

void vk_pin_read(const char *dir, vk_pin_state *state)
{
    char path[PATH_MAX], text[512];
    parse("", state);
    if (vk_path(path, sizeof path, dir, "pin-state") != 0)
        return;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    flock(fd, LOCK_SH);
    ssize_t n = pread(fd, text, sizeof text - 1, 0);
    flock(fd, LOCK_UN);
    close(fd);
    text[n > 0 ? n : 0] = '\0';
    parse(text, state);
}

CK_RV vk_check_pin_length(CK_UTF8CHAR_PTR pin, CK_ULONG len)
{
    if (pin == NULL) /* protected authentication path: nothing to check */
        return CKR_OK;
    return len < VK_MIN_PIN || len > VK_MAX_PIN ? CKR_PIN_LEN_RANGE : CKR_OK;
}
