#!/usr/bin/env python3
"""Writes the seed corpora of fuzz_cm_filter, fuzz_device_notification, fuzz_ids, fuzz_hid_descriptor, fuzz_sysfs,
fuzz_dev_filter and fuzz_setupdi_detail.

Run from anywhere: python3 test/fuzz/make_corpora.py. Output: test/fuzz/corpus/<name>/ (the
uevent corpus has its own script, make_uevent_corpus.py). Each seed is a realistic input in the
format its fuzzer documents at the top of its source; mutations start from there.
"""
import pathlib
import struct
import uuid

HERE = pathlib.Path(__file__).resolve().parent / "corpus"


def write(corpus, name, data):
    d = HERE / corpus
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


# ---- fuzz_cm_filter: choice byte + CM_NOTIFY_FILTER (816 bytes on Linux: WCHAR is 4 bytes) ----
NULL_FILTER, NULL_CALLBACK, NULL_OUT, NULL_CONTEXT, RIGHT_SIZE, PUBLISH, DEV_NULL = 1, 2, 4, 8, 16, 32, 64
FILTER_SIZE = 816
INTERFACE, HANDLE, INSTANCE = 0, 1, 2
ALL_CLASSES, ALL_INSTANCES = 1, 2


def guid_bytes(text):
    return uuid.UUID(text).bytes_le  # Data1..3 little-endian, Data4 as is: the GUID layout


def cm_filter(choice, ftype, flags=0, reserved=0, guid=None, handle=None, instance=None,
              cb_size=FILTER_SIZE):
    union = b""
    if guid is not None:
        union = guid_bytes(guid)
    elif handle is not None:
        union = struct.pack("<q", handle)
    elif instance is not None:
        union = b"".join(struct.pack("<I", ord(c)) for c in instance) + b"\0\0\0\0"
    body = struct.pack("<IIII", cb_size, flags, ftype, reserved) + union
    body = body.ljust(FILTER_SIZE, b"\0")[:FILTER_SIZE]
    return bytes([choice]) + body


USB_DEVICE = "a5dcbf10-6530-11d2-901f-00c04fb951ed"
HID = "4d1e55b2-f16f-11cf-88cb-001111000030"
ok = RIGHT_SIZE | PUBLISH
write("cm_filter", "interface-usb-publish", cm_filter(ok, INTERFACE, guid=USB_DEVICE))
write("cm_filter", "interface-hid-null-context", cm_filter(ok | NULL_CONTEXT, INTERFACE, guid=HID))
write("cm_filter", "all-interface-classes", cm_filter(ok, INTERFACE, flags=ALL_CLASSES))
write("cm_filter", "all-classes-with-guid", cm_filter(ok, INTERFACE, flags=ALL_CLASSES, guid=HID))
write("cm_filter", "interface-zero-guid", cm_filter(ok, INTERFACE))
write("cm_filter", "instance-usb", cm_filter(ok, INSTANCE, instance="USB\\VID_046D&PID_C52B\\5&1A2B3C&0&2"))
write("cm_filter", "instance-lower-case", cm_filter(ok, INSTANCE, instance="swd\\net\\cmntap0"))
write("cm_filter", "instance-comma", cm_filter(ok, INSTANCE, instance="ROOT\\A,B\\0000"))
write("cm_filter", "instance-space", cm_filter(ok, INSTANCE, instance="ROOT\\A B\\0000"))
write("cm_filter", "instance-non-ascii", cm_filter(ok, INSTANCE, instance="ROOT\\\u00e9\\0000"))
write("cm_filter", "instance-199", cm_filter(ok, INSTANCE, instance="R" * 199))
write("cm_filter", "all-instances", cm_filter(ok, INSTANCE, flags=ALL_INSTANCES))
write("cm_filter", "all-instances-with-id", cm_filter(ok, INSTANCE, flags=ALL_INSTANCES, instance="X"))
write("cm_filter", "instance-all-classes-flag", cm_filter(ok, INSTANCE, flags=ALL_CLASSES, instance="X"))
write("cm_filter", "handle-stdin", cm_filter(ok, HANDLE, handle=1))
write("cm_filter", "handle-dev-null", cm_filter(ok | DEV_NULL, HANDLE))
write("cm_filter", "handle-invalid", cm_filter(ok, HANDLE, handle=-1))
write("cm_filter", "handle-with-flag", cm_filter(ok, HANDLE, flags=ALL_CLASSES, handle=1))
write("cm_filter", "both-flags", cm_filter(ok, INTERFACE, flags=3))
write("cm_filter", "unknown-flag", cm_filter(ok, INTERFACE, flags=0x80, guid=HID))
write("cm_filter", "reserved", cm_filter(ok, INTERFACE, reserved=1, guid=HID))
write("cm_filter", "type-3", cm_filter(ok, 3, guid=HID))
write("cm_filter", "windows-size", cm_filter(PUBLISH, INTERFACE, guid=HID, cb_size=416))
write("cm_filter", "null-filter", cm_filter(ok | NULL_FILTER, INTERFACE, guid=HID))
write("cm_filter", "null-callback", cm_filter(ok | NULL_CALLBACK, INTERFACE, guid=HID))
write("cm_filter", "null-out", cm_filter(ok | NULL_OUT, INTERFACE, guid=HID))


