// The Dev query API's entry points: validate, then answer from the one device map. A live query
// (DevCreateObjectQuery) is an engine registration asking for the present devices and the end of
// them (RegisterOptions::present_end), so it keeps the engine's "present, then live, each exactly
// once" and CM_Unregister_Notification's close guarantees.
#include <devquery.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/instance_id.hpp"
#include "engine/engine.hpp"
#include "win32/devquery/dev_objects.hpp"
#include "win32/devquery/filter_expression.hpp"
#include "win32/support/device_properties.hpp"
#include "win32/support/device_query.hpp"
#include "win32/support/devinst_table.hpp"

namespace cmnotify::win32 {
namespace {

constexpr ULONG kGetFlags = DevQueryFlagAllProperties | DevQueryFlagLocalize;
constexpr ULONG kQueryFlags = kGetFlags | DevQueryFlagUpdateResults | DevQueryFlagAsyncClose;

HRESULT to_hresult(Cr cr) noexcept {
  if (cr == Cr::success) return S_OK;
  if (cr == Cr::out_of_memory) return E_OUTOFMEMORY;
  return E_FAIL;
}

// Runs `body` and turns what it throws into an HRESULT: no exception reaches C code.
template <typename Body>
HRESULT guarded_hr(Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return E_OUTOFMEMORY;
  } catch (...) {
    return E_FAIL;
  }
}

// A count and its array agree: both zero/NULL or both given (Wine: E_INVALIDARG otherwise).
template <typename T>
bool paired(ULONG count, const T* array) noexcept {
  return (count == 0) == (array == nullptr);
}

// Checks shared by DevGetObjects and DevCreateObjectQuery, in Windows' order.
HRESULT check_query_args(ULONG flags, ULONG allowed, ULONG requested_count,
                         const DEVPROPCOMPKEY* requested, ULONG filter_count,
                         const DEVPROP_FILTER_EXPRESSION* filter, ULONG parameter_count,
                         const DEV_QUERY_PARAMETER* parameters) {
  if (!paired(requested_count, requested) || !paired(filter_count, filter)) return E_INVALIDARG;
  if ((flags & ~allowed) != 0) return E_INVALIDARG;
  if ((flags & DevQueryFlagAllProperties) != 0 && requested_count != 0) return E_INVALIDARG;
  // No extended parameter means anything on Linux (they select remote or other stores).
  if (parameter_count != 0 || parameters != nullptr) return E_INVALIDARG;
  if (!valid_filter({filter, filter_count})) return E_INVALIDARG;
  return S_OK;
}

// The shared index of the present devices (DeviceTree::present): a live query asks for it at
// every event, and building one per event would make reporting n present devices cost n^2.
DeviceTree present_tree(Cr& cr) {
  DeviceTree tree;
  cr = DeviceTree::present(tree);
  return tree;
}

// Locale names ("en-US") compare ignoring ASCII case.
bool same_locale(const wchar_t* a, const wchar_t* b) noexcept {
  auto fold = [](wchar_t c) { return (c >= L'A' && c <= L'Z') ? c - L'A' + L'a' : c; };
  for (; *a != L'\0' && *b != L'\0'; ++a, ++b)
    if (fold(*a) != fold(*b)) return false;
  return *a == *b;
}

// ---- Live queries ------------------------------------------------------------------------------

HDEVQUERY to_handle(engine::RegistrationId id) noexcept {
  return reinterpret_cast<HDEVQUERY>(static_cast<std::uintptr_t>(id));
}

engine::RegistrationId to_id(HDEVQUERY handle) noexcept {
  return static_cast<engine::RegistrationId>(reinterpret_cast<std::uintptr_t>(handle));
}

// What DevCloseObjectQuery needs of an open query.
struct OpenQuery {
  PDEV_QUERY_RESULT_CALLBACK callback;
  void* context;
  ULONG flags;
  std::atomic<bool> closed{false};  // set before unregistering: no callback starts after it
};

// The open queries by registration id. A query enters it from its first callback (so that
// DevCloseObjectQuery inside that callback finds it) or when DevCreateObjectQuery returns,
// whichever comes first; once taken out (closed) it never enters again.
class QueryTable {
 public:
  static QueryTable& instance() {
    static QueryTable* const table = new QueryTable;  // never destroyed: callbacks outlive exit
    return *table;
  }
  void enter(engine::RegistrationId id, const std::shared_ptr<OpenQuery>& query) {
    std::lock_guard lock(mutex_);
    if (!query->closed.load(std::memory_order_relaxed)) queries_.emplace(id, query);
  }
  // Marks the query closed (no callback starts afterwards) and forgets it.
  std::shared_ptr<OpenQuery> take(engine::RegistrationId id) {
    std::lock_guard lock(mutex_);
    auto it = queries_.find(id);
    if (it == queries_.end()) return nullptr;
    std::shared_ptr<OpenQuery> query = std::move(it->second);
    queries_.erase(it);
    query->closed.store(true, std::memory_order_release);
    return query;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<engine::RegistrationId, std::shared_ptr<OpenQuery>> queries_;
};

// Turns the engine's events into Dev query results: an object that passes the filter and was
// not reported is added, one reported is updated, one reported that no longer passes (or is
// gone) is removed. Runs on the pool, one event at a time.
class QuerySubscriber final : public engine::Subscriber {
 public:
  QuerySubscriber(QuerySpec spec, std::shared_ptr<OpenQuery> query)
      : spec_(std::move(spec)), query_(std::move(query)) {}

