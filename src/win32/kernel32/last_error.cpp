// GetLastError / SetLastError: one value per thread, as on Windows.
#include <windows.h>

namespace {
thread_local DWORD t_last_error = ERROR_SUCCESS;
}  // namespace

extern "C" {

DWORD WINAPI GetLastError(VOID) { return t_last_error; }

VOID WINAPI SetLastError(DWORD dwErrCode) { t_last_error = dwErrCode; }

}  // extern "C"
