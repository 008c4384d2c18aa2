// The standard headers first, then <windows.h> (in real code's spelling): the other order of
// windows_first.cpp.
#include "standard_headers.hpp"

#include <Windows.h>
#include <StrSafe.h>
#include <TCHAR.H>

#include "use_everything.hpp"

int windows_first();

int main() { return windows_first() + use_everything(); }