  void deliver(const Event& event, engine::RegistrationId id) override {
    const HDEVQUERY handle = to_handle(id);
    if (!entered_) {
      QueryTable::instance().enter(id, query_);
      entered_ = true;
    }
    if (spec_.type() == DevObjectTypeDevice && !root_reported_) report_root(handle);
    if (&event == engine::present_end_marker().get()) {
      completed_ = true;
      report_state(handle, DevQueryStateEnumCompleted);
      return;
    }
    if (completed_ && (spec_.flags() & DevQueryFlagUpdateResults) == 0) return;
    if (spec_.type() == DevObjectTypeDevice && event.filter_type == FilterType::device_instance)
      device_event(handle, event);
    if (spec_.type() == DevObjectTypeDeviceInterface &&
        event.filter_type == FilterType::device_interface)
      interface_event(handle, event);
  }

 private:
  void device_event(HDEVQUERY handle, const Event& event) {
    if (event.action == Action::instance_removed) return removed(handle, event.instance_id());
    Cr cr = Cr::success;
    const DeviceTree tree = present_tree(cr);
    const PropertyLookup lookup = node_lookup(tree, event.device.get());
    object_seen(handle, event.instance_id(), lookup,
                [&] { return device_property_keys(tree, event.device.get()); });
  }

  void interface_event(HDEVQUERY handle, const Event& event) {
    if (event.action == Action::interface_removal) return removed(handle, event.symbolic_link);
    if (event.action != Action::interface_arrival) return;
    const DeviceInterface interface { event.class_guid, event.symbolic_link };
    object_seen(handle, event.symbolic_link, interface_lookup(*event.device, interface),
                [&] { return interface_property_keys(*event.device, interface); });
  }

  template <typename AllKeys>
  void object_seen(HDEVQUERY handle, const std::string& id, const PropertyLookup& lookup,
                   AllKeys all_keys) {
    const bool known = reported_.count(id) != 0;
    // While the present objects are reported, a second event of one (started after
    // enumerated) is not news.
    if (known && !completed_) return;
    if (!filter_matches(spec_.filter(), lookup)) {
      if (known) removed(handle, id);
      return;
    }
    const bool all = (spec_.flags() & DevQueryFlagAllProperties) != 0;
    ObjectRecord record{
        spec_.type(), id,
        query_properties(spec_, lookup, all ? all_keys() : std::vector<DEVPROPKEY>{})};
    reported_.insert(id);
    report_object(handle, known ? DevQueryResultUpdate : DevQueryResultAdd, record);
  }

  void removed(HDEVQUERY handle, const std::string& id) {
    if (reported_.erase(id) == 0) return;
    report_object(handle, DevQueryResultRemove, ObjectRecord{spec_.type(), id, {}});
  }

  // The root device node never comes and goes: it is reported first, before the present
  // devices, when it passes the filter.
  void report_root(HDEVQUERY handle) {
    root_reported_ = true;
    Cr cr = Cr::success;
    const DeviceTree tree = present_tree(cr);
    const PropertyLookup lookup = node_lookup(tree, nullptr);
    if (!filter_matches(spec_.filter(), lookup)) return;
    const bool all = (spec_.flags() & DevQueryFlagAllProperties) != 0;
    ObjectRecord record{
        spec_.type(), std::string(kRootInstanceId),
        query_properties(spec_, lookup,
                         all ? device_property_keys(tree, nullptr) : std::vector<DEVPROPKEY>{})};
    reported_.insert(record.id);
    report_object(handle, DevQueryResultAdd, record);
  }

