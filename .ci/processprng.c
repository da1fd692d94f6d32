/* bcryptprimitives.dll for Wine 8 (Debian 12), which lacks ProcessPrng: Rust's std (1.78+)
 * gets its random bytes (HashMap keys, temp file names) from it and aborts without it.
 * Filled from RtlGenRandom (advapi32's SystemFunction036), which Wine has. Built and copied
 * into the Wine prefix by .ci/cross.sh; never part of modalcfg. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
