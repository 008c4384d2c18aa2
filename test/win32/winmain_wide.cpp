// A C++ program whose entry point is _tWinMain (wWinMain with _UNICODE), linked with
// libcmnotify-win32-main. With arguments it checks that CommandLineToArgvW gives back exactly
// those the test passes (Win32WinMain.* in CMakeLists.txt) and returns 0; without, it returns 7
// (the program's status is the entry point's).
#include <shellapi.h>
#include <tchar.h>
#include <windows.h>

#include <cstdio>
#include <cwchar>

int WINAPI _tWinMain(HINSTANCE instance, HINSTANCE previous, PTSTR command_line, int show) {
  if (instance != GetModuleHandle(nullptr) || previous != nullptr || show != SW_SHOWDEFAULT)
    return 1;
  if (*command_line == L'\0') return 7;
  const wchar_t* expected[] = {L"plain", L"two words", L"quote\"d", L"tail\\", L"caf\u00e9"};
  int n = 0;
  LPWSTR* argv = CommandLineToArgvW(command_line, &n);
  if (argv == nullptr || n != 5) return 2;
  int status = 0;
  for (int i = 0; i < n; ++i) {
    if (std::wcscmp(argv[i], expected[i]) != 0) {
      std::printf("argument %d: [%ls], expected [%ls]\n", i, argv[i], expected[i]);
      status = 3;
    }
  }
  LocalFree(argv);
  return status;
}
