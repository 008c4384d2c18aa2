/* A C program whose entry point is WinMain, linked with libcmnotify-win32-main: prints the
 * command line it gets (UTF-8) and returns 0. */
#include <windows.h>

#include <stdio.h>

int WINAPI WinMain(HINSTANCE instance, HINSTANCE previous, LPSTR command_line, int show) {
  (void)instance;
  (void)previous;
  printf("narrow [%s] %d\n", command_line, show);
  return 0;
}
