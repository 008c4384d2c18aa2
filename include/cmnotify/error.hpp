// cmnotify: result codes (the CONFIGRET values of cfgmgr32.h) and the C++ exception type.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cmnotify {

// Every CR_ code of cfgmgr32.h with its exact value. The C API returns these unchanged.
enum class Cr : std::uint32_t {
  success = 0x00,
  default_ = 0x01,
  out_of_memory = 0x02,
  invalid_pointer = 0x03,
  invalid_flag = 0x04,
  invalid_devnode = 0x05,
  invalid_res_des = 0x06,
  invalid_log_conf = 0x07,
  invalid_arbitrator = 0x08,
  invalid_nodelist = 0x09,
  devnode_has_reqs = 0x0a,
  invalid_resourceid = 0x0b,
  dlvxd_not_found = 0x0c,
  no_such_devnode = 0x0d,
  no_more_log_conf = 0x0e,
  no_more_res_des = 0x0f,
  already_such_devnode = 0x10,
  invalid_range_list = 0x11,
  invalid_range = 0x12,
  failure = 0x13,
  no_such_logical_dev = 0x14,
  create_blocked = 0x15,
  not_system_vm = 0x16,
  remove_vetoed = 0x17,
  apm_vetoed = 0x18,
  invalid_load_type = 0x19,
  buffer_small = 0x1a,
  no_arbitrator = 0x1b,
  no_registry_handle = 0x1c,
  registry_error = 0x1d,
  invalid_device_id = 0x1e,
  invalid_data = 0x1f,
  invalid_api = 0x20,
  devloader_not_ready = 0x21,
  need_restart = 0x22,
  no_more_hw_profiles = 0x23,
  device_not_there = 0x24,
  no_such_value = 0x25,
  wrong_type = 0x26,
  invalid_priority = 0x27,
  not_disableable = 0x28,
  free_resources = 0x29,
  query_vetoed = 0x2a,
  cant_share_irq = 0x2b,
  no_dependent = 0x2c,
  same_resources = 0x2d,
  no_such_registry_key = 0x2e,
  invalid_machinename = 0x2f,
  remote_comm_failure = 0x30,
  machine_unavailable = 0x31,
  no_cm_services = 0x32,
  access_denied = 0x33,
  call_not_implemented = 0x34,
  invalid_property = 0x35,
  device_interface_active = 0x36,
  no_such_device_interface = 0x37,
  invalid_reference_string = 0x38,
  invalid_conflict_list = 0x39,
  invalid_index = 0x3a,
  invalid_structure_size = 0x3b,
};

// "CR_INVALID_DATA" for Cr::invalid_data; "CR_0x..." for values outside the table.
std::string cr_name(Cr code);

// Thrown by every throwing entry point of the C++ API.
class Error : public std::runtime_error {
 public:
  Error(Cr code, const std::string& message);
  [[nodiscard]] Cr code() const noexcept { return code_; }

 private:
  Cr code_;
};

}  // namespace cmnotify