# ---- fuzz_device_notification: choice byte + Flags (u32) + DEV_BROADCAST block ----
NULL_FILTER_D, NULL_RECIPIENT, GARBAGE_WINDOW, DEV_NULL_D = 1, 2, 4, 8
DBT_INTERFACE, DBT_HANDLE = 5, 6
SERVICE, ALL_CLASSES_D = 1, 4


def broadcast(choice, flags, devicetype, size, body=b""):
    return struct.pack("<BIII", choice, flags, size, devicetype) + struct.pack("<I", 0) + body


NET = "cac88484-7515-4c03-82e6-71a87abac361"
write("device_notification", "interface-net", broadcast(0, 0, DBT_INTERFACE, 32, guid_bytes(NET)))
write("device_notification", "interface-all-classes",
      broadcast(0, ALL_CLASSES_D, DBT_INTERFACE, 32, guid_bytes(NET)))
write("device_notification", "interface-with-name",
      broadcast(0, 0, DBT_INTERFACE, 48, guid_bytes(NET) + "name".encode("utf-32-le")))
write("device_notification", "interface-short", broadcast(0, 0, DBT_INTERFACE, 20, guid_bytes(NET)))
write("device_notification", "header-short", broadcast(0, 0, DBT_INTERFACE, 8))
write("device_notification", "handle-dev-null",
      broadcast(DEV_NULL_D, 0, DBT_HANDLE, 80, b"\0" * 4 + struct.pack("<q", 0)))
write("device_notification", "handle-stdin", broadcast(0, 0, DBT_HANDLE, 80, b"\0" * 4 + struct.pack("<q", 1)))
write("device_notification", "handle-all-classes",
      broadcast(DEV_NULL_D, ALL_CLASSES_D, DBT_HANDLE, 80, b"\0" * 4 + struct.pack("<q", 0)))
write("device_notification", "oem", broadcast(0, 0, 0, 20))
write("device_notification", "volume", broadcast(0, 0, 2, 18))
write("device_notification", "service-flag", broadcast(0, SERVICE, DBT_INTERFACE, 32, guid_bytes(NET)))
write("device_notification", "callback-flag", broadcast(0, 2, DBT_INTERFACE, 32, guid_bytes(NET)))
write("device_notification", "garbage-window",
      broadcast(GARBAGE_WINDOW, 0, DBT_INTERFACE, 32, guid_bytes(NET)))
write("device_notification", "null-recipient", broadcast(NULL_RECIPIENT, 0, DBT_INTERFACE, 32))
write("device_notification", "null-filter", broadcast(NULL_FILTER_D, 0, DBT_INTERFACE, 32))

