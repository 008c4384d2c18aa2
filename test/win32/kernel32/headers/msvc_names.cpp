// msvc_names.c as C++: the MSVC runtime names next to glibc's and libstdc++'s declarations.
#include <cstring>
#include <cwchar>
#include <string>

#define msvc_names_check msvc_names_check_cxx
extern "C" int msvc_names_check(void);
#include "msvc_names.c"
