// LoadLibrary and GetProcAddress: the system DLLs device code loads at run time are modules of
// this library, each exporting exactly the implemented functions its SDK headers declare (the
// generated table dll_exports.inc); other Linux libraries go through dlopen.
#include <dlfcn.h>
#include <link.h>
#include <sys/auxv.h>
#include <unistd.h>
#include <windows.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <string>
#include <string_view>

#include "win32/support/text.hpp"

namespace cmnotify::win32::kernel32 {
namespace {

struct Export {
  const char* function;
  const char* dll;
};

constexpr Export kExports[] = {
#include "dll_exports.inc"
};

// This library's modules. The HMODULE of each is its address here.
struct Module {
  const char* name;     // lower case, without ".dll"
  const char* exports;  // whose functions it exports (kernelbase: kernel32's)
};

constexpr Module kModules[] = {
    {"kernel32", "kernel32"}, {"kernelbase", "kernel32"}, {"cfgmgr32", "cfgmgr32"},
    {"setupapi", "setupapi"}, {"user32", "user32"},       {"advapi32", "advapi32"},
    {"hid", "hid"},           {"shell32", "shell32"},     {"gdi32", "gdi32"},
};

// The program itself: GetModuleHandle(NULL).
constexpr char kProgram = 0;

HMODULE handle_of(const Module& m) { return reinterpret_cast<HMODULE>(const_cast<Module*>(&m)); }

const Module* module_of(HMODULE h) {
  for (const Module& m : kModules)
    if (handle_of(m) == h) return &m;
  return nullptr;
}

HMODULE program_handle() { return reinterpret_cast<HMODULE>(const_cast<char*>(&kProgram)); }

// Linux libraries opened through LoadLibrary, with their LoadLibrary counts.
struct Opened {
  std::mutex mutex;
  std::map<void*, unsigned> count;
};

Opened& opened() {
  static auto* o = new Opened;
  return *o;
}

bool is_opened(HMODULE h) {
  Opened& o = opened();
  std::lock_guard lock(o.mutex);
  return o.count.count(h) != 0;
}

// This library, for dlsym.
void* self() {
  static void* handle = [] {
    Dl_info info{};
    if (::dladdr(reinterpret_cast<void*>(&program_handle), &info) == 0 || info.dli_fname == nullptr)
      return static_cast<void*>(RTLD_DEFAULT);
    void* h = ::dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD);
    return h != nullptr ? h : RTLD_DEFAULT;
  }();
  return handle;
}

std::string self_path() {
  Dl_info info{};
  if (::dladdr(reinterpret_cast<void*>(&program_handle), &info) == 0 || info.dli_fname == nullptr)
    return {};
  return info.dli_fname;
}

// The module a DLL name names: any case, with or without ".dll" and a directory.
const Module* find_module(std::string_view name) {
  const auto slash = name.find_last_of("\\/");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string base(name);
  std::transform(base.begin(), base.end(), base.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (base.size() > 4 && base.compare(base.size() - 4, 4, ".dll") == 0)
    base.resize(base.size() - 4);
  if (!base.empty() && base.back() == '.') base.pop_back();  // "hid." : no extension
  for (const Module& m : kModules)
    if (base == m.name) return &m;
  return nullptr;
}

bool is_linux_library(std::string_view name) {
  if (name.find('/') != std::string_view::npos) return true;
  const auto so = name.rfind(".so");
  if (so == std::string_view::npos) return false;
  const std::string_view rest = name.substr(so + 3);
  return rest.empty() || rest.front() == '.';
}

HMODULE fail_module(DWORD error) {
  SetLastError(error);
  return nullptr;
}

HMODULE load(const std::string& name) {
  if (name.empty()) return fail_module(ERROR_INVALID_PARAMETER);
  if (const Module* m = find_module(name)) return handle_of(*m);
  if (!is_linux_library(name)) return fail_module(ERROR_MOD_NOT_FOUND);
  void* h = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (h == nullptr) return fail_module(ERROR_MOD_NOT_FOUND);
  Opened& o = opened();
  std::lock_guard lock(o.mutex);
  ++o.count[h];
  return static_cast<HMODULE>(h);
}

HMODULE loaded(const std::string& name) {
  if (const Module* m = find_module(name)) return handle_of(*m);
  if (!is_linux_library(name)) return fail_module(ERROR_MOD_NOT_FOUND);
  void* h = ::dlopen(name.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (h == nullptr) return fail_module(ERROR_MOD_NOT_FOUND);
  ::dlclose(h);  // NOLOAD counted a reference; GetModuleHandle takes none
  return static_cast<HMODULE>(h);
}

FARPROC module_function(const Module& m, const char* name) {
  const auto* end = std::end(kExports);
  const auto* row = std::lower_bound(
      std::begin(kExports), end, name,
      [](const Export& e, const char* n) { return std::strcmp(e.function, n) < 0; });
  if (row == end || std::strcmp(row->function, name) != 0 || std::strcmp(row->dll, m.exports) != 0)
    return nullptr;
  return reinterpret_cast<FARPROC>(::dlsym(self(), name));
}

template <typename Char>
DWORD copy_path(const std::string& path, Char* buffer, DWORD size) {
  if (buffer == nullptr && size != 0) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return 0;
  }
  std::basic_string<Char> text;
  if constexpr (sizeof(Char) == 1) {
    text = path;
  } else {
    text = wide_from_utf8(path);
  }
  if (size == 0) {
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return 0;
  }
  if (text.size() < size) {
    std::copy(text.begin(), text.end(), buffer);
    buffer[text.size()] = Char{};
    SetLastError(ERROR_SUCCESS);
    return static_cast<DWORD>(text.size());
  }
  std::copy_n(text.begin(), size - 1, buffer);
  buffer[size - 1] = Char{};
  SetLastError(ERROR_INSUFFICIENT_BUFFER);
  return size;
}

template <typename Char>
DWORD module_file_name(HMODULE module, Char* buffer, DWORD size) {
  try {
    std::string path;
    if (module == nullptr || module == program_handle()) {
      char link[4096];
      const ssize_t n = ::readlink("/proc/self/exe", link, sizeof link);
      if (n <= 0) {
        SetLastError(ERROR_GEN_FAILURE);
        return 0;
      }
      path.assign(link, static_cast<std::size_t>(n));
    } else if (module_of(module) != nullptr) {
      path = self_path();
    } else if (is_opened(module)) {
      // The path the loader resolved for the handle.
      struct link_map* map = nullptr;
      if (::dlinfo(module, RTLD_DI_LINKMAP, &map) == 0 && map != nullptr && map->l_name != nullptr)
        path = map->l_name;
    } else {
      SetLastError(ERROR_MOD_NOT_FOUND);
      return 0;
    }
    return copy_path(path, buffer, size);
  } catch (const std::bad_alloc&) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return 0;
  }
}

template <typename F>
HMODULE with_utf8(LPCWSTR name, F f) {
  if (name == nullptr) return f(nullptr);
  try {
    std::string utf8;
    if (!utf8_from_wide(name, utf8)) return fail_module(ERROR_MOD_NOT_FOUND);
    return f(utf8.c_str());
  } catch (const std::bad_alloc&) {
    return fail_module(ERROR_NOT_ENOUGH_MEMORY);
  }
}

}  // namespace
}  // namespace cmnotify::win32::kernel32

