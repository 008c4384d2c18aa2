/* libcmnotify-win32-main: main() for programs whose entry point is wmain (a console program's
 * _tmain with _UNICODE), WinMain or wWinMain, as the MSVC runtime's wmainCRTStartup and
 * WinMainCRTStartup are. A static library of its own, linked with pkg-config cmnotify-win32-main.
 * Its main is weak: a program that defines main itself (_tmain without _UNICODE) links it too and
 * keeps its own.
 *
 * wmain gets the arguments, the program's name first, converted from UTF-8 to wide strings.
 *
 * The command line given to the entry point is the program's arguments after its name, each
 * quoted by Windows' rules where needed, so that CommandLineToArgvW gives them back unchanged;
 * WinMain gets it as UTF-8 (the A code page is UTF-8 here). */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The program defines one of the three, in one of its object files or in a static library it
 * links. A weak reference would never take it out of a library (the linker extracts archive
 * members for undefined symbols only), so all are undefined from the start of the link instead
 * (-u wmain -u WinMain -u wWinMain: pkg-config cmnotify-win32-main and cmnotify::win32-main pass
 * them), and those the program does not define are this file's weak stand-ins. */
static int no_console_entry(int argc, wchar_t **argv) {
  (void)argc, (void)argv;
  return 1;
}
static int APIENTRY no_narrow_entry(HINSTANCE instance, HINSTANCE previous, LPSTR line, int show) {
  (void)instance, (void)previous, (void)line, (void)show;
  return 1;
}
static int APIENTRY no_wide_entry(HINSTANCE instance, HINSTANCE previous, LPWSTR line, int show) {
  (void)instance, (void)previous, (void)line, (void)show;
  return 1;
}
int wmain(int, wchar_t **) __attribute__((weak, alias("no_console_entry")));
int APIENTRY WinMain(HINSTANCE, HINSTANCE, LPSTR, int)
    __attribute__((weak, alias("no_narrow_entry")));
int APIENTRY wWinMain(HINSTANCE, HINSTANCE, LPWSTR, int)
    __attribute__((weak, alias("no_wide_entry")));

/* Appends one argument, quoted when it is empty or holds a blank or a quote: backslashes before
 * a quote (or before the closing quote) are doubled, quotes escaped. Returns the new end. */
static char *append_argument(char *out, const char *arg) {
  if (*arg != '\0' && strpbrk(arg, " \t\"") == NULL) {
    strcpy(out, arg);
    return out + strlen(arg);
  }
  *out++ = '"';
  for (const char *p = arg;; ++p) {
    size_t slashes = 0;
    while (*p == '\\') ++slashes, ++p;
    if (*p == '\0') {
      for (size_t i = 0; i < slashes * 2; ++i) *out++ = '\\';
      break;
    }
    const size_t copies = *p == '"' ? slashes * 2 + 1 : slashes;
    for (size_t i = 0; i < copies; ++i) *out++ = '\\';
    *out++ = *p;
  }
  *out++ = '"';
  return out;
}

/* The arguments after the program name as one command line (malloc'd), or NULL. */
static char *command_line(int argc, char **argv) {
  size_t size = 1;
  for (int i = 1; i < argc; ++i) size += strlen(argv[i]) * 2 + 3;
  char *line = malloc(size);
  if (line == NULL) return NULL;
  char *end = line;
  for (int i = 1; i < argc; ++i) {
    if (i > 1) *end++ = ' ';
    end = append_argument(end, argv[i]);
  }
  *end = '\0';
  return line;
}

/* The arguments as wide strings (one malloc'd block), or NULL when one is not UTF-8. */
static WCHAR **wide_arguments(int argc, char **argv) {
  size_t chars = 0;
  for (int i = 0; i < argc; ++i) {
    const int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, argv[i], -1, NULL, 0);
    if (n <= 0) return NULL;
    chars += (size_t)n;
  }
  WCHAR **out = malloc((size_t)(argc + 1) * sizeof(WCHAR *) + chars * sizeof(WCHAR));
  if (out == NULL) return NULL;
  WCHAR *text = (WCHAR *)(out + argc + 1);
  for (int i = 0; i < argc; ++i) {
    const int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, argv[i], -1, NULL, 0);
    out[i] = text;
    text += MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, argv[i], -1, text, n);
  }
  out[argc] = NULL;
  return out;
}

static int run_console_entry(int argc, char **argv) {
  WCHAR **wide = wide_arguments(argc, argv);
  if (wide == NULL) {
    fprintf(stderr, "%s: an argument is not UTF-8\n", argv[0]);
    return 1;
  }
  const int status = wmain(argc, wide);
  free(wide);
  return status;
}

int main(int argc, char **argv) __attribute__((weak));
int main(int argc, char **argv) {
  /* Read through volatile: which definition the link chose is known only after compiling. */
  int (*volatile console)(int, wchar_t **) = wmain;
  int(APIENTRY *volatile narrow)(HINSTANCE, HINSTANCE, LPSTR, int) = WinMain;
  int(APIENTRY *volatile wide)(HINSTANCE, HINSTANCE, LPWSTR, int) = wWinMain;
  if (console != no_console_entry) return run_console_entry(argc, argv);
  const int has_narrow = narrow != no_narrow_entry, has_wide = wide != no_wide_entry;
  if (!has_narrow && !has_wide) {
    fprintf(stderr, "%s: the program defines none of wmain, WinMain and wWinMain\n", argv[0]);
    return 1;
  }
  char *line = command_line(argc, argv);
  if (line == NULL) return 1;
  HINSTANCE instance = GetModuleHandleW(NULL);
  int status;
  if (has_wide) {
    const int chars = MultiByteToWideChar(CP_UTF8, 0, line, -1, NULL, 0);
    WCHAR *wide = chars > 0 ? malloc((size_t)chars * sizeof(WCHAR)) : NULL;
    if (wide == NULL || MultiByteToWideChar(CP_UTF8, 0, line, -1, wide, chars) != chars) {
      fprintf(stderr, "%s: the command line is not UTF-8\n", argv[0]);
      free(wide);
      free(line);
      return 1;
    }
    status = wWinMain(instance, NULL, wide, SW_SHOWDEFAULT);
    free(wide);
  } else {
    status = WinMain(instance, NULL, line, SW_SHOWDEFAULT);
  }
  free(line);
  return status;
}
