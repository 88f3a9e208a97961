/* An opt-in journal of the lifecycle calls a client makes (C_Initialize, C_Finalize, C_Login,
 * C_Logout, C_CloseSession, C_CloseAllSessions), so a test can see from outside whether a
 * client logged out and finalised before it exited. Enabled by creating $VUSBKEY_HOME/call-log;
 * each call appends one line "<pid> <function> <rv hex>" with a single O_APPEND write, so lines
 * from several processes never interleave. Never records arguments (PINs). */
#include "vusbkey.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

void vk_log_call(const char *fn, CK_RV rv)
{
    char path[PATH_MAX];
    if (vk_home[0] == '\0' || vk_path(path, sizeof path, vk_home, "call-log") != 0)
        return;
    int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC); /* no O_CREAT: off unless the file exists */
    if (fd < 0)
        return;
    char line[160];
    int n = snprintf(line, sizeof line, "%d %s 0x%lx\n", (int)getpid(), fn, (unsigned long)rv);
    if (n > 0 && n < (int)sizeof line && write(fd, line, (size_t)n) < 0) {
        /* best effort: a journal that cannot be written must not change the call's result */
    }
    close(fd);
}
