// CreateSolidBrush / DeleteObject: nothing is drawn, so a brush only records its colour; it
// exists so that a window class can name its background and the program can free it.
#include <windows.h>
#include <wingdi.h>

#include <memory>
#include <mutex>
#include <new>
#include <unordered_map>

namespace {

struct Brush {
  COLORREF color;
};

std::mutex g_mutex;

std::unordered_map<HGDIOBJ, std::unique_ptr<Brush>>& brushes() {
  static auto* table = new std::unordered_map<HGDIOBJ, std::unique_ptr<Brush>>;  // g_mutex
  return *table;
}

}  // namespace

extern "C" {

HBRUSH WINAPI CreateSolidBrush(COLORREF color) {
  if ((color & 0xFF000000u) != 0) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  try {
    auto brush = std::make_unique<Brush>(Brush{color});
    HGDIOBJ handle = brush.get();
    std::lock_guard lock(g_mutex);
    brushes().emplace(handle, std::move(brush));
    return static_cast<HBRUSH>(handle);
  } catch (const std::bad_alloc&) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return nullptr;
  }
}

BOOL WINAPI DeleteObject(HGDIOBJ ho) {
  std::lock_guard lock(g_mutex);
  if (ho == nullptr || brushes().erase(ho) == 0) {
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  return TRUE;
}

}  // extern "C"
