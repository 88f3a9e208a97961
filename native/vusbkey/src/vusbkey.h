/* Virtual USBKEY: a PKCS#11 module that forwards to SoftHSM2 and adds what a real
 * removable token has (unplug, PIN lock-out, latency, faults). Shared declarations. */
#ifndef VUSBKEY_H
#define VUSBKEY_H

#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <p11-kit/pkcs11.h>

#define VK_EXPORT __attribute__((visibility("default")))
#define VK_MAX_SLOTS 64
#define VK_GEN_LEN 64
#define VK_LABEL_LEN 33
#define VK_SERIAL_LEN 17

/* A virtual slot = one directory keys/<label>/ under VUSBKEY_HOME. */
typedef struct {
    int in_use;
    CK_SLOT_ID id;
    char label[VK_LABEL_LEN];
    char serial[VK_SERIAL_LEN];
    char dir[PATH_MAX];
    int mapped; /* softhsm_slot is valid */
    CK_SLOT_ID softhsm_slot;
    char observed_gen[VK_GEN_LEN]; /* last presence seen; "" = absent */
    char reported_gen[VK_GEN_LEN]; /* last presence reported by C_WaitForSlotEvent */
    int closing;                   /* stale sessions are being closed in SoftHSM */
} vk_slot;

/* What a call needs after validation; copied out so no lock is held while forwarding. */
typedef struct {
    CK_SESSION_HANDLE real; /* SoftHSM session handle */
    CK_SLOT_ID slot_id;     /* virtual slot id */
    CK_SLOT_ID softhsm_slot;
    int mapped;
    char gen[VK_GEN_LEN]; /* presence generation the call belongs to; "" = absent */
    char dir[PATH_MAX];
} vk_call;

/* Global state (module.c). `mutex` guards the tables; it is never held while sleeping or
 * calling SoftHSM. `softhsm_lock` is read-held around SoftHSM calls and write-held only to
 * (re)initialise SoftHSM. */
extern pthread_mutex_t vk_mutex;
extern pthread_cond_t vk_cond;
extern pthread_rwlock_t vk_softhsm_lock;
extern int vk_initialized;
extern unsigned long vk_epoch; /* bumped by C_Finalize to wake blocked waiters */
extern char vk_home[PATH_MAX];
extern vk_slot vk_slots[VK_MAX_SLOTS];

/* Holds the read side of vk_softhsm_lock for the duration of one SoftHSM call. */
static inline void vk_hsm_enter(void) { pthread_rwlock_rdlock(&vk_softhsm_lock); }
static inline CK_RV vk_hsm_leave(CK_RV rv)
{
    pthread_rwlock_unlock(&vk_softhsm_lock);
    return rv;
}
#define VK_HSM(expr) (vk_hsm_enter(), vk_hsm_leave(expr))

/* files.c */
int vk_read_file(const char *path, char *buf, size_t size); /* -1 if missing; trims */
int vk_path(char *out, size_t size, const char *dir, const char *name);
void vk_resolve_home(char *out, size_t size);
int vk_read_presence(const char *dir, char *gen_out); /* 1 present, 0 absent */
void vk_sleep_ms(unsigned ms);
void vk_pad(CK_UTF8CHAR *dst, size_t size, const char *src);

/* softhsm.c */
extern CK_FUNCTION_LIST_PTR vk_hsm;
CK_RV vk_softhsm_load(void);
CK_RV vk_softhsm_initialize(CK_VOID_PTR init_args);
CK_RV vk_softhsm_try_reinitialize(void);

/* slots.c */
void vk_scan_keys(int initial);
int vk_find_slot(CK_SLOT_ID id); /* index or -1; caller holds vk_mutex */
void vk_sync_slot(CK_SLOT_ID id, char *gen_out);
void vk_map_slots(void);
CK_RV vk_begin_slot_call(const char *fn, CK_SLOT_ID id, int need_present, vk_call *call);

/* sessions.c */
CK_SESSION_HANDLE vk_session_add(CK_SESSION_HANDLE real, CK_SLOT_ID slot, const char *gen);
int vk_session_get(CK_SESSION_HANDLE handle, vk_call *call); /* 1 found */
void vk_session_remove(CK_SESSION_HANDLE handle);
size_t vk_session_remove_stale(CK_SLOT_ID slot, const char *current_gen); /* caller holds mutex */
size_t vk_session_count(void);
void vk_session_clear(void);
CK_RV vk_begin_session_call(const char *fn, CK_SESSION_HANDLE handle, vk_call *call);

/* effects.c: latency and one-shot faults from keys/<label>/latency and faults/ */
CK_RV vk_apply_effects(const char *fn, vk_call *call);
/* One-shot fault of a call that has no key (C_Initialize): $VUSBKEY_HOME/faults/<C_Fn>. */
CK_RV vk_apply_module_fault(const char *fn);

