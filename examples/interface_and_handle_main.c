/* interface_and_handle [interface-class-guid] [timeout-seconds]
 *
 * Watches a device interface class (default GUID_DEVINTERFACE_DISK), opens the first present
 * interface and reports what happens to its device; exits after the device is removed or after
 * the timeout (default 30 s). */
#include <windows.h>
#include <initguid.h>
#include <ntddstor.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interface_and_handle.h"

/* "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}", braces optional. */
static BOOL ParseGuid(const char *Text, GUID *Guid)
{
    char inner[37];
    size_t length = strlen(Text);
    unsigned int d1, d2, d3, b[8];
    char extra;
    int i;

    if (length == 38 && Text[0] == '{' && Text[37] == '}') {
        memcpy(inner, Text + 1, 36);
    } else if (length == 36) {
        memcpy(inner, Text, 36);
    } else {
        return FALSE;
    }
    inner[36] = '\0';
    if (sscanf(inner, "%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x%c", &d1, &d2, &d3, &b[0], &b[1],
               &b[2], &b[3], &b[4], &b[5], &b[6], &b[7], &extra) != 11) {
        return FALSE;
    }
    Guid->Data1 = d1;
    Guid->Data2 = (unsigned short)d2;
    Guid->Data3 = (unsigned short)d3;
    for (i = 0; i < 8; i++) {
        Guid->Data4[i] = (unsigned char)b[i];
    }
    return TRUE;
}

int main(int argc, char **argv)
{
    GUID interfaceClass = GUID_DEVINTERFACE_DISK;
    unsigned long seconds = 30;
    char *end = NULL;

    if (argc > 3 || (argc > 1 && !ParseGuid(argv[1], &interfaceClass))) {
        fprintf(stderr, "usage: %s [interface-class-guid] [timeout-seconds]\n", argv[0]);
        return 1;
    }
    if (argc > 2) {
        seconds = strtoul(argv[2], &end, 10);
        if (*argv[2] == '\0' || *end != '\0' || seconds > 4000000) {
            fprintf(stderr, "timeout: a number of seconds\n");
            return 1;
        }
    }
    return RunInterfaceAndHandle(&interfaceClass, (DWORD)(seconds * 1000));
}
