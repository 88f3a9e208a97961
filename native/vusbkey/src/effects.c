/* Per-key latency (keys/<label>/latency) and one-shot faults (keys/<label>/faults/<C_Fn>),
 * applied by function name before a call is forwarded. */
#include "vusbkey.h"

#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PRESENCE_POLL_MS 5

/* "C_Sign 150" lines; a line for the function wins over "* 20". */
static unsigned latency_ms(const char *dir, const char *fn)
{
    char path[PATH_MAX], text[4096];
    if (vk_path(path, sizeof path, dir, "latency") != 0 || vk_read_file(path, text, sizeof text) < 0)
        return 0;
    long specific = -1, every = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char name[128];
        long ms;
        if (sscanf(line, "%127s %ld", name, &ms) != 2 || ms < 0)
            continue;
        if (strcmp(name, fn) == 0)
            specific = ms;
        else if (strcmp(name, "*") == 0)
            every = ms;
    }
    return (unsigned)(specific >= 0 ? specific : every);
}

/* Sleeps like a slow token, but notices a removal within a few ms as real hardware would. */
static CK_RV sleep_while_present(const vk_call *call, unsigned ms)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        char gen[VK_GEN_LEN];
        if (call->gen[0] != '\0') {
            vk_read_presence(call->dir, gen);
            if (strcmp(gen, call->gen) != 0) {
                vk_sync_slot(call->slot_id, gen);
                return CKR_DEVICE_REMOVED;
            }
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        long elapsed = (now.tv_sec - start.tv_sec) * 1000L + (now.tv_nsec - start.tv_nsec) / 1000000L;
        if (elapsed >= (long)ms)
            return CKR_OK;
        long left = (long)ms - elapsed;
        vk_sleep_ms(left < PRESENCE_POLL_MS ? (unsigned)left : PRESENCE_POLL_MS);
    }
}

/* Claims the fault by renaming it first: of several processes racing for the same fault
 * file exactly one rename succeeds, so a one-shot fault fires exactly once. */
static int take_fault(const char *dir, const char *fn, char *content, size_t size)
{
    char path[PATH_MAX], claimed[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/faults/%s", dir, fn) >= (int)sizeof path)
        return 0;
    if (snprintf(claimed, sizeof claimed, "%s/faults/.claimed-%d-%ld", dir, (int)getpid(),
                 (long)syscall(SYS_gettid)) >= (int)sizeof claimed)
        return 0;
    if (rename(path, claimed) != 0)
        return 0;
    int n = vk_read_file(claimed, content, size);
    unlink(claimed);
    return n >= 0;
}

CK_RV vk_apply_module_fault(const char *fn)
{
    char fault[128];
    if (vk_home[0] == '\0' || !take_fault(vk_home, fn, fault, sizeof fault))
        return CKR_OK;
    if (strcmp(fault, "crash") == 0)
        abort(); /* a driver that crashes while loading takes the client process down */
    return vk_parse_ckr(fault);
}

CK_RV vk_apply_effects(const char *fn, vk_call *call)
{
    if (call->dir[0] == '\0')
        return CKR_OK;
    unsigned ms = latency_ms(call->dir, fn);
    if (ms > 0) {
        CK_RV rv = sleep_while_present(call, ms);
        if (rv != CKR_OK)
            return rv;
    }
    char fault[128];
    if (!take_fault(call->dir, fn, fault, sizeof fault))
        return CKR_OK;
    if (strcmp(fault, "crash") == 0) {
        abort(); /* a driver crash takes the whole client process down */
    }
    if (strcmp(fault, "unplug") == 0) {
        char path[PATH_MAX];
        if (vk_path(path, sizeof path, call->dir, "present") == 0)
            unlink(path);
        char gen[VK_GEN_LEN];
        vk_sync_slot(call->slot_id, gen);
        return CKR_DEVICE_REMOVED;
    }
    return vk_parse_ckr(fault);
}
