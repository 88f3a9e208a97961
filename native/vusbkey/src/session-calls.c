/* Functions with behaviour of their own: sessions (opened against the mapped SoftHSM slot,
 * tracked in our table) and the PIN rules of a real key. */
#include "vusbkey.h"

#include <unistd.h>

VK_EXPORT CK_RV C_OpenSession(CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication, CK_NOTIFY Notify,
                              CK_SESSION_HANDLE_PTR phSession)
{
    vk_call call;
    CK_RV rv = vk_begin_slot_call("C_OpenSession", slotID, 1, &call);
    if (rv != CKR_OK)
        return rv;
    if (!phSession)
        return CKR_ARGUMENTS_BAD;
    /* The read lock covers both the SoftHSM session and our record of it: otherwise
     * vk_softhsm_try_reinitialize could count zero sessions in between and finalise SoftHSM
     * under it. Lock order is softhsm_lock, then vk_mutex (taken by vk_session_add). */
    CK_SESSION_HANDLE real;
    vk_hsm_enter();
    rv = vk_hsm->C_OpenSession(call.softhsm_slot, flags, pApplication, Notify, &real);
    if (rv == CKR_OK) {
        *phSession = vk_session_add(real, slotID, call.gen);
        if (*phSession == CK_INVALID_HANDLE) {
            vk_hsm->C_CloseSession(real);
            rv = CKR_HOST_MEMORY;
        }
    }
    return vk_hsm_leave(rv);
}

static CK_RV close_session(CK_SESSION_HANDLE hSession)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_CloseSession", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    rv = VK_HSM(vk_hsm->C_CloseSession(call.real));
    if (rv == CKR_OK || rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_SESSION_CLOSED)
        vk_session_remove(hSession);
    return rv;
}

VK_EXPORT CK_RV C_CloseSession(CK_SESSION_HANDLE hSession)
{
    CK_RV rv = close_session(hSession);
    vk_log_call("C_CloseSession", rv);
    return rv;
}

static CK_RV close_all_sessions(CK_SLOT_ID slotID)
{
    vk_call call;
    CK_RV rv = vk_begin_slot_call("C_CloseAllSessions", slotID, 0, &call);
    if (rv != CKR_OK)
        return rv;
    pthread_mutex_lock(&vk_mutex);
    vk_session_remove_stale(slotID, NULL);
    pthread_mutex_unlock(&vk_mutex);
    if (call.gen[0] == '\0' || !call.mapped) /* removed: its sessions are already gone */
        return CKR_OK;
    return VK_HSM(vk_hsm->C_CloseAllSessions(call.softhsm_slot));
}

VK_EXPORT CK_RV C_CloseAllSessions(CK_SLOT_ID slotID)
{
    CK_RV rv = close_all_sessions(slotID);
    vk_log_call("C_CloseAllSessions", rv);
    return rv;
}

VK_EXPORT CK_RV C_Logout(CK_SESSION_HANDLE hSession)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_Logout", hSession, &call);
    if (rv == CKR_OK)
        rv = VK_HSM(vk_hsm->C_Logout(call.real));
    if (rv == CKR_OK)
        vk_session_end_sign_ops(call.slot_id);
    vk_log_call("C_Logout", rv);
    return rv;
}

VK_EXPORT CK_RV C_GetSessionInfo(CK_SESSION_HANDLE hSession, CK_SESSION_INFO_PTR pInfo)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_GetSessionInfo", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    if ((rv = VK_HSM(vk_hsm->C_GetSessionInfo(call.real, pInfo))) == CKR_OK)
        pInfo->slotID = call.slot_id;
    return rv;
}

/* Applies the outcome of a user-PIN check to the retry counter. */
static void count_try(vk_pin_state *pin, CK_RV rv)
{
    if (rv == CKR_PIN_INCORRECT && pin->tries_left > 0)
        pin->tries_left--;
    else if (rv == CKR_OK)
        pin->tries_left = pin->max_tries;
}

/* C_Login once the pad PIN (if any) is in `pad_pin`; the caller wipes it whatever happens. */
static CK_RV login(const vk_call *call, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen,
                   int has_pad, char *pad_pin)
{
    CK_RV rv;
    /* Protected authentication path: the PIN comes from the reader's pad. PKCS#11 says NULL;
     * an empty PIN is taken the same way because some bindings (pkcs11js) cannot pass NULL. */
    if (userType == CKU_USER && (pPin == NULL || (has_pad && ulPinLen == 0))) {
        if (!has_pad)
            return CKR_ARGUMENTS_BAD; /* no pad on this reader: the PIN must be given */
        pPin = (CK_UTF8CHAR_PTR)pad_pin;
        ulPinLen = strlen(pad_pin);
    }
    if (userType != CKU_CONTEXT_SPECIFIC && (rv = vk_check_pin_length(pPin, ulPinLen)) != CKR_OK)
        return rv;
    if (userType != CKU_USER)
        return VK_HSM(vk_hsm->C_Login(call->real, userType, pPin, ulPinLen));

    /* The lock is held across the check so concurrent wrong PINs each cost a try. Without
     * the counter there is no limit on tries, so the PIN is not checked at all. */
    vk_pin_state pin;
    int fd = vk_pin_lock(call->dir, &pin);
    if (fd < 0)
        return CKR_DEVICE_ERROR;
    if (pin.tries_left == 0) {
        vk_pin_unlock(fd, &pin, 0);
        return CKR_PIN_LOCKED; /* a locked key never sees the PIN */
    }
    rv = VK_HSM(vk_hsm->C_Login(call->real, userType, pPin, ulPinLen));
    count_try(&pin, rv);
    vk_pin_unlock(fd, &pin, rv == CKR_OK || rv == CKR_PIN_INCORRECT);
    return rv;
}

