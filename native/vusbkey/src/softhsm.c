/* Loading SoftHSM2. It is loaded with dlmopen() into its own link namespace so that this
 * module's SoftHSM instance is independent of any other libsofthsm2 user in the same
 * process (the control library generates keys through libsofthsm2 directly, and so may
 * the application's tests). SoftHSM reads SOFTHSM2_CONF at C_Initialize, so the variable is
 * set both in our environment and in the namespace's own copy of libc. */
#include "vusbkey.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

CK_FUNCTION_LIST_PTR vk_hsm;
static void *softhsm_handle;
static int (*softhsm_setenv)(const char *, const char *, int);
static CK_C_INITIALIZE_ARGS saved_args;
static int have_saved_args;

static const char *const default_paths[] = {
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
};

#define OPENSSL_INIT_NO_ATEXIT 0x00080000L /* from <openssl/crypto.h>, without a build dependency */

static void *open_isolated(const char *path)
{
    void *handle = dlmopen(LM_ID_NEWLM, path, RTLD_NOW | RTLD_LOCAL);
    if (handle) {
        /* The namespace's own libcrypto would run OPENSSL_cleanup() from its exit handler,
         * which crashes in a secondary namespace; process exit frees everything anyway. */
        int (*init_crypto)(uint64_t, const void *) =
            (int (*)(uint64_t, const void *))dlsym(handle, "OPENSSL_init_crypto");
        if (init_crypto)
            init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
        return handle;
    }
    /* e.g. static TLS exhausted: share the caller's namespace rather than fail */
    return dlopen(path, RTLD_NOW | RTLD_LOCAL);
}

CK_RV vk_softhsm_load(void)
{
    if (softhsm_handle)
        return CKR_OK;
    const char *chosen = getenv("VUSBKEY_SOFTHSM_LIB");
    if (chosen && *chosen) {
        softhsm_handle = open_isolated(chosen);
    } else {
        for (size_t i = 0; !softhsm_handle && i < sizeof default_paths / sizeof default_paths[0]; i++)
            softhsm_handle = open_isolated(default_paths[i]);
    }
    if (!softhsm_handle)
        return CKR_GENERAL_ERROR;
    CK_C_GetFunctionList get_list = (CK_C_GetFunctionList)dlsym(softhsm_handle, "C_GetFunctionList");
    softhsm_setenv = (int (*)(const char *, const char *, int))dlsym(softhsm_handle, "setenv");
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
    if (softhsm_setenv)
        softhsm_setenv("SOFTHSM2_CONF", conf, 1);
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
