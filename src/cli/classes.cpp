// cmnotify classes: every interface class the command knows by name, with its GUID.
#include <algorithm>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/display_text.hpp"
#include "cli/errors.hpp"
#include "cli/json_format.hpp"
#include "cli/output.hpp"
#include "cli/terminal.hpp"
#include "cmnotify/cmnotify.hpp"

namespace cmnotify::cli {
namespace {

struct ClassRow {
  std::string name;      // "disk", "subsystem:block"
  std::string sdk_name;  // "GUID_DEVINTERFACE_DISK", "" for a subsystem's class
  Guid guid;
};

// The public API's table of named classes, then the class of each Linux subsystem present.
std::vector<ClassRow> known_classes() {
  std::vector<ClassRow> rows;
  for (const NamedInterfaceClass& c : named_interface_classes())
    rows.push_back({std::string(c.name), std::string(c.sdk_name), c.guid});
  for (const std::string& subsystem : linux_subsystems())
    rows.push_back({"subsystem:" + subsystem, "", subsystem_interface_class(subsystem)});
  return rows;
}

}  // namespace

int run_classes(const ClassesOptions& options) {
  const std::vector<ClassRow> rows = known_classes();
  Output out;
  if (options.json) {
    Json list = Json::array();
    for (const ClassRow& row : rows) {
      Json entry;
      entry["name"] = row.name;
      entry["sdk_name"] = row.sdk_name.empty() ? Json(nullptr) : Json(row.sdk_name);
      entry["guid"] = row.guid.to_string();
      list.push_back(std::move(entry));
    }
    Json j;
    j["schema"] = kJsonSchema;
    j["type"] = "classes";
    j["classes"] = std::move(list);
    out.write(json_line(j));
    return kExitOk;
  }
  const Terminal terminal = detect_terminal(false, options.colour);
  const Style style(terminal.colour);
  std::size_t name_width = 4;
  for (const ClassRow& row : rows) name_width = std::max(name_width, display_width(row.name));
  const auto fit = [&](const std::string& line) {
    return terminal.columns > 0 ? cut_end(line, static_cast<std::size_t>(terminal.columns)) : line;
  };
  std::string text =
      style.dim(fit(pad("NAME", name_width) + "  " + pad("GUID", 38) + "  SDK NAME")) + "\n";
  for (const ClassRow& row : rows)
    text += fit(pad(printable(row.name), name_width) + "  " + row.guid.to_string() + "  " +
                row.sdk_name) +
            "\n";
  out.write(text);
  return kExitOk;
}

}  // namespace cmnotify::cli
