/* Our own session table. Handles are ours (never reused), so a handle from before an
 * unplug can never reach a SoftHSM session opened after the re-plug. */
#include "vusbkey.h"

#include <stdio.h>

typedef struct {
    CK_SESSION_HANDLE handle;
    CK_SESSION_HANDLE real;
    CK_SLOT_ID slot;
    char gen[VK_GEN_LEN];
    vk_ops *ops;  /* operations the module runs itself; NULL until first needed */
    int ops_lent; /* a call holds `ops` right now */
} vk_session;

static vk_session *table;
static size_t used, capacity;
static CK_SESSION_HANDLE next_handle = 1;

CK_SESSION_HANDLE vk_session_add(CK_SESSION_HANDLE real, CK_SLOT_ID slot, const char *gen)
{
    pthread_mutex_lock(&vk_mutex);
    if (used == capacity) {
        size_t grown = capacity ? capacity * 2 : 32;
        vk_session *bigger = realloc(table, grown * sizeof *table);
        if (!bigger) {
            pthread_mutex_unlock(&vk_mutex);
            return CK_INVALID_HANDLE;
        }
        table = bigger;
        capacity = grown;
    }
    vk_session *entry = &table[used++];
    entry->handle = next_handle++;
    entry->real = real;
    entry->slot = slot;
    snprintf(entry->gen, sizeof entry->gen, "%s", gen);
    entry->ops = NULL;
    entry->ops_lent = 0;
    CK_SESSION_HANDLE handle = entry->handle;
    pthread_mutex_unlock(&vk_mutex);
    return handle;
}

int vk_session_get(CK_SESSION_HANDLE handle, vk_call *call)
{
    int found = 0;
    pthread_mutex_lock(&vk_mutex);
    for (size_t i = 0; i < used && !found; i++) {
        if (table[i].handle != handle)
            continue;
        found = 1;
        call->real = table[i].real;
        call->slot_id = table[i].slot;
        snprintf(call->gen, sizeof call->gen, "%s", table[i].gen);
        int index = vk_find_slot(table[i].slot);
        if (index >= 0) {
            call->mapped = vk_slots[index].mapped;
            call->softhsm_slot = vk_slots[index].softhsm_slot;
            snprintf(call->dir, sizeof call->dir, "%s", vk_slots[index].dir);
        }
    }
    pthread_mutex_unlock(&vk_mutex);
    return found;
}

void vk_session_remove(CK_SESSION_HANDLE handle)
{
    pthread_mutex_lock(&vk_mutex);
    for (size_t i = 0; i < used; i++) {
        if (table[i].handle == handle) {
            vk_ops_free(table[i].ops);
            table[i] = table[--used];
            break;
        }
    }
    pthread_mutex_unlock(&vk_mutex);
}

size_t vk_session_remove_stale(CK_SLOT_ID slot, const char *current_gen)
{
    size_t removed = 0;
    for (size_t i = 0; i < used;) {
        if (table[i].slot == slot && (current_gen == NULL || strcmp(table[i].gen, current_gen) != 0)) {
            vk_ops_free(table[i].ops);
            table[i] = table[--used];
            removed++;
        } else {
            i++;
        }
    }
    return removed;
}

size_t vk_session_count(void)
{
    pthread_mutex_lock(&vk_mutex);
    size_t count = used;
    pthread_mutex_unlock(&vk_mutex);
    return count;
}

void vk_session_clear(void)
{
    pthread_mutex_lock(&vk_mutex);
    for (size_t i = 0; i < used; i++)
        vk_ops_free(table[i].ops);
    free(table);
    table = NULL;
    used = capacity = 0;
    pthread_mutex_unlock(&vk_mutex);
}

static vk_session *find_session(CK_SESSION_HANDLE handle)
{
    for (size_t i = 0; i < used; i++)
        if (table[i].handle == handle)
            return &table[i];
    return NULL;
}

/* The state is taken out of the table for the duration of one call, so a session closed or
 * dropped meanwhile (unplug) cannot free it under the call; vk_session_put_ops frees it then.
 * A second call on the same session waits for the first to give it back, as calls on one
 * session are serialised anyway (PKCS#11 gives a session one operation of each kind). */
vk_ops *vk_session_take_ops(CK_SESSION_HANDLE handle, CK_RV *rv)
{
    vk_ops *ops = NULL;
    pthread_mutex_lock(&vk_mutex);
    vk_session *session = find_session(handle);
    while (session && session->ops_lent) {
        pthread_cond_wait(&vk_cond, &vk_mutex);
        session = find_session(handle); /* the table may have moved or dropped it meanwhile */
    }
    *rv = CKR_SESSION_HANDLE_INVALID;
    if (session) {
        if (!session->ops)
            session->ops = calloc(1, sizeof *session->ops);
        *rv = session->ops ? CKR_OK : CKR_HOST_MEMORY;
        if (session->ops) {
            ops = session->ops;
            session->ops = NULL;
            session->ops_lent = 1;
        }
    }
    pthread_mutex_unlock(&vk_mutex);
    return ops;
}

void vk_session_put_ops(CK_SESSION_HANDLE handle, vk_ops *ops)
{
    pthread_mutex_lock(&vk_mutex);
    vk_session *session = find_session(handle);
    if (session && session->ops_lent) {
        session->ops = ops;
        session->ops_lent = 0;
        ops = NULL;
    }
    pthread_cond_broadcast(&vk_cond);
    pthread_mutex_unlock(&vk_mutex);
    vk_ops_free(ops); /* the session is gone */
}

/* Logging out of a token ends the SM2 signatures begun on it, so no scalar stays in memory for a
 * session that can no longer use it (a call running right now keeps its own until it returns). */
void vk_session_end_sign_ops(CK_SLOT_ID slot)
{
    pthread_mutex_lock(&vk_mutex);
    for (size_t i = 0; i < used; i++)
        if (table[i].slot == slot && table[i].ops && !table[i].ops_lent)
            vk_ops_end_sign(table[i].ops);
    pthread_mutex_unlock(&vk_mutex);
}

/* Validation shared by every function that takes a session handle. */
CK_RV vk_begin_session_call(const char *fn, CK_SESSION_HANDLE handle, vk_call *call)
{
    if (!vk_initialized)
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    memset(call, 0, sizeof *call);
    if (!vk_session_get(handle, call))
        return CKR_SESSION_HANDLE_INVALID;
    char now[VK_GEN_LEN];
    vk_sync_slot(call->slot_id, now);
    if (strcmp(now, call->gen) != 0) /* unplugged (and maybe re-plugged) since it was opened */
        return CKR_SESSION_HANDLE_INVALID;
    return vk_apply_effects(fn, call);
}
