/* A C console program whose entry point is wmain, with no Windows header at all, linked with
 * libcmnotify-win32-main: prints its arguments and returns their count. (printf's %ls converts
 * to the locale's multibyte characters: UTF-8 ones are set, as a program printing non-ASCII
 * text must.) */
#include <locale.h>
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t *argv[]) {
  setlocale(LC_CTYPE, "C.UTF-8");
  for (int i = 1; i < argc; ++i) printf("[%ls]", argv[i]);
  printf("\n");
  return argc;
}
