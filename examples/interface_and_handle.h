/* The sequence of Microsoft's "Registering for notification of device interface arrival and
 * device removal", as a function the example program (and its test) runs. */
#ifndef CMNOTIFY_EXAMPLE_INTERFACE_AND_HANDLE_H
#define CMNOTIFY_EXAMPLE_INTERFACE_AND_HANDLE_H

#include <windows.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Watches interfaces of InterfaceClass, opens the first present one and watches its device
 * until it is removed or TimeoutMs passes. Returns 0 after handling the removal, 2 after the
 * timeout, 1 on failure. */
int RunInterfaceAndHandle(const GUID *InterfaceClass, DWORD TimeoutMs);

#ifdef __cplusplus
}
#endif

#endif /* CMNOTIFY_EXAMPLE_INTERFACE_AND_HANDLE_H */