  void report_object(HDEVQUERY handle, DEV_QUERY_RESULT_ACTION action, const ObjectRecord& record) {
    if (query_->closed.load(std::memory_order_acquire)) return;
    std::unique_ptr<DEV_OBJECT, void (*)(DEV_OBJECT*)> packed(pack_objects({record}),
                                                              [](DEV_OBJECT* p) { free_block(p); });
    DEV_QUERY_RESULT_ACTION_DATA data{};
    data.Action = action;
    data.Data.DeviceObject = *packed;
    query_->callback(handle, query_->context, &data);
  }

  void report_state(HDEVQUERY handle, DEV_QUERY_STATE state) {
    if (query_->closed.load(std::memory_order_acquire)) return;
    DEV_QUERY_RESULT_ACTION_DATA data{};
    data.Action = DevQueryResultStateChange;
    data.Data.State = state;
    query_->callback(handle, query_->context, &data);
  }

  const QuerySpec spec_;
  const std::shared_ptr<OpenQuery> query_;
  // Only touched in deliver(), which the engine never runs concurrently for one registration.
  std::unordered_set<std::string, detail::CaseInsensitiveHash, detail::CaseInsensitiveEqual>
      reported_;
  bool completed_ = false;
  bool root_reported_ = false;
  bool entered_ = false;
};

// The engine filter a query listens through: every device (with its changes) or every interface.
// A type cmnotify does not answer selects nothing and only completes its enumeration.
engine::FilterSpec engine_filter(DEV_OBJECT_TYPE type) {
  engine::FilterSpec filter;
  if (type == DevObjectTypeDeviceInterface) {
    filter.type = FilterType::device_interface;
    filter.all = true;
  } else {
    filter.type = FilterType::device_instance;
    filter.all = type == DevObjectTypeDevice;  // else instance ID "": no device has it
  }
  return filter;
}

HRESULT create_query(DEV_OBJECT_TYPE type, ULONG flags, ULONG requested_count,
                     const DEVPROPCOMPKEY* requested, ULONG filter_count,
                     const DEVPROP_FILTER_EXPRESSION* filter, ULONG parameter_count,
                     const DEV_QUERY_PARAMETER* parameters, PDEV_QUERY_RESULT_CALLBACK callback,
                     void* context, PHDEVQUERY out) {
  if (out != nullptr) *out = nullptr;
  if (callback == nullptr) return E_INVALIDARG;
  if (HRESULT hr = check_query_args(flags, kQueryFlags, requested_count, requested, filter_count,
                                    filter, parameter_count, parameters);
      hr != S_OK)
    return hr;
  if (out == nullptr) return E_POINTER;
  return guarded_hr([&]() -> HRESULT {
    auto query = std::make_shared<OpenQuery>();
    query->callback = callback;
    query->context = context;
    query->flags = flags;
    QuerySpec spec(type, flags, {requested, requested_count}, {filter, filter_count});
    engine::RegisterOptions options;
    options.present = true;
    options.present_end = true;
    options.changes = type == DevObjectTypeDevice;  // a device's properties changed: an update
    engine::RegistrationId id = 0;
    const Cr cr = engine::Engine::instance().register_subscriber(
        engine_filter(type), std::make_unique<QuerySubscriber>(std::move(spec), query), options,
        id);
    if (cr != Cr::success) return to_hresult(cr);
    QueryTable::instance().enter(id, query);
    *out = to_handle(id);
    return S_OK;
  });
}

}  // namespace
}  // namespace cmnotify::win32

namespace win32 = cmnotify::win32;