# ---- fuzz_ids: text, read also as UTF-32 ----
for name, text in [
    ("guid-braces", "{a5dcbf10-6530-11d2-901f-00c04fb951ed}"),
    ("guid-upper", "{4D1E55B2-F16F-11CF-88CB-001111000030}"),
    ("guid-bare", "cac88484-7515-4c03-82e6-71a87abac361"),
    ("guid-bad-dash", "{a5dcbf10-6530-11d2-901f+00c04fb951ed}"),
    ("guid-null", "{00000000-0000-0000-0000-000000000000}"),
    ("instance-usb", "USB\\VID_046D&PID_C52B&MI_00\\7&2A4C5E1&0&0000"),
    ("instance-swd", "SWD\\NET\\CMNTAP0"),
    ("instance-comma", "ROOT\\A,B\\0"),
    ("utf8-two-three-four", "caf\u00e9 \u20ac \U0001f600"),
]:
    write("ids", name, text.encode())
write("ids", "utf8-overlong", b"\xc0\xaf\xe0\x80\xaf")
write("ids", "utf8-surrogate", b"\xed\xa0\x80")
write("ids", "utf8-truncated", b"ab\xe2\x82")
write("ids", "utf32-instance", "PCI\\VEN_8086&DEV_A36D\\3&11583659&0&A0".encode("utf-32-le"))
write("ids", "utf32-surrogate", struct.pack("<III", 0x41, 0xD800, 0x42))
write("ids", "utf32-too-big", struct.pack("<II", 0x110000, 0x41))

# ---- fuzz_hid_descriptor: report descriptors (HID 1.11 appendix E, and composites) ----
def hexbytes(s):
    return bytes.fromhex(s.replace(" ", ""))


KEYBOARD = ("05 01 09 06 A1 01 05 07 19 E0 29 E7 15 00 25 01 75 01 95 08 81 02 95 01 75 08 81 01"
            " 95 05 75 01 05 08 19 01 29 05 91 02 95 01 75 03 91 01 95 06 75 08 15 00 25 65 05 07"
            " 19 00 29 65 81 00 C0")
MOUSE = ("05 01 09 02 A1 01 09 01 A1 00 05 09 19 01 29 03 15 00 25 01 95 03 75 01 81 02 95 01 75"
         " 05 81 01 05 01 09 30 09 31 15 81 25 7F 75 08 95 02 81 06 C0 C0")
CONSUMER = "05 0C 09 01 A1 01 85 02 19 00 2A 3C 02 15 00 26 3C 02 95 01 75 10 81 00 C0"
VENDOR = "06 00 FF 09 01 A1 01 85 10 95 06 75 08 15 00 26 FF 00 09 01 81 00 09 01 91 00 C0"
write("hid_descriptor", "boot-keyboard", hexbytes(KEYBOARD))
write("hid_descriptor", "boot-mouse", hexbytes(MOUSE))
write("hid_descriptor", "receiver-composite", hexbytes(KEYBOARD + " " + MOUSE + " " + CONSUMER + " " + VENDOR))
write("hid_descriptor", "extended-usage", hexbytes("0B 06 00 01 00 A1 01 C0"))
write("hid_descriptor", "push-pop", hexbytes("05 01 A4 05 0C B4 09 02 A1 01 C0"))
write("hid_descriptor", "long-item", hexbytes("FE 02 10 AA BB 05 01 09 06 A1 01 C0"))
write("hid_descriptor", "truncated", hexbytes(KEYBOARD)[:20])

# ---- fuzz_sysfs: a small tree ----
RS = b"\x1e"


def device(depth, name, subsystem="", driver=""):
    return b"D" + str(depth).encode() + name.encode() + b"\t" + subsystem.encode() + b"\t" + driver.encode()


def file(name, content):
    return b"F" + name.encode() + b"\t" + (content if isinstance(content, bytes) else content.encode())


def tree(*records):
    return RS.join(records)


