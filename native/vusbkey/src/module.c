/* Library lifecycle and the slot-level functions: C_Initialize/C_Finalize, slot list, slot
 * and token info, C_WaitForSlotEvent. */
#include "vusbkey.h"

#include <stdio.h>

pthread_mutex_t vk_mutex = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t vk_cond = PTHREAD_COND_INITIALIZER;
pthread_rwlock_t vk_softhsm_lock = PTHREAD_RWLOCK_INITIALIZER;
int vk_initialized;
unsigned long vk_epoch;
char vk_home[PATH_MAX];
static pthread_mutex_t lifecycle = PTHREAD_MUTEX_INITIALIZER;

#define SLOT_EVENT_POLL_MS 10

VK_EXPORT CK_RV C_Initialize(CK_VOID_PTR pInitArgs)
{
    CK_C_INITIALIZE_ARGS *args = pInitArgs;
    if (args && args->pReserved)
        return CKR_ARGUMENTS_BAD;
    pthread_mutex_lock(&lifecycle);
    if (vk_initialized) {
        pthread_mutex_unlock(&lifecycle);
        return CKR_CRYPTOKI_ALREADY_INITIALIZED;
    }
    vk_resolve_home(vk_home, sizeof vk_home);
    CK_RV rv = vk_apply_module_fault("C_Initialize");
    if (rv == CKR_OK)
        rv = vk_softhsm_load();
    if (rv == CKR_OK)
        rv = vk_softhsm_initialize(pInitArgs);
    if (rv == CKR_OK) {
        pthread_mutex_lock(&vk_mutex);
        memset(vk_slots, 0, sizeof vk_slots);
        pthread_mutex_unlock(&vk_mutex);
        vk_initialized = 1;
        vk_scan_keys(1);
        vk_map_slots();
    }
    vk_log_call("C_Initialize", rv);
    pthread_mutex_unlock(&lifecycle);
    return rv;
}

VK_EXPORT CK_RV C_Finalize(CK_VOID_PTR pReserved)
{
    if (pReserved)
        return CKR_ARGUMENTS_BAD;
    pthread_mutex_lock(&lifecycle);
    if (!vk_initialized) {
        pthread_mutex_unlock(&lifecycle);
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    }
    pthread_mutex_lock(&vk_mutex);
    vk_initialized = 0;
    vk_epoch++; /* blocked C_WaitForSlotEvent calls return CKR_CRYPTOKI_NOT_INITIALIZED */
    pthread_mutex_unlock(&vk_mutex);
    pthread_rwlock_wrlock(&vk_softhsm_lock);
    CK_RV rv = vk_hsm->C_Finalize(NULL);
    pthread_rwlock_unlock(&vk_softhsm_lock);
    vk_session_clear();
    vk_log_call("C_Finalize", rv);
    pthread_mutex_unlock(&lifecycle);
    return rv;
}

VK_EXPORT CK_RV C_GetInfo(CK_INFO_PTR pInfo)
{
    if (!vk_initialized)
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    if (!pInfo)
        return CKR_ARGUMENTS_BAD;
    memset(pInfo, 0, sizeof *pInfo);
    pInfo->cryptokiVersion.major = 2;
    pInfo->cryptokiVersion.minor = 40;
    vk_pad(pInfo->manufacturerID, sizeof pInfo->manufacturerID, "YiKey vUSBKEY");
    vk_pad(pInfo->libraryDescription, sizeof pInfo->libraryDescription, "YiKey virtual USBKEY (SoftHSM2)");
    pInfo->libraryVersion.major = 1;
    return CKR_OK;
}

/* Slot ids in ascending order; new key directories are picked up at every call. */
VK_EXPORT CK_RV C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList, CK_ULONG_PTR pulCount)
{
    if (!vk_initialized)
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    if (!pulCount)
        return CKR_ARGUMENTS_BAD;
    vk_scan_keys(0);
    CK_SLOT_ID ids[VK_MAX_SLOTS];
    CK_ULONG count = 0;
    pthread_mutex_lock(&vk_mutex);
    for (int i = 0; i < VK_MAX_SLOTS; i++)
        if (vk_slots[i].in_use)
            ids[count++] = vk_slots[i].id;
    pthread_mutex_unlock(&vk_mutex);

    CK_ULONG listed = 0;
    for (CK_ULONG i = 0; i < count; i++) {
        char gen[VK_GEN_LEN];
        vk_sync_slot(ids[i], gen);
        if (!tokenPresent || gen[0] != '\0')
            ids[listed++] = ids[i];
    }
    for (CK_ULONG i = 1; i < listed; i++) /* insertion sort: at most a handful of keys */
        for (CK_ULONG j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
            CK_SLOT_ID tmp = ids[j];
            ids[j] = ids[j - 1];
            ids[j - 1] = tmp;
        }
    if (listed > 0)
        vk_map_slots();
    if (!pSlotList) {
        *pulCount = listed;
        return CKR_OK;
    }
    if (*pulCount < listed) {
        *pulCount = listed;
        return CKR_BUFFER_TOO_SMALL;
    }
    memcpy(pSlotList, ids, listed * sizeof ids[0]);
    *pulCount = listed;
    return CKR_OK;
}

