// A device-manager style tool: walks the whole device tree from the root with CM_Locate_DevNode,
// CM_Get_Child and CM_Get_Sibling, printing each node's CM_DRP_DEVICEDESC (the friendly name
// where there is one) and its status, as a tree. Like Device Manager it registers for every
// device instance's events and walks the tree again when one comes (and every 100 ms anyway),
// until a node of the network interface named on its command line (SWD\NET\<NAME>) has appeared
// and gone.
// Usage: device_tree_walk IFNAME
#include <Windows.h>
#include <Cfgmgr32.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

struct Node {
  DEVINST devinst;
  int depth;
};

// The node's registry property as text, or an empty string.
std::wstring RegistryText(DEVINST devinst, ULONG property) {
  ULONG type = 0, length = 0;
  if (CM_Get_DevNode_Registry_PropertyW(devinst, property, &type, nullptr, &length, 0) !=
          CR_BUFFER_SMALL ||
      type != REG_SZ)
    return std::wstring();
  std::vector<WCHAR> text(length / sizeof(WCHAR) + 1, L'\0');
  if (CM_Get_DevNode_Registry_PropertyW(devinst, property, &type, text.data(), &length, 0) !=
      CR_SUCCESS)
    return std::wstring();
  return std::wstring(text.data());
}

// Every node below the root, depth first, siblings in order.
std::vector<Node> WalkTree() {
  std::vector<Node> nodes;
  DEVINST root = 0;
  if (CM_Locate_DevNodeW(&root, nullptr, CM_LOCATE_DEVNODE_NORMAL) != CR_SUCCESS) return nodes;
  std::vector<Node> stack{{root, 0}};
  while (!stack.empty()) {
    const Node node = stack.back();
    stack.pop_back();
    nodes.push_back(node);
    std::vector<Node> children;
    DEVINST child = 0;
    if (CM_Get_Child(&child, node.devinst, 0) == CR_SUCCESS) {
      do {
        children.push_back({child, node.depth + 1});
      } while (CM_Get_Sibling(&child, child, 0) == CR_SUCCESS);
    }
    stack.insert(stack.end(), children.rbegin(), children.rend());  // first child on top
  }
  return nodes;
}

// Whether a node's instance ID ends in \NAME (a network interface is SWD\NET\<NAME>).
bool Contains(const std::vector<Node>& nodes, const std::wstring& name) {
  const std::wstring suffix = L"\\" + name;
  for (const Node& node : nodes) {
    WCHAR id[MAX_DEVICE_ID_LEN];
    if (CM_Get_Device_IDW(node.devinst, id, MAX_DEVICE_ID_LEN, 0) != CR_SUCCESS) continue;
    const std::wstring text(id);
    if (text.size() >= suffix.size() &&
        _wcsicmp(text.c_str() + text.size() - suffix.size(), suffix.c_str()) == 0)
      return true;
  }
  return false;
}

void PrintTree(const std::vector<Node>& nodes) {
  for (const Node& node : nodes) {
    WCHAR id[MAX_DEVICE_ID_LEN];
    if (CM_Get_Device_IDW(node.devinst, id, MAX_DEVICE_ID_LEN, 0) != CR_SUCCESS) continue;
    ULONG status = 0, problem = 0;
    CM_Get_DevNode_Status(&status, &problem, node.devinst, 0);
    std::wstring name = RegistryText(node.devinst, CM_DRP_FRIENDLYNAME);
    if (name.empty()) name = RegistryText(node.devinst, CM_DRP_DEVICEDESC);
    std::printf("%*s%ls  %ls%s\n", node.depth * 2, "", id, name.c_str(),
                (status & DN_HAS_PROBLEM) != 0 ? "  (problem)" : "");
  }
  std::printf("%zu device nodes\n", nodes.size());
}

HANDLE g_refresh;  // auto-reset: a device came, started or went

DWORD CALLBACK OnDeviceChange(HCMNOTIFICATION, PVOID, CM_NOTIFY_ACTION, PCM_NOTIFY_EVENT_DATA,
                              DWORD) {
  SetEvent(g_refresh);
  return ERROR_SUCCESS;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s IFNAME\n", argv[0]);
    return 64;
  }
  const std::string narrow(argv[1]);
  const std::wstring wanted(narrow.begin(), narrow.end());
  g_refresh = CreateEventW(nullptr, FALSE, FALSE, nullptr);
  CM_NOTIFY_FILTER filter;
  ZeroMemory(&filter, sizeof(filter));
  filter.cbSize = sizeof(filter);
  filter.Flags = CM_NOTIFY_FILTER_FLAG_ALL_DEVICE_INSTANCES;
  filter.FilterType = CM_NOTIFY_FILTER_TYPE_DEVICEINSTANCE;
  HCMNOTIFICATION notification = nullptr;
  const CONFIGRET cr = CM_Register_Notification(&filter, nullptr, OnDeviceChange, &notification);
  if (cr != CR_SUCCESS) {
    std::fprintf(stderr, "CM_Register_Notification: CONFIGRET %lu\n",
                 static_cast<unsigned long>(cr));
    return 1;
  }
  PrintTree(WalkTree());
  std::printf("ready\n");
  std::fflush(stdout);

  bool seen = false;
  int result = 2;
  const ULONGLONG deadline = GetTickCount64() + 30000;
  while (GetTickCount64() < deadline) {
    const bool present = Contains(WalkTree(), wanted);
    if (present && !seen) {
      std::printf("%ls is in the tree\n", wanted.c_str());
      std::fflush(stdout);
      seen = true;
    } else if (!present && seen) {
      std::printf("%ls has left the tree\n", wanted.c_str());
      result = 0;
      break;
    }
    WaitForSingleObject(g_refresh, 100);
  }
  CM_Unregister_Notification(notification);
  CloseHandle(g_refresh);
  return result;
}
