/* A program whose WinMain is not in its own object files but in a static library it links
 * (win32_winmain_archive: winmain_narrow.c), as a program built from its own libraries is: the
 * linker must take the entry point out of that library. */
int winmain_in_archive_program;
