/* Virtual slots: one per keys/<label>/ directory, id from its `slot` file, mapped to the
 * SoftHSM slot whose token has the serial in its `serial` file. */
#include "vusbkey.h"

#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

vk_slot vk_slots[VK_MAX_SLOTS];

int vk_find_slot(CK_SLOT_ID id)
{
    for (int i = 0; i < VK_MAX_SLOTS; i++)
        if (vk_slots[i].in_use && vk_slots[i].id == id)
            return i;
    return -1;
}

/* A key directory is a key while its `slot` file exists (it goes first when one is deleted). */
static int key_exists(const char *dir)
{
    char path[PATH_MAX];
    return vk_path(path, sizeof path, dir, "slot") == 0 && access(path, F_OK) == 0;
}

static void add_or_refresh(const char *keys_dir, const char *label, int initial)
{
    char label_copy[VK_LABEL_LEN];
    snprintf(label_copy, sizeof label_copy, "%.32s", label);
    char dir[PATH_MAX], path[PATH_MAX], slot_text[32], serial[VK_SERIAL_LEN];
    if (snprintf(dir, sizeof dir, "%s/%s", keys_dir, label) >= (int)sizeof dir)
        return;
    /* `slot` and `serial` are written before the directory gets its final name, so a key
     * that lacks them is not one of ours (or is being deleted). */
    if (vk_path(path, sizeof path, dir, "slot") != 0 || vk_read_file(path, slot_text, sizeof slot_text) <= 0)
        return;
    if (vk_path(path, sizeof path, dir, "serial") != 0 || vk_read_file(path, serial, sizeof serial) <= 0)
        return;
    CK_SLOT_ID id = strtoul(slot_text, NULL, 10);
    char gen[VK_GEN_LEN];
    vk_read_presence(dir, gen);

    pthread_mutex_lock(&vk_mutex);
    int index = vk_find_slot(id), fresh = 0;
    if (index >= 0 && strcmp(vk_slots[index].label, label) != 0) {
        if (key_exists(vk_slots[index].dir)) {
            pthread_mutex_unlock(&vk_mutex); /* two live keys claim one id: the first one keeps it */
            return;
        }
        /* id reused by another key after a delete: this entry becomes the new key */
        vk_session_remove_stale(id, NULL);
        fresh = 1;
    }
    if (index < 0) {
        for (int i = 0; i < VK_MAX_SLOTS && index < 0; i++)
            if (!vk_slots[i].in_use)
                index = i;
        fresh = index >= 0;
    }
    if (fresh) {
        vk_slot *slot = &vk_slots[index];
        int closing = slot->closing; /* a vk_sync_slot still closing old sessions clears it */
        memset(slot, 0, sizeof *slot);
        slot->closing = closing;
        slot->in_use = 1;
        slot->id = id;
        memcpy(slot->label, label_copy, sizeof slot->label);
        snprintf(slot->dir, sizeof slot->dir, "%s", dir);
        snprintf(slot->observed_gen, sizeof slot->observed_gen, "%s", gen);
        /* Keys present at C_Initialize are the starting point; a key that appears later
         * is an insertion event for C_WaitForSlotEvent. */
        if (initial)
            snprintf(slot->reported_gen, sizeof slot->reported_gen, "%s", gen);
    }
    if (index >= 0 && strcmp(vk_slots[index].serial, serial) != 0) {
        snprintf(vk_slots[index].serial, sizeof vk_slots[index].serial, "%.16s", serial);
        vk_slots[index].mapped = 0;
    }
    pthread_mutex_unlock(&vk_mutex);
}

void vk_scan_keys(int initial)
{
    char keys_dir[PATH_MAX];
    if (vk_path(keys_dir, sizeof keys_dir, vk_home, "keys") != 0)
        return;
    DIR *d = opendir(keys_dir);
    if (!d)
        return;
    struct dirent *entry;
    while ((entry = readdir(d)) != NULL) {
        /* ".", "..", keys still being created, and names a key label cannot have */
        if (entry->d_name[0] == '.' || strlen(entry->d_name) >= VK_LABEL_LEN)
            continue;
        add_or_refresh(keys_dir, entry->d_name, initial);
    }
    closedir(d);

    /* Forget keys whose directory was deleted, and the sessions opened on them. */
    pthread_mutex_lock(&vk_mutex);
    for (int i = 0; i < VK_MAX_SLOTS; i++) {
        if (vk_slots[i].in_use && !vk_slots[i].closing && !key_exists(vk_slots[i].dir)) {
            vk_session_remove_stale(vk_slots[i].id, NULL);
            vk_slots[i].in_use = 0;
        }
    }
    pthread_mutex_unlock(&vk_mutex);
}

static int serial_matches(const CK_TOKEN_INFO *info, const char *serial)
{
    size_t len = strlen(serial);
    if (len > sizeof info->serialNumber || memcmp(info->serialNumber, serial, len) != 0)
        return 0;
    for (size_t i = len; i < sizeof info->serialNumber; i++)
        if (info->serialNumber[i] != ' ')
            return 0;
    return 1;
}

