#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_uevent: realistic uevents in both wire formats, one per file.

Run from anywhere: python3 test/fuzz/make_uevent_corpus.py. Output: test/fuzz/corpus/uevent/.
The kernel messages follow what this project's machine emits (seen with a netlink socket on
group 1); the udev ones follow systemd-udevd's header (magic and filter hashes big-endian,
header_size/properties_off/properties_len in host order, little-endian here).
One more seed is not generated: udev-captured-lo-change is a datagram systemd-udevd 252 sent on
group 2 on this machine after `echo change ... > /sys/class/net/lo/uevent`.
"""
import pathlib
import struct

OUT = pathlib.Path(__file__).resolve().parent / "corpus" / "uevent"


def murmur2(data: bytes, seed: int = 0) -> int:
    """MurmurHash2, 32-bit, as udev uses for the subsystem/devtype filter hashes."""
    m, r, mask = 0x5BD1E995, 24, 0xFFFFFFFF
    h = (seed ^ len(data)) & mask
    i = 0
    while len(data) - i >= 4:
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * m) & mask
        k ^= k >> r
        k = (k * m) & mask
        h = ((h * m) & mask) ^ k
        i += 4
    rest = data[i:]
    if len(rest) == 3:
        h ^= rest[2] << 16
    if len(rest) >= 2:
        h ^= rest[1] << 8
    if len(rest) >= 1:
        h ^= rest[0]
        h = (h * m) & mask
    h ^= h >> 13
    h = (h * m) & mask
    h ^= h >> 15
    return h


def pairs(items):
    return b"".join(item.encode() + b"\0" for item in items)


def kernel(items):
    props = dict(item.split("=", 1) for item in items)
    header = f"{props['ACTION']}@{props['DEVPATH']}".encode() + b"\0"
    return header + pairs(items)


def udev(items, tags=()):
    props = dict(item.split("=", 1) for item in items)
    body = pairs(items)
    bloom = 0
    for tag in tags:
        h = murmur2(tag.encode())
        for shift in (0, 6, 12, 18):
            bloom |= 1 << ((h >> shift) & 63)
    devtype = props.get("DEVTYPE")
    header = b"libudev\0" + struct.pack(">I", 0xFEEDCAFE) + struct.pack("<III", 40, 40, len(body))
    header += struct.pack(">IIII", murmur2(props["SUBSYSTEM"].encode()),
                          murmur2(devtype.encode()) if devtype else 0, bloom >> 32,
                          bloom & 0xFFFFFFFF)
    return header + body


USB = "/devices/pci0000:00/0000:00:14.0/usb1/1-2"
SDA1 = "/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1"

SEEDS = {
    "kernel-net-lo-change": kernel([
        "ACTION=change", "DEVPATH=/devices/virtual/net/lo", "SUBSYSTEM=net", "SYNTH_UUID=0",
        "INTERFACE=lo", "IFINDEX=1", "SEQNUM=829"]),
    "kernel-net-lo-synth": kernel([
        "ACTION=change", "DEVPATH=/devices/virtual/net/lo", "SUBSYSTEM=net",
        "SYNTH_UUID=8b6cd5e2-0000-4000-8000-000000000001", "SYNTH_ARG_T=123", "SYNTH_ARG_A=b",
        "INTERFACE=lo", "IFINDEX=1", "SEQNUM=830"]),
    "kernel-net-tap-add": kernel([
        "ACTION=add", "DEVPATH=/devices/virtual/net/tap0", "SUBSYSTEM=net", "INTERFACE=tap0",
        "IFINDEX=5", "SEQNUM=901"]),
    "kernel-net-move": kernel([
        "ACTION=move", "DEVPATH=/devices/virtual/net/eth1", "SUBSYSTEM=net",
        "DEVPATH_OLD=/devices/virtual/net/tap0", "INTERFACE=eth1", "IFINDEX=5", "SEQNUM=902"]),
    "kernel-queue-remove": kernel([
        "ACTION=remove", "DEVPATH=/devices/virtual/net/tap0/queues/rx-0", "SUBSYSTEM=queues",
        "SEQNUM=903"]),
    "kernel-loop-media-change": kernel([
        "ACTION=change", "DEVPATH=/devices/virtual/block/loop0", "SUBSYSTEM=block",
        "DISK_MEDIA_CHANGE=1", "MAJOR=7", "MINOR=0", "DEVNAME=loop0", "DEVTYPE=disk",
        "DISKSEQ=9", "SEQNUM=1204"]),
    "kernel-usb-device-add": kernel([
        "ACTION=add", f"DEVPATH={USB}", "SUBSYSTEM=usb", "MAJOR=189", "MINOR=1",
        "DEVNAME=bus/usb/001/002", "DEVTYPE=usb_device", "PRODUCT=46d/c52b/1211", "TYPE=0/0/0",
        "BUSNUM=001", "DEVNUM=002", "SEQNUM=3301"]),
    "kernel-usb-interface-bind": kernel([
        "ACTION=bind", f"DEVPATH={USB}/1-2:1.0", "SUBSYSTEM=usb", "DEVTYPE=usb_interface",
        "DRIVER=usbhid", "PRODUCT=46d/c52b/1211", "TYPE=0/0/0", "INTERFACE=3/1/1",
        "MODALIAS=usb:v046DpC52Bd1211dc00dsc00dp00ic03isc01ip01in00", "SEQNUM=3310"]),
    "kernel-hid-unbind": kernel([
        "ACTION=unbind", f"DEVPATH={USB}/1-2:1.0/0003:046D:C52B.0001", "SUBSYSTEM=hid",
        "HID_ID=0003:0000046D:0000C52B", "HID_NAME=Logitech USB Receiver",
        "HID_PHYS=usb-0000:00:14.0-2/input0", "HID_UNIQ=", "MODALIAS=hid:b0003g0000v0000046Dp0000C52B",
        "SEQNUM=3400"]),
    "kernel-input-add-utf8": kernel([
        "ACTION=add", "DEVPATH=/devices/virtual/input/input9", "SUBSYSTEM=input",
        "PRODUCT=3/46d/c52b/111", "NAME=\"Clavier \u00e9l\u00e9gant \u20ac\"",
        "PHYS=\"usb-0000:00:14.0-2/input0\"", "UNIQ=\"\"", "EV=120013", "KEY=1000000000007",
        "MODALIAS=input:b0003v046DpC52Be0111-e0,1,4,11,14,k71,72,73,ramlsfw", "SEQNUM=3410"]),
    "udev-block-add": udev([
        "ACTION=add", f"DEVPATH={SDA1}", "SUBSYSTEM=block", "DEVNAME=/dev/sda1",
        "DEVTYPE=partition", "DISKSEQ=1", "PARTN=1", "SEQNUM=2950", "USEC_INITIALIZED=1234567",
        "MAJOR=8", "MINOR=1", "ID_FS_TYPE=ext4", "ID_FS_UUID=3e6be9de-8139-4b2b-9a8e-2a1b9c1d3c4e",
        "DEVLINKS=/dev/disk/by-uuid/3e6be9de-8139-4b2b-9a8e-2a1b9c1d3c4e "
        "/dev/disk/by-path/pci-0000:00:1f.2-ata-1-part1",
        "TAGS=:systemd:", "CURRENT_TAGS=:systemd:"], tags=["systemd"]),
    "udev-usb-add": udev([
        "ACTION=add", f"DEVPATH={USB}", "SUBSYSTEM=usb", "DEVNAME=/dev/bus/usb/001/002",
        "DEVTYPE=usb_device", "DRIVER=usb", "PRODUCT=46d/c52b/1211", "TYPE=0/0/0",
        "BUSNUM=001", "DEVNUM=002", "SEQNUM=3301", "USEC_INITIALIZED=99", "MAJOR=189",
        "MINOR=1", "ID_VENDOR=Logitech", "ID_VENDOR_ID=046d", "ID_MODEL_ID=c52b",
        "ID_SERIAL=Logitech_USB_Receiver", "ID_USB_INTERFACES=:030101:030102:030000:",
        "TAGS=:seat:uaccess:", "CURRENT_TAGS=:seat:uaccess:"], tags=["seat", "uaccess"]),
    "udev-net-remove": udev([
        "ACTION=remove", "DEVPATH=/devices/virtual/net/tap0", "SUBSYSTEM=net",
        "INTERFACE=tap0", "IFINDEX=5", "SEQNUM=950", "USEC_INITIALIZED=5000",
        "ID_NET_DRIVER=tun", "ID_NET_LINK_FILE=/usr/lib/systemd/network/99-default.link",
        "TAGS=:systemd:", "CURRENT_TAGS=:systemd:"], tags=["systemd"]),
    "udev-dmi-large": udev([
        "ACTION=change", "DEVPATH=/devices/virtual/dmi/id", "SUBSYSTEM=dmi", "SEQNUM=42",
        "USEC_INITIALIZED=1"] + [f"ID_DMI_FIELD_{i}=" + "x" * 200 for i in range(50)]),
    # A value at the 8192-byte limit (rule 13). It also makes libFuzzer allow inputs this large
    # (its default limit is 4096 bytes), so one inserted byte crosses the limit. Every seed must
    # parse (uevent_parser_test checks), so there is no seed over the limit.
    "udev-value-at-limit": udev([
        "ACTION=change", "DEVPATH=/devices/virtual/dmi/id", "SUBSYSTEM=dmi", "SEQNUM=43",
        "ID_DMI_HUGE=" + "y" * 8192]),
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in SEEDS.items():
        (OUT / name).write_bytes(data)
    print(f"wrote {len(SEEDS)} seeds to {OUT}")


if __name__ == "__main__":
    main()
