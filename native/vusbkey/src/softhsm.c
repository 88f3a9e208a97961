/* Loading SoftHSM2 and pointing it at $VUSBKEY_HOME/softhsm2.conf (SoftHSM reads
 * SOFTHSM2_CONF in C_Initialize). A process has one SoftHSM instance: whoever else loads
 * libsofthsm2 in the same process shares it, which is why the control library provisions
 * tokens from a child process. */
#include "vusbkey.h"

#include <dlfcn.h>
#include <stdio.h>

CK_FUNCTION_LIST_PTR vk_hsm;
static void *softhsm_handle;
static CK_C_INITIALIZE_ARGS saved_args;
static int have_saved_args;

static const char *const default_paths[] = {
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
};

/* RTLD_LOCAL keeps SoftHSM's C_* symbols from interposing ours (and the reverse). A second
 * link namespace (dlmopen) would isolate it completely, but a second libc copy hands out the
 * same pthread keys as the first and corrupts the thread-local data of the host's OpenSSL. */
static void *open_softhsm(const char *path)
{
    return dlopen(path, RTLD_NOW | RTLD_LOCAL);
}

CK_RV vk_softhsm_load(void)
{
    if (softhsm_handle)
        return CKR_OK;
    const char *chosen = getenv("VUSBKEY_SOFTHSM_LIB");
    if (chosen && *chosen) {
        softhsm_handle = open_softhsm(chosen);
    } else {
        for (size_t i = 0; !softhsm_handle && i < sizeof default_paths / sizeof default_paths[0]; i++)
            softhsm_handle = open_softhsm(default_paths[i]);
    }
    if (!softhsm_handle)
        return CKR_GENERAL_ERROR;
    CK_C_GetFunctionList get_list = (CK_C_GetFunctionList)dlsym(softhsm_handle, "C_GetFunctionList");
    if (!get_list || get_list(&vk_hsm) != CKR_OK) {
        dlclose(softhsm_handle);
        softhsm_handle = NULL;
        return CKR_GENERAL_ERROR;
    }
    return CKR_OK;
}

CK_RV vk_softhsm_initialize(CK_VOID_PTR init_args)
{
    char conf[PATH_MAX];
    if (vk_path(conf, sizeof conf, vk_home, "softhsm2.conf") != 0)
        return CKR_GENERAL_ERROR;
    setenv("SOFTHSM2_CONF", conf, 1);
    have_saved_args = init_args != NULL;
    if (init_args)
        saved_args = *(CK_C_INITIALIZE_ARGS *)init_args;
    return vk_hsm->C_Initialize(init_args);
}

/* SoftHSM reads the token directory only at C_Initialize, so a key created by the CLI
 * while a client runs is invisible until SoftHSM is re-initialised. That closes every
 * SoftHSM session, so it is done only when this process has none open and no call is in
 * flight (trywrlock); otherwise the new key stays unrecognised until that is the case. */
CK_RV vk_softhsm_try_reinitialize(void)
{
    if (pthread_rwlock_trywrlock(&vk_softhsm_lock) != 0)
        return CKR_FUNCTION_FAILED;
    CK_RV rv = CKR_FUNCTION_FAILED;
    if (vk_session_count() == 0) {
        vk_hsm->C_Finalize(NULL);
        rv = vk_softhsm_initialize(have_saved_args ? &saved_args : NULL);
    }
    pthread_rwlock_unlock(&vk_softhsm_lock);
    return rv;
}
