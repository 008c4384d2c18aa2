// LoadLibrary, GetProcAddress, FreeLibrary, GetModuleHandle(Ex), GetModuleFileName: the system
// DLLs are this library's modules, each with exactly its SDK headers' functions.
#include <dlfcn.h>
#include <unistd.h>
#include <cfgmgr32.h>
#include <windows.h>

#include <gtest/gtest.h>

#include <climits>
#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <string>

namespace {

void expect_error(DWORD error) { EXPECT_EQ(GetLastError(), error); }

TEST(Win32Modules, SystemDllNamesInAnySpelling) {
  const HMODULE cfgmgr = LoadLibraryW(L"cfgmgr32.dll");
  ASSERT_NE(cfgmgr, nullptr);
  for (const char* name :
       {"CFGMGR32.DLL", "CfgMgr32", "cfgmgr32", "C:\\Windows\\System32\\cfgmgr32.dll", "cfgmgr32."})
    EXPECT_EQ(LoadLibraryA(name), cfgmgr) << name;
  EXPECT_EQ(LoadLibraryExW(L"CfgMgr32.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32), cfgmgr);
  EXPECT_EQ(GetModuleHandleW(L"cfgmgr32.dll"), cfgmgr);
  for (const wchar_t* name : {L"kernel32.dll", L"setupapi.dll", L"user32.dll", L"hid.dll",
                              L"advapi32.dll", L"KernelBase.dll"})
    EXPECT_NE(LoadLibraryW(name), nullptr) << name;
  EXPECT_NE(LoadLibraryW(L"kernel32.dll"), cfgmgr);
  EXPECT_TRUE(FreeLibrary(cfgmgr));
  EXPECT_EQ(GetModuleHandleA("cfgmgr32"), cfgmgr) << "never unloaded";
}

TEST(Win32Modules, GetProcAddressFindsOnlyTheDllsOwnFunctions) {
  const HMODULE cfgmgr = LoadLibraryA("cfgmgr32.dll");
  const HMODULE kernel = LoadLibraryA("kernel32.dll");
  using Register =
      CONFIGRET(WINAPI*)(PCM_NOTIFY_FILTER, PVOID, PCM_NOTIFY_CALLBACK, PHCMNOTIFICATION);
  EXPECT_EQ(reinterpret_cast<Register>(GetProcAddress(cfgmgr, "CM_Register_Notification")),
            &CM_Register_Notification);
  EXPECT_EQ(reinterpret_cast<void*>(GetProcAddress(kernel, "CreateEventW")),
            reinterpret_cast<void*>(&CreateEventW));
  SetLastError(0);
  EXPECT_EQ(GetProcAddress(cfgmgr, "CreateEventW"), nullptr) << "kernel32's, not cfgmgr32's";
  expect_error(ERROR_PROC_NOT_FOUND);
  SetLastError(0);
  EXPECT_EQ(GetProcAddress(cfgmgr, "SetupDiGetClassDevsW"), nullptr);
  expect_error(ERROR_PROC_NOT_FOUND);
  SetLastError(0);
  EXPECT_EQ(GetProcAddress(kernel, "CM_Register_Notification"), nullptr);
  expect_error(ERROR_PROC_NOT_FOUND);
  SetLastError(0);
  EXPECT_EQ(GetProcAddress(kernel, "NoSuchFunction"), nullptr);
  expect_error(ERROR_PROC_NOT_FOUND);
  SetLastError(0);
  EXPECT_EQ(GetProcAddress(kernel, reinterpret_cast<LPCSTR>(std::uintptr_t{12})), nullptr)
      << "ordinals";
  expect_error(ERROR_PROC_NOT_FOUND);
  EXPECT_EQ(GetProcAddress(kernel, nullptr), nullptr);
  SetLastError(0);
  EXPECT_EQ(GetProcAddress(reinterpret_cast<HMODULE>(std::uintptr_t{0x1234}), "CreateEventW"),
            nullptr);
  expect_error(ERROR_MOD_NOT_FOUND);
  EXPECT_NE(GetProcAddress(LoadLibraryA("kernelbase"), "CreateEventW"), nullptr);
}

// Every function a header declares resolves in its DLL: the table is generated from the
// headers, so a declaration without an implementation fails here.
TEST(Win32Modules, EveryDeclaredFunctionResolves) {
  std::ifstream table(CMNOTIFY_WIN32_DLL_EXPORTS);
  ASSERT_TRUE(table.good());
  const std::regex row(R"re(\{"(\w+)", "(\w+)"\},)re");
  std::string line;
  int rows = 0;
  while (std::getline(table, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, row)) continue;
    ++rows;
    const HMODULE module = LoadLibraryA(m[2].str().c_str());
    ASSERT_NE(module, nullptr) << m[2];
    EXPECT_NE(GetProcAddress(module, m[1].str().c_str()), nullptr) << m[1] << " in " << m[2];
  }
  EXPECT_GT(rows, 150);
}

TEST(Win32Modules, UnknownDllsAndLinuxLibraries) {
  SetLastError(0);
  EXPECT_EQ(LoadLibraryA("d3d9.dll"), nullptr);
  expect_error(ERROR_MOD_NOT_FOUND);
  SetLastError(0);
  EXPECT_EQ(LoadLibraryW(L""), nullptr);
  expect_error(ERROR_INVALID_PARAMETER);
  SetLastError(0);
  EXPECT_EQ(LoadLibraryA(nullptr), nullptr);
  expect_error(ERROR_INVALID_PARAMETER);
  SetLastError(0);
  EXPECT_EQ(LoadLibraryExA("hid.dll", reinterpret_cast<HANDLE>(1), 0), nullptr);
  expect_error(ERROR_INVALID_PARAMETER);
  SetLastError(0);
  EXPECT_EQ(LoadLibraryA("libcmnotify-no-such-library.so.7"), nullptr);
  expect_error(ERROR_MOD_NOT_FOUND);
  const HMODULE libm = LoadLibraryA("libm.so.6");
  ASSERT_NE(libm, nullptr);
  using Cos = double (*)(double);
  const auto cosine = reinterpret_cast<Cos>(GetProcAddress(libm, "cos"));
  ASSERT_NE(cosine, nullptr);
  EXPECT_DOUBLE_EQ(cosine(0.0), 1.0);
  EXPECT_EQ(GetModuleHandleA("libm.so.6"), libm);
  char path[PATH_MAX];
  EXPECT_GT(GetModuleFileNameA(libm, path, sizeof path), 0u);
  EXPECT_NE(std::strstr(path, "libm"), nullptr) << path;
  EXPECT_TRUE(FreeLibrary(libm));
  SetLastError(0);
  EXPECT_FALSE(FreeLibrary(reinterpret_cast<HMODULE>(std::uintptr_t{0x1234})));
  expect_error(ERROR_INVALID_HANDLE);
  SetLastError(0);
  EXPECT_EQ(GetModuleHandleA("never-loaded.dll"), nullptr);
  expect_error(ERROR_MOD_NOT_FOUND);
}

TEST(Win32Modules, TheProgramAndFileNames) {
  const HMODULE program = GetModuleHandleW(nullptr);
  ASSERT_NE(program, nullptr);
  char exe[PATH_MAX] = {};
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  ASSERT_GT(n, 0);
  wchar_t wide[PATH_MAX];
  const DWORD length = GetModuleFileNameW(nullptr, wide, PATH_MAX);
  EXPECT_EQ(length, static_cast<DWORD>(n));
  char narrow[PATH_MAX];
  EXPECT_EQ(GetModuleFileNameA(program, narrow, PATH_MAX), static_cast<DWORD>(n));
  EXPECT_STREQ(narrow, exe);
  // Too small: truncated, NUL-terminated, nSize returned, ERROR_INSUFFICIENT_BUFFER.
  char small[5];
  SetLastError(0);
  EXPECT_EQ(GetModuleFileNameA(nullptr, small, 5), 5u);
  expect_error(ERROR_INSUFFICIENT_BUFFER);
  EXPECT_EQ(std::strlen(small), 4u);
  EXPECT_GT(GetModuleFileNameA(LoadLibraryA("setupapi.dll"), narrow, PATH_MAX), 0u);
  EXPECT_NE(std::strstr(narrow, "libcmnotify-win32"), nullptr) << narrow;
  HMODULE from_address = nullptr;
  EXPECT_TRUE(GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS,
                                 reinterpret_cast<LPCWSTR>(&CreateEventW), &from_address));
  EXPECT_EQ(from_address, LoadLibraryA("kernel32.dll"));
  EXPECT_TRUE(
      GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, nullptr, &from_address));
  EXPECT_EQ(from_address, program);
  SetLastError(0);
  EXPECT_FALSE(GetModuleHandleExA(0, "hid.dll", nullptr));
  expect_error(ERROR_INVALID_PARAMETER);
  EXPECT_TRUE(DisableThreadLibraryCalls(program));
}

}  // namespace