/* call-log.c: "<pid> <fn> <rv>" lines in $VUSBKEY_HOME/call-log, only if that file exists */
void vk_log_call(const char *fn, CK_RV rv);

/* pin-policy.c */
typedef struct {
    int max_tries;
    int tries_left;
    int to_be_changed;
} vk_pin_state;
int vk_pin_lock(const char *dir, vk_pin_state *state); /* fd holding flock, or -1 */
void vk_pin_unlock(int fd, const vk_pin_state *state, int write_back);
void vk_pin_read(const char *dir, vk_pin_state *state);
CK_RV vk_check_pin_length(CK_UTF8CHAR_PTR pin, CK_ULONG len);

/* pin-pad.c: keys/<label>/pin-pad holds the PIN the holder "types on the reader". */
#define VK_PIN_PAD_MAX (VK_MAX_PIN + 1)
int vk_pin_pad_read(const char *dir, char *pin_out); /* 1 if the key has a PIN pad */
int vk_pin_pad_read_file(const char *dir, const char *name, char *pin_out);
void vk_pin_pad_update(const char *dir, CK_UTF8CHAR_PTR new_pin, CK_ULONG len);

/* SM2 (sm2-*.c). SoftHSM has no SM2: the module does SM2 itself with OpenSSL libcrypto and
 * keeps the key material in SoftHSM objects (see README.md, "SM2"). */
#define VK_SM2_PRIV_LEN 32
#define VK_SM2_POINT_LEN 65 /* 04 || x || y */
#define VK_SM2_RS_LEN 64
#define VK_SM2_DER_MAX 72

typedef enum { VK_SM2_INPUT_E, VK_SM2_INPUT_SM3, VK_SM2_INPUT_SM3_Z } vk_sm2_input;
typedef enum { VK_SM2_SIG_RS, VK_SM2_SIG_DER } vk_sm2_format;
typedef struct {
    CK_MECHANISM_TYPE type;
    vk_sm2_input input;   /* what the caller passes: e, or the message (token hashes, with or without Z) */
    vk_sm2_format format; /* r||s (64 bytes) or DER SEQUENCE { r, s } */
} vk_sm2_sign_mech;
typedef struct {
    const char *name;
    CK_KEY_TYPE key_type;
    CK_MECHANISM_TYPE key_pair_gen;
    CK_MECHANISM_TYPE digest; /* SM3 */
    const vk_sm2_sign_mech *sign;
    size_t sign_count;
} vk_sm2_vendor;

/* sm2-vendor.c: keys/<label>/sm2-vendor names the numbering; no file = no SM2 on that key. */
const vk_sm2_vendor *vk_sm2_vendor_of(const char *dir);
const vk_sm2_sign_mech *vk_sm2_sign_mech_of(const vk_sm2_vendor *vendor, CK_MECHANISM_TYPE type);
const vk_sm2_sign_mech *vk_sm2_sign_mech_for(const char *dir, CK_MECHANISM_TYPE type);
/* The vendor whose key type a template may name: NULL unless it has a CKA_KEY_TYPE (the common
 * case reads no file). */
const vk_sm2_vendor *vk_sm2_vendor_for_template(const char *dir, const CK_ATTRIBUTE *template, CK_ULONG count);
int vk_sm2_is_vendor_key_type(const CK_ATTRIBUTE *a, const vk_sm2_vendor *vendor); /* CKA_KEY_TYPE = SM2 */

/* sm2-crypto.c (OpenSSL) */
int vk_sm2_generate(unsigned char priv[VK_SM2_PRIV_LEN], unsigned char point[VK_SM2_POINT_LEN]);
int vk_sm2_sign_e(const unsigned char priv[VK_SM2_PRIV_LEN], const unsigned char point[VK_SM2_POINT_LEN],
                  const unsigned char e[32], unsigned char rs[VK_SM2_RS_LEN]);
int vk_sm2_z(const unsigned char *id, size_t id_len, const unsigned char point[VK_SM2_POINT_LEN],
             unsigned char z[32]);
int vk_sm2_rs_to_der(const unsigned char rs[VK_SM2_RS_LEN], unsigned char *der, size_t *der_len);
/* 1: the signature (r || s or DER, per `format`) verifies on e; 0: it does not or is malformed. */
int vk_sm2_verify_e(const unsigned char point[VK_SM2_POINT_LEN], const unsigned char e[32],
                    const unsigned char *sig, size_t sig_len, int der);