VK_EXPORT CK_RV C_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_Login", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    char pad_pin[VK_PIN_PAD_MAX] = "";
    int has_pad = userType == CKU_USER && vk_pin_pad_read(call.dir, pad_pin);
    rv = login(&call, userType, pPin, ulPinLen, has_pad, pad_pin);
    explicit_bzero(pad_pin, sizeof pad_pin);
    vk_log_call("C_Login", rv);
    return rv;
}

/* SO resets the user PIN: the key is unlocked and the new PIN is a temporary one. */
VK_EXPORT CK_RV C_InitPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_InitPIN", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    if ((rv = vk_check_pin_length(pPin, ulPinLen)) != CKR_OK)
        return rv;
    vk_pin_state pin;
    int fd = vk_pin_lock(call.dir, &pin);
    if (fd < 0)
        return CKR_DEVICE_ERROR;
    rv = VK_HSM(vk_hsm->C_InitPIN(call.real, pPin, ulPinLen));
    if (rv == CKR_OK) {
        pin.tries_left = pin.max_tries;
        pin.to_be_changed = 1;
    }
    vk_pin_unlock(fd, &pin, rv == CKR_OK);
    return rv;
}

static CK_RV set_pin(vk_call *call, CK_UTF8CHAR_PTR pOldPin, CK_ULONG ulOldLen, CK_UTF8CHAR_PTR pNewPin,
                     CK_ULONG ulNewLen);

/* Protected authentication path: with no PINs given (NULL or empty) on a key with a pad, both
 * are "typed on the pad": the current one from pin-pad, the new one from pin-pad-new (used
 * once; without it the holder cancelled on the pad). */
VK_EXPORT CK_RV C_SetPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin, CK_ULONG ulOldLen,
                         CK_UTF8CHAR_PTR pNewPin, CK_ULONG ulNewLen)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_SetPIN", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    char pad_old[VK_PIN_PAD_MAX] = "", pad_new[VK_PIN_PAD_MAX] = "";
    int on_pad = (pOldPin == NULL || ulOldLen == 0) && (pNewPin == NULL || ulNewLen == 0) &&
                 vk_pin_pad_read(call.dir, pad_old);
    if (on_pad) {
        if (!vk_pin_pad_read_file(call.dir, "pin-pad-new", pad_new)) {
            rv = CKR_FUNCTION_CANCELED;
        } else {
            char path[PATH_MAX];
            if (vk_path(path, sizeof path, call.dir, "pin-pad-new") == 0)
                unlink(path);
            rv = set_pin(&call, (CK_UTF8CHAR_PTR)pad_old, strlen(pad_old), (CK_UTF8CHAR_PTR)pad_new,
                         strlen(pad_new));
        }
    } else {
        rv = set_pin(&call, pOldPin, ulOldLen, pNewPin, ulNewLen);
    }
    explicit_bzero(pad_old, sizeof pad_old);
    explicit_bzero(pad_new, sizeof pad_new);
    return rv;
}

static CK_RV set_pin(vk_call *callp, CK_UTF8CHAR_PTR pOldPin, CK_ULONG ulOldLen, CK_UTF8CHAR_PTR pNewPin,
                     CK_ULONG ulNewLen)
{
    vk_call call = *callp;
    CK_RV rv;
    if ((rv = vk_check_pin_length(pOldPin, ulOldLen)) != CKR_OK ||
        (rv = vk_check_pin_length(pNewPin, ulNewLen)) != CKR_OK)
        return rv;
    CK_SESSION_INFO info;
    if ((rv = VK_HSM(vk_hsm->C_GetSessionInfo(call.real, &info))) != CKR_OK)
        return rv;
    if (info.state == CKS_RW_SO_FUNCTIONS) /* changes the SO PIN: no user counter involved */
        return VK_HSM(vk_hsm->C_SetPIN(call.real, pOldPin, ulOldLen, pNewPin, ulNewLen));

    vk_pin_state pin;
    int fd = vk_pin_lock(call.dir, &pin);
    if (fd < 0)
        return CKR_DEVICE_ERROR; /* no counter: the old PIN must not be tried */
    if (pin.tries_left == 0) {
        vk_pin_unlock(fd, &pin, 0);
        return CKR_PIN_LOCKED;
    }
    rv = VK_HSM(vk_hsm->C_SetPIN(call.real, pOldPin, ulOldLen, pNewPin, ulNewLen));
    count_try(&pin, rv);
    if (rv == CKR_OK) {
        pin.to_be_changed = 0; /* the holder chose their own PIN: the key is activated */
        vk_pin_pad_update(call.dir, pNewPin, ulNewLen);
    }
    vk_pin_unlock(fd, &pin, rv == CKR_OK || rv == CKR_PIN_INCORRECT);
    return rv;
}