write("sysfs", "usb-hid-input", tree(
    device(0, "pci0000:00"),
    device(1, "0000:00:14.0", "pci", "xhci_hcd"),
    file("uevent", "DRIVER=xhci_hcd\nPCI_CLASS=C0330\nPCI_ID=8086:A36D\nPCI_SUBSYS_ID=17AA:312A\n"
                   "PCI_SLOT_NAME=0000:00:14.0\nMODALIAS=pci:v00008086d0000A36Dsv000017AAsd0000312Abc0Csc03i30\n"),
    file("revision", "0x10\n"),
    device(2, "usb1", "usb", "usb"),
    file("uevent", "MAJOR=189\nMINOR=0\nDEVNAME=bus/usb/001/001\nDEVTYPE=usb_device\nDRIVER=usb\n"
                   "PRODUCT=1d6b/2/515\nTYPE=9/0/1\nBUSNUM=001\nDEVNUM=001\n"),
    file("idVendor", "1d6b\n"), file("idProduct", "0002\n"), file("bcdDevice", "0515\n"),
    file("devpath", "0\n"), file("busnum", "1\n"), file("bNumInterfaces", " 1\n"),
    device(3, "1-2", "usb", "usb"),
    file("uevent", "MAJOR=189\nMINOR=1\nDEVNAME=bus/usb/001/002\nDEVTYPE=usb_device\nDRIVER=usb\n"
                   "PRODUCT=46d/c52b/1211\nTYPE=0/0/0\nBUSNUM=001\nDEVNUM=002\n"),
    file("idVendor", "046d\n"), file("idProduct", "c52b\n"), file("bcdDevice", "1211\n"),
    file("serial", "\n"), file("manufacturer", "Logitech\n"), file("product", "USB Receiver\n"),
    file("devpath", "2\n"), file("busnum", "1\n"), file("bNumInterfaces", " 2\n"),
))
write("sysfs", "usb-interface-hid", tree(
    device(0, "usb1", "usb", "usb"),
    file("uevent", "DEVTYPE=usb_device\nPRODUCT=46d/c52b/1211\nTYPE=0/0/0\nBUSNUM=001\nDEVNUM=002\n"),
    file("idVendor", "046d\n"), file("idProduct", "c52b\n"), file("bcdDevice", "1211\n"),
    file("serial", "ABC123\n"), file("bNumInterfaces", " 2\n"), file("devpath", "2\n"),
    device(1, "1-2:1.0", "usb", "usbhid"),
    file("uevent", "DEVTYPE=usb_interface\nDRIVER=usbhid\nPRODUCT=46d/c52b/1211\nTYPE=0/0/0\n"
                   "INTERFACE=3/1/1\nMODALIAS=usb:v046DpC52Bd1211dc00dsc00dp00ic03isc01ip01in00\n"),
    file("bInterfaceNumber", "00\n"), file("bInterfaceClass", "03\n"),
    device(2, "0003:046D:C52B.0001", "hid", "hid-generic"),
    file("uevent", "DRIVER=hid-generic\nHID_ID=0003:0000046D:0000C52B\nHID_NAME=Logitech USB Receiver\n"
                   "HID_PHYS=usb-0000:00:14.0-2/input0\nHID_UNIQ=\nMODALIAS=hid:b0003g0001v0000046Dp0000C52B\n"),
    file("report_descriptor", hexbytes(KEYBOARD + " " + MOUSE)),
    device(3, "input5", "input"),
    file("uevent", "PRODUCT=3/46d/c52b/111\nNAME=\"Logitech USB Receiver\"\n"
                   "PHYS=\"usb-0000:00:14.0-2/input0\"\nUNIQ=\"\"\nEV=120013\nKEY=1000000000007 ff9f207ac14057ff febeffdfffefffff fffffffffffffffe\n"
                   "MSC=10\nLED=1f\nMODALIAS=input:b0003v046DpC52Be0111-e0,1,4,11,14,k71,72,ramlsfw\n"),
    file("capabilities/ev", "120013\n"),
    file("capabilities/key", "1000000000007 ff9f207ac14057ff febeffdfffefffff fffffffffffffffe\n"),
))
write("sysfs", "net-block-tty", tree(
    device(0, "virtual"),
    device(1, "net"),
    device(2, "tap0", "net"),
    file("uevent", "INTERFACE=tap0\nIFINDEX=5\n"),
    file("address", "be:ef:00:11:22:33\n"),
    device(1, "block"),
    device(2, "loop0", "block"),
    file("uevent", "MAJOR=7\nMINOR=0\nDEVNAME=loop0\nDEVTYPE=disk\nDISKSEQ=3\n"),
    file("size", "2048\n"), file("removable", "0\n"), file("loop/backing_file", "/tmp/x\n"),
    device(0, "pnp0", "pnp"),
    device(1, "00:05", "pnp", "serial"),
    file("uevent", "DRIVER=serial\nMODALIAS=acpi:PNP0501:\n"),
    device(2, "ttyS0", "tty"),
    file("uevent", "MAJOR=4\nMINOR=64\nDEVNAME=ttyS0\n"),
))
write("sysfs", "duplicate-serials", tree(
    device(0, "usb1", "usb", "usb"),
    device(1, "1-1", "usb", "usb"),
    file("uevent", "DEVTYPE=usb_device\nPRODUCT=dead/beef/100\nTYPE=0/0/0\n"),
    file("idVendor", "dead\n"), file("idProduct", "beef\n"), file("serial", "SAME\n"),
    device(1, "1-2", "usb", "usb"),
    file("uevent", "DEVTYPE=usb_device\nPRODUCT=dead/beef/100\nTYPE=0/0/0\n"),
    file("idVendor", "dead\n"), file("idProduct", "beef\n"), file("serial", "same\n"),
))
write("sysfs", "odd-uevent-file", tree(
    device(0, "platform"),
    device(1, "weird", "platform"),
    file("uevent", b"=novalue\nNOEQUALS\nKEY=a=b\nKEY=again\nDEVPATH=/forged\nSUBSYSTEM=forged\n"
                   b"\xff\xfe=\x00\x01\nMODALIAS=platform:weird\n" + b"LONG=" + b"x" * 9000 + b"\n"),
))