namespace k32 = cmnotify::win32::kernel32;

extern "C" {

HMODULE WINAPI LoadLibraryExA(LPCSTR lpLibFileName, HANDLE hFile, DWORD /*dwFlags*/) {
  if (lpLibFileName == nullptr || hFile != nullptr)
    return k32::fail_module(ERROR_INVALID_PARAMETER);
  try {
    return k32::load(lpLibFileName);
  } catch (const std::bad_alloc&) {
    return k32::fail_module(ERROR_NOT_ENOUGH_MEMORY);
  }
}

HMODULE WINAPI LoadLibraryA(LPCSTR lpLibFileName) {
  return LoadLibraryExA(lpLibFileName, nullptr, 0);
}

HMODULE WINAPI LoadLibraryExW(LPCWSTR lpLibFileName, HANDLE hFile, DWORD dwFlags) {
  if (lpLibFileName == nullptr) return k32::fail_module(ERROR_INVALID_PARAMETER);
  return k32::with_utf8(lpLibFileName,
                        [&](const char* name) { return LoadLibraryExA(name, hFile, dwFlags); });
}

HMODULE WINAPI LoadLibraryW(LPCWSTR lpLibFileName) {
  return LoadLibraryExW(lpLibFileName, nullptr, 0);
}

BOOL WINAPI FreeLibrary(HMODULE hLibModule) {
  if (k32::module_of(hLibModule) != nullptr) return TRUE;
  k32::Opened& o = k32::opened();
  {
    std::lock_guard lock(o.mutex);
    const auto it = o.count.find(hLibModule);
    if (it == o.count.end()) {
      SetLastError(ERROR_INVALID_HANDLE);
      return FALSE;
    }
    if (--it->second == 0) o.count.erase(it);
  }
  ::dlclose(hLibModule);
  return TRUE;
}

FARPROC WINAPI GetProcAddress(HMODULE hModule, LPCSTR lpProcName) {
  const auto name_value = reinterpret_cast<std::uintptr_t>(lpProcName);
  if (lpProcName == nullptr || name_value <= 0xFFFF) {  // NULL or an ordinal
    SetLastError(ERROR_PROC_NOT_FOUND);
    return nullptr;
  }
  FARPROC found = nullptr;
  if (const k32::Module* m = k32::module_of(hModule)) {
    found = k32::module_function(*m, lpProcName);
  } else if (hModule == nullptr || hModule == k32::program_handle()) {
    found = reinterpret_cast<FARPROC>(::dlsym(RTLD_DEFAULT, lpProcName));
  } else if (k32::is_opened(hModule)) {
    found = reinterpret_cast<FARPROC>(::dlsym(hModule, lpProcName));
  } else {
    SetLastError(ERROR_MOD_NOT_FOUND);
    return nullptr;
  }
  if (found == nullptr) SetLastError(ERROR_PROC_NOT_FOUND);
  return found;
}

HMODULE WINAPI GetModuleHandleA(LPCSTR lpModuleName) {
  if (lpModuleName == nullptr) return k32::program_handle();
  try {
    return k32::loaded(lpModuleName);
  } catch (const std::bad_alloc&) {
    return k32::fail_module(ERROR_NOT_ENOUGH_MEMORY);
  }
}

HMODULE WINAPI GetModuleHandleW(LPCWSTR lpModuleName) {
  return k32::with_utf8(lpModuleName, [](const char* name) { return GetModuleHandleA(name); });
}

BOOL WINAPI GetModuleHandleExA(DWORD dwFlags, LPCSTR lpModuleName, HMODULE* phModule) {
  if (phModule == nullptr) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  *phModule = nullptr;
  if ((dwFlags & ~(GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT |
                   GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS)) != 0 ||
      ((dwFlags & GET_MODULE_HANDLE_EX_FLAG_PIN) != 0 &&
       (dwFlags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT) != 0)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  if ((dwFlags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) != 0) {
    Dl_info info{};
    if (lpModuleName == nullptr || ::dladdr(lpModuleName, &info) == 0) {
      SetLastError(ERROR_MOD_NOT_FOUND);
      return FALSE;
    }
    Dl_info program{};  // the program: the object holding its own program headers
    ::dladdr(reinterpret_cast<void*>(::getauxval(AT_PHDR)), &program);
    if (info.dli_fbase == program.dli_fbase) {
      *phModule = k32::program_handle();
    } else if (info.dli_fname != nullptr && k32::self_path() == info.dli_fname) {
      *phModule = handle_of(k32::kModules[0]);
    } else {
      void* h = ::dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD);
      if (h == nullptr) {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return FALSE;
      }
      ::dlclose(h);
      *phModule = static_cast<HMODULE>(h);
    }
    return TRUE;
  }
  *phModule = GetModuleHandleA(lpModuleName);
  return *phModule != nullptr ? TRUE : FALSE;
}

BOOL WINAPI GetModuleHandleExW(DWORD dwFlags, LPCWSTR lpModuleName, HMODULE* phModule) {
  if ((dwFlags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) != 0 || lpModuleName == nullptr)
    return GetModuleHandleExA(dwFlags, reinterpret_cast<LPCSTR>(lpModuleName), phModule);
  BOOL result = FALSE;
  k32::with_utf8(lpModuleName, [&](const char* name) {
    result = GetModuleHandleExA(dwFlags, name, phModule);
    return static_cast<HMODULE>(nullptr);
  });
  return result;
}

DWORD WINAPI GetModuleFileNameW(HMODULE hModule, LPWSTR lpFilename, DWORD nSize) {
  return k32::module_file_name(hModule, lpFilename, nSize);
}

DWORD WINAPI GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename, DWORD nSize) {
  return k32::module_file_name(hModule, lpFilename, nSize);
}

BOOL WINAPI DisableThreadLibraryCalls(HMODULE /*hLibModule*/) { return TRUE; }

}  // extern "C"
