// A C++ console program whose entry point is _tmain (wmain with _UNICODE), as Visual Studio's
// console template writes it, linked with libcmnotify-win32-main. With arguments it checks that
// they come as wide strings, the program's name first, and returns 0; without, it returns 7 (the
// program's status is the entry point's).
#include <tchar.h>
#include <windows.h>

#include <cstdio>
#include <cwchar>

int _tmain(int argc, _TCHAR* argv[]) {
  if (argc < 1 || argv[argc] != nullptr || std::wcsstr(argv[0], L"win32_tmain_wide") == nullptr)
    return 1;
  if (argc == 1) return 7;
  const wchar_t* expected[] = {L"plain", L"two words", L"", L"caf\u00e9", L"\U0001F600"};
  if (argc != 6) return 2;
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::wcscmp(argv[i], expected[i - 1]) != 0) {
      std::printf("argument %d: [%ls], expected [%ls]\n", i, argv[i], expected[i - 1]);
      status = 3;
    }
  }
  return status;
}
