// hwdb through libudev, loaded with dlopen so that libcmnotify needs neither libudev's headers to
// build nor libudev to run: a system without it loses only the database's names.
#include "linux/hwdb.hpp"

#include <dlfcn.h>

#include <mutex>

namespace cmnotify::linux_source {
namespace {

// libudev's C API (libudev.h), as far as a hwdb lookup needs it.
struct udev;
struct udev_hwdb;
struct udev_list_entry;

struct Libudev {
  udev* (*new_context)() = nullptr;
  udev* (*unref_context)(udev*) = nullptr;
  udev_hwdb* (*hwdb_new)(udev*) = nullptr;
  udev_list_entry* (*hwdb_properties)(udev_hwdb*, const char*, unsigned) = nullptr;
  udev_list_entry* (*next)(udev_list_entry*) = nullptr;
  const char* (*name)(udev_list_entry*) = nullptr;
  const char* (*value)(udev_list_entry*) = nullptr;
  // Never freed: lookups may run until the process exits. The context is kept too: the
  // database does not hold it, and a pointer to it is what keeps it reachable.
  udev* context = nullptr;
  udev_hwdb* hwdb = nullptr;
};

template <typename Fn>
bool load(void* library, const char* symbol, Fn& out) {
  out = reinterpret_cast<Fn>(dlsym(library, symbol));
  return out != nullptr;
}

// The loaded library with an open database, or nullptr.
Libudev* open_libudev() {
  void* library = dlopen("libudev.so.1", RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) return nullptr;
  auto* lib = new Libudev;
  const bool complete =
      load(library, "udev_new", lib->new_context) &&
      load(library, "udev_unref", lib->unref_context) &&
      load(library, "udev_hwdb_new", lib->hwdb_new) &&
      load(library, "udev_hwdb_get_properties_list_entry", lib->hwdb_properties) &&
      load(library, "udev_list_entry_get_next", lib->next) &&
      load(library, "udev_list_entry_get_name", lib->name) &&
      load(library, "udev_list_entry_get_value", lib->value);
  lib->context = complete ? lib->new_context() : nullptr;
  lib->hwdb = lib->context != nullptr ? lib->hwdb_new(lib->context) : nullptr;
  if (lib->hwdb == nullptr) {
    if (lib->context != nullptr) lib->unref_context(lib->context);
    delete lib;
    dlclose(library);
    return nullptr;
  }
  return lib;
}

}  // namespace

HwdbNames hwdb_names(std::string_view modalias) {
  HwdbNames names;
  if (modalias.empty() || modalias.size() > 1024) return names;
  // A udev_hwdb is not safe for concurrent lookups; the list it returns lives until the next one.
  static std::mutex mutex;
  static Libudev* const lib = open_libudev();
  if (lib == nullptr) return names;
  const std::string key(modalias);
  std::lock_guard lock(mutex);
  for (udev_list_entry* e = lib->hwdb_properties(lib->hwdb, key.c_str(), 0); e != nullptr;
       e = lib->next(e)) {
    const std::string_view name = lib->name(e) != nullptr ? lib->name(e) : "";
    const char* value = lib->value(e);
    if (value == nullptr) continue;
    if (name == "ID_VENDOR_FROM_DATABASE") names.vendor = value;
    if (name == "ID_MODEL_FROM_DATABASE") names.model = value;
  }
  return names;
}

}  // namespace cmnotify::linux_source