void *vk_sm3_new(void); /* EVP_MD_CTX initialised for SM3, or NULL */
int vk_sm3_update(void *md, const unsigned char *data, size_t len);
int vk_sm3_final(void *md, unsigned char out[32]);
void vk_sm3_free(void *md);
void vk_wipe(void *p, size_t len);
/* sm2-message-hash.c: *md = SM3 started for the mechanism (with Z where it hashes Z || M), or NULL
 * for the mechanisms that take e. */
CK_RV vk_sm2_start_message_hash(const vk_sm2_sign_mech *mech, const CK_MECHANISM *mechanism,
                                const unsigned char point[VK_SM2_POINT_LEN], void **md);
/* CKR_OK when the key's CKA_SIGN / CKA_VERIFY (usage) is true; why not otherwise. */
CK_RV vk_key_usage_allows(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE key, CK_ATTRIBUTE_TYPE usage);
/* e of a single-part call: the 32 bytes passed in, or the hash started above finished over data. */
CK_RV vk_sm2_message_e(const vk_sm2_sign_mech *mech, void *md, const CK_BYTE *data, CK_ULONG len,
                       unsigned char e[32]);

/* Per-session operations the module runs itself (object search, SM2 sign, SM3 digest). */
typedef struct {
    int find_active;
    CK_OBJECT_HANDLE *found;
    CK_ULONG found_count, found_next;
    int sign_active;
    vk_sm2_sign_mech sign_mech;
    unsigned char priv[VK_SM2_PRIV_LEN];
    unsigned char point[VK_SM2_POINT_LEN];
    void *sign_md;    /* SM3 over (Z ||) message for the hashing mechanisms */
    int sign_updated; /* C_SignUpdate was used: C_Sign is no longer allowed */
    int digest_active;
    void *digest_md;
    int verify_active; /* an SM2 C_Verify (single-part) under verify_mech */
    vk_sm2_sign_mech verify_mech;
    unsigned char verify_point[VK_SM2_POINT_LEN];
    void *verify_md; /* SM3 over (Z ||) message for the hashing mechanisms */
} vk_ops;
void vk_ops_free(vk_ops *ops);                  /* never takes vk_mutex */
void vk_ops_end_sign(vk_ops *ops);
void vk_ops_end_digest(vk_ops *ops);
void vk_ops_end_verify(vk_ops *ops);
/* sessions.c: the session's vk_ops is lent to one call at a time. NULL + *rv set on failure. */
vk_ops *vk_session_take_ops(CK_SESSION_HANDLE handle, CK_RV *rv);
void vk_session_put_ops(CK_SESSION_HANDLE handle, vk_ops *ops);
void vk_session_end_sign_ops(CK_SLOT_ID slot); /* at C_Logout: the login is the token's */

/* sm2-objects.c */
extern const unsigned char vk_sm2_oid[10]; /* DER OID 1.2.156.10197.1.301 */
#define VK_SM2_SPKI_PREFIX_LEN 26
#define VK_SM2_SPKI_LEN (VK_SM2_SPKI_PREFIX_LEN + VK_SM2_POINT_LEN)
#define VK_SM2_BACKING_LEN (6 + VK_SM2_PRIV_LEN)
extern const unsigned char vk_sm2_spki_prefix[VK_SM2_SPKI_PREFIX_LEN];
extern const char vk_sm2_backing_application[20]; /* "vusbkey-sm2-backing" */
extern const unsigned char vk_sm2_backing_magic[6];
CK_RV vk_get_attribute(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type, void *value,
                       CK_ULONG *len);
CK_RV vk_sm2_find_backing(CK_SESSION_HANDLE real, const unsigned char point[VK_SM2_POINT_LEN],
                          CK_OBJECT_HANDLE *found, CK_ULONG max, CK_ULONG *count);
CK_RV vk_sm2_public_point_of(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE key, unsigned char point[VK_SM2_POINT_LEN]);
typedef enum { VK_OBJ_OTHER, VK_OBJ_SM2_PRIVATE, VK_OBJ_SM2_PUBLIC, VK_OBJ_BACKING } vk_obj_kind;
vk_obj_kind vk_sm2_object_kind(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE object);
int vk_sm2_is_sm2_params(const CK_ATTRIBUTE *a); /* CKA_EC_PARAMS naming the SM2 curve */
/* What ties an SM2 key to its backing, or makes it SM2: set by the module, never by a caller. */
int vk_sm2_is_structural(CK_ATTRIBUTE_TYPE type);
CK_RV vk_sm2_load_private(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE key, unsigned char priv[VK_SM2_PRIV_LEN],
                          unsigned char point[VK_SM2_POINT_LEN]);

/* ckr-names.c */
CK_RV vk_parse_ckr(const char *text);

#define VK_MIN_PIN 6
#define VK_MAX_PIN 16

#endif
