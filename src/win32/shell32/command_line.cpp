// CommandLineToArgvW: Windows' rules for splitting a command line.
//  - The first argument is the program name: up to the next space or tab, or, when it starts
//    with a quote, up to the next quote (no backslash rules).
//  - The others are separated by spaces and tabs. 2n backslashes before a quote give n
//    backslashes and the quote opens or closes a quoted part; 2n+1 give n and a literal quote;
//    backslashes before anything else are literal; inside a quoted part "" is a literal quote.
//  - An empty command line gives the program's path.
#include <shellapi.h>
#include <windows.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

bool is_blank(wchar_t c) noexcept { return c == L' ' || c == L'\t'; }

// The program name at the start of `p`; moves `p` past it and the blanks after it.
std::wstring program_name(const wchar_t*& p) {
  std::wstring out;
  if (*p == L'"') {
    for (++p; *p != L'\0' && *p != L'"'; ++p) out += *p;
    if (*p == L'"') ++p;
  } else {
    for (; *p != L'\0' && !is_blank(*p); ++p) out += *p;
  }
  while (is_blank(*p)) ++p;
  return out;
}

// One argument after the first; moves `p` past it and the blanks after it.
std::wstring next_argument(const wchar_t*& p) {
  std::wstring out;
  bool quoted = false;
  while (*p != L'\0' && (quoted || !is_blank(*p))) {
    if (*p == L'\\') {
      std::size_t slashes = 0;
      while (*p == L'\\') ++slashes, ++p;
      if (*p == L'"') {
        out.append(slashes / 2, L'\\');
        if (slashes % 2 == 1) {
          out += L'"';
          ++p;
        }
      } else {
        out.append(slashes, L'\\');
      }
    } else if (*p == L'"') {
      ++p;
      if (quoted && *p == L'"') {
        out += L'"';  // "" inside quotes
        ++p;
      } else {
        quoted = !quoted;
      }
    } else {
      out += *p++;
    }
  }
  while (is_blank(*p)) ++p;
  return out;
}

std::vector<std::wstring> split(const wchar_t* line) {
  std::vector<std::wstring> args;
  if (*line == L'\0') {
    wchar_t path[4096];
    const DWORD n = GetModuleFileNameW(nullptr, path, sizeof path / sizeof path[0]);
    args.emplace_back(path, n);
    return args;
  }
  args.push_back(program_name(line));
  while (*line != L'\0') args.push_back(next_argument(line));
  return args;
}

}  // namespace

extern "C" LPWSTR* WINAPI CommandLineToArgvW(LPCWSTR lpCmdLine, int* pNumArgs) {
  if (pNumArgs == nullptr) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  try {
    const std::vector<std::wstring> args = split(lpCmdLine == nullptr ? L"" : lpCmdLine);
    // One block: the pointers (and a NULL after them), then the strings.
    std::size_t chars = 0;
    for (const std::wstring& a : args) chars += a.size() + 1;
    const std::size_t table = (args.size() + 1) * sizeof(LPWSTR);
    auto* block =
        static_cast<unsigned char*>(LocalAlloc(LMEM_FIXED, table + chars * sizeof(WCHAR)));
    if (block == nullptr) return nullptr;  // LocalAlloc set the last error
    auto* argv = reinterpret_cast<LPWSTR*>(block);
    auto* text = reinterpret_cast<WCHAR*>(block + table);
    for (std::size_t i = 0; i < args.size(); ++i) {
      argv[i] = text;
      std::memcpy(text, args[i].c_str(), (args[i].size() + 1) * sizeof(WCHAR));
      text += args[i].size() + 1;
    }
    argv[args.size()] = nullptr;
    *pNumArgs = static_cast<int>(args.size());
    return argv;
  } catch (const std::bad_alloc&) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return nullptr;
  }
}