/* Returns how many virtual slots are still unmapped. */
static int map_once(void)
{
    CK_SLOT_ID hsm_slots[VK_MAX_SLOTS * 2];
    CK_ULONG count = sizeof hsm_slots / sizeof hsm_slots[0];
    pthread_rwlock_rdlock(&vk_softhsm_lock);
    CK_RV rv = vk_hsm->C_GetSlotList(CK_TRUE, hsm_slots, &count);
    CK_TOKEN_INFO infos[VK_MAX_SLOTS * 2];
    for (CK_ULONG i = 0; rv == CKR_OK && i < count; i++)
        if (vk_hsm->C_GetTokenInfo(hsm_slots[i], &infos[i]) != CKR_OK)
            memset(&infos[i], 0, sizeof infos[i]);
    pthread_rwlock_unlock(&vk_softhsm_lock);
    if (rv != CKR_OK)
        count = 0;

    int unmapped = 0;
    pthread_mutex_lock(&vk_mutex);
    for (int s = 0; s < VK_MAX_SLOTS; s++) {
        vk_slot *slot = &vk_slots[s];
        if (!slot->in_use || slot->mapped)
            continue;
        for (CK_ULONG i = 0; i < count && !slot->mapped; i++) {
            if (serial_matches(&infos[i], slot->serial)) {
                slot->mapped = 1;
                slot->softhsm_slot = hsm_slots[i];
            }
        }
        unmapped += !slot->mapped;
    }
    pthread_mutex_unlock(&vk_mutex);
    return unmapped;
}

static int count_unmapped(void)
{
    int unmapped = 0;
    pthread_mutex_lock(&vk_mutex);
    for (int s = 0; s < VK_MAX_SLOTS; s++)
        unmapped += vk_slots[s].in_use && !vk_slots[s].mapped;
    pthread_mutex_unlock(&vk_mutex);
    return unmapped;
}

/* Only asks SoftHSM when a key is not mapped yet: slot lists are polled often. */
void vk_map_slots(void)
{
    if (count_unmapped() > 0 && map_once() > 0 && vk_softhsm_try_reinitialize() == CKR_OK)
        map_once();
}

/* Reads the slot's presence and, if it changed since last seen, drops every session
 * opened under the old generation: a removed token loses its sessions and its login. */
void vk_sync_slot(CK_SLOT_ID id, char *gen_out)
{
    char dir[PATH_MAX], gen[VK_GEN_LEN];
    pthread_mutex_lock(&vk_mutex);
    int index = vk_find_slot(id);
    if (index < 0) {
        pthread_mutex_unlock(&vk_mutex);
        gen_out[0] = '\0';
        return;
    }
    snprintf(dir, sizeof dir, "%s", vk_slots[index].dir);
    pthread_mutex_unlock(&vk_mutex);

    vk_read_presence(dir, gen);
    if (gen_out)
        snprintf(gen_out, VK_GEN_LEN, "%s", gen);

    pthread_mutex_lock(&vk_mutex);
    vk_slot *slot = &vk_slots[index];
    if (!slot->in_use || slot->id != id || strcmp(slot->observed_gen, gen) == 0 || slot->closing) {
        pthread_mutex_unlock(&vk_mutex);
        return;
    }
    snprintf(slot->observed_gen, sizeof slot->observed_gen, "%s", gen);
    size_t stale = vk_session_remove_stale(id, gen);
    int mapped = slot->mapped;
    CK_SLOT_ID hsm_slot = slot->softhsm_slot;
    if (stale > 0 && mapped)
        slot->closing = 1;
    pthread_mutex_unlock(&vk_mutex);

    if (stale > 0 && mapped) {
        pthread_rwlock_rdlock(&vk_softhsm_lock);
        vk_hsm->C_CloseAllSessions(hsm_slot);
        pthread_rwlock_unlock(&vk_softhsm_lock);
        pthread_mutex_lock(&vk_mutex);
        slot->closing = 0;
        pthread_cond_broadcast(&vk_cond);
        pthread_mutex_unlock(&vk_mutex);
    }
}

/* Validation shared by every function that takes a slot id. */
CK_RV vk_begin_slot_call(const char *fn, CK_SLOT_ID id, int need_present, vk_call *call)
{
    if (!vk_initialized)
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    memset(call, 0, sizeof *call);
    pthread_mutex_lock(&vk_mutex);
    int index = vk_find_slot(id);
    pthread_mutex_unlock(&vk_mutex);
    if (index < 0) {
        vk_scan_keys(0);
        pthread_mutex_lock(&vk_mutex);
        index = vk_find_slot(id);
        pthread_mutex_unlock(&vk_mutex);
        if (index < 0)
            return CKR_SLOT_ID_INVALID;
    }
    vk_sync_slot(id, call->gen);
    if (need_present && call->gen[0] == '\0')
        return CKR_TOKEN_NOT_PRESENT;

    pthread_mutex_lock(&vk_mutex);
    int mapped = vk_slots[index].mapped;
    pthread_mutex_unlock(&vk_mutex);
    if (!mapped && need_present)
        vk_map_slots();

    pthread_mutex_lock(&vk_mutex);
    /* Wait until stale sessions are gone so a new session cannot inherit an old login. */
    while (vk_slots[index].closing)
        pthread_cond_wait(&vk_cond, &vk_mutex);
    if (!vk_slots[index].in_use || vk_slots[index].id != id) { /* key deleted meanwhile */
        pthread_mutex_unlock(&vk_mutex);
        return CKR_SLOT_ID_INVALID;
    }
    call->slot_id = id;
    call->mapped = vk_slots[index].mapped;
    call->softhsm_slot = vk_slots[index].softhsm_slot;
    snprintf(call->dir, sizeof call->dir, "%s", vk_slots[index].dir);
    pthread_mutex_unlock(&vk_mutex);
    if (need_present && !call->mapped)
        return CKR_TOKEN_NOT_RECOGNIZED;
    return vk_apply_effects(fn, call);
}
