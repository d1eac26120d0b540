/*
 * A stand-in for Windows' bcryptprimitives.dll, for running the Windows test
 * executables under Wine 8 only (.ci/cross puts the built DLL beside them).
 *
 * Rust's std gets its random bytes (HashMap keys, temp names) from
 * ProcessPrng in bcryptprimitives.dll, which Wine 8.0 does not export, so
 * every Rust program aborts at start-up there. This forwards to RtlGenRandom
 * (advapi32's SystemFunction036), which Wine implements. Never shipped.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