# A file record "<dir>/uevent" makes a device of its own (a kobject without a subsystem), found
# by enumerate() although no device record names it.
write("sysfs", "attribute-dir-with-uevent", tree(
    device(0, "virtual"),
    device(1, "tap0", "net"),
    file("uevent", "INTERFACE=tap0\nIFINDEX=5\n"),
    file("queues/uevent", "INTERFACE=forged\n"),
))


# ---- fuzz_dev_filter: expressions of operator (u32), key index, type (u32), flags, length, value ----
EXISTS, EQUALS, NOT_EQUALS, GREATER, BEGINS, CONTAINS = 1, 2, 0x10002, 3, 9, 11
IGNORE_CASE, LIST_CONTAINS, ARRAY_CONTAINS = 0x20000, 0x1000, 0x10000000
AND_OPEN, AND_CLOSE, OR_OPEN, OR_CLOSE, NOT_OPEN, NOT_CLOSE = (0x100000 * i for i in range(1, 7))
K_INSTANCE, K_HARDWARE_IDS, K_NAME, K_STATUS = 0, 1, 2, 3
T_EMPTY, T_UINT32, T_GUID, T_STRING, T_STRING_LIST = 0, 7, 13, 0x12, 0x2012


def wstr(text):
    return b"".join(struct.pack("<I", ord(c)) for c in text) + b"\0\0\0\0"


def expr(op, key=0, ptype=T_EMPTY, value=b"", flags=0):
    return struct.pack("<IBIBB", op, key, ptype, flags, len(value)) + value


def bracket(op):
    return expr(op)


