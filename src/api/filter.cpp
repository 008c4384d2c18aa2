#include "cmnotify/filter.hpp"

#include "api/filter_spec.hpp"
#include "cmnotify/error.hpp"
#include "common/instance_id.hpp"
#include "common/quoted_input.hpp"

namespace cmnotify {

Filter Filter::interface_class(const Guid& class_guid) {
  if (class_guid.is_null())
    throw Error(Cr::invalid_data,
                "the null GUID names no interface class; use Filter::all_interface_classes()");
  Filter f;
  f.type_ = FilterType::device_interface;
  f.class_guid_ = class_guid;
  return f;
}

Filter Filter::all_interface_classes() {
  Filter f;
  f.type_ = FilterType::device_interface;
  f.all_ = true;
  return f;
}

Filter Filter::instance(std::string_view instance_id) {
  if (!detail::is_valid_instance_id(instance_id))
    throw Error(Cr::invalid_device_id,
                "not a device instance ID: " + detail::quoted_input(instance_id) +
                    " (1 to 199 characters from 0x21-0x7F, no ',')");
  Filter f;
  f.type_ = FilterType::device_instance;
  f.instance_id_ = std::string(instance_id);
  return f;
}

Filter Filter::all_instances() {
  Filter f;
  f.type_ = FilterType::device_instance;
  f.all_ = true;
  return f;
}

Filter Filter::device(int fd) {
  if (fd < 0) throw Error(Cr::invalid_data, "Filter::device needs an open file descriptor");
  Filter f;
  f.type_ = FilterType::device_handle;
  f.fd_ = fd;
  return f;
}

namespace api {

engine::FilterSpec to_spec(const Filter& filter) {
  engine::FilterSpec spec;
  spec.type = filter.type();
  spec.all = filter.all();
  spec.class_guid = filter.class_guid();
  spec.instance_id = filter.instance_id();
  spec.native_handle = filter.fd();
  return spec;
}

}  // namespace api
}  // namespace cmnotify
