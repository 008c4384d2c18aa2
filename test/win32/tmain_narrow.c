/* A C console program whose entry point is _tmain without _UNICODE, that is main, linked with
 * libcmnotify-win32-main as the same source built with _UNICODE must be: the program's own main
 * runs (libcmnotify-win32-main's is weak), and prints its arguments. */
#undef UNICODE
#undef _UNICODE
#include <tchar.h>
#include <windows.h>

#include <stdio.h>

int _tmain(int argc, _TCHAR *argv[]) {
  for (int i = 1; i < argc; ++i) _tprintf(_T("(%s)"), argv[i]);
  _tprintf(_T("\n"));
  return 0;
}