write("dev_filter", "equals-instance", expr(EQUALS, K_INSTANCE, T_STRING, wstr("USB\\VID_046D&PID_0826\\9DC49FA0")))
write("dev_filter", "begins-ignore-case", expr(BEGINS | IGNORE_CASE, K_INSTANCE, T_STRING, wstr("usb\\")))
write("dev_filter", "list-contains", expr(LIST_CONTAINS, K_HARDWARE_IDS, T_STRING, wstr("USB\\VID_046D&PID_0826")))
write("dev_filter", "exists-not-exists", expr(EXISTS, K_NAME) + expr(EXISTS | 0x10000, K_HARDWARE_IDS))
write("dev_filter", "equals-empty", expr(EQUALS, K_HARDWARE_IDS))
write("dev_filter", "status-greater", expr(GREATER, K_STATUS, T_UINT32, struct.pack("<I", 0)))
write("dev_filter", "or-and-not", bracket(OR_OPEN) + expr(CONTAINS, K_NAME, T_STRING, wstr("Hub"))
      + bracket(AND_OPEN) + expr(EXISTS, K_HARDWARE_IDS) + bracket(NOT_OPEN)
      + expr(NOT_EQUALS, K_STATUS, T_UINT32, struct.pack("<I", 0)) + bracket(NOT_CLOSE)
      + bracket(AND_CLOSE) + bracket(OR_CLOSE))
write("dev_filter", "unbalanced", bracket(AND_OPEN) + expr(EXISTS, K_NAME) + bracket(OR_CLOSE))
write("dev_filter", "close-before-open", expr(EXISTS, K_NAME) + bracket(NOT_CLOSE) + bracket(NOT_OPEN)
      + expr(EXISTS, K_NAME))
write("dev_filter", "empty-brackets", bracket(NOT_OPEN) + bracket(NOT_CLOSE))
write("dev_filter", "bad-operator", expr(0xdeadbeef, K_NAME, T_STRING, wstr("x")))
write("dev_filter", "null-buffer", expr(EQUALS, K_NAME, T_STRING, wstr("x"), flags=1))
write("dev_filter", "wrong-size", expr(EQUALS, K_STATUS, T_UINT32, b"\1\2"))
write("dev_filter", "string-list-value", expr(EQUALS, K_HARDWARE_IDS, T_STRING_LIST, wstr("a") + wstr("")))
write("dev_filter", "array-contains", expr(ARRAY_CONTAINS, K_STATUS, T_UINT32, struct.pack("<I", 8)))


# ---- fuzz_setupdi_detail: choice, interface index, cbSize (u32), DetailSize (u16) ----
ANSI, NULL_DETAIL, NULL_REQUIRED, DEVICE_OUT, BAD_DEVICE_OUT, BAD_IFACE, DESTROYED, RIGHT_CB = (1 << i for i in range(8))


def detail(choice, index, cb_size, size):
    return struct.pack("<BBIH", choice, index, cb_size, size)


write("setupdi_detail", "size-query-w", detail(NULL_DETAIL, 0, 0, 0))
write("setupdi_detail", "size-query-a", detail(NULL_DETAIL | ANSI, 2, 0, 0))
write("setupdi_detail", "fits-w", detail(RIGHT_CB | DEVICE_OUT, 0, 0, 400))
write("setupdi_detail", "fits-a", detail(RIGHT_CB | ANSI, 2, 0, 200))
write("setupdi_detail", "one-short-w", detail(RIGHT_CB, 1, 0, 4 + 4 * 44))
write("setupdi_detail", "wrong-cbsize", detail(0, 0, 6, 400))
write("setupdi_detail", "tiny-buffer", detail(RIGHT_CB, 0, 0, 2))
write("setupdi_detail", "bad-device-out", detail(RIGHT_CB | DEVICE_OUT | BAD_DEVICE_OUT, 0, 0, 400))
write("setupdi_detail", "bad-interface", detail(RIGHT_CB | BAD_IFACE, 0, 0, 400))
write("setupdi_detail", "destroyed-set", detail(RIGHT_CB | DESTROYED, 0, 0, 400))
write("setupdi_detail", "no-such-interface", detail(RIGHT_CB, 3, 0, 400))

