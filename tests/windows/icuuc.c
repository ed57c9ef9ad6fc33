/* A stand-in for Windows' system icuuc.dll, which Wine 8 lacks: PySide6 6.10 and later link
 * Qt6Core.dll against it, so without one no Qt module loads under Wine. It offers no converter
 * (every ucnv_open fails), so Qt uses its built-in codecs. A test-only crutch for Wine
 * (scripts/windows-python.sh builds it into the test prefix's system32): it must never ship. */
#include <stddef.h>

#define EXPORT __declspec(dllexport)
#define U_MISSING_RESOURCE_ERROR 2
#define U_UNSUPPORTED_ERROR 16

typedef int UErrorCode;

static void fail(UErrorCode *err, UErrorCode code)
{
    if (err != NULL && *err <= 0)
        *err = code;
}

EXPORT void *ucnv_open(const char *name, UErrorCode *err)
{
    (void)name;
    fail(err, U_MISSING_RESOURCE_ERROR);
    return NULL;
}

EXPORT int ucnv_countAvailable(void) { return 0; }
EXPORT const char *ucnv_getAvailableName(int n) { (void)n; return NULL; }

EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *err)
{
    (void)name;
    (void)standard;
    fail(err, U_MISSING_RESOURCE_ERROR);
    return NULL;
}

/* The rest take a converter, which ucnv_open never hands out: they are never reached. Each
 * exported name is one symbol; the signatures do not matter for functions nobody calls. */
#define UNREACHED(name) EXPORT int name(void) { return 0; }
UNREACHED(ucnv_close)
UNREACHED(ucnv_reset)
UNREACHED(ucnv_getMaxCharSize)
UNREACHED(ucnv_getName)
UNREACHED(ucnv_getToUCallBack)
UNREACHED(ucnv_getFromUCallBack)
UNREACHED(ucnv_setToUCallBack)
UNREACHED(ucnv_setFromUCallBack)
UNREACHED(ucnv_cbToUWriteUChars)
UNREACHED(ucnv_cbFromUWriteUChars)
UNREACHED(ucnv_toUnicode)
UNREACHED(ucnv_fromUnicode)
UNREACHED(ucnv_toUCountPending)
UNREACHED(ucnv_fromUCountPending)
UNREACHED(UCNV_FROM_U_CALLBACK_SUBSTITUTE)
UNREACHED(UCNV_TO_U_CALLBACK_SUBSTITUTE)