VK_EXPORT CK_RV C_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo)
{
    vk_call call;
    CK_RV rv = vk_begin_slot_call("C_GetSlotInfo", slotID, 0, &call);
    if (rv != CKR_OK)
        return rv;
    if (!pInfo)
        return CKR_ARGUMENTS_BAD;
    char description[128], label[VK_LABEL_LEN] = "";
    pthread_mutex_lock(&vk_mutex);
    int index = vk_find_slot(slotID);
    if (index >= 0)
        snprintf(label, sizeof label, "%s", vk_slots[index].label);
    pthread_mutex_unlock(&vk_mutex);
    snprintf(description, sizeof description, "YiKey Virtual USBKEY %s", label);
    memset(pInfo, 0, sizeof *pInfo);
    vk_pad(pInfo->slotDescription, sizeof pInfo->slotDescription, description);
    vk_pad(pInfo->manufacturerID, sizeof pInfo->manufacturerID, "YiKey vUSBKEY");
    pInfo->flags = CKF_REMOVABLE_DEVICE | CKF_HW_SLOT | (call.gen[0] ? CKF_TOKEN_PRESENT : 0);
    pInfo->hardwareVersion.major = 1;
    pInfo->firmwareVersion.major = 1;
    return CKR_OK;
}

VK_EXPORT CK_RV C_GetTokenInfo(CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo)
{
    vk_call call;
    CK_RV rv = vk_begin_slot_call("C_GetTokenInfo", slotID, 1, &call);
    if (rv != CKR_OK)
        return rv;
    pthread_rwlock_rdlock(&vk_softhsm_lock);
    rv = vk_hsm->C_GetTokenInfo(call.softhsm_slot, pInfo);
    pthread_rwlock_unlock(&vk_softhsm_lock);
    if (rv != CKR_OK)
        return rv;
    char label[VK_LABEL_LEN] = "";
    pthread_mutex_lock(&vk_mutex);
    int index = vk_find_slot(slotID);
    if (index >= 0)
        snprintf(label, sizeof label, "%s", vk_slots[index].label);
    pthread_mutex_unlock(&vk_mutex);
    vk_pad(pInfo->label, sizeof pInfo->label, label);
    vk_pad(pInfo->manufacturerID, sizeof pInfo->manufacturerID, "YiKey vUSBKEY");
    vk_pad(pInfo->model, sizeof pInfo->model, "vusbkey");
    pInfo->ulMinPinLen = VK_MIN_PIN;
    pInfo->ulMaxPinLen = VK_MAX_PIN;

    /* SoftHSM sets COUNT_LOW after any failure and never locks; report our counter instead. */
    vk_pin_state pin;
    vk_pin_read(call.dir, &pin);
    pInfo->flags &= ~(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED |
                      CKF_USER_PIN_TO_BE_CHANGED);
    if (pin.tries_left > 0 && pin.tries_left < pin.max_tries)
        pInfo->flags |= CKF_USER_PIN_COUNT_LOW;
    if (pin.tries_left == 1)
        pInfo->flags |= CKF_USER_PIN_FINAL_TRY;
    if (pin.tries_left == 0)
        pInfo->flags |= CKF_USER_PIN_LOCKED;
    if (pin.to_be_changed)
        pInfo->flags |= CKF_USER_PIN_TO_BE_CHANGED;
    char pad_pin[VK_PIN_PAD_MAX];
    if (vk_pin_pad_read(call.dir, pad_pin))
        pInfo->flags |= CKF_PROTECTED_AUTHENTICATION_PATH;
    explicit_bzero(pad_pin, sizeof pad_pin);
    return CKR_OK;
}

/* Returns a slot whose presence differs from what this process last reported. */
static int next_slot_event(CK_SLOT_ID *slot_out)
{
    vk_scan_keys(0);
    for (int i = 0; i < VK_MAX_SLOTS; i++) {
        pthread_mutex_lock(&vk_mutex);
        int in_use = vk_slots[i].in_use;
        CK_SLOT_ID id = vk_slots[i].id;
        pthread_mutex_unlock(&vk_mutex);
        if (!in_use)
            continue;
        char gen[VK_GEN_LEN];
        vk_sync_slot(id, gen);
        pthread_mutex_lock(&vk_mutex);
        int changed = vk_slots[i].in_use && vk_slots[i].id == id && strcmp(vk_slots[i].reported_gen, gen) != 0;
        if (changed)
            snprintf(vk_slots[i].reported_gen, sizeof vk_slots[i].reported_gen, "%s", gen);
        pthread_mutex_unlock(&vk_mutex);
        if (changed) {
            *slot_out = id;
            return 1;
        }
    }
    return 0;
}

VK_EXPORT CK_RV C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR pSlot, CK_VOID_PTR pReserved)
{
    if (!vk_initialized)
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    if (!pSlot || pReserved)
        return CKR_ARGUMENTS_BAD;
    pthread_mutex_lock(&vk_mutex);
    unsigned long epoch = vk_epoch;
    pthread_mutex_unlock(&vk_mutex);
    for (;;) {
        if (next_slot_event(pSlot))
            return CKR_OK;
        if (flags & CKF_DONT_BLOCK)
            return CKR_NO_EVENT;
        vk_sleep_ms(SLOT_EVENT_POLL_MS);
        pthread_mutex_lock(&vk_mutex);
        int finalized = !vk_initialized || vk_epoch != epoch;
        pthread_mutex_unlock(&vk_mutex);
        if (finalized)
            return CKR_CRYPTOKI_NOT_INITIALIZED;
    }
}
