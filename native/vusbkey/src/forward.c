/* Everything without behaviour of its own: validated (session, presence, latency, faults)
 * and forwarded to SoftHSM with the SoftHSM session handle. Plus the function list. */
#include "vusbkey.h"

#define FORWARD_CALL(name, ...)                                                                        \
    vk_call call;                                                                                      \
    CK_RV rv = vk_begin_session_call(#name, hSession, &call);                                          \
    if (rv != CKR_OK)                                                                                  \
        return rv;                                                                                     \
    pthread_rwlock_rdlock(&vk_softhsm_lock);                                                           \
    rv = vk_hsm->name(__VA_ARGS__);                                                                    \
    pthread_rwlock_unlock(&vk_softhsm_lock);                                                           \
    return rv;

#define FORWARD(name, params, ...)                                                                     \
    VK_EXPORT CK_RV name params { FORWARD_CALL(name, call.real, __VA_ARGS__) }
#define FORWARD_SESSION_ONLY(name)                                                                     \
    VK_EXPORT CK_RV name(CK_SESSION_HANDLE hSession) { FORWARD_CALL(name, call.real) }

typedef CK_SESSION_HANDLE S;
typedef CK_BYTE_PTR B;
typedef CK_ULONG_PTR LP;
typedef CK_MECHANISM_PTR M;
typedef CK_OBJECT_HANDLE O;
typedef CK_ATTRIBUTE_PTR A;

FORWARD(C_GetOperationState, (S hSession, B st, LP stLen), st, stLen)
FORWARD(C_SetOperationState, (S hSession, B st, CK_ULONG stLen, O enc, O auth), st, stLen, enc, auth)
FORWARD(C_EncryptInit, (S hSession, M m, O k), m, k)
FORWARD(C_Encrypt, (S hSession, B in, CK_ULONG inLen, B out, LP outLen), in, inLen, out, outLen)
FORWARD(C_EncryptUpdate, (S hSession, B in, CK_ULONG inLen, B out, LP outLen), in, inLen, out, outLen)
FORWARD(C_EncryptFinal, (S hSession, B out, LP outLen), out, outLen)
FORWARD(C_DecryptInit, (S hSession, M m, O k), m, k)
FORWARD(C_Decrypt, (S hSession, B in, CK_ULONG inLen, B out, LP outLen), in, inLen, out, outLen)
FORWARD(C_DecryptUpdate, (S hSession, B in, CK_ULONG inLen, B out, LP outLen), in, inLen, out, outLen)
FORWARD(C_DecryptFinal, (S hSession, B out, LP outLen), out, outLen)
FORWARD(C_DigestKey, (S hSession, O k), k)
FORWARD(C_SignRecoverInit, (S hSession, M m, O k), m, k)
FORWARD(C_SignRecover, (S hSession, B in, CK_ULONG inLen, B out, LP outLen), in, inLen, out, outLen)
FORWARD(C_VerifyUpdate, (S hSession, B in, CK_ULONG inLen), in, inLen)
FORWARD(C_VerifyFinal, (S hSession, B sig, CK_ULONG sigLen), sig, sigLen)
FORWARD(C_VerifyRecoverInit, (S hSession, M m, O k), m, k)
FORWARD(C_VerifyRecover, (S hSession, B sig, CK_ULONG sigLen, B out, LP outLen), sig, sigLen, out, outLen)
FORWARD(C_DigestEncryptUpdate, (S hSession, B in, CK_ULONG inLen, B out, LP outLen), in, inLen, out, outLen)
FORWARD(C_DecryptDigestUpdate, (S hSession, B in, CK_ULONG inLen, B out, LP outLen), in, inLen, out, outLen)
FORWARD(C_SignEncryptUpdate, (S hSession, B in, CK_ULONG inLen, B out, LP outLen), in, inLen, out, outLen)
FORWARD(C_DecryptVerifyUpdate, (S hSession, B in, CK_ULONG inLen, B out, LP outLen), in, inLen, out, outLen)
FORWARD(C_GenerateKey, (S hSession, M m, A t, CK_ULONG n, CK_OBJECT_HANDLE_PTR k), m, t, n, k)
FORWARD(C_UnwrapKey, (S hSession, M m, O unwrapping, B in, CK_ULONG inLen, A t, CK_ULONG n, CK_OBJECT_HANDLE_PTR k),
        m, unwrapping, in, inLen, t, n, k)
FORWARD(C_SeedRandom, (S hSession, B seed, CK_ULONG len), seed, len)
FORWARD(C_GenerateRandom, (S hSession, B out, CK_ULONG len), out, len)
FORWARD_SESSION_ONLY(C_GetFunctionStatus)
FORWARD_SESSION_ONLY(C_CancelFunction)

/* Slot-level functions that only need the SoftHSM slot id. */
#define FORWARD_SLOT(name, params, ...)                                                                \
    VK_EXPORT CK_RV name params                                                                        \
    {                                                                                                  \
        vk_call call;                                                                                  \
        CK_RV rv = vk_begin_slot_call(#name, slotID, 1, &call);                                        \
        if (rv != CKR_OK)                                                                              \
            return rv;                                                                                 \
        pthread_rwlock_rdlock(&vk_softhsm_lock);                                                       \
        rv = vk_hsm->name(call.softhsm_slot, __VA_ARGS__);                                             \
        pthread_rwlock_unlock(&vk_softhsm_lock);                                                       \
        return rv;                                                                                     \
    }

FORWARD_SLOT(C_InitToken, (CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pin, CK_ULONG len, CK_UTF8CHAR_PTR label), pin, len,
             label)

static CK_FUNCTION_LIST function_list = {
    {2, 40},
    C_Initialize, C_Finalize, C_GetInfo, C_GetFunctionList, C_GetSlotList, C_GetSlotInfo, C_GetTokenInfo,
    C_GetMechanismList, C_GetMechanismInfo, C_InitToken, C_InitPIN, C_SetPIN, C_OpenSession, C_CloseSession,
    C_CloseAllSessions, C_GetSessionInfo, C_GetOperationState, C_SetOperationState, C_Login, C_Logout,
    C_CreateObject, C_CopyObject, C_DestroyObject, C_GetObjectSize, C_GetAttributeValue, C_SetAttributeValue,
    C_FindObjectsInit, C_FindObjects, C_FindObjectsFinal, C_EncryptInit, C_Encrypt, C_EncryptUpdate,
    C_EncryptFinal, C_DecryptInit, C_Decrypt, C_DecryptUpdate, C_DecryptFinal, C_DigestInit, C_Digest,
    C_DigestUpdate, C_DigestKey, C_DigestFinal, C_SignInit, C_Sign, C_SignUpdate, C_SignFinal, C_SignRecoverInit,
    C_SignRecover, C_VerifyInit, C_Verify, C_VerifyUpdate, C_VerifyFinal, C_VerifyRecoverInit, C_VerifyRecover,
    C_DigestEncryptUpdate, C_DecryptDigestUpdate, C_SignEncryptUpdate, C_DecryptVerifyUpdate, C_GenerateKey,
    C_GenerateKeyPair, C_WrapKey, C_UnwrapKey, C_DeriveKey, C_SeedRandom, C_GenerateRandom, C_GetFunctionStatus,
    C_CancelFunction, C_WaitForSlotEvent,
};

VK_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList)
{
    if (!ppFunctionList)
        return CKR_ARGUMENTS_BAD;
    *ppFunctionList = &function_list;
    return CKR_OK;
}
