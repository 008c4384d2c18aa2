// <windows.h> first: the annotation macros of specstrings.h (__in, __out, __reserved, __range,
// ...) defined before every C++ standard header (and the Linux headers that use those names);
// the generated guards make the order irrelevant. Compiling is the test.
#include <windows.h>
#include <strsafe.h>
#include <tchar.h>

#include "standard_headers.hpp"
#include "use_everything.hpp"

int windows_first() { return use_everything(); }
