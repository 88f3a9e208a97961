/* A reader with a PIN pad (CKF_PROTECTED_AUTHENTICATION_PATH): the application calls C_Login
 * with a NULL PIN and the holder types the PIN on the reader. The virtual key has no reader, so
 * keys/<label>/pin-pad holds the PIN the holder would type there; the module logs in to SoftHSM
 * with it. Test bench only: a real PIN pad never lets the PIN reach the host. */
#include "vusbkey.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int vk_pin_pad_read(const char *dir, char *pin_out)
{
    return vk_pin_pad_read_file(dir, "pin-pad", pin_out);
}

/* C_SetPIN on the pad: the holder types the current PIN (pin-pad) and then the new one, which
 * keys/<label>/pin-pad-new holds until it is used once (a test writes it before the change). */
int vk_pin_pad_read_file(const char *dir, const char *name, char *pin_out)
{
    char path[PATH_MAX];
    pin_out[0] = '\0';
    if (vk_path(path, sizeof path, dir, name) != 0)
        return 0;
    int n = vk_read_file(path, pin_out, VK_PIN_PAD_MAX);
    if (n < 0) {
        pin_out[0] = '\0';
        return 0;
    }
    return 1;
}

/* After the holder changed the PIN, the pad must "type" the new one. Written to a private
 * (0600) temporary file and renamed over the old one. */
void vk_pin_pad_update(const char *dir, CK_UTF8CHAR_PTR new_pin, CK_ULONG len)
{
    char path[PATH_MAX], temporary[PATH_MAX], current[VK_PIN_PAD_MAX];
    int has_pad = vk_pin_pad_read(dir, current);
    explicit_bzero(current, sizeof current);
    if (new_pin == NULL || len > VK_MAX_PIN || !has_pad)
        return;
    if (vk_path(path, sizeof path, dir, "pin-pad") != 0 ||
        snprintf(temporary, sizeof temporary, "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof temporary)
        return;
    unlink(temporary); /* left over by a crash: O_EXCL below must create it with our mode */
    int fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    char text[VK_MAX_PIN + 1];
    memcpy(text, new_pin, len);
    text[len] = '\n';
    int ok = write(fd, text, len + 1) == (ssize_t)(len + 1);
    explicit_bzero(text, sizeof text);
    ok = close(fd) == 0 && ok;
    if (!ok || rename(temporary, path) != 0)
        unlink(temporary);
}