extern "C" {

HRESULT WINAPI DevCreateObjectQuery(DEV_OBJECT_TYPE ObjectType, ULONG QueryFlags,
                                    ULONG cRequestedProperties,
                                    const DEVPROPCOMPKEY* pRequestedProperties,
                                    ULONG cFilterExpressionCount,
                                    const DEVPROP_FILTER_EXPRESSION* pFilter,
                                    PDEV_QUERY_RESULT_CALLBACK pCallback, PVOID pContext,
                                    PHDEVQUERY phDevQuery) {
  return win32::create_query(win32::caller_type(ObjectType), QueryFlags, cRequestedProperties,
                             pRequestedProperties, cFilterExpressionCount, pFilter, 0, nullptr,
                             pCallback, pContext, phDevQuery);
}

HRESULT WINAPI DevCreateObjectQueryEx(
    DEV_OBJECT_TYPE ObjectType, ULONG QueryFlags, ULONG cRequestedProperties,
    const DEVPROPCOMPKEY* pRequestedProperties, ULONG cFilterExpressionCount,
    const DEVPROP_FILTER_EXPRESSION* pFilter, ULONG cExtendedParameterCount,
    const DEV_QUERY_PARAMETER* pExtendedParameters, PDEV_QUERY_RESULT_CALLBACK pCallback,
    PVOID pContext, PHDEVQUERY phDevQuery) {
  return win32::create_query(win32::caller_type(ObjectType), QueryFlags, cRequestedProperties,
                             pRequestedProperties, cFilterExpressionCount, pFilter,
                             cExtendedParameterCount, pExtendedParameters, pCallback, pContext,
                             phDevQuery);
}

VOID WINAPI DevCloseObjectQuery(HDEVQUERY hDevQuery) {
  if (hDevQuery == nullptr) return;
  try {
    const auto id = win32::to_id(hDevQuery);
    const std::shared_ptr<win32::OpenQuery> query = win32::QueryTable::instance().take(id);
    if (query == nullptr) return;  // never opened, or closed already
    // As CM_Unregister_Notification: when this returns, no callback runs (inside the query's
    // own callback it returns at once, and that callback is the last).
    (void)cmnotify::engine::Engine::instance().unregister(id);
    if ((query->flags & DevQueryFlagAsyncClose) != 0) {
      DEV_QUERY_RESULT_ACTION_DATA data{};
      data.Action = DevQueryResultStateChange;
      data.Data.State = DevQueryStateClosed;
      query->callback(hDevQuery, query->context, &data);
    }
  } catch (...) {
    // Nothing to report: DevCloseObjectQuery returns nothing. take() and unregister() only
    // throw when memory runs out, before anything changed.
  }
}

HRESULT WINAPI DevGetObjectsEx(DEV_OBJECT_TYPE ObjectType, ULONG QueryFlags,
                               ULONG cRequestedProperties,
                               const DEVPROPCOMPKEY* pRequestedProperties,
                               ULONG cFilterExpressionCount,
                               const DEVPROP_FILTER_EXPRESSION* pFilter,
                               ULONG cExtendedParameterCount,
                               const DEV_QUERY_PARAMETER* pExtendedParameters, PULONG pcObjectCount,
                               const DEV_OBJECT** ppObjects) {
  if (HRESULT hr = win32::check_query_args(QueryFlags, win32::kGetFlags, cRequestedProperties,
                                           pRequestedProperties, cFilterExpressionCount, pFilter,
                                           cExtendedParameterCount, pExtendedParameters);
      hr != S_OK)
    return hr;
  if (pcObjectCount == nullptr || ppObjects == nullptr) return E_POINTER;
  return win32::guarded_hr([&]() -> HRESULT {
    *pcObjectCount = 0;
    *ppObjects = nullptr;
    if (!win32::supported_type(win32::caller_type(ObjectType)))
      return S_OK;  // no object of that type (Wine)
    cmnotify::Cr cr = cmnotify::Cr::success;
    const win32::DeviceTree tree = win32::present_tree(cr);
    if (cr != cmnotify::Cr::success) return win32::to_hresult(cr);
    const win32::QuerySpec spec(win32::caller_type(ObjectType), QueryFlags,
                                {pRequestedProperties, cRequestedProperties},
                                {pFilter, cFilterExpressionCount});
    const std::vector<win32::ObjectRecord> objects = win32::matching_objects(spec, tree);
    *ppObjects = win32::pack_objects(objects);
    *pcObjectCount = static_cast<ULONG>(objects.size());
    return S_OK;
  });
}

HRESULT WINAPI DevGetObjects(DEV_OBJECT_TYPE ObjectType, ULONG QueryFlags,
                             ULONG cRequestedProperties, const DEVPROPCOMPKEY* pRequestedProperties,
                             ULONG cFilterExpressionCount, const DEVPROP_FILTER_EXPRESSION* pFilter,
                             PULONG pcObjectCount, const DEV_OBJECT** ppObjects) {
  return DevGetObjectsEx(win32::caller_type(ObjectType), QueryFlags, cRequestedProperties,
                         pRequestedProperties, cFilterExpressionCount, pFilter, 0, nullptr,
                         pcObjectCount, ppObjects);
}

VOID WINAPI DevFreeObjects(ULONG cObjectCount, const DEV_OBJECT* pObjects) {
  (void)cObjectCount;  // one block holds the array and everything it points to
  win32::free_block(pObjects);
}

HRESULT WINAPI DevGetObjectPropertiesEx(DEV_OBJECT_TYPE ObjectType, PCWSTR pszObjectId,
                                        ULONG QueryFlags, ULONG cRequestedProperties,
                                        const DEVPROPCOMPKEY* pRequestedProperties,
                                        ULONG cExtendedParameterCount,
                                        const DEV_QUERY_PARAMETER* pExtendedParameters,
                                        PULONG pcPropertyCount, const DEVPROPERTY** ppProperties) {
  // Order as Windows answers (Wine's conformance tests): flags, then the type, then the ID.
  if ((QueryFlags & ~win32::kGetFlags) != 0) return E_INVALIDARG;
  if (!win32::supported_type(win32::caller_type(ObjectType)))
    return HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
  if (pszObjectId == nullptr) return E_INVALIDARG;
  if (!win32::paired(cRequestedProperties, pRequestedProperties)) return E_INVALIDARG;
  if ((QueryFlags & DevQueryFlagAllProperties) != 0 && cRequestedProperties != 0)
    return E_INVALIDARG;
  if (cExtendedParameterCount != 0 || pExtendedParameters != nullptr) return E_INVALIDARG;
  return win32::guarded_hr([&]() -> HRESULT {
    std::string id;
    if (win32::read_arg(pszObjectId, 4096, id) != win32::ArgError::none)
      return HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
    cmnotify::Cr cr = cmnotify::Cr::success;
    const win32::DeviceTree tree = win32::present_tree(cr);
    if (cr != cmnotify::Cr::success) return win32::to_hresult(cr);
    // The object with this ID: a filter on nothing, then the ID compared as Windows does.
    const win32::QuerySpec spec(win32::caller_type(ObjectType), QueryFlags,
                                {pRequestedProperties, cRequestedProperties}, {});
    for (const win32::ObjectRecord& o : win32::matching_objects(spec, tree)) {
      if (!cmnotify::detail::iequals(o.id, id)) continue;
      if (pcPropertyCount == nullptr || ppProperties == nullptr) return E_POINTER;
      *ppProperties = win32::pack_properties(o.properties);
      *pcPropertyCount = static_cast<ULONG>(o.properties.size());
      return S_OK;
    }
    return HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
  });
}

HRESULT WINAPI DevGetObjectProperties(DEV_OBJECT_TYPE ObjectType, PCWSTR pszObjectId,
                                      ULONG QueryFlags, ULONG cRequestedProperties,
                                      const DEVPROPCOMPKEY* pRequestedProperties,
                                      PULONG pcPropertyCount, const DEVPROPERTY** ppProperties) {
  return DevGetObjectPropertiesEx(win32::caller_type(ObjectType), pszObjectId, QueryFlags,
                                  cRequestedProperties, pRequestedProperties, 0, nullptr,
                                  pcPropertyCount, ppProperties);
}

VOID WINAPI DevFreeObjectProperties(ULONG cPropertyCount, const DEVPROPERTY* pProperties) {
  (void)cPropertyCount;  // one block, as DevFreeObjects
  win32::free_block(pProperties);
}

const DEVPROPERTY* WINAPI DevFindProperty(const DEVPROPKEY* pKey, DEVPROPSTORE Store,
                                          PCWSTR pszLocaleName, ULONG cProperties,
                                          const DEVPROPERTY* pProperties) {
  if (pKey == nullptr || pProperties == nullptr) return nullptr;
  for (ULONG i = 0; i < cProperties; ++i) {
    const DEVPROPCOMPKEY& k = pProperties[i].CompKey;
    if (win32::enum_bits(k.Store) != win32::enum_bits(Store) || !win32::same_key(k.Key, *pKey))
      continue;
    // Locales: both none, or the same name ignoring case.
    if ((k.LocaleName == nullptr) != (pszLocaleName == nullptr)) continue;
    if (pszLocaleName != nullptr && !win32::same_locale(k.LocaleName, pszLocaleName)) continue;
    return &pProperties[i];
  }
  return nullptr;
}

}  // extern "C"
